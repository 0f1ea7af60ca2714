//! Kafka's perf-test output, so scripts written for Kafka's tools parse ours: the
//! interval and final lines of `kafka-producer-perf-test` (`ProducerPerformance`) from
//! exact latencies (`kafka-consumer-perf-test`'s CSV is in [`super::consume`]).
//! Latencies go into an HDR histogram (3 significant digits, every record counted, no
//! sampling); a batch counts once per record in it.

use crate::volume::Volume;
use hdrhistogram::Histogram;
use serde::Serialize;
use std::time::{Duration, Instant};

/// Bytes in a MB of the perf tools' MB/sec.
pub(super) const MB: f64 = 1024.0 * 1024.0;
/// Longest latency the histogram holds, in microseconds (an hour); longer ones are
/// counted as this.
const MAX_LATENCY_US: u64 = 3_600_000_000;

/// A latency in whole microseconds, within the histogram's bounds.
pub(super) fn micros(latency: Duration) -> u64 {
    u64::try_from(latency.as_micros())
        .unwrap_or(u64::MAX)
        .clamp(1, MAX_LATENCY_US)
}

/// Counts of one stretch of a run: records, their bytes, their latencies.
pub(super) struct Span {
    pub(super) start: Instant,
    pub(super) records: u64,
    pub(super) bytes: Volume,
    /// Sum over records of their latency, in microseconds.
    total_latency_us: u128,
    pub(super) max_latency_us: u64,
}

impl Span {
    pub(super) fn new(start: Instant) -> Self {
        Self {
            start,
            records: 0,
            bytes: Volume::default(),
            total_latency_us: 0,
            max_latency_us: 0,
        }
    }

    pub(super) fn add(&mut self, records: u64, bytes: Volume, latency_us: u64) {
        self.records += records;
        self.bytes += bytes;
        self.total_latency_us += u128::from(latency_us) * u128::from(records);
        self.max_latency_us = self.max_latency_us.max(latency_us);
    }

    /// Records/s, MB/s of the records as sent (keys, values, headers) and of their
    /// values alone, up to `now`.
    pub(super) fn rates(&self, now: Instant) -> (f64, f64, f64) {
        let seconds = now.duration_since(self.start).as_secs_f64().max(1e-9);
        let mb = |bytes: u64| bytes as f64 / seconds / MB;
        (
            self.records as f64 / seconds,
            mb(self.bytes.sent),
            mb(self.bytes.values),
        )
    }

    /// The figures of the stretch up to `end`, whose records took `latency`.
    pub(super) fn totals(&self, end: Instant, latency: Latencies) -> Totals {
        let (records_per_sec, mb_per_sec, value_mb_per_sec) = self.rates(end);
        Totals {
            records: self.records,
            bytes: self.bytes.sent,
            value_bytes: self.bytes.values,
            seconds: end.duration_since(self.start).as_secs_f64(),
            records_per_sec,
            mb_per_sec,
            value_mb_per_sec,
            latency,
        }
    }

    pub(super) fn avg_ms(&self) -> f64 {
        match self.records {
            0 => 0.0,
            n => self.total_latency_us as f64 / n as f64 / 1000.0,
        }
    }
}

/// A distribution of latencies, in milliseconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Latencies {
    pub avg_latency_ms: f64,
    pub max_latency_ms: f64,
    /// 50th, 95th, 99th and 99.9th percentile, exact to 3 significant digits.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
}

impl Latencies {
    /// `A ms avg latency, M ms max latency, P ms 50th, ... ms 99.9th` as
    /// `ProducerPerformance` prints them (its percentiles are whole milliseconds).
    pub fn text(&self, what: &str) -> String {
        let whole = |ms: f64| ms.round() as u64;
        format!(
            "{:.2} ms avg {what}, {:.2} ms max {what}, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th",
            self.avg_latency_ms,
            self.max_latency_ms,
            whole(self.p50_ms),
            whole(self.p95_ms),
            whole(self.p99_ms),
            whole(self.p999_ms),
        )
    }
}

