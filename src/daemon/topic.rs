//! The daemon's topic and what it costs on disk: created with `pipeline.retention_ms`
//! and `pipeline.retention_bytes` (so a daemon left running for weeks needs a bounded
//! disk), or, when it exists, used as it is, with a warning when it keeps more.
//!
//! The startup log says the topic's retention and what it implies: the bytes written
//! a day at `generator.rate` and the most a partition holds, from the size of a
//! record batch as the Producers encode it.

use crate::config::Config;
use crate::kafka::configs::{NewTopic, TopicConfigs};
use crate::kafka::{Error as KafkaError, Kafka};
use crate::record::RecordWriter;
use crate::sample::{Sampler, Source};

/// Kafka's built-in `retention.ms` (7 days), for a topic that does not say its own.
const KAFKA_RETENTION_MS: i64 = 7 * 24 * 3_600_000;
/// Segments roll at this fraction of the retention: only closed segments are deleted.
const SEGMENTS_PER_RETENTION: i64 = 4;
/// Kafka 4 takes no `segment.bytes` below 1 MiB; 1 GiB is its default.
const SEGMENT_BYTES: (i64, i64) = (1 << 20, 1 << 30);
const SECONDS_A_DAY: f64 = 86_400.0;

/// The configs the daemon creates its topic with.
pub fn retention_configs(config: &Config) -> TopicConfigs {
    let pipeline = &config.pipeline;
    let mut configs = TopicConfigs::new();
    if pipeline.retention_ms > 0 {
        configs.insert("retention.ms".into(), pipeline.retention_ms.to_string());
        let segment_ms = (pipeline.retention_ms / SEGMENTS_PER_RETENTION).max(1);
        configs.insert("segment.ms".into(), segment_ms.to_string());
    }
    if pipeline.retention_bytes > 0 {
        configs.insert(
            "retention.bytes".into(),
            pipeline.retention_bytes.to_string(),
        );
        let segment = (pipeline.retention_bytes / SEGMENTS_PER_RETENTION)
            .clamp(SEGMENT_BYTES.0, SEGMENT_BYTES.1);
        configs.insert("segment.bytes".into(), segment.to_string());
    }
    configs
}

/// Create the daemon's topic with its retention, unless it exists; then log its
/// retention and the disk it implies.
pub async fn ensure(kafka: &Kafka, config: &Config, topic: &str) -> Result<(), KafkaError> {
    let wanted = retention_configs(config);
    let new = NewTopic {
        name: topic,
        partitions: config.pipeline.partitions,
        replication_factor: config.pipeline.replication_factor,
        configs: wanted.clone(),
    };
    let created = match kafka.create_topic(&new).await {
        Ok(()) => true,
        Err(KafkaError::TopicExists { .. }) => false,
        Err(e) => return Err(e),
    };
    let actual = kafka.topic_configs(topic).await?;
    let retention_ms = limit(&actual, "retention.ms").unwrap_or(KAFKA_RETENTION_MS);
    let retention_bytes = limit(&actual, "retention.bytes").unwrap_or(-1);
    let footprint = Footprint::estimate(config, retention_ms, retention_bytes);
    tracing::info!(
        topic,
        created,
        retention_ms,
        retention_bytes,
        record_bytes = footprint.record_bytes,
        written_bytes_a_day = footprint.bytes_a_day,
        held_bytes_per_partition = footprint.held_per_partition,
        "the topic keeps records for {} ({}): at {} records/s of about {} bytes on the log, \
         {} written a day, at most about {} on disk per replica",
        duration(retention_ms),
        match retention_bytes {
            -1 => "no size limit".to_string(),
            b => format!("at most {} per partition", bytes(b as f64)),
        },
        config.generator.rate,
        footprint.record_bytes,
        bytes(footprint.bytes_a_day),
        bytes(footprint.held_per_partition * f64::from(config.pipeline.partitions.max(1))),
    );
    if !created {
        let longer = |wanted: i64, actual: i64| wanted > 0 && (actual == -1 || actual > wanted);
        let ms = longer(config.pipeline.retention_ms, retention_ms);
        let size = longer(config.pipeline.retention_bytes, retention_bytes);
        if ms || size {
            tracing::warn!(
                topic,
                retention_ms,
                retention_bytes,
                pipeline_retention_ms = config.pipeline.retention_ms,
                pipeline_retention_bytes = config.pipeline.retention_bytes,
                "the topic existed before and keeps more than pipeline.retention_ms/retention_bytes \
                 ask; kafka-lab leaves a topic it did not create as it is (change it with \
                 kafka-configs --alter --entity-type topics --entity-name {topic} --add-config \
                 retention.ms={},retention.bytes={})",
                config.pipeline.retention_ms,
                config.pipeline.retention_bytes,
            );
        }
    }
    Ok(())
}

