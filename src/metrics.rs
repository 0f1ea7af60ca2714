//! Metric names, their descriptions and buckets, the Prometheus recorder, and
//! readiness (served by `web`).
//!
//! Names follow Prometheus conventions: `kafka_lab_` prefix, base units, `_total` on
//! counters. Per-partition offsets use kafka_exporter's meanings: `current_offset` is
//! the log-end offset, `oldest_offset` the log-start offset. Every histogram has
//! explicit buckets (the exporter would otherwise render summaries, which Grafana can
//! neither aggregate nor draw as a heatmap).

use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

// Labels: `topic` on everything per topic, `partition` per partition, `kind` on errors.
pub const RECORDS_GENERATED: &str = "kafka_lab_records_generated_total";
pub const RECORDS_PRODUCED: &str = "kafka_lab_records_produced_total";
pub const RECORDS_CONSUMED: &str = "kafka_lab_records_consumed_total";
pub const RECORDS_INVALID: &str = "kafka_lab_records_invalid_total";
pub const RECORDS_LOST: &str = "kafka_lab_records_lost_total";
pub const RECORDS_DUPLICATED: &str = "kafka_lab_records_duplicated_total";
pub const RECORDS_OUT_OF_ORDER: &str = "kafka_lab_records_out_of_order_total";
pub const PRODUCE_ERRORS: &str = "kafka_lab_produce_errors_total";
pub const FETCH_ERRORS: &str = "kafka_lab_fetch_errors_total";
pub const CURRENT_OFFSET: &str = "kafka_lab_partition_current_offset";
pub const OLDEST_OFFSET: &str = "kafka_lab_partition_oldest_offset";
pub const CONSUMER_POSITION: &str = "kafka_lab_consumer_position";
pub const CONSUMER_LAG: &str = "kafka_lab_consumer_lag";
pub const CONSUMER_POSITION_LAG: &str = "kafka_lab_consumer_position_lag";
pub const CONSUMER_LAG_SECONDS: &str = "kafka_lab_consumer_lag_seconds";
pub const VALUE_COUNT: &str = "kafka_lab_partition_values";
pub const VALUE_MEAN: &str = "kafka_lab_partition_value_mean";
pub const VALUE_VARIANCE: &str = "kafka_lab_partition_value_variance";
pub const EXPECTED_MEAN: &str = "kafka_lab_distribution_mean";
pub const EXPECTED_VARIANCE: &str = "kafka_lab_distribution_variance";
pub const GENERATED_VALUE: &str = "kafka_lab_generated_value";
pub const CONSUMED_VALUE: &str = "kafka_lab_consumed_value";
pub const PRODUCE_LATENCY: &str = "kafka_lab_produce_latency_seconds";
pub const END_TO_END_LATENCY: &str = "kafka_lab_end_to_end_latency_seconds";
pub const SCHEDULE_DELAY: &str = "kafka_lab_schedule_delay_seconds";
pub const GROUP_ASSIGNED_PARTITIONS: &str = "kafka_lab_group_assigned_partitions";
pub const GROUP_GENERATION: &str = "kafka_lab_group_generation";
pub const GROUP_PARTITION_OWNED: &str = "kafka_lab_group_partition_owned";
pub const GROUP_REBALANCES: &str = "kafka_lab_group_rebalances_total";
pub const GROUP_JOIN_FAILURES: &str = "kafka_lab_group_join_failures_total";
pub const GROUP_COMMIT_LATENCY: &str = "kafka_lab_group_commit_latency_seconds";
pub const GROUP_COMMIT_FAILURES: &str = "kafka_lab_group_commit_failures_total";
pub const READY: &str = "kafka_lab_ready";
pub const BUILD_INFO: &str = "kafka_lab_build_info";