/// The final figures of a run, for the results file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totals {
    pub records: u64,
    /// Bytes of the records as sent: keys, values and headers.
    pub bytes: u64,
    /// Bytes of their values alone.
    pub value_bytes: u64,
    pub seconds: f64,
    pub records_per_sec: f64,
    /// MB/s of `bytes` (the perf line's MB/sec).
    pub mb_per_sec: f64,
    /// MB/s of `value_bytes`.
    pub value_mb_per_sec: f64,
    #[serde(flatten)]
    pub latency: Latencies,
}

/// One interval of a producer run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Interval {
    /// Seconds from the start of the run to the end of the interval.
    pub end_s: f64,
    pub records: u64,
    pub records_per_sec: f64,
    /// MB/s of the records as sent: keys, values and headers.
    pub mb_per_sec: f64,
    /// MB/s of their values alone.
    pub value_mb_per_sec: f64,
    pub avg_latency_ms: f64,
    pub max_latency_ms: f64,
}

impl Interval {
    /// `ProducerPerformance`'s interval line.
    pub fn line(&self) -> String {
        format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            self.records, self.records_per_sec, self.mb_per_sec, self.avg_latency_ms, self.max_latency_ms,
        )
    }
}

/// Records, bytes and every latency of a stretch of a run, for its totals.
pub(super) struct Tally {
    pub(super) span: Span,
    latencies: Histogram<u64>,
}

impl Tally {
    pub(super) fn new(start: Instant) -> Self {
        Self {
            span: Span::new(start),
            latencies: Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
                .expect("valid histogram bounds"),
        }
    }

    pub(super) fn add(&mut self, records: u64, bytes: Volume, latency_us: u64) {
        self.span.add(records, bytes, latency_us);
        self.latencies
            .record_n(latency_us, records)
            .expect("clamped into the histogram's bounds");
    }

    pub(super) fn latencies(&self) -> Latencies {
        let ms = |q: f64| self.latencies.value_at_quantile(q) as f64 / 1000.0;
        Latencies {
            avg_latency_ms: self.span.avg_ms(),
            max_latency_ms: self.span.max_latency_us as f64 / 1000.0,
            p50_ms: ms(0.5),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            p999_ms: ms(0.999),
        }
    }

    pub(super) fn totals(&self, now: Instant) -> Totals {
        self.span.totals(now, self.latencies())
    }
}

/// A producer run's statistics, printed like `ProducerPerformance`: the whole run, and
/// with a warm-up, the steady state after it.
pub struct ProduceStats {
    total: Tally,
    /// Records of the warm-up; the steady state counts those after them.
    warmup: u64,
    steady: Option<Tally>,
    window: Span,
    interval: Duration,
    intervals: Vec<Interval>,
}

impl ProduceStats {
    /// Statistics from now on, with an interval line every `interval`, and steady-state
    /// totals after the first `warmup` records (none when 0).
    pub fn new(interval: Duration, warmup: u64) -> Self {
        let now = Instant::now();
        Self {
            total: Tally::new(now),
            warmup,
            steady: None,
            window: Span::new(now),
            interval,
            intervals: Vec::new(),
        }
    }

    /// Count `records` of `bytes` acknowledged after `latency`; the interval, when one
    /// is over.
    pub fn record(&mut self, records: u64, bytes: Volume, latency: Duration) -> Option<&Interval> {
        let latency_us = micros(latency);
        let now = Instant::now();
        // The records of this batch past the warm-up belong to the steady state.
        let past_warmup = (self.total.span.records + records).saturating_sub(self.warmup);
        let steady = past_warmup.min(records);
        if self.warmup > 0 && steady > 0 {
            let tally = self.steady.get_or_insert_with(|| Tally::new(now));
            tally.add(steady, bytes.share(steady, records), latency_us);
        }
        self.total.add(records, bytes, latency_us);
        self.window.add(records, bytes, latency_us);
        if now.duration_since(self.window.start) < self.interval {
            return None;
        }
        let (records_per_sec, mb_per_sec, value_mb_per_sec) = self.window.rates(now);
        self.intervals.push(Interval {
            end_s: now.duration_since(self.total.span.start).as_secs_f64(),
            records: self.window.records,
            records_per_sec,
            mb_per_sec,
            value_mb_per_sec,
            avg_latency_ms: self.window.avg_ms(),
            max_latency_ms: self.window.max_latency_us as f64 / 1000.0,
        });
        self.window = Span::new(now);
        self.intervals.last()
    }

