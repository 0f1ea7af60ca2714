//! Generator: draws samples and sends them downstream in batches, as fast as the
//! pipeline takes them or on a steady schedule at a target rate. Up to `window`
//! batches may be on their way (waiting in the Partitioner's mailbox) before it waits
//! for the first to be taken: `pipeline.mailbox_capacity`.

use super::partitioner::Samples;
use super::{flow, Flow, PipelineError};
use crate::metrics::{GENERATED_VALUE, RECORDS_GENERATED, SCHEDULE_DELAY};
use crate::sample::Sampler;
use actix::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

/// Fastest target rate: far above what one core generates, and an interval between
/// samples a clock can still tell.
pub const MAX_RATE: f64 = 1e9;

/// A target rate in samples per second, or why it is not one.
pub fn rate(rate: f64) -> Result<f64, String> {
    if rate.is_finite() && rate > 0.0 && rate <= MAX_RATE {
        Ok(rate)
    } else {
        Err(format!(
            "must be above 0 and at most {MAX_RATE:e} records per second, got {rate}"
        ))
    }
}

/// How many samples to generate, how fast, in what batches.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Stop after this many samples (`None`: until the source ends or forever).
    pub count: Option<u64>,
    /// Samples per batch at most.
    pub batch_size: usize,
    /// Target rate in samples per second (`None`: as fast as possible).
    pub rate: Option<f64>,
    /// At a target rate, the longest a due sample waits for its batch to fill.
    pub linger: Duration,
    /// Batches handed downstream and not yet taken, at most.
    pub window: usize,
    /// Topic label of the metrics.
    pub topic: String,
}

/// Told of each batch handed on at a target rate: how late it was against the
/// intended time of its first sample (the schedule delay), and its samples.
pub type OnLate = Box<dyn FnMut(Duration, u64)>;

pub struct Generator {
    sampler: Sampler,
    plan: Plan,
    downstream: Recipient<Samples>,
    /// When the schedule began, and the samples handed on before it.
    started: Instant,
    base: u64,
    /// Samples handed downstream so far; shared for observers.
    emitted: Arc<AtomicU64>,
    /// Batches handed downstream and not yet taken.
    outstanding: usize,
    /// Whether the window is full and the next taken batch should wake the Generator.
    waiting: bool,
    done: Option<oneshot::Sender<Result<u64, PipelineError>>>,
    outcome: Result<(), PipelineError>,
    stopping: bool,
    on_late: Option<OnLate>,
    /// The wake-up scheduled while waiting for the next due sample.
    wake: Option<SpawnHandle>,
}

/// Stop after the batch in flight (drain); the Generator then reports on `done`.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Stop;

/// Go on at this rate (samples per second), on a schedule starting now (`bench
/// workload`'s search for the highest sustained rate).
#[derive(Message)]
#[rtype(result = "()")]
pub struct SetRate(pub f64);

/// Produce the next batch (sent by the generator to itself).
#[derive(Message)]
#[rtype(result = "()")]
struct Next;

impl Generator {
    /// A generator that reports the number of samples sent (or the first error) on
    /// `done` when it stops.
    pub fn new(
        sampler: Sampler,
        plan: Plan,
        downstream: Recipient<Samples>,
        done: oneshot::Sender<Result<u64, PipelineError>>,
    ) -> Self {
        Self {
            sampler,
            plan,
            downstream,
            started: Instant::now(),
            base: 0,
            emitted: Arc::default(),
            outstanding: 0,
            waiting: false,
            done: Some(done),
            outcome: Ok(()),
            stopping: false,
            on_late: None,
            wake: None,
        }
    }

    /// Tell `on_late` of each batch's schedule delay (`bench e2e`).
    pub fn observing(self, on_late: Option<OnLate>) -> Self {
        Self { on_late, ..self }
    }

