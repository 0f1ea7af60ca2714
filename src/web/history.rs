//! `GET /api/history`: the last 15 minutes, one point a second, kept in memory (a
//! bounded ring) so the live page can draw curves without Prometheus: records per
//! second generated, produced and consumed, produce-ack and end-to-end latency
//! percentiles of the records of that second, and the lag. Each point is the
//! difference of two readings of the same metrics `/metrics` renders (one source).

use super::exposition::{buckets, difference, of_topic, quantile, sum, Sample};
use crate::metrics as m;
use metrics_exporter_prometheus::PrometheusHandle;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// 15 minutes of one point a second.
pub const CAPACITY: usize = 900;
/// How often a point is taken.
pub const INTERVAL: Duration = Duration::from_secs(1);

/// One second of the daemon's life.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Point {
    pub time_ms: i64,
    /// Records per second over the interval before `time_ms`.
    pub generated: f64,
    pub produced: f64,
    pub consumed: f64,
    /// Latency percentiles of the batches and records of the interval, in seconds
    /// (`None`: none in it).
    pub produce_p50: Option<f64>,
    pub produce_p99: Option<f64>,
    pub end_to_end_p50: Option<f64>,
    pub end_to_end_p99: Option<f64>,
    /// Records between this daemon's Consumers and the log end, all partitions.
    pub lag: Option<f64>,
    /// Records between the group's committed offsets and the log end (what
    /// `kafka-consumer-groups` shows), all partitions.
    pub committed_lag: Option<f64>,
    /// Whether the Consumers had caught up by then ([`History::caught_up`]).
    pub caught_up: bool,
}

/// The latency histograms when the Consumers first caught up: what came before (the
/// start, a group's first join, records produced while nobody read) is left out of
/// the figures taken against it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaughtUp {
    pub time_ms: i64,
    pub produce: Vec<(f64, f64)>,
    pub end_to_end: Vec<(f64, f64)>,
}

/// What a point is the difference of.
#[derive(Debug, Clone)]
struct Reading {
    time_ms: i64,
    totals: [f64; 3],
    produce: Vec<(f64, f64)>,
    end_to_end: Vec<(f64, f64)>,
}

impl Reading {
    fn of(samples: &[Sample], time_ms: i64) -> Self {
        let sum = |name: &str| sum(samples, name);
        Self {
            time_ms,
            totals: [
                sum(m::RECORDS_GENERATED),
                sum(m::RECORDS_PRODUCED),
                sum(m::RECORDS_CONSUMED),
            ],
            produce: buckets(samples, m::PRODUCE_LATENCY),
            end_to_end: buckets(samples, m::END_TO_END_LATENCY),
        }
    }
}

/// The ring of points, the reading the next point is taken against, and the reading
/// when the Consumers first caught up.
#[derive(Debug, Default)]
pub struct History {
    inner: Mutex<(VecDeque<Point>, Option<Reading>)>,
    caught_up: Mutex<Option<CaughtUp>>,
}

impl History {
    /// Take a point from `exposition` (what `/metrics` renders) for `topic` at `time_ms`.
    pub fn record(&self, exposition: &str, topic: &str, time_ms: i64) {
        let samples = of_topic(exposition, topic);
        let now = Reading::of(&samples, time_ms);
        let lag = |name: &str| -> Option<f64> {
            let values: Vec<f64> = samples
                .iter()
                .filter(|s| s.name == name)
                .map(|s| s.value)
                .collect();
            (!values.is_empty()).then(|| values.iter().sum())
        };
        let (lag, committed_lag) = (lag(m::CONSUMER_POSITION_LAG), lag(m::CONSUMER_LAG));
        let mut inner = self.inner.lock().expect("not poisoned");
        let (points, last) = &mut *inner;
        if let Some(before) = last.replace(now.clone()) {
            let seconds = (now.time_ms - before.time_ms) as f64 / 1000.0;
            if seconds <= 0.0 {
                return;
            }
            let rate = |i: usize| ((now.totals[i] - before.totals[i]) / seconds).max(0.0);
            let window = |q: f64, now: &[(f64, f64)], before: &[(f64, f64)]| {
                quantile(q, &difference(now, before))
            };
            let (produced, consumed) = (rate(1), rate(2));
            let mut caught_up = self.caught_up.lock().expect("not poisoned");
            // Reading, and less than a second's production behind.
            if caught_up.is_none()
                && consumed > 0.0
                && lag.is_some_and(|lag| lag <= produced.max(1.0))
            {
                *caught_up = Some(CaughtUp {
                    time_ms,
                    produce: now.produce.clone(),
                    end_to_end: now.end_to_end.clone(),
                });
            }
            if points.len() == CAPACITY {
                points.pop_front();
            }
            points.push_back(Point {
                time_ms,
                generated: rate(0),
                produced,
                consumed,
                produce_p50: window(0.5, &now.produce, &before.produce),
                produce_p99: window(0.99, &now.produce, &before.produce),
                end_to_end_p50: window(0.5, &now.end_to_end, &before.end_to_end),
                end_to_end_p99: window(0.99, &now.end_to_end, &before.end_to_end),
                lag,
                committed_lag,
                caught_up: caught_up.is_some(),
            });
        }
    }