    /// The intervals so far.
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// The whole run's figures so far.
    pub fn totals(&self) -> Totals {
        self.total.totals(Instant::now())
    }

    /// The steady state's figures so far (with a warm-up, once past it).
    pub fn steady(&self) -> Option<Totals> {
        self.steady.as_ref().map(|t| t.totals(Instant::now()))
    }
}

impl Totals {
    /// `ProducerPerformance`'s final line (its percentiles are whole milliseconds).
    pub fn line(&self) -> String {
        self.summary("records sent")
    }

    /// Its line of the steady state after a warm-up.
    pub fn steady_line(&self) -> String {
        self.summary("steady state records sent")
    }

    fn summary(&self, what: &str) -> String {
        format!(
            "{} {what}, {:.6} records/sec ({:.2} MB/sec), {}.",
            self.records,
            self.records_per_sec,
            self.mb_per_sec,
            self.latency.text("latency"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `records` of 100 value bytes and 30 of tracking header.
    fn bytes(records: u64) -> Volume {
        Volume {
            sent: records * 130,
            values: records * 100,
        }
    }

    #[test]
    fn percentiles_count_every_record_of_a_batch() {
        let mut stats = ProduceStats::new(Duration::from_secs(3600), 0);
        stats.record(98, bytes(98), Duration::from_millis(2));
        stats.record(2, bytes(2), Duration::from_millis(40));
        let totals = stats.totals();
        assert_eq!(totals.records, 100);
        assert_eq!((totals.bytes, totals.value_bytes), (13_000, 10_000));
        let ratio = totals.mb_per_sec / totals.value_mb_per_sec;
        assert!((ratio - 1.3).abs() < 1e-9, "{totals:?}");
        assert!((totals.latency.p50_ms - 2.0).abs() < 0.01, "{totals:?}");
        assert!((totals.latency.p95_ms - 2.0).abs() < 0.01, "{totals:?}");
        assert!((totals.latency.p99_ms - 40.0).abs() < 0.05, "{totals:?}");
        assert!(
            (totals.latency.avg_latency_ms - 2.76).abs() < 1e-9,
            "{totals:?}"
        );
        assert_eq!(totals.latency.max_latency_ms, 40.0);
    }

    #[test]
    fn the_steady_state_counts_the_records_after_the_warmup() {
        let mut stats = ProduceStats::new(Duration::from_secs(3600), 150);
        stats.record(100, bytes(100), Duration::from_millis(50));
        assert_eq!(stats.steady(), None);
        stats.record(100, bytes(100), Duration::from_millis(2));
        stats.record(100, bytes(100), Duration::from_millis(2));
        let steady = stats.steady().unwrap();
        assert_eq!((steady.records, steady.bytes), (150, 150 * 130));
        assert_eq!(steady.value_bytes, 150 * 100);
        assert_eq!(steady.latency.max_latency_ms, 2.0);
        assert!(steady
            .steady_line()
            .starts_with("150 steady state records sent, "));
        assert_eq!(stats.totals().records, 300);
        assert_eq!(stats.totals().latency.max_latency_ms, 50.0);
    }

    #[test]
    fn an_interval_line_comes_once_the_interval_is_over() {
        let mut stats = ProduceStats::new(Duration::ZERO, 0);
        let line = stats
            .record(10, bytes(10), Duration::from_millis(3))
            .unwrap()
            .line();
        assert!(line.starts_with("10 records sent, "), "{line}");
        assert!(
            line.ends_with(", 3.0 ms avg latency, 3.0 ms max latency."),
            "{line}"
        );
        let mut stats = ProduceStats::new(Duration::from_secs(3600), 0);
        assert_eq!(stats.record(10, bytes(10), Duration::from_millis(3)), None);
        assert!(stats.intervals().is_empty());
    }
}
