//! Producer: writes one partition's batches to Kafka with up to `max_in_flight`
//! produce requests outstanding, and reports the acknowledged offsets in order.
//!
//! ```text
//! Batch ──▶ handle: encode once, take a window slot, send ──▶ leader connection
//!                                   │ (slot, request)            │ answers in order
//!                                   ▼                            ▼
//!                       acknowledger task: wait, retry, ──Acked──▶ Aggregator
//!                                          free the slot
//! ```
//!
//! The handler returns once the batch is on the wire, so the next batch goes out
//! before Kafka acknowledged this one; when every slot is taken it waits (backpressure).
//! A failed batch is sent again, unchanged, until `kafka.api_timeout_ms`; a persistent
//! Producer (the daemon's) never gives a batch up: it counts the error, waits and tries
//! again. While a failed batch is sent again no new batch goes out, and the batches
//! sent after it are sent again in their order, so a retry does not reorder a
//! partition; the first batch goes alone, so nothing overtakes it. With
//! `producer.idempotence` (the default) each batch carries its
//! sequence number, so a batch the broker appended but did not answer is not
//! appended again; without it a retry can write it twice.

use super::aggregator::Acked;
use super::{Flow, PipelineError};
use crate::kafka::batch::Compression;
use crate::kafka::produce::{next_sequence, Writer};
use crate::kafka::Error;
use crate::metrics::{Health, Outcome, Request, PRODUCE_ERRORS, PRODUCE_LATENCY, RECORDS_PRODUCED};
use crate::partition::Rule;
use crate::record::RecordWriter;
use crate::sample::Sample;
use crate::volume::Volume;
use actix::prelude::*;
use bytes::Bytes;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit, Semaphore};

/// Samples for one partition.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Batch {
    pub partition: i32,
    pub samples: Vec<Sample>,
}

/// Wait until every batch sent so far is acknowledged; fails if one failed.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Flush;

/// What every Producer of a pipeline shares.
#[derive(Clone)]
pub struct ProducerSettings {
    pub writer: Arc<Writer>,
    pub compression: Compression,
    /// Every value exactly this many bytes (`bench --record-size`).
    pub value_size: Option<usize>,
    /// Values from this pool instead of the samples' text (`bench workload`).
    pub payloads: Option<std::sync::Arc<[bytes::Bytes]>>,
    /// Keys are written when the rule hashes them.
    pub rule: Rule,
    /// The run whose tracking header the records carry; `None`: untracked records.
    pub run_id: Option<uuid::Uuid>,
    pub acks: Recipient<Acked>,
    pub mailbox: usize,
    /// Produce requests outstanding per partition at most.
    pub max_in_flight: usize,
    /// Retry failed batches forever, pausing this long between tries (the daemon).
    pub retry_forever: Option<Duration>,
    pub health: Health,
}

/// A batch on the wire, waiting for its acknowledgement.
struct InFlight {
    _slot: OwnedSemaphorePermit,
    batch: Bytes,
    count: u64,
    /// Bytes of its records.
    bytes: Volume,
    next_partition_seq: u64,
    /// When the Producer took the batch in, and when it sent it.
    taken: Instant,
    sent: Instant,
    /// Requests of this partition outstanding when it was sent, itself included.
    in_flight: usize,
    request: Result<crate::kafka::produce::Pending, Error>,
    /// Dropped once the batch is acknowledged or given up (the first batch's).
    _answered: Option<oneshot::Sender<()>>,
}

