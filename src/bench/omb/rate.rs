//! `producerRate: 0`: the highest rate the system sustains, found as OMB's
//! `RateController` finds it, made stable. Every control period (3 s) the rate grows
//! by a ramping factor (doubling after each success, up to 100%) while producers keep
//! to the schedule and consumers keep up; when more messages than OMB's 1,000 or 5% of
//! the period's schedule, whichever is more, are behind the schedule, or published and
//! not yet read (per subscription), it falls to what was
//! actually achieved minus that backlog, and the ramping factor halves (down to 1%).
//! OMB's controller then swings between the failing rate and half of it for good;
//! this one remembers the lowest rate that failed and never ramps past halfway to it,
//! so the rate closes in on the sustainable one from both sides (the ceiling creeps
//! up 1% a period, so a system that gets faster is followed). The 5%: at high rates a
//! single batch in flight (up to 1 MiB) is more than 1,000 messages, so OMB's fixed
//! limit reads a system working normally as one falling behind. The rate keeps adapting
//! through the warm-up and the test; each step is kept in the results.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// How often the rate is adjusted.
pub const CONTROL_PERIOD: Duration = Duration::from_secs(3);
/// The rate the search starts from, msg/s.
pub const INITIAL_RATE: f64 = 10_000.0;
const BACKLOG_LIMIT: i64 = 1_000;
const MIN_RAMPING: f64 = 0.01;
const MAX_RAMPING: f64 = 1.0;

/// One adjustment: when, the rate before, what was observed, the next rate and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub at_ms: i64,
    pub rate: f64,
    pub published: i64,
    pub received: i64,
    pub next_rate: f64,
    pub reason: Reason,
}

/// Why the rate changed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// On schedule and read: faster.
    RampUp,
    /// Too far behind the schedule: back to what was published.
    PublishBacklog,
    /// Too many messages published and not read: back to what was read.
    ReceiveBacklog,
}

pub struct RateController {
    ramping: f64,
    /// The lowest rate that failed so far.
    ceiling: f64,
    prev_published: i64,
    prev_received: i64,
    /// Whether consumers are read from (no subscriptions: the receive backlog is not
    /// watched).
    consuming: bool,
}

impl RateController {
    pub fn new(consuming: bool) -> Self {
        Self {
            ramping: MAX_RAMPING,
            ceiling: f64::INFINITY,
            prev_published: 0,
            prev_received: 0,
            consuming,
        }
    }

    /// The next rate after a period of `period` at `rate`, with the totals published
    /// and received so far (received counted once, whatever the subscriptions).
    pub fn next(
        &mut self,
        at_ms: i64,
        rate: f64,
        period: Duration,
        (total_published, total_received): (i64, i64),
    ) -> Step {
        let seconds = period.as_secs_f64().max(1e-3);
        let expected = (rate * seconds) as i64;
        let published = total_published - self.prev_published;
        let received = total_received - self.prev_received;
        self.prev_published = total_published;
        self.prev_received = total_received;
        let limit = BACKLOG_LIMIT.max(expected / 20);
        let receive_backlog = total_published - total_received;
        let publish_backlog = expected - published;
        let mut slow_down = |actual: i64, backlog: i64| {
            self.ramping = (self.ramping / 2.0).max(MIN_RAMPING);
            self.ceiling = self.ceiling.min(rate);
            let next_expected = (expected - backlog).max(0);
            (actual as f64 / seconds).min(next_expected as f64 / seconds)
        };
        let (next_rate, reason) = if self.consuming && receive_backlog > limit {
            (slow_down(received, receive_backlog), Reason::ReceiveBacklog)
        } else if publish_backlog > limit {
            (
                slow_down(published, publish_backlog),
                Reason::PublishBacklog,
            )
        } else {
            let next = (rate + rate * self.ramping).min((rate + self.ceiling) / 2.0);
            self.ramping = (self.ramping * 2.0).min(MAX_RAMPING);
            self.ceiling *= 1.01;
            (next.max(rate), Reason::RampUp)
        };
        Step {
            at_ms,
            rate,
            published,
            received,
            next_rate: next_rate.clamp(1.0, crate::actors::generator::MAX_RATE),
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A system that takes at most 50k msg/s: the rate climbs past it, falls back to
    /// what was achieved, and settles near it.
    #[test]
    fn settles_near_the_sustainable_rate() {
        let capacity = 50_000.0;
        let mut controller = RateController::new(false);
        let (mut rate, mut published) = (INITIAL_RATE, 0i64);
        let mut rates = Vec::new();
        for i in 0..60 {
            published += (rate.min(capacity) * 3.0) as i64;
            let step = controller.next(i, rate, CONTROL_PERIOD, (published, published));
            rate = step.next_rate;
            rates.push(rate);
        }
        let settled = &rates[40..];
        assert!(
            settled
                .iter()
                .all(|r| (0.6 * capacity..=1.6 * capacity).contains(r)),
            "{settled:?}"
        );
    }
}