/// Every metric kafka-lab exports, with its kind and labels (also the README's table).
pub const ALL: &[(&str, &str, &str)] = &[
    (RECORDS_GENERATED, "counter", "topic"),
    (RECORDS_PRODUCED, "counter", "topic, partition"),
    (RECORDS_CONSUMED, "counter", "topic, partition"),
    (RECORDS_INVALID, "counter", "topic, partition"),
    (RECORDS_LOST, "counter", "topic, partition"),
    (RECORDS_DUPLICATED, "counter", "topic, partition"),
    (RECORDS_OUT_OF_ORDER, "counter", "topic, partition"),
    (PRODUCE_ERRORS, "counter", "topic, kind"),
    (FETCH_ERRORS, "counter", "topic, kind"),
    (CURRENT_OFFSET, "gauge", "topic, partition"),
    (OLDEST_OFFSET, "gauge", "topic, partition"),
    (CONSUMER_POSITION, "gauge", "topic, partition"),
    (CONSUMER_LAG, "gauge", "topic, partition"),
    (CONSUMER_POSITION_LAG, "gauge", "topic, partition"),
    (CONSUMER_LAG_SECONDS, "gauge", "topic, partition"),
    (VALUE_COUNT, "gauge", "topic, partition"),
    (VALUE_MEAN, "gauge", "topic, partition"),
    (VALUE_VARIANCE, "gauge", "topic, partition"),
    (EXPECTED_MEAN, "gauge", "topic, distribution"),
    (EXPECTED_VARIANCE, "gauge", "topic, distribution"),
    (GENERATED_VALUE, "histogram", "topic"),
    (CONSUMED_VALUE, "histogram", "topic"),
    (PRODUCE_LATENCY, "histogram", "topic"),
    (END_TO_END_LATENCY, "histogram", "topic"),
    (SCHEDULE_DELAY, "histogram", "topic"),
    (GROUP_ASSIGNED_PARTITIONS, "gauge", "group, topic"),
    (GROUP_GENERATION, "gauge", "group, topic"),
    (GROUP_PARTITION_OWNED, "gauge", "group, topic, partition"),
    (GROUP_REBALANCES, "counter", "group, topic"),
    (GROUP_JOIN_FAILURES, "counter", "group, topic"),
    (GROUP_COMMIT_LATENCY, "histogram", "group, topic"),
    (GROUP_COMMIT_FAILURES, "counter", "group, topic"),
    (READY, "gauge", ""),
    (BUILD_INFO, "gauge", "version"),
];

/// Buckets of the latency and delay histograms, in seconds: 0.5 ms to 30 s.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Install the Prometheus recorder, with `value_buckets` for the value histograms.
pub fn install(value_buckets: &[f64]) -> Result<PrometheusHandle, BuildError> {
    let mut builder = PrometheusBuilder::new();
    for name in [GENERATED_VALUE, CONSUMED_VALUE] {
        builder = builder.set_buckets_for_metric(Matcher::Full(name.into()), value_buckets)?;
    }
    for name in [
        PRODUCE_LATENCY,
        END_TO_END_LATENCY,
        SCHEDULE_DELAY,
        GROUP_COMMIT_LATENCY,
    ] {
        builder = builder.set_buckets_for_metric(Matcher::Full(name.into()), LATENCY_BUCKETS)?;
    }
    let handle = builder.install_recorder()?;
    describe();
    metrics::gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    Ok(handle)
}

