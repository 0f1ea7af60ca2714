//! Producer: writes one partition's batches to Kafka through its partition client
//! (retried with the access layer's deadlines) and reports the acknowledged offsets.
//! A persistent Producer (the daemon's) never gives a batch up: after a failure it
//! counts the error, waits and tries the same batch again, holding the Generator back.

use super::aggregator::Acked;
use super::Flow;
use crate::kafka::Kafka;
use crate::metrics::{Health, PRODUCE_ERRORS, PRODUCE_LATENCY, RECORDS_PRODUCED};
use crate::partition::{key_of, Rule};
use crate::record::encode;
use crate::sample::Sample;
use actix::prelude::*;
use rskafka::client::partition::Compression;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Samples for one partition.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Batch {
    pub partition: i32,
    pub samples: Vec<Sample>,
}

/// What every Producer of a pipeline shares.
#[derive(Clone)]
pub struct ProducerConfig {
    pub kafka: Arc<Kafka>,
    pub topic: String,
    pub compression: Compression,
    /// Keys are written when the rule hashes them.
    pub rule: Rule,
    pub run_id: String,
    pub acks: Recipient<Acked>,
    pub mailbox: usize,
    /// Retry failed batches forever, pausing this long between tries (the daemon).
    pub retry_forever: Option<Duration>,
    pub health: Health,
}

pub struct Producer {
    c: ProducerConfig,
    partition: i32,
    /// Partition sequence number of the next record.
    next_seq: u64,
}

impl Producer {
    /// The Producer of `partition`, numbering its records from `next_seq`.
    pub fn new(c: ProducerConfig, partition: i32, next_seq: u64) -> Self {
        Self {
            c,
            partition,
            next_seq,
        }
    }
}

impl Actor for Producer {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        ctx.set_mailbox_capacity(self.c.mailbox);
    }
}

impl Handler<Batch> for Producer {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, batch: Batch, _: &mut Context<Self>) -> Self::Result {
        let first_seq = self.next_seq;
        let records: Vec<_> = batch
            .samples
            .iter()
            .zip(first_seq..)
            .map(|(s, seq)| {
                let key = (self.c.rule == Rule::Hash).then(|| key_of(s));
                encode(s, key, &self.c.run_id, seq)
            })
            .collect();
        self.next_seq += records.len() as u64;
        let c = self.c.clone();
        let partition = self.partition;
        AtomicResponse::new(Box::pin(
            async move {
                let (offsets, latency) = loop {
                    let sent = Instant::now();
                    let result = c
                        .kafka
                        .on_partition(&c.topic, partition, "produce", |client| {
                            let records = records.clone();
                            async move { client.produce(records, c.compression).await }
                        })
                        .await;
                    match (result, c.retry_forever) {
                        (Ok(offsets), _) => break (offsets, sent.elapsed()),
                        (Err(e), None) => return Err(e.into()),
                        (Err(e), Some(pause)) => {
                            metrics::counter!(PRODUCE_ERRORS, "topic" => c.topic.clone(), "kind" => e.kind())
                                .increment(1);
                            c.health.set(false);
                            tracing::warn!(topic = c.topic, partition, error = %e, "produce failed; retrying");
                            tokio::time::sleep(pause).await;
                        }
                    }
                };
                c.health.set(true);
                metrics::counter!(RECORDS_PRODUCED, "topic" => c.topic.clone(), "partition" => partition.to_string())
                    .increment(offsets.len() as u64);
                metrics::histogram!(PRODUCE_LATENCY, "topic" => c.topic.clone()).record(latency.as_secs_f64());
                c.acks
                    .send(Acked {
                        partition,
                        samples: batch.samples,
                        offsets,
                        latency,
                        next_partition_seq: first_seq + records.len() as u64,
                    })
                    .await?;
                Ok(())
            }
            .into_actor(self),
        ))
    }
}