/// A topic's limit `key` (`-1`: none), if the broker says it.
fn limit(configs: &TopicConfigs, key: &str) -> Option<i64> {
    configs.get(key).and_then(|v| v.parse().ok())
}

/// What the daemon writes and keeps, about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    /// Bytes one record takes on the log, batch framing included.
    pub record_bytes: u64,
    /// Bytes written a day at the configured rate (one replica).
    pub bytes_a_day: f64,
    /// Most bytes one partition holds: a retention period and a segment's worth, or
    /// `retention.bytes` and a segment, whichever is less (one replica).
    pub held_per_partition: f64,
}

impl Footprint {
    pub fn estimate(config: &Config, retention_ms: i64, retention_bytes: i64) -> Self {
        let record_bytes = record_bytes(config);
        let per_second = config.generator.rate * record_bytes as f64;
        let partitions = f64::from(config.pipeline.partitions.max(1));
        let kept_secs = retention_ms as f64 / 1000.0 * (1.0 + 1.0 / SEGMENTS_PER_RETENTION as f64);
        let by_time = per_second * kept_secs / partitions;
        let held_per_partition = match retention_bytes {
            -1 => by_time,
            b => by_time.min(b as f64 * (1.0 + 1.0 / SEGMENTS_PER_RETENTION as f64)),
        };
        Self {
            record_bytes,
            bytes_a_day: per_second * SECONDS_A_DAY,
            held_per_partition,
        }
    }
}

/// Bytes a record takes on the log: a batch of the size the Producers send at the
/// configured rate (what `linger_ms` gathers for a partition, at most `batch_size`),
/// encoded as they encode it, divided by its records.
fn record_bytes(config: &Config) -> u64 {
    let producer = &config.producer;
    let rate = config.generator.rate;
    let per_batch = if rate > 0.0 {
        let gathered = rate * producer.linger_ms as f64
            / 1000.0
            / f64::from(config.pipeline.partitions.max(1));
        (gathered as usize).clamp(1, producer.batch_size.max(1))
    } else {
        producer.batch_size.max(1)
    };
    let samples =
        Sampler::new(Source::Random(config.generator.distribution), Some(1)).take(per_batch);
    let mut writer = RecordWriter::new(
        producer.tracking.run(uuid::Uuid::now_v7()),
        crate::keys::Keys::None,
        0,
    );
    let encoded = writer
        .batch(&samples)
        .and_then(|b| b.finish(producer.compression.into(), Some((0, 0, 0))));
    encoded.map_or(0, |b| (b.len() / per_batch) as u64)
}

/// `3600000` ms as `1h`, `90000` as `1.5min`; `-1` as `ever`.
fn duration(ms: i64) -> String {
    match ms {
        -1 => "ever".into(),
        ms if ms % 86_400_000 == 0 => format!("{}d", ms / 86_400_000),
        ms if ms % 3_600_000 == 0 => format!("{}h", ms / 3_600_000),
        ms if ms >= 60_000 => format!("{}min", ms as f64 / 60_000.0),
        ms => format!("{}s", ms as f64 / 1000.0),
    }
}

/// Bytes in decimal units, as disks are sold: `13.8 GB`.
fn bytes(n: f64) -> String {
    let (value, unit) = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        .into_iter()
        .find(|(scale, _)| n >= *scale)
        .map_or((n, "B"), |(scale, unit)| (n / scale, unit));
    format!("{value:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daemon_topic_gets_retention_and_segments_that_let_it_act() {
        let mut config = Config::default();
        let configs = retention_configs(&config);
        assert_eq!(configs["retention.ms"], "3600000");
        assert_eq!(configs["segment.ms"], "900000");
        assert_eq!(configs["retention.bytes"], "1073741824");
        assert_eq!(configs["segment.bytes"], "268435456");
        config.pipeline.retention_ms = -1;
        config.pipeline.retention_bytes = 1000;
        let configs = retention_configs(&config);
        assert!(!configs.contains_key("retention.ms"));
        assert_eq!(configs["segment.bytes"], (1 << 20).to_string());
    }

    #[test]
    fn the_footprint_follows_rate_and_retention() {
        let config = Config::default();
        let day = Footprint::estimate(&config, 3_600_000, -1);
        // A normal sample's text, the tracking header and framing: about 60 bytes (with
        // the four text headers before it, 166).
        assert!((40..80).contains(&day.record_bytes), "{day:?}");
        let expected = 1000.0 * day.record_bytes as f64 * 86_400.0;
        assert!((day.bytes_a_day - expected).abs() < 1.0, "{day:?}");
        let capped = Footprint::estimate(&config, 3_600_000, 1_000_000);
        assert!(capped.held_per_partition <= 1_250_000.0, "{capped:?}");
        assert!(capped.held_per_partition < day.held_per_partition);
        assert_eq!(duration(3_600_000), "1h");
        assert_eq!(duration(5_000), "5s");
        assert_eq!(bytes(13.8e9), "13.8 GB");
    }
}
