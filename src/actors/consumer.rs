//! Consumer: reads one partition from a start offset and hands each fetched batch to
//! the Aggregator. Fetches go through the access layer, so a lost connection or a
//! moved leader is retried and the Consumer resumes from the last offset it
//! delivered (unlike rskafka's `StreamConsumer`, which ends after the first error).
//! A persistent Consumer (the daemon's) never ends on an error: it counts it, waits
//! and fetches again.

use super::aggregator::Records;
use super::PipelineError;
use crate::kafka::Kafka;
use crate::metrics::{Health, FETCH_ERRORS};
use crate::record::Consumed;
use actix::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// How often a paused Consumer looks whether it may go on.
const PAUSE_POLL: Duration = Duration::from_millis(100);

/// When a Consumer stops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Until {
    /// At this offset (the log end when the command started): read what is there.
    Offset(i64),
    /// When no record arrived for this long.
    Idle(Duration),
    /// When told to ([`Stop`]).
    Stopped,
}

/// Fetch sizes and waits, from `[consumer]`.
#[derive(Debug, Clone, Copy)]
pub struct Fetch {
    pub max_wait_ms: i32,
    pub max_bytes: i32,
}

/// What every Consumer of a pipeline shares.
#[derive(Clone)]
pub struct ConsumerConfig {
    pub kafka: Arc<Kafka>,
    pub topic: String,
    pub until: Until,
    pub fetch: Fetch,
    pub sink: Recipient<Records>,
    /// Retry failed fetches forever, pausing this long between tries (the daemon).
    pub retry_forever: Option<Duration>,
    /// While set, the Consumers read nothing.
    pub paused: Arc<AtomicBool>,
    pub health: Health,
}

pub struct Consumer {
    c: ConsumerConfig,
    partition: i32,
    /// Next offset to read.
    offset: i64,
    last_record: Instant,
    stopping: bool,
    done: Option<oneshot::Sender<Result<i64, PipelineError>>>,
    outcome: Result<(), PipelineError>,
}

#[derive(Message)]
#[rtype(result = "()")]
struct Poll;

/// Stop after the fetch in flight; the Consumer then reports its position on `done`.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Stop;

impl Consumer {
    /// A consumer of `partition` from `offset`; reports the offset it stopped at (or
    /// its error) on `done`.
    pub fn new(
        c: ConsumerConfig,
        partition: i32,
        offset: i64,
        done: oneshot::Sender<Result<i64, PipelineError>>,
    ) -> Self {
        Self {
            c,
            partition,
            offset,
            last_record: Instant::now(),
            stopping: false,
            done: Some(done),
            outcome: Ok(()),
        }
    }

    fn finished(&self) -> bool {
        self.stopping
            || match self.c.until {
                Until::Offset(end) => self.offset >= end,
                Until::Idle(idle) => self.last_record.elapsed() >= idle,
                Until::Stopped => false,
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

impl Handler<Stop> for Consumer {
    type Result = ();

    fn handle(&mut self, _: Stop, _: &mut Context<Self>) {
        self.stopping = true;
    }
}

impl Handler<Poll> for Consumer {
    type Result = AtomicResponse<Self, ()>;

    fn handle(&mut self, _: Poll, ctx: &mut Context<Self>) -> Self::Result {
        if self.finished() {
            ctx.stop();
            return AtomicResponse::new(Box::pin(fut::ready(())));
        }
        if self.c.paused.load(Ordering::Relaxed) {
            ctx.notify_later(Poll, PAUSE_POLL);
            return AtomicResponse::new(Box::pin(fut::ready(())));
        }
        let (c, partition, offset) = (self.c.clone(), self.partition, self.offset);
        let work = async move {
            let Fetch {
                max_wait_ms,
                max_bytes,
            } = c.fetch;
            let (fetched, high_watermark) = c
                .kafka
                .on_partition(&c.topic, partition, "fetch", |client| async move {
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
                c.sink
                    .send(Records {
                        partition,
                        records,
                        high_watermark,
                    })
                    .await?;
            }
            Ok::<_, PipelineError>(next)
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            |result, act, ctx| match (result, act.c.retry_forever) {
                (Ok(next), _) => {
                    if next > act.offset {
                        act.last_record = Instant::now();
                    }
                    act.offset = next;
                    ctx.notify(Poll);
                }
                (Err(e), Some(pause)) => {
                    let topic = act.c.topic.clone();
                    metrics::counter!(FETCH_ERRORS, "topic" => topic, "kind" => e.kind()).increment(1);
                    act.c.health.set(false);
                    tracing::warn!(topic = act.c.topic, partition = act.partition, error = %e, "fetch failed; retrying");
                    ctx.notify_later(Poll, pause);
                }
                (Err(e), None) => {
                    act.outcome = Err(e);
                    ctx.stop();
                }
            },
        )))
    }
}
