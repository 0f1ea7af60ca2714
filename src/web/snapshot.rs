//! `GET /api/snapshot`: what the live page draws, read from the same metrics Prometheus
//! scrapes (one source for both): the value histograms with the expected counts, each
//! partition's offsets, position, lag and value statistics, the totals the page turns
//! into rates, and latency percentiles since start and since the Consumers first
//! caught up (the start and a group's first join left out).

use super::exposition::{buckets, difference, of_topic, quantile, sum, Sample};
use super::history::CaughtUp;
use crate::distribution::Distribution;
use crate::kafka::groups::GroupDescription;
use crate::metrics as m;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// What the metrics do not say alone: the daemon's topic, distribution, broker and
/// group.
#[derive(Debug, Clone)]
pub struct About {
    pub topic: String,
    pub distribution: Distribution,
    /// Which broker the figures are from, said in words (the embedded one, or Kafka).
    pub broker: String,
    /// The consumer group; empty: none.
    pub group: String,
    /// Its protocol: `classic` or `consumer` (KIP-848).
    pub protocol: String,
    /// The group as its coordinator last described it (the offsets poller asks).
    pub members: GroupView,
}

/// The latest description of the daemon's group, shared with the offsets poller.
pub type GroupView = Arc<Mutex<Option<GroupDescription>>>;

#[derive(Debug, Serialize, PartialEq)]
pub struct Snapshot {
    pub topic: String,
    pub distribution: String,
    pub broker: String,
    pub ready: bool,
    pub time_ms: i64,
    /// Mean and variance of the distribution.
    pub expected: Moments,
    pub histogram: ValueHistogram,
    pub totals: Totals,
    pub partitions: Vec<Partition>,
    /// Percentiles of `produce`, `end_to_end` and `schedule_delay`, in seconds.
    pub latency: BTreeMap<&'static str, Percentiles>,
    /// Those of `produce` and `end_to_end` since the Consumers first caught up
    /// (`None`: not yet).
    pub caught_up: Option<SinceCaughtUp>,
    /// The consumer group, when the daemon reads in one.
    pub group: Option<Group>,
}

/// Latency since the Consumers first caught up.
#[derive(Debug, Serialize, PartialEq)]
pub struct SinceCaughtUp {
    pub time_ms: i64,
    pub latency: BTreeMap<&'static str, Percentiles>,
}

