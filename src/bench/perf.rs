//! Kafka's perf-test output from exact latencies: the interval and final lines of
//! `kafka-producer-perf-test` (`ProducerPerformance`), in its format, so scripts written
//! for Kafka's tool parse ours. Latencies go into an HDR histogram (3 significant
//! digits, every record counted, no sampling); a batch counts once per record in it.

use hdrhistogram::Histogram;
use serde::Serialize;
use std::time::{Duration, Instant};

/// Bytes in a MB of the perf tools' MB/sec.
const MB: f64 = 1024.0 * 1024.0;
/// Longest latency the histogram holds, in microseconds (an hour); longer ones are
/// counted as this.
const MAX_LATENCY_US: u64 = 3_600_000_000;

/// Counts of one stretch of a run: records, their value bytes, their latencies.
struct Span {
    start: Instant,
    records: u64,
    bytes: u64,
    /// Sum over records of their latency, in microseconds.
    total_latency_us: u128,
    max_latency_us: u64,
}

impl Span {
    fn new(start: Instant) -> Self {
        Self {
            start,
            records: 0,
            bytes: 0,
            total_latency_us: 0,
            max_latency_us: 0,
        }
    }

    fn add(&mut self, records: u64, bytes: u64, latency_us: u64) {
        self.records += records;
        self.bytes += bytes;
        self.total_latency_us += u128::from(latency_us) * u128::from(records);
        self.max_latency_us = self.max_latency_us.max(latency_us);
    }

    fn rates(&self, now: Instant) -> (f64, f64) {
        let seconds = now.duration_since(self.start).as_secs_f64().max(1e-9);
        (
            self.records as f64 / seconds,
            self.bytes as f64 / seconds / MB,
        )
    }

    fn avg_ms(&self) -> f64 {
        match self.records {
            0 => 0.0,
            n => self.total_latency_us as f64 / n as f64 / 1000.0,
        }
    }
}

/// The final figures of a run, for the results file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Totals {
    pub records: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub records_per_sec: f64,
    pub mb_per_sec: f64,
    pub avg_latency_ms: f64,
    pub max_latency_ms: f64,
    /// 50th, 95th, 99th and 99.9th percentile latency, in milliseconds.
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
}

/// A producer run's statistics, printed like `ProducerPerformance`.
pub struct ProduceStats {
    total: Span,
    window: Span,
    interval: Duration,
    latencies: Histogram<u64>,
}

impl ProduceStats {
    /// Statistics from now on, with an interval line every `interval`.
    pub fn new(interval: Duration) -> Self {
        let now = Instant::now();
        Self {
            total: Span::new(now),
            window: Span::new(now),
            interval,
            latencies: Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
                .expect("valid histogram bounds"),
        }
    }

    /// Count `records` of `bytes` value bytes acknowledged after `latency`; the
    /// interval line when an interval is over.
    pub fn record(&mut self, records: u64, bytes: u64, latency: Duration) -> Option<String> {
        let latency_us = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .clamp(1, MAX_LATENCY_US);
        self.total.add(records, bytes, latency_us);
        self.window.add(records, bytes, latency_us);
        self.latencies
            .record_n(latency_us, records)
            .expect("clamped into the histogram's bounds");
        let now = Instant::now();
        if now.duration_since(self.window.start) < self.interval {
            return None;
        }
        let (per_sec, mb_per_sec) = self.window.rates(now);
        let line = format!(
            "{} records sent, {per_sec:.1} records/sec ({mb_per_sec:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            self.window.records,
            self.window.avg_ms(),
            self.window.max_latency_us as f64 / 1000.0,
        );
        self.window = Span::new(now);
        Some(line)
    }

    /// The run's figures so far.
    pub fn totals(&self) -> Totals {
        let now = Instant::now();
        let (records_per_sec, mb_per_sec) = self.total.rates(now);
        let ms = |q: f64| self.latencies.value_at_quantile(q) as f64 / 1000.0;
        Totals {
            records: self.total.records,
            bytes: self.total.bytes,
            seconds: now.duration_since(self.total.start).as_secs_f64(),
            records_per_sec,
            mb_per_sec,
            avg_latency_ms: self.total.avg_ms(),
            max_latency_ms: self.total.max_latency_us as f64 / 1000.0,
            p50_ms: ms(0.5),
            p95_ms: ms(0.95),
            p99_ms: ms(0.99),
            p999_ms: ms(0.999),
        }
    }
}

impl Totals {
    /// `ProducerPerformance`'s final line (its percentiles are whole milliseconds).
    pub fn line(&self) -> String {
        let whole = |ms: f64| ms.round() as u64;
        format!(
            "{} records sent, {:.6} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
            self.records,
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_latency_ms,
            self.max_latency_ms,
            whole(self.p50_ms),
            whole(self.p95_ms),
            whole(self.p99_ms),
            whole(self.p999_ms),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_count_every_record_of_a_batch() {
        let mut stats = ProduceStats::new(Duration::from_secs(3600));
        stats.record(98, 98 * 100, Duration::from_millis(2));
        stats.record(2, 2 * 100, Duration::from_millis(40));
        let totals = stats.totals();
        assert_eq!(totals.records, 100);
        assert_eq!(totals.bytes, 10_000);
        assert!((totals.p50_ms - 2.0).abs() < 0.01, "{totals:?}");
        assert!((totals.p95_ms - 2.0).abs() < 0.01, "{totals:?}");
        assert!((totals.p99_ms - 40.0).abs() < 0.05, "{totals:?}");
        assert!((totals.avg_latency_ms - 2.76).abs() < 1e-9, "{totals:?}");
        assert_eq!(totals.max_latency_ms, 40.0);
    }

    #[test]
    fn an_interval_line_comes_once_the_interval_is_over() {
        let mut stats = ProduceStats::new(Duration::ZERO);
        let line = stats.record(10, 1000, Duration::from_millis(3)).unwrap();
        assert!(line.starts_with("10 records sent, "), "{line}");
        assert!(
            line.ends_with(", 3.0 ms avg latency, 3.0 ms max latency."),
            "{line}"
        );
        let mut stats = ProduceStats::new(Duration::from_secs(3600));
        assert_eq!(stats.record(10, 1000, Duration::from_millis(3)), None);
    }
}
