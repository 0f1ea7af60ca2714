//! `bench e2e`'s statistics: records produced on a schedule and read back while it
//! runs. Three measures, so that coordinated omission cannot hide latency:
//!
//! - the end-to-end latency of each record read (its send-time header to now);
//! - the schedule delay of each batch (how late the Generator handed it on against the
//!   intended time of its first record; growing when the target rate is out of reach,
//!   where the end-to-end latency alone would look fine);
//! - the backlog over time: records due by the schedule and not yet acknowledged
//!   (`unsent`), acknowledged and not yet read (`lag`).

use super::perf::{micros, Interval, Latencies, Span, Tally, Totals};
use crate::volume::Volume;
use serde::Serialize;
use std::time::{Duration, Instant};

/// One interval of an end-to-end run: the records acknowledged in it as
/// `ProducerPerformance` counts them, with the end-to-end latency of the records read.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct E2eInterval {
    #[serde(flatten)]
    pub sent: Interval,
    /// Records read in the interval.
    pub received: u64,
    /// Longest schedule delay of the interval's batches.
    pub max_schedule_delay_ms: f64,
    /// At the end of the interval: records due and not yet acknowledged, and records
    /// acknowledged and not yet read.
    pub unsent: u64,
    pub lag: u64,
}

impl E2eInterval {
    /// The interval line: `ProducerPerformance`'s, then what was read and the backlog.
    pub fn line(&self) -> String {
        format!(
            "{}, {} records received, {:.1} ms max schedule delay, {} unsent, {} lag.",
            self.sent.line().trim_end_matches('.'),
            self.received,
            self.max_schedule_delay_ms,
            self.unsent,
            self.lag,
        )
    }
}

/// The final figures of an end-to-end run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct E2eTotals {
    pub target_rate: f64,
    /// Records acknowledged, their achieved rate, and the end-to-end latency of the
    /// records read.
    pub totals: Totals,
    pub received: u64,
    pub schedule_delay: Latencies,
}

impl E2eTotals {
    /// The final lines: what was sent against the target, what was read and its
    /// latency, the schedule delay.
    pub fn lines(&self) -> String {
        let t = &self.totals;
        format!(
            "{} records sent, {:.6} records/sec ({:.2} MB/sec), {:.1}% of the target {} records/sec.\n\
             {} records received, {}.\n\
             {}.",
            t.records,
            t.records_per_sec,
            t.mb_per_sec,
            100.0 * t.records_per_sec / self.target_rate,
            self.target_rate,
            self.received,
            t.latency.text("latency"),
            self.schedule_delay.text("schedule delay"),
        )
    }
}

/// An end-to-end run's statistics.
pub struct E2eStats {
    rate: f64,
    /// Records acknowledged.
    sent: Span,
    /// Records read, with their end-to-end latencies.
    received: Tally,
    delay: Tally,
    window: Span,
    window_received: Span,
    window_delay_us: u64,
    intervals: Vec<E2eInterval>,
}

impl E2eStats {
    /// Statistics of a run at `rate` records per second, from now on.
    pub fn new(rate: f64) -> Self {
        let now = Instant::now();
        Self {
            rate,
            sent: Span::new(now),
            received: Tally::new(now),
            delay: Tally::new(now),
            window: Span::new(now),
            window_received: Span::new(now),
            window_delay_us: 0,
            intervals: Vec::new(),
        }
    }

    /// Kafka acknowledged `records` of `bytes`.
    pub fn acked(&mut self, records: u64, bytes: Volume) {
        self.sent.add(records, bytes, 0);
        self.window.add(records, bytes, 0);
    }

    /// A record of `bytes` was read `latency` after it was sent.
    pub fn received(&mut self, bytes: Volume, latency: Duration) {
        let us = micros(latency);
        self.received.add(1, bytes, us);
        self.window_received.add(1, bytes, us);
    }

    /// A batch of `records` was handed on `late` after its intended time.
    pub fn late(&mut self, late: Duration, records: u64) {
        let us = micros(late);
        self.delay.add(records, Volume::default(), us);
        self.window_delay_us = self.window_delay_us.max(us);
    }

    /// Close the interval now.
    pub fn interval(&mut self) -> &E2eInterval {
        let now = Instant::now();
        let elapsed = now.duration_since(self.sent.start).as_secs_f64();
        let (records_per_sec, mb_per_sec, value_mb_per_sec) = self.window.rates(now);
        let due = (elapsed * self.rate) as u64;
        self.intervals.push(E2eInterval {
            sent: Interval {
                end_s: elapsed,
                records: self.window.records,
                records_per_sec,
                mb_per_sec,
                value_mb_per_sec,
                avg_latency_ms: self.window_received.avg_ms(),
                max_latency_ms: self.window_received.max_latency_us as f64 / 1000.0,
            },
            received: self.window_received.records,
            max_schedule_delay_ms: self.window_delay_us as f64 / 1000.0,
            unsent: due.saturating_sub(self.sent.records),
            lag: self.sent.records.saturating_sub(self.received.span.records),
        });
        self.window = Span::new(now);
        self.window_received = Span::new(now);
        self.window_delay_us = 0;
        self.intervals.last().expect("just pushed")
    }

    /// Records acknowledged and records read so far.
    pub fn counts(&self) -> (u64, u64) {
        (self.sent.records, self.received.span.records)
    }

    pub fn intervals(&self) -> &[E2eInterval] {
        &self.intervals
    }

    /// The run's figures, its rates over `seconds` (how long it produced).
    pub fn totals(&self, seconds: Duration) -> E2eTotals {
        let end = self.sent.start + seconds;
        E2eTotals {
            target_rate: self.rate,
            totals: self.sent.totals(end, self.received.latencies()),
            received: self.received.span.records,
            schedule_delay: self.delay.latencies(),
        }
    }
}