/// The daemon's consumer group: its protocol, its generation or member epoch, the
/// partitions it reads and the rebalances it went through (as this member knows
/// them), and who owns which partition (as the coordinator last described it).
#[derive(Debug, Serialize, PartialEq)]
pub struct Group {
    pub group: String,
    pub protocol: String,
    pub generation: Option<f64>,
    pub owned: Vec<i32>,
    pub rebalances: Option<f64>,
    pub state: Option<String>,
    pub members: Vec<GroupMember>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct GroupMember {
    pub member_id: String,
    pub client_id: String,
    pub host: String,
    pub partitions: Vec<i32>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Moments {
    pub mean: f64,
    pub variance: f64,
}

/// Bins of the value histograms: bin `i` ends at `upper_bounds[i]` (the first takes
/// everything below); `above` counts the values beyond the last bound.
#[derive(Debug, Serialize, PartialEq)]
pub struct ValueHistogram {
    pub upper_bounds: Vec<f64>,
    pub generated: Vec<f64>,
    pub consumed: Vec<f64>,
    pub consumed_above: f64,
    /// What the distribution predicts for each bin, for as many values as consumed.
    pub expected: Vec<f64>,
}

#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Totals {
    pub generated: f64,
    pub produced: f64,
    pub consumed: f64,
    pub invalid: f64,
    pub lost: f64,
    pub duplicated: f64,
    pub out_of_order: f64,
    pub produce_errors: f64,
    pub fetch_errors: f64,
}

/// A partition as the offsets poller last saw it: log end and position of one moment.
#[derive(Debug, Serialize, PartialEq)]
pub struct Partition {
    pub partition: i32,
    pub log_start: Option<f64>,
    pub log_end: Option<f64>,
    /// This daemon's consumer position when the log end was read (never past it).
    pub position: Option<f64>,
    /// Log end − position: how far this daemon's Consumer is behind.
    pub lag: Option<f64>,
    /// Log end − the group's committed offset (`kafka-consumer-groups`' LAG); outside
    /// a group the same as `lag`.
    pub committed_lag: Option<f64>,
    pub lag_seconds: Option<f64>,
    pub values: Option<f64>,
    pub mean: Option<f64>,
    pub variance: Option<f64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Percentiles {
    pub count: f64,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

impl Snapshot {
    /// The snapshot of `about.topic` in `exposition` (what `/metrics` renders), with
    /// latency since `caught_up`.
    pub fn read(
        exposition: &str,
        about: &About,
        ready: bool,
        caught_up: Option<&CaughtUp>,
    ) -> Self {
        let samples = of_topic(exposition, &about.topic);
        let sum = |name: &str| sum(&samples, name);
        let totals = Totals {
            generated: sum(m::RECORDS_GENERATED),
            produced: sum(m::RECORDS_PRODUCED),
            consumed: sum(m::RECORDS_CONSUMED),
            invalid: sum(m::RECORDS_INVALID),
            lost: sum(m::RECORDS_LOST),
            duplicated: sum(m::RECORDS_DUPLICATED),
            out_of_order: sum(m::RECORDS_OUT_OF_ORDER),
            produce_errors: sum(m::PRODUCE_ERRORS),
            fetch_errors: sum(m::FETCH_ERRORS),
        };
        let (mean, variance) = about.distribution.moments();
        let latency = [
            ("produce", m::PRODUCE_LATENCY),
            ("end_to_end", m::END_TO_END_LATENCY),
            ("schedule_delay", m::SCHEDULE_DELAY),
        ]
        .into_iter()
        .map(|(key, name)| (key, percentiles(&buckets(&samples, name))))
        .collect();
        Self {
            topic: about.topic.clone(),
            distribution: about.distribution.to_string(),
            ready,
            time_ms: chrono::Utc::now().timestamp_millis(),
            expected: Moments { mean, variance },
            histogram: value_histogram(&samples, &about.distribution),
            totals,
            partitions: partitions(&samples),
            latency,
            caught_up: caught_up.map(|c| SinceCaughtUp {
                time_ms: c.time_ms,
                latency: [
                    ("produce", m::PRODUCE_LATENCY, &c.produce),
                    ("end_to_end", m::END_TO_END_LATENCY, &c.end_to_end),
                ]
                .into_iter()
                .map(|(key, name, then)| {
                    (
                        key,
                        percentiles(&difference(&buckets(&samples, name), then)),
                    )
                })
                .collect(),
            }),
            group: group(&samples, about),
            broker: about.broker.clone(),
        }
    }
}

fn group(samples: &[Sample], about: &About) -> Option<Group> {
    if about.group.is_empty() {
        return None;
    }
    let of_group = |name: &str| {
        samples
            .iter()
            .find(|s| s.name == name && s.labels.get("group") == Some(&&*about.group))
            .map(|s| s.value)
    };
    let (generation, rebalances) = (of_group(m::GROUP_GENERATION), of_group(m::GROUP_REBALANCES));
    let mut owned: Vec<i32> = samples
        .iter()
        .filter(|s| {
            s.name == m::GROUP_PARTITION_OWNED
                && s.labels.get("group") == Some(&&*about.group)
                && s.value == 1.0
        })
        .filter_map(|s| s.labels.get("partition")?.parse().ok())
        .collect();
    owned.sort_unstable();
    let described = about.members.lock().expect("not poisoned").clone();
    let members = described.as_ref().map_or_else(Vec::new, |d| {
        d.members
            .iter()
            .map(|member| GroupMember {
                member_id: member.member_id.clone(),
                client_id: member.client_id.clone(),
                host: member.host.clone(),
                partitions: member
                    .assignment
                    .iter()
                    .filter(|(t, _)| *t == about.topic)
                    .map(|(_, p)| *p)
                    .collect(),
            })
            .collect()
    });
    Some(Group {
        group: about.group.clone(),
        protocol: about.protocol.clone(),
        generation,
        owned,
        rebalances,
        state: described.map(|d| d.state),
        members,
    })
}

/// Counts per bucket from cumulative counts.
fn per_bucket(cumulative: &[(f64, f64)]) -> Vec<f64> {
    let mut below = 0.0;
    cumulative
        .iter()
        .map(|&(_, count)| {
            let n = count - below;
            below = count;
            n
        })
        .collect()
}

fn value_histogram(samples: &[Sample], distribution: &Distribution) -> ValueHistogram {
    let finite = |b: Vec<(f64, f64)>| -> (Vec<(f64, f64)>, f64) {
        let total = b.last().map_or(0.0, |l| l.1);
        let finite: Vec<_> = b.into_iter().filter(|(le, _)| le.is_finite()).collect();
        let above = total - finite.last().map_or(0.0, |l| l.1);
        (finite, above)
    };
    let (consumed, consumed_above) = finite(buckets(samples, m::CONSUMED_VALUE));
    let (generated, _) = finite(buckets(samples, m::GENERATED_VALUE));
    let upper_bounds: Vec<f64> = consumed.iter().map(|b| b.0).collect();
    let total = consumed.last().map_or(0.0, |l| l.1) + consumed_above;
    let width = match upper_bounds.as_slice() {
        [a, b, ..] => b - a,
        _ => 0.0,
    };
    let expected = upper_bounds
        .iter()
        .map(|hi| total * width * distribution.density(hi - width / 2.0))
        .collect();
    ValueHistogram {
        upper_bounds,
        generated: per_bucket(&generated),
        consumed: per_bucket(&consumed),
        consumed_above,
        expected,
    }
}

fn partitions(samples: &[Sample]) -> Vec<Partition> {
    let mut by_partition: BTreeMap<i32, BTreeMap<&str, f64>> = BTreeMap::new();
    for s in samples {
        if let Some(p) = s.labels.get("partition").and_then(|p| p.parse().ok()) {
            by_partition.entry(p).or_default().insert(s.name, s.value);
        }
    }
    by_partition
        .into_iter()
        .map(|(partition, values)| {
            let get = |name| values.get(name).copied();
            let log_end = get(m::CURRENT_OFFSET);
            let lag = get(m::CONSUMER_POSITION_LAG);
            Partition {
                partition,
                log_start: get(m::OLDEST_OFFSET),
                log_end,
                position: log_end.zip(lag).map(|(end, lag)| end - lag),
                lag,
                committed_lag: get(m::CONSUMER_LAG),
                lag_seconds: get(m::CONSUMER_LAG_SECONDS),
                values: get(m::VALUE_COUNT),
                mean: get(m::VALUE_MEAN),
                variance: get(m::VALUE_VARIANCE),
            }
        })
        .collect()
}

fn percentiles(cumulative: &[(f64, f64)]) -> Percentiles {
    Percentiles {
        count: cumulative.last().map_or(0.0, |l| l.1),
        p50: quantile(0.5, cumulative),
        p95: quantile(0.95, cumulative),
        p99: quantile(0.99, cumulative),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPOSITION: &str = r#"# TYPE kafka_lab_records_produced_total counter
kafka_lab_records_produced_total{topic="t",partition="0"} 30
kafka_lab_records_produced_total{topic="t",partition="1"} 12
kafka_lab_records_produced_total{topic="other",partition="0"} 1000
kafka_lab_consumer_lag{topic="t",partition="1"} 7
kafka_lab_partition_current_offset{topic="t",partition="1"} 100
kafka_lab_consumer_position_lag{topic="t",partition="1"} 3
kafka_lab_consumer_position{topic="t",partition="1"} 103
kafka_lab_ready 1
kafka_lab_consumed_value_bucket{topic="t",le="-1"} 2
kafka_lab_consumed_value_bucket{topic="t",le="0"} 10
kafka_lab_consumed_value_bucket{topic="t",le="1"} 18
kafka_lab_consumed_value_bucket{topic="t",le="+Inf"} 20
kafka_lab_produce_latency_seconds_bucket{topic="t",le="0.001"} 50
kafka_lab_produce_latency_seconds_bucket{topic="t",le="0.01"} 100
kafka_lab_produce_latency_seconds_bucket{topic="t",le="+Inf"} 100
"#;

    fn snapshot() -> Snapshot {
        let about = About {
            topic: "t".into(),
            distribution: "normal:0,1".parse().unwrap(),
            broker: "Apache Kafka".into(),
            group: String::new(),
            protocol: "classic".into(),
            members: GroupView::default(),
        };
        Snapshot::read(EXPOSITION, &about, true, None)
    }

    #[test]
    fn totals_and_partitions_are_of_the_topic_only() {
        let s = snapshot();
        assert_eq!(s.totals.produced, 42.0);
        assert_eq!(s.partitions.len(), 2);
        assert_eq!(s.partitions[1].committed_lag, Some(7.0));
        assert_eq!(s.partitions[1].lag, Some(3.0));
        // The position of the poll that read the log end, not the live one past it.
        assert_eq!(s.partitions[1].position, Some(97.0));
        assert_eq!(s.partitions[0].lag, None);
        assert_eq!(s.group, None);
    }

    #[test]
    fn value_buckets_become_bins_with_expected_counts() {
        let h = snapshot().histogram;
        assert_eq!(h.upper_bounds, [-1.0, 0.0, 1.0]);
        assert_eq!(h.consumed, [2.0, 8.0, 8.0]);
        assert_eq!(h.consumed_above, 2.0);
        // 20 values of N(0,1), bin [0, 1) around 0.5: 20 × 1 × φ(0.5).
        assert!((h.expected[2] - 20.0 * 0.3520653).abs() < 1e-5);
    }

    #[test]
    fn percentiles_interpolate_like_histogram_quantile() {
        let p = &snapshot().latency["produce"];
        assert_eq!(p.count, 100.0);
        assert_eq!(p.p50, Some(0.001));
        assert!((p.p95.unwrap() - 0.0091).abs() < 1e-12);
        assert_eq!(snapshot().latency["end_to_end"].p50, None);
    }
}