    /// A counter of the samples handed downstream.
    pub fn emitted(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.emitted)
    }

    fn emitted_now(&self) -> u64 {
        self.emitted.load(Ordering::Relaxed)
    }

    /// How many samples are due now, and if none, how long until the next one is.
    fn due(&self) -> (usize, Duration) {
        let emitted = self.emitted_now();
        let left = self
            .plan
            .count
            .map_or(u64::MAX, |c| c.saturating_sub(emitted));
        let batch = (self.plan.batch_size as u64).min(left);
        let Some(rate) = self.plan.rate else {
            return (batch as usize, Duration::ZERO);
        };
        let emitted = emitted - self.base;
        let elapsed = self.started.elapsed().as_secs_f64();
        let due = ((elapsed * rate) as u64 + 1)
            .saturating_sub(emitted)
            .min(batch);
        // Wait for a full batch unless its first sample has lingered long enough.
        let first_due_at = emitted as f64 / rate;
        if due == batch || elapsed - first_due_at >= self.plan.linger.as_secs_f64() {
            return (due as usize, Duration::ZERO);
        }
        let full_at = (emitted + batch) as f64 / rate;
        let wake = full_at.min(first_due_at + self.plan.linger.as_secs_f64()) - elapsed;
        (0, Duration::from_secs_f64(wake.max(0.0)))
    }

    /// Stop once every batch handed downstream has been taken.
    fn finish(&mut self, ctx: &mut Context<Self>) {
        self.stopping = true;
        if self.outstanding == 0 {
            ctx.stop();
        }
    }
}

impl Actor for Generator {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        self.started = Instant::now();
        ctx.notify(Next);
    }

    fn stopped(&mut self, _: &mut Context<Self>) {
        if let Some(done) = self.done.take() {
            let _ = done.send(self.outcome.clone().map(|()| self.emitted_now()));
        }
    }
}

impl Handler<Next> for Generator {
    type Result = ();

    fn handle(&mut self, _: Next, ctx: &mut Context<Self>) {
        if self.stopping {
            return self.finish(ctx);
        }
        if self.outstanding >= self.plan.window {
            self.waiting = true;
            return;
        }
        let (due, wait) = self.due();
        if due == 0 && wait > Duration::ZERO {
            self.wake = Some(ctx.notify_later(Next, wait));
            return;
        }
        let samples = self.sampler.take(due);
        if samples.is_empty() {
            return self.finish(ctx);
        }
        let n = samples.len() as u64;
        let topic = self.plan.topic.clone();
        metrics::counter!(RECORDS_GENERATED, "topic" => topic.clone()).increment(n);
        let values = metrics::histogram!(GENERATED_VALUE, "topic" => topic.clone());
        samples.iter().for_each(|s| values.record(s.value));
        if let Some(rate) = self.plan.rate {
            let intended = (self.emitted_now() - self.base) as f64 / rate;
            let late = (self.started.elapsed().as_secs_f64() - intended).max(0.0);
            metrics::histogram!(SCHEDULE_DELAY, "topic" => topic).record(late);
            if let Some(on_late) = &mut self.on_late {
                on_late(Duration::from_secs_f64(late), n);
            }
        }
        self.emitted.fetch_add(n, Ordering::Relaxed);
        self.outstanding += 1;
        let send = self.downstream.send(Samples(samples));
        ctx.spawn(
            send.into_actor(self)
                .map(|sent: Result<Flow, MailboxError>, act, ctx| {
                    act.outstanding -= 1;
                    if let Err(e) = flow(sent) {
                        if act.outcome.is_ok() {
                            act.outcome = Err(e);
                        }
                        act.stopping = true;
                    }
                    if act.stopping {
                        act.finish(ctx);
                    } else if std::mem::take(&mut act.waiting) {
                        ctx.notify(Next);
                    }
                }),
        );
        ctx.notify(Next);
    }
}

impl Handler<SetRate> for Generator {
    type Result = ();

    fn handle(&mut self, SetRate(rate): SetRate, ctx: &mut Context<Self>) {
        self.plan.rate = Some(rate);
        self.started = Instant::now();
        self.base = self.emitted_now();
        // A wake-up due at the old rate comes now instead.
        if let Some(wake) = self.wake.take() {
            if ctx.cancel_future(wake) {
                ctx.notify(Next);
            }
        }
    }
}

impl Handler<Stop> for Generator {
    type Result = ();

    fn handle(&mut self, _: Stop, _: &mut Context<Self>) {
        self.stopping = true;
    }
}