pub struct Producer {
    settings: ProducerSettings,
    partition: i32,
    records: RecordWriter,
    /// Sequence number of the next batch's first record (idempotent produce).
    sequence: i32,
    /// Whether a batch was sent yet.
    started: bool,
    window: Arc<Semaphore>,
    in_flight: mpsc::UnboundedSender<InFlight>,
    queue: Option<mpsc::UnboundedReceiver<InFlight>>,
    /// The first batch that failed for good; every later message fails with it.
    failed: Arc<Mutex<Option<PipelineError>>>,
    /// Held by the handler while it sends, and by the acknowledger while it sends a
    /// failed batch again.
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl Producer {
    /// The Producer of `partition`, numbering its records from `next_seq`.
    pub fn new(settings: ProducerSettings, partition: i32, next_seq: u64) -> Self {
        let (in_flight, queue) = mpsc::unbounded_channel();
        let records = RecordWriter::new(settings.run_id, settings.rule.keys(), next_seq)
            .value_size(settings.value_size)
            .payloads(settings.payloads.clone());
        Self {
            window: Arc::new(Semaphore::new(settings.max_in_flight)),
            settings,
            partition,
            records,
            sequence: 0,
            started: false,
            in_flight,
            queue: Some(queue),
            failed: Arc::default(),
            gate: Arc::default(),
        }
    }
}

/// The first batch that failed for good, if any, as the result of a message.
fn failure(failed: &Mutex<Option<PipelineError>>) -> Flow {
    match &*failed.lock().expect("not poisoned") {
        Some(e) => Err(e.clone()),
        None => Ok(()),
    }
}

impl Actor for Producer {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        ctx.set_mailbox_capacity(self.settings.mailbox);
        if let Some(queue) = self.queue.take() {
            actix::spawn(acknowledge(
                queue,
                self.settings.clone(),
                self.partition,
                Arc::clone(&self.failed),
                Arc::clone(&self.gate),
            ));
        }
    }
}

impl Handler<Batch> for Producer {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, batch: Batch, _: &mut Context<Self>) -> Self::Result {
        if let Err(e) = failure(&self.failed) {
            return AtomicResponse::new(Box::pin(fut::ready(Err(e))));
        }
        let taken = Instant::now();
        let count = batch.samples.len() as u64;
        let producer = self
            .settings
            .writer
            .identity()
            .map(|p| (p.id, p.epoch, self.sequence));
        let before = self.records.written();
        let compression = self.settings.compression;
        let encoded = self
            .records
            .batch(&batch.samples)
            .and_then(|records| records.finish(compression, producer));
        let bytes = self.records.written() - before;
        let batch = match encoded {
            Ok(batch) => {
                self.sequence = next_sequence(self.sequence, count as i32);
                batch
            }
            Err(reason) => {
                let e = PipelineError::Encode(reason);
                return AtomicResponse::new(Box::pin(fut::ready(Err(e))));
            }
        };
        let next_partition_seq = self.records.next_seq();
        let (window, writer, queue, gate) = (
            Arc::clone(&self.window),
            Arc::clone(&self.settings.writer),
            self.in_flight.clone(),
            Arc::clone(&self.gate),
        );
        let (partition, slots) = (self.partition, self.settings.max_in_flight);
        // The first batch goes alone: a broker with no state for the producer takes
        // any sequence number, so a later batch that overtook a failed first one
        // would be appended and the first one refused for ever (OutOfOrderSequence).
        let (answered, first_answered) = match std::mem::replace(&mut self.started, true) {
            false => {
                let (tx, rx) = oneshot::channel();
                (Some(tx), Some(rx))
            }
            true => (None, None),
        };
        AtomicResponse::new(Box::pin(
            async move {
                let slot = Arc::clone(&window)
                    .acquire_owned()
                    .await
                    .map_err(|e| PipelineError::Mailbox(e.to_string()))?;
                let sending = gate.lock().await;
                let in_flight = slots - window.available_permits();
                let sent = Instant::now();
                let request = writer.send(partition, batch.clone()).await;
                queue
                    .send(InFlight {
                        _slot: slot,
                        batch,
                        count,
                        bytes,
                        next_partition_seq,
                        taken,
                        sent,
                        in_flight,
                        request,
                        _answered: answered,
                    })
                    .map_err(|_| PipelineError::Mailbox("acknowledger stopped".into()))?;
                // Let go of the gate first: the acknowledger takes it to send a failed
                // first batch again.
                drop(sending);
                if let Some(answered) = first_answered {
                    let _ = answered.await;
                }
                Ok(())
            }
            .into_actor(self),
        ))
    }
}

