//! The offsets poller: every `metrics.offsets_interval_ms`, each partition's oldest
//! and newest offset, and the consumer lag in records and in seconds: from the
//! consumer positions, or in a consumer group from the group's committed offsets (as
//! kafka_exporter and `kafka-consumer-groups` compute it), for every partition.
//!
//! The Consumers' positions are taken before the log ends are asked, so the lag from
//! position to log end (`kafka_lab_consumer_position_lag`) is of one moment and never
//! negative: a page showing log end and position from one poll never shows a
//! position past the log end. Its age in seconds is of the record at the consumer's
//! position where this daemon reads the partition.

use crate::actors::aggregator::{Aggregator, Peek};
use crate::kafka::fetch::{Fetch, Reader};
use crate::kafka::{Error as KafkaError, Kafka};
use crate::metrics as m;
use crate::web::GroupView;
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Group members are described every this many polls (DescribeGroups).
const DESCRIBE_GROUP_EVERY: u64 = 5;

/// What the poller reads and where it puts it.
pub(super) struct Poller {
    pub kafka: Arc<Kafka>,
    pub topic: String,
    pub partitions: Vec<i32>,
    /// Has the Consumers' positions.
    pub aggregator: Addr<Aggregator>,
    /// The daemon's group, if it reads in one.
    pub group: Option<String>,
    /// Where the group's description goes (for the live page).
    pub members: GroupView,
    pub interval: Duration,
    pub stop: Arc<AtomicBool>,
}

impl Poller {
    /// Every `interval` until `stop`: each partition's oldest and current offset, the
    /// consumer lag in records and in seconds; every few polls the group's members.
    pub(super) async fn run(self) {
        let Self {
            kafka,
            topic,
            partitions,
            aggregator,
            group,
            members,
            interval,
            stop,
        } = self;
        // The record at a consumer's position is read on the poller's own connections.
        let reader = Reader::new(Arc::clone(&kafka), &topic);
        let mut ticks = tokio::time::interval(interval);
        let mut polls = 0u64;
        while !stop.load(Ordering::Relaxed) {
            ticks.tick().await;
            if let Some(group) = group
                .as_deref()
                .filter(|_| polls.is_multiple_of(DESCRIBE_GROUP_EVERY))
            {
                match kafka.describe_group(group).await {
                    Ok(described) => *members.lock().expect("not poisoned") = Some(described),
                    Err(e) => tracing::debug!(group, error = %e, "describing the group failed"),
                }
            }
            polls += 1;
            let Ok((observed, _)) = aggregator.send(Peek).await else {
                return;
            };
            let own: BTreeMap<i32, i64> = observed
                .iter()
                .filter_map(|(p, seen)| Some((*p, seen.position?)))
                .collect();
            let committed = match &group {
                None => Ok(None),
                Some(group) => kafka.committed_offsets(group).await.map(|committed| {
                    Some(
                        committed
                            .into_iter()
                            .filter(|((t, _), _)| *t == topic)
                            .map(|((_, p), c)| (p, c.offset))
                            .collect(),
                    )
                }),
            };
            let polled = match committed {
                Ok(committed) => {
                    let positions = Positions {
                        own: &own,
                        committed: committed.as_ref(),
                    };
                    poll_once(&kafka, &reader, &partitions, positions).await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = polled {
                tracing::warn!(topic, error = %e, "polling offsets failed");
            }
        }
    }
}

/// Where reading stands in each partition: this daemon's Consumers, and its group's
/// commits (`None` outside a group).
#[derive(Clone, Copy)]
struct Positions<'a> {
    own: &'a BTreeMap<i32, i64>,
    committed: Option<&'a BTreeMap<i32, i64>>,
}

async fn poll_once(
    kafka: &Kafka,
    reader: &Reader,
    partitions: &[i32],
    positions: Positions<'_>,
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
        let own = positions.own.get(&partition).copied();
        if let Some(position) = own {
            metrics::gauge!(m::CONSUMER_POSITION_LAG, &labels)
                .set((current - position).max(0) as f64);
        }
        let lagging = match positions.committed {
            None => own,
            Some(committed) => committed.get(&partition).copied(),
        };
        let Some(lagging) = lagging else {
            continue;
        };
        metrics::gauge!(m::CONSUMER_LAG, &labels).set((current - lagging).max(0) as f64);
        let aged = own.unwrap_or(lagging);
        let age = if aged >= current {
            0.0
        } else {
            record_age(reader, partition, aged).await?
        };
        metrics::gauge!(m::CONSUMER_LAG_SECONDS, &labels).set(age);
    }
    Ok(())
}

/// Seconds since the record at `offset` was produced.
async fn record_age(reader: &Reader, partition: i32, offset: i64) -> Result<f64, KafkaError> {
    // 1 ms, not 0: the record is there, so Kafka answers at once either way, while the
    // embedded broker (Nisshi 0.8) answers a fetch of max_wait 0 with no partitions.
    let limits = Fetch {
        max_wait_ms: 1,
        max_bytes: 64 * 1024,
    };
    let fetched = reader.fetch(partition, offset, limits).await?;
    let now = chrono::Utc::now().timestamp_millis();
    Ok(fetched
        .records
        .first()
        .map_or(0.0, |r| (now - r.timestamp_ms).max(0) as f64 / 1000.0))
}
