//! Consumer: reads one partition from a start offset, on a connection of its own, and
//! hands each fetched batch to the Aggregator, fetching the next batch while the
//! Aggregator takes the last one. Fetches go through the access layer, so a lost connection or a
//! moved leader is retried and the Consumer resumes from the last offset it
//! delivered (unlike rskafka's `StreamConsumer`, which ends after the first error).
//! A persistent Consumer (the daemon's) never ends on an error: it counts it, waits
//! and fetches again.

use super::aggregator::Records;
use super::PipelineError;
use crate::kafka::fetch::{Fetch, Reader};
use crate::metrics::{Health, Outcome, Request, FETCH_ERRORS};
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

/// What a Consumer needs: its own client, where to hand records, when to stop.
#[derive(Clone)]
pub struct ConsumerSettings {
    /// The Consumer's own connection to its partition's leader.
    pub reader: Arc<Reader>,
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
    settings: ConsumerSettings,
    partition: i32,
    /// The last batch handed to the Aggregator, until it took it.
    delivery: Option<Delivery>,
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

/// A batch handed to the Aggregator, until it took it.
type Delivery = std::pin::Pin<Box<RecipientRequest<Records>>>;

/// Stop after the fetch in flight; the Consumer then reports its position on `done`.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Stop;

impl Consumer {
    /// A consumer of `partition` from `offset`; reports the offset it stopped at (or
    /// its error) on `done`.
    pub fn new(
        settings: ConsumerSettings,
        partition: i32,
        offset: i64,
        done: oneshot::Sender<Result<i64, PipelineError>>,
    ) -> Self {
        Self {
            settings,
            partition,
            delivery: None,
            offset,
            last_record: Instant::now(),
            stopping: false,
            done: Some(done),
            outcome: Ok(()),
        }
    }

    fn finished(&self) -> bool {
        self.stopping
            || match self.settings.until {
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
            let delivery = self.delivery.take();
            let delivered = async move {
                match delivery {
                    Some(delivery) => delivery.await.map_err(PipelineError::from),
                    None => Ok(()),
                }
            };
            return AtomicResponse::new(Box::pin(delivered.into_actor(self).map(
                |delivered, act, ctx| {
                    if let Err(e) = delivered {
                        act.outcome = Err(e);
                    }
                    ctx.stop();
                },
            )));
        }
        if self.settings.paused.load(Ordering::Relaxed) {
            self.settings.health.record(Request::Fetch, Outcome::Paused);
            ctx.notify_later(Poll, PAUSE_POLL);
            return AtomicResponse::new(Box::pin(fut::ready(())));
        }
        let (settings, partition, offset) = (self.settings.clone(), self.partition, self.offset);
        let delivery = self.delivery.take();
        let work = async move {
            let fetched = settings
                .reader
                .fetch(partition, offset, settings.fetch)
                .await;
            if let Some(delivery) = delivery {
                delivery.await?;
            }
            let fetched = fetched?;
            let high_watermark = fetched.high_watermark;
            let records: Vec<_> = fetched
                .records
                .into_iter()
                .map(|r| Consumed::decode(partition, r))
                .collect();
            let next = records.last().map_or(offset, |r| r.offset + 1);
            let delivery = (!records.is_empty()).then(|| {
                Box::pin(settings.sink.send(Records {
                    partition,
                    records,
                    high_watermark,
                }))
            });
            Ok::<_, PipelineError>((next, delivery))
        };
        AtomicResponse::new(Box::pin(work.into_actor(self).map(
            |result, act, ctx| match (result, act.settings.retry_forever) {
                (Ok((next, delivery)), _) => {
                    act.settings.health.record(Request::Fetch, Outcome::Succeeded);
                    if next > act.offset {
                        act.last_record = Instant::now();
                    }
                    act.offset = next;
                    act.delivery = delivery;
                    ctx.notify(Poll);
                }
                (Err(e), Some(pause)) => {
                    let topic = act.settings.topic.clone();
                    metrics::counter!(FETCH_ERRORS, "topic" => topic, "kind" => e.kind()).increment(1);
                    act.settings.health.record(Request::Fetch, Outcome::Failed);
                    tracing::warn!(topic = act.settings.topic, partition = act.partition, error = %e, "fetch failed; retrying");
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