impl Handler<Flush> for Producer {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, _: Flush, _: &mut Context<Self>) -> Self::Result {
        let (window, slots) = (Arc::clone(&self.window), self.settings.max_in_flight);
        let failed = Arc::clone(&self.failed);
        AtomicResponse::new(Box::pin(
            async move {
                let _all = window
                    .acquire_many_owned(slots as u32)
                    .await
                    .map_err(|e| PipelineError::Mailbox(e.to_string()))?;
                failure(&failed)
            }
            .into_actor(self),
        ))
    }
}

/// Wait for each batch's acknowledgement in the order they were sent, retry the failed
/// ones, report the acknowledged offsets, and free their window slots.
async fn acknowledge(
    mut queue: mpsc::UnboundedReceiver<InFlight>,
    settings: ProducerSettings,
    partition: i32,
    failed: Arc<Mutex<Option<PipelineError>>>,
    settings_gate: Arc<tokio::sync::Mutex<()>>,
) {
    let mut gate = None;
    let leaders = settings.writer.leaders();
    let topic = leaders.topic().to_string();
    while let Some(batch) = queue.recv().await {
        if failed.lock().expect("not poisoned").is_some() {
            continue;
        }
        let first = match batch.request {
            Ok(pending) => pending.offset(leaders.attempt_timeout()).await,
            Err(e) => Err(e),
        };
        let offset = match first {
            Ok(offset) => Ok(offset),
            Err(e) => {
                // No new batch goes out until this one, and every one sent before the
                // gate closed, has been sent again in order: a retry does not let later
                // batches overtake it.
                if gate.is_none() {
                    gate = Some(Arc::clone(&settings_gate).lock_owned().await);
                }
                retry(&settings, partition, &batch.batch, batch.sent, e).await
            }
        };
        let outcome = match offset {
            Ok(base_offset) => {
                settings.health.record(Request::Produce, Outcome::Succeeded);
                metrics::counter!(RECORDS_PRODUCED, "topic" => topic.clone(), "partition" => partition.to_string())
                    .increment(batch.count);
                metrics::histogram!(PRODUCE_LATENCY, "topic" => topic.clone())
                    .record(batch.sent.elapsed().as_secs_f64());
                let acked = Acked {
                    partition,
                    count: batch.count,
                    bytes: batch.bytes,
                    latency: batch.taken.elapsed(),
                    base_offset,
                    in_flight: batch.in_flight,
                    next_partition_seq: batch.next_partition_seq,
                };
                settings.acks.send(acked).await.map_err(PipelineError::from)
            }
            Err(e) => Err(PipelineError::from(e)),
        };
        if let Err(e) = outcome {
            failed.lock().expect("not poisoned").get_or_insert(e);
        }
        if queue.is_empty() {
            gate = None;
        }
    }
}

/// Send `batch` again after `error` until it is acknowledged: while the error is
/// retriable and until the deadline (counted from its first send), or forever, counting
/// every failure, for a persistent Producer.
async fn retry(
    settings: &ProducerSettings,
    partition: i32,
    batch: &Bytes,
    sent: Instant,
    error: Error,
) -> Result<i64, Error> {
    let (writer, leaders) = (&settings.writer, settings.writer.leaders());
    let topic = leaders.topic();
    let one_shot = leaders.until(tokio::time::Instant::from_std(sent) + leaders.deadline());
    let pause = |error: &Error, retries| match settings.retry_forever {
        Some(pause) => {
            metrics::counter!(PRODUCE_ERRORS, "topic" => topic.to_string(), "kind" => error.kind())
                .increment(1);
            settings.health.record(Request::Produce, Outcome::Failed);
            tracing::warn!(topic, partition, error = %error, "produce failed; retrying");
            Some(pause)
        }
        None => one_shot(error, retries),
    };
    let again = || async {
        let pending = writer.send(partition, batch.clone()).await?;
        pending.offset(leaders.attempt_timeout()).await
    };
    leaders.retry(partition, error, pause, again).await
}
