//! Consumer: reads one partition from a start offset and hands each fetched batch to
//! the Aggregator. Fetches go through the access layer, so a lost connection or a
//! moved leader is retried and the Consumer resumes from the last offset it
//! delivered (unlike rskafka's `StreamConsumer`, which ends after the first error).

use super::aggregator::Records;
use super::PipelineError;
use crate::kafka::Kafka;
use crate::record::Consumed;
use actix::prelude::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// When a Consumer stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Until {
    /// At this offset (the log end when the command started): read what is there.
    Offset(i64),
    /// When no record arrived for this long.
    Idle(Duration),
}

/// Fetch sizes and waits, from `[consumer]`.
#[derive(Debug, Clone, Copy)]
pub struct Fetch {
    pub max_wait_ms: i32,
    pub max_bytes: i32,
}

pub struct Consumer {
    kafka: Arc<Kafka>,
    topic: String,
    partition: i32,
    /// Next offset to read.
    offset: i64,
    until: Until,
    fetch: Fetch,
    sink: Recipient<Records>,
    last_record: Instant,
    done: Option<oneshot::Sender<Result<i64, PipelineError>>>,
    outcome: Result<(), PipelineError>,
}

#[derive(Message)]
#[rtype(result = "()")]
struct Poll;

impl Consumer {
    /// A consumer of `topic`/`partition` from `offset`; reports the offset it stopped
    /// at (or its error) on `done`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kafka: Arc<Kafka>,
        topic: String,
        partition: i32,
        offset: i64,
        until: Until,
        fetch: Fetch,
        sink: Recipient<Records>,
        done: oneshot::Sender<Result<i64, PipelineError>>,
    ) -> Self {
        Self {
            kafka,
            topic,
            partition,
            offset,
            until,
            fetch,
            sink,
            last_record: Instant::now(),
            done: Some(done),
            outcome: Ok(()),
        }
    }

    fn finished(&self) -> bool {
        match self.until {
            Until::Offset(end) => self.offset >= end,
            Until::Idle(idle) => self.last_record.elapsed() >= idle,
        }
    }
}

impl Actor for Consumer {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        self.last_record = Instant::now();
        ctx.notify(Poll);
    }

    fn stopped(&mut self, _: &mut Context<Self>) {
        if let Some(done) = self.done.take() {
            let _ = done.send(self.outcome.clone().map(|()| self.offset));
        }
    }
}

impl Handler<Poll> for Consumer {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Poll, ctx: &mut Context<Self>) -> Self::Result {
        if self.finished() {
            ctx.stop();
            return AtomicResponse::new(Box::pin(fut::ready(())));
        }
        let (kafka, topic, partition, offset) = (
            Arc::clone(&self.kafka),
            self.topic.clone(),
            self.partition,
            self.offset,
        );
        let Fetch {
            max_wait_ms,
            max_bytes,
        } = self.fetch;
        let sink = self.sink.clone();
        let work = async move {
            let (fetched, high_watermark) = kafka
                .on_partition(&topic, partition, "fetch", |client| async move {
                    client
                        .fetch_records(offset, 1..max_bytes, max_wait_ms)
                        .await
                })
                .await?;
            // A fetch returns whole record batches, which may start before `offset`.
            let records: Vec<_> = fetched
                .into_iter()
                .filter(|r| r.offset >= offset)
                .map(|r| Consumed::decode(partition, r))
                .collect();
            let next = records.last().map_or(offset, |r| r.offset + 1);
            if !records.is_empty() {
                sink.send(Records {
                    partition,
                    records,
                    high_watermark,
                })
                .await?;
            }
            Ok::<_, PipelineError>(next)
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            |result, act, ctx| match result {
                Ok(next) => {
                    if next > act.offset {
                        act.last_record = Instant::now();
                    }
                    act.offset = next;
                    ctx.notify(Poll);
                }
                Err(e) => {
                    act.outcome = Err(e);
                    ctx.stop();
                }
            },
        )))
    }
}
