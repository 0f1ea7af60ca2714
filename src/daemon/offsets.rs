//! The offsets poller: every `metrics.offsets_interval_ms`, each partition's oldest
//! and newest offset, and the consumer lag in records and in seconds: from the
//! consumer positions, or in a consumer group from the group's committed offsets (as
//! kafka_exporter and `kafka-consumer-groups` compute it), for every partition.

use crate::actors::aggregator::{Aggregator, Peek};
use crate::kafka::fetch::{Fetch, Reader};
use crate::kafka::{Error as KafkaError, Kafka};
use crate::metrics as m;
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Every `interval`: each partition's oldest and current offset, the consumer lag in
/// records and in seconds (age of the record at the consumer position, or at
/// `group`'s committed offset).
pub(super) async fn poll_offsets(
    kafka: Arc<Kafka>,
    topic: String,
    partitions: Vec<i32>,
    aggregator: Addr<Aggregator>,
    group: Option<String>,
    interval: Duration,
    stop: Arc<AtomicBool>,
) {
    // The record at a consumer's position is read on the poller's own connections.
    let reader = Reader::new(Arc::clone(&kafka), &topic);
    let mut ticks = tokio::time::interval(interval);
    while !stop.load(Ordering::Relaxed) {
        ticks.tick().await;
        let Ok((observed, _)) = aggregator.send(Peek).await else {
            return;
        };
        let positions = match &group {
            None => Ok(observed
                .iter()
                .filter_map(|(p, seen)| Some((*p, seen.position?)))
                .collect()),
            Some(group) => kafka.committed_offsets(group).await.map(|committed| {
                committed
                    .into_iter()
                    .filter(|((t, _), _)| *t == topic)
                    .map(|((_, p), c)| (p, c.offset))
                    .collect()
            }),
        };
        let polled = match positions {
            Ok(positions) => poll_once(&kafka, &reader, &partitions, &positions).await,
            Err(e) => Err(e),
        };
        if let Err(e) = polled {
            tracing::warn!(topic, error = %e, "polling offsets failed");
        }
    }
}

async fn poll_once(
    kafka: &Kafka,
    reader: &Reader,
    partitions: &[i32],
    positions: &BTreeMap<i32, i64>,
) -> Result<(), KafkaError> {
    let topic = reader.topic();
    for &partition in partitions {
        let (oldest, current) = kafka.offsets(topic, partition).await?;
        let labels = [
            ("topic", topic.to_string()),
            ("partition", partition.to_string()),
        ];
        metrics::gauge!(m::OLDEST_OFFSET, &labels).set(oldest as f64);
        metrics::gauge!(m::CURRENT_OFFSET, &labels).set(current as f64);
        let Some(&position) = positions.get(&partition) else {
            continue;
        };
        let lag = (current - position).max(0);
        metrics::gauge!(m::CONSUMER_LAG, &labels).set(lag as f64);
        let age = if lag == 0 {
            0.0
        } else {
            record_age(reader, partition, position).await?
        };
        metrics::gauge!(m::CONSUMER_LAG_SECONDS, &labels).set(age);
    }
    Ok(())
}

/// Seconds since the record at `offset` was produced.
async fn record_age(reader: &Reader, partition: i32, offset: i64) -> Result<f64, KafkaError> {
    let limits = Fetch {
        max_wait_ms: 0,
        max_bytes: 64 * 1024,
    };
    let fetched = reader.fetch(partition, offset, limits).await?;
    let now = chrono::Utc::now().timestamp_millis();
    Ok(fetched
        .records
        .first()
        .map_or(0.0, |r| (now - r.timestamp_ms).max(0) as f64 / 1000.0))
}
