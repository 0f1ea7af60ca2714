//! The producer's side of the access layer: produce requests of record batches encoded
//! once ([`super::batch`]), on connections of the producer's own to each partition
//! leader ([`Leaders`]), so no fetch long-poll of a consumer ever waits in front of a
//! produce.
//!
//! Requests to one leader go out on one connection in the order they are sent, and
//! Kafka appends them in that order: several batches of a partition may be in flight
//! and stay in order while nothing fails.

use super::leaders::Leaders;
use super::wire::Reply;
use super::{Error, Kafka, Result};
use bytes::Bytes;
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::sync::Arc;
use std::time::Duration;

/// Produce v7: served by Apache Kafka 2.1 to 4.x and by Tansu.
const VERSION: i16 = 7;
/// acks=all: the leader answers when every in-sync replica has the batch.
const ACKS_ALL: i16 = -1;

/// A produce request on its way: the answer resolves to the batch's base offset.
pub struct Pending {
    reply: Reply<ProduceResponse>,
    topic: String,
    partition: i32,
}

/// Writes record batches to the partitions of one topic, on the producer's own
/// connections.
pub struct Writer {
    leaders: Leaders,
}

impl Writer {
    pub fn new(kafka: Arc<Kafka>, topic: &str) -> Self {
        Self {
            leaders: Leaders::new(kafka, topic),
        }
    }

    /// Where the leaders are, timeouts and backoff.
    pub fn leaders(&self) -> &Leaders {
        &self.leaders
    }

    /// Send `batch` to the leader of `partition`; the request is on the wire (behind
    /// any sent before it) when this returns.
    pub async fn send(&self, partition: i32, batch: Bytes) -> Result<Pending> {
        let leaders = &self.leaders;
        let connection = leaders.leader(partition).await?;
        let timeout = leaders.attempt_timeout().as_millis();
        let request = ProduceRequest::default()
            .with_acks(ACKS_ALL)
            .with_timeout_ms(i32::try_from(timeout).unwrap_or(i32::MAX))
            .with_topic_data(vec![TopicProduceData::default()
                .with_name(TopicName(StrBytes::from_string(leaders.topic().into())))
                .with_partition_data(vec![PartitionProduceData::default()
                    .with_index(partition)
                    .with_records(Some(batch))])]);
        Ok(Pending {
            reply: connection.send(VERSION, &request)?,
            topic: leaders.topic().into(),
            partition,
        })
    }
}

impl Pending {
    /// The base offset Kafka gave the batch, or why it did not take it.
    pub async fn offset(self, timeout: Duration) -> Result<i64> {
        let response = self.reply.wait(timeout).await?;
        let answer = response
            .responses
            .iter()
            .flat_map(|t| &t.partition_responses)
            .find(|p| p.index == self.partition)
            .ok_or_else(|| Error::Protocol {
                operation: "produce".into(),
                brokers: String::new(),
                reason: format!("no answer for partition {}", self.partition),
            })?;
        match answer.error_code.err() {
            None => Ok(answer.base_offset),
            Some(error) => Err(Error::Rejected {
                operation: "produce".into(),
                topic: self.topic,
                partition: self.partition,
                error,
            }),
        }
    }
}