fn describe() {
    describe_counter!(RECORDS_GENERATED, "Samples drawn by the Generator.");
    describe_counter!(RECORDS_PRODUCED, "Records acknowledged by Kafka.");
    describe_counter!(RECORDS_CONSUMED, "Records read by the Consumer.");
    describe_counter!(
        RECORDS_INVALID,
        "Records whose value is not a number (skipped)."
    );
    describe_counter!(RECORDS_LOST, "Records missing from a partition's sequence.");
    describe_counter!(
        RECORDS_DUPLICATED,
        "Records read again (same partition sequence)."
    );
    describe_counter!(RECORDS_OUT_OF_ORDER, "Records older than one already read.");
    describe_counter!(PRODUCE_ERRORS, "Failed produce attempts, by kind.");
    describe_counter!(FETCH_ERRORS, "Failed fetch attempts, by kind.");
    describe_gauge!(CURRENT_OFFSET, "Log-end (latest) offset of the partition.");
    describe_gauge!(
        OLDEST_OFFSET,
        "Log-start (earliest) offset of the partition."
    );
    describe_gauge!(CONSUMER_POSITION, "Next offset the consumer reads.");
    describe_gauge!(
        CONSUMER_LAG,
        "Records between the consumer position (a group's committed offset) and the log end."
    );
    describe_gauge!(
        CONSUMER_POSITION_LAG,
        "Records between this daemon's consumer position and the log end, sampled together."
    );
    describe_gauge!(
        CONSUMER_LAG_SECONDS,
        Unit::Seconds,
        "Age of the record at the consumer position; 0 when caught up."
    );
    describe_gauge!(VALUE_COUNT, "Valid values consumed.");
    describe_gauge!(VALUE_MEAN, "Mean of the values consumed.");
    describe_gauge!(VALUE_VARIANCE, "Variance of the values consumed.");
    describe_gauge!(
        EXPECTED_MEAN,
        "Mean of the distribution the Generator draws from."
    );
    describe_gauge!(
        EXPECTED_VARIANCE,
        "Variance of the distribution the Generator draws from."
    );
    describe_histogram!(GENERATED_VALUE, "Values drawn by the Generator.");
    describe_histogram!(CONSUMED_VALUE, "Values read by the Consumer.");
    describe_histogram!(
        PRODUCE_LATENCY,
        Unit::Seconds,
        "Send to acknowledgement of a batch."
    );
    describe_histogram!(
        END_TO_END_LATENCY,
        Unit::Seconds,
        "Send time header to consumption of a record."
    );
    describe_histogram!(
        SCHEDULE_DELAY,
        Unit::Seconds,
        "How late each batch left against its intended time at the target rate."
    );
    describe_gauge!(
        GROUP_ASSIGNED_PARTITIONS,
        "Partitions the consumer group assigned to this member."
    );
    describe_gauge!(
        GROUP_GENERATION,
        "Generation of the consumer group (the classic protocol), or this member's epoch (the consumer protocol)."
    );
    describe_gauge!(
        GROUP_PARTITION_OWNED,
        "1 while this member reads the partition, 0 once it gave it up."
    );
    describe_counter!(
        GROUP_REBALANCES,
        "Rebalances this member gave its partitions up for."
    );
    describe_counter!(GROUP_JOIN_FAILURES, "Joins of the group that failed.");
    describe_histogram!(
        GROUP_COMMIT_LATENCY,
        Unit::Seconds,
        "Time to commit the member's offsets (OffsetCommit)."
    );
    describe_counter!(GROUP_COMMIT_FAILURES, "Offset commits that failed.");
    describe_gauge!(
        READY,
        "1 when the latest produce and the latest fetch request both succeeded."
    );
    describe_gauge!(BUILD_INFO, "Always 1; the version is in the label.");
}

/// The two requests the pipeline sends Kafka; readiness needs both to succeed.
#[derive(Debug, Clone, Copy)]
pub enum Request {
    Produce,
    Fetch,
}

/// What became of the latest request of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Unknown,
    Succeeded,
    Failed,
    /// None is sent on purpose (the Consumers are paused).
    Paused,
}

/// Readiness, `/readyz` and `kafka_lab_ready`: the latest produce request and the latest
/// fetch request both succeeded (fetches may be paused instead). Not ready until each
/// has been answered once; a request that gets no answer fails after
/// `kafka.request_timeout_ms`, so a hung broker turns it false too.
#[derive(Debug, Clone, Default)]
pub struct Health(Arc<[AtomicU8; 2]>);

impl Health {
    pub fn record(&self, request: Request, outcome: Outcome) {
        let was = self.ready();
        self.0[request as usize].store(outcome as u8, Ordering::Relaxed);
        let ready = self.ready();
        if ready != was {
            metrics::gauge!(READY).set(f64::from(u8::from(ready)));
        }
    }

    pub fn ready(&self) -> bool {
        let fine = [Outcome::Succeeded as u8, Outcome::Paused as u8];
        self.0
            .iter()
            .all(|o| fine.contains(&o.load(Ordering::Relaxed)))
    }
}