    /// The latency histograms when the Consumers first caught up (`None`: not yet).
    pub fn caught_up(&self) -> Option<CaughtUp> {
        self.caught_up.lock().expect("not poisoned").clone()
    }

    /// Every point kept, oldest first.
    pub fn points(&self) -> Vec<Point> {
        let inner = self.inner.lock().expect("not poisoned");
        inner.0.iter().cloned().collect()
    }
}

/// Take a point every [`INTERVAL`] until the process ends.
pub async fn keep(history: Arc<History>, handle: PrometheusHandle, topic: String) {
    let mut ticks = tokio::time::interval(INTERVAL);
    loop {
        ticks.tick().await;
        let now = chrono::Utc::now().timestamp_millis();
        history.record(&handle.render(), &topic, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exposition(produced: u64, fast: u64, slow: u64, lag: u64) -> String {
        format!(
            "kafka_lab_records_produced_total{{topic=\"t\",partition=\"0\"}} {produced}\n\
             kafka_lab_records_produced_total{{topic=\"u\",partition=\"0\"}} 99999\n\
             kafka_lab_consumer_position_lag{{topic=\"t\",partition=\"0\"}} {lag}\n\
             kafka_lab_consumer_position_lag{{topic=\"t\",partition=\"1\"}} 1\n\
             kafka_lab_end_to_end_latency_seconds_bucket{{topic=\"t\",le=\"0.01\"}} {fast}\n\
             kafka_lab_end_to_end_latency_seconds_bucket{{topic=\"t\",le=\"1\"}} {}\n\
             kafka_lab_end_to_end_latency_seconds_bucket{{topic=\"t\",le=\"+Inf\"}} {}\n",
            fast + slow,
            fast + slow
        )
    }

    #[test]
    fn points_are_rates_and_percentiles_of_each_interval() {
        let history = History::default();
        history.record(&exposition(0, 0, 0, 0), "t", 1_000);
        assert!(history.points().is_empty(), "a point needs two readings");
        history.record(&exposition(500, 100, 0, 4), "t", 2_000);
        // The next second: only slow records.
        history.record(&exposition(1500, 100, 100, 9), "t", 3_000);
        let points = history.points();
        assert_eq!(points.len(), 2);
        assert_eq!((points[0].produced, points[1].produced), (500.0, 1000.0));
        assert!(points[0].end_to_end_p99.unwrap() <= 0.01, "{points:?}");
        assert!(points[1].end_to_end_p50.unwrap() > 0.01, "{points:?}");
        assert_eq!(points[1].produce_p50, None);
        assert_eq!((points[0].lag, points[1].lag), (Some(5.0), Some(10.0)));
        assert_eq!(points[1].committed_lag, None);
    }

    #[test]
    fn the_ring_keeps_the_last_fifteen_minutes() {
        let history = History::default();
        for second in 0..(CAPACITY as i64 + 10) {
            history.record(&exposition(0, 0, 0, 0), "t", second * 1000);
        }
        let points = history.points();
        assert_eq!(points.len(), CAPACITY);
        assert_eq!(points.last().unwrap().time_ms, (CAPACITY as i64 + 9) * 1000);
    }
}
