//! The consumer's side of the access layer: fetch requests for one partition on the
//! Consumer's own connection to its leader ([`Leaders`]), retried with the layer's
//! deadlines, and the record batches decoded without copying ([`super::batch`]).

use super::batch::{self, RawRecord};
use super::leaders::Leaders;
use super::{Error, Kafka, Result};
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::{BrokerId, FetchRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Fetch v4: served by Apache Kafka 0.11 to 4.x and by the embedded broker.
const VERSION: i16 = 4;

/// How much one fetch may bring and how long the broker may wait for it (`[consumer]`).
#[derive(Debug, Clone, Copy)]
pub struct Fetch {
    pub max_wait_ms: i32,
    pub max_bytes: i32,
}

impl From<&crate::config::ConsumerConfig> for Fetch {
    fn from(config: &crate::config::ConsumerConfig) -> Self {
        Self {
            max_wait_ms: i32::try_from(config.max_wait_ms).unwrap_or(i32::MAX),
            max_bytes: i32::try_from(config.max_bytes).unwrap_or(i32::MAX),
        }
    }
}

/// Records fetched from one partition.
pub struct Fetched {
    /// In offset order, from the requested offset on.
    pub records: Vec<RawRecord>,
    pub high_watermark: i64,
}

/// Reads the partitions of one topic.
pub struct Reader {
    leaders: Leaders,
}

impl Reader {
    pub fn new(kafka: Arc<Kafka>, topic: &str) -> Self {
        Self {
            leaders: Leaders::new(kafka, topic),
        }
    }

    pub fn topic(&self) -> &str {
        self.leaders.topic()
    }

    /// Records of `partition` from `offset` within `limits`. Retried on a retriable
    /// error until `kafka.api_timeout_ms`.
    pub async fn fetch(&self, partition: i32, offset: i64, limits: Fetch) -> Result<Fetched> {
        let leaders = &self.leaders;
        let end = Instant::now() + leaders.deadline();
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(limits.max_wait_ms)
            .with_min_bytes(1)
            .with_max_bytes(limits.max_bytes)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_string(leaders.topic().into())))
                .with_partitions(vec![FetchPartition::default()
                    .with_partition(partition)
                    .with_fetch_offset(offset)
                    .with_partition_max_bytes(limits.max_bytes)])]);
        // The broker may hold the request for max_wait_ms before it answers.
        let wait = leaders.attempt_timeout()
            + Duration::from_millis(u64::try_from(limits.max_wait_ms).unwrap_or(0));
        let once = || self.once(partition, offset, &request, wait);
        match once().await {
            Ok(fetched) => Ok(fetched),
            Err(error) => {
                leaders
                    .retry(partition, error, leaders.until(end), once)
                    .await
            }
        }
    }

    /// One fetch of `request` (for `partition` from `offset`), waiting `wait` for it.
    async fn once(
        &self,
        partition: i32,
        offset: i64,
        request: &FetchRequest,
        wait: Duration,
    ) -> Result<Fetched> {
        let leaders = &self.leaders;
        let topic = leaders.topic();
        let connection = leaders.leader(partition).await?;
        let response = connection.call(VERSION, request, wait).await?;
        let answer = response
            .responses
            .into_iter()
            .flat_map(|t| t.partitions)
            .find(|p| p.partition_index == partition)
            .ok_or_else(|| Error::Protocol {
                operation: "fetch".into(),
                brokers: connection.addr().into(),
                reason: format!("no answer for partition {partition}"),
            })?;
        if let Some(error) = answer.error_code.err() {
            return Err(Error::Rejected {
                operation: format!("fetch from offset {offset}"),
                topic: topic.into(),
                partition,
                error,
            });
        }
        let mut records = Vec::new();
        if let Some(data) = answer.records {
            batch::decode(data, offset, &mut records).map_err(|reason| Error::Protocol {
                operation: "fetch".into(),
                brokers: connection.addr().into(),
                reason,
            })?;
        }
        Ok(Fetched {
            records,
            high_watermark: answer.high_watermark,
        })
    }
}
