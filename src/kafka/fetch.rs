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
use tokio::time::Instant;

/// Fetch v4: served by Apache Kafka 0.11 to 4.x and by Tansu.
const VERSION: i16 = 4;

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

    /// Records of `partition` from `offset`: at most `max_bytes` (at least one batch),
    /// waiting up to `max_wait_ms` on the broker for the first. Retried on a retriable
    /// error until `kafka.api_timeout_ms`.
    pub async fn fetch(
        &self,
        partition: i32,
        offset: i64,
        max_wait_ms: i32,
        max_bytes: i32,
    ) -> Result<Fetched> {
        let leaders = &self.leaders;
        let end = Instant::now() + leaders.deadline();
        let mut attempt = 0;
        loop {
            let error = match self.once(partition, offset, max_wait_ms, max_bytes).await {
                Ok(fetched) => return Ok(fetched),
                Err(e) => e,
            };
            leaders.forget(partition, &error);
            let pause = leaders.backoff(attempt);
            if !error.is_retriable() || Instant::now() + pause >= end {
                return Err(error);
            }
            tracing::debug!(topic = leaders.topic(), partition, error = %error, "retrying fetch");
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    async fn once(
        &self,
        partition: i32,
        offset: i64,
        max_wait_ms: i32,
        max_bytes: i32,
    ) -> Result<Fetched> {
        let leaders = &self.leaders;
        let topic = leaders.topic();
        let connection = leaders.leader(partition).await?;
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(max_wait_ms)
            .with_min_bytes(1)
            .with_max_bytes(max_bytes)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_string(topic.into())))
                .with_partitions(vec![FetchPartition::default()
                    .with_partition(partition)
                    .with_fetch_offset(offset)
                    .with_partition_max_bytes(max_bytes)])]);
        // The broker may hold the request for max_wait_ms before it answers.
        let wait = leaders.attempt_timeout()
            + std::time::Duration::from_millis(u64::try_from(max_wait_ms).unwrap_or(0));
        let response = connection.call(VERSION, &request, wait).await?;
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
