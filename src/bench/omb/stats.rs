//! What a workload run records: counters and latency histograms per interval (read and
//! reset at each interval's end, as OMB's `getPeriodStats`), the latencies of the whole
//! test (reset after the warm-up, as OMB's `resetStats`), and the totals since the
//! start, warm-up included (for the backlog).

use super::latencies::{micros, Encoded, Latencies};
use serde::{Deserialize, Serialize};
use std::ops::AddAssign;
use std::time::Duration;

/// Message and byte counts (`message_send_errors` stays 0: kafka-lab retries a failed
/// send until its deadline, and fails the run when it cannot).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    pub messages_sent: u64,
    pub message_send_errors: u64,
    pub bytes_sent: u64,
    pub messages_received: u64,
    pub bytes_received: u64,
}

impl Counters {
    /// Of these totals, the messages `subscriptions` have yet to read.
    pub fn backlog(&self, subscriptions: u32) -> u64 {
        (u64::from(subscriptions) * self.messages_sent).saturating_sub(self.messages_received)
    }
}

impl AddAssign for Counters {
    fn add_assign(&mut self, o: Self) {
        self.messages_sent += o.messages_sent;
        self.message_send_errors += o.message_send_errors;
        self.bytes_sent += o.bytes_sent;
        self.messages_received += o.messages_received;
        self.bytes_received += o.bytes_received;
    }
}

/// One interval of a results file: when (ms since the epoch), its counts, the totals
/// at its end, its latencies.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Interval {
    pub start_ms: i64,
    pub end_ms: i64,
    pub counters: Counters,
    /// Since the run started, warm-up included.
    pub totals: Counters,
    pub latencies: Encoded,
}

impl Interval {
    /// Its length in seconds (a millisecond at least).
    pub fn seconds(&self) -> f64 {
        ((self.end_ms - self.start_ms) as f64 / 1000.0).max(1e-3)
    }
}

/// Messages per second published over `intervals`.
pub fn published_rate(intervals: &[Interval]) -> f64 {
    let sent: u64 = intervals.iter().map(|i| i.counters.messages_sent).sum();
    let seconds: f64 = intervals.iter().map(Interval::seconds).sum();
    sent as f64 / seconds.max(1e-3)
}

/// The running record of a workload run.
#[derive(Default)]
pub struct Recording {
    period: Counters,
    period_latencies: Latencies,
    test: Latencies,
    totals: Counters,
}

impl Recording {
    /// Kafka acknowledged `records` of `bytes`, `latency` after they were sent.
    pub fn acked(&mut self, records: u64, bytes: u64, latency: Duration) {
        for c in [&mut self.period, &mut self.totals] {
            c.messages_sent += records;
            c.bytes_sent += bytes;
        }
        let us = micros(latency);
        Latencies::record(&mut self.period_latencies.publish, us, records);
        Latencies::record(&mut self.test.publish, us, records);
    }

    /// A batch of `records` left `late` after its intended time.
    pub fn late(&mut self, late: Duration, records: u64) {
        let us = micros(late);
        Latencies::record(&mut self.period_latencies.publish_delay, us, records);
        Latencies::record(&mut self.test.publish_delay, us, records);
    }

    /// A record of `bytes` was read `latency` after it was sent.
    pub fn received(&mut self, bytes: u64, latency: Duration) {
        for c in [&mut self.period, &mut self.totals] {
            c.messages_received += 1;
            c.bytes_received += bytes;
        }
        let us = micros(latency);
        Latencies::record(&mut self.period_latencies.end_to_end, us, 1);
        Latencies::record(&mut self.test.end_to_end, us, 1);
    }

    /// Totals since the start.
    pub fn totals(&self) -> Counters {
        self.totals
    }

    /// The interval from `start_ms` to `end_ms`, closed: its counts and latencies
    /// start again from zero.
    pub fn interval(&mut self, start_ms: i64, end_ms: i64) -> Interval {
        let interval = Interval {
            start_ms,
            end_ms,
            counters: std::mem::take(&mut self.period),
            totals: self.totals,
            latencies: self.period_latencies.encode(),
        };
        self.period_latencies = Latencies::default();
        interval
    }

    /// Forget the warm-up: the test's latencies start from here (the counters and
    /// totals go on).
    pub fn reset_latencies(&mut self) {
        self.period_latencies = Latencies::default();
        self.test = Latencies::default();
    }

    /// The latencies of the test so far.
    pub fn test_latencies(&self) -> &Latencies {
        &self.test
    }
}
