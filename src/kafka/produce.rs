//! The producer's side of the access layer: where each partition's leader is, a
//! connection of the producer's own to each leader (no fetch long-poll of a consumer
//! ever waits in front of a produce), and produce requests of record batches encoded
//! once ([`super::batch`]).
//!
//! Requests to one leader go out on one connection in the order they are sent, and
//! Kafka appends them in that order: several batches of a partition may be in flight
//! and stay in order while nothing fails.

use super::wire::{Connection, Reply};
use super::{Error, Kafka, Result};
use bytes::Bytes;
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{ProduceRequest, ProduceResponse, TopicName};
use kafka_protocol::protocol::StrBytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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

/// Writes record batches to the partitions of one topic.
pub struct Writer {
    kafka: Arc<Kafka>,
    topic: String,
    /// Connection to the leader of each partition, as last looked up.
    leaders: Mutex<HashMap<i32, Arc<Connection>>>,
    /// The producer's connections, one per broker address.
    connections: tokio::sync::Mutex<HashMap<String, Arc<Connection>>>,
}

impl Writer {
    pub fn new(kafka: Arc<Kafka>, topic: &str) -> Self {
        Self {
            kafka,
            topic: topic.into(),
            leaders: Mutex::default(),
            connections: tokio::sync::Mutex::default(),
        }
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Longest wait for one answer (`kafka.request_timeout_ms`).
    pub fn attempt_timeout(&self) -> Duration {
        self.kafka.attempt
    }

    /// Deadline of one batch, retries included (`kafka.api_timeout_ms`).
    pub fn deadline(&self) -> Duration {
        self.kafka.deadline
    }

    /// The pause before retry number `retry` (0-based): doubling from
    /// `kafka.retry_backoff_ms` up to `kafka.retry_backoff_max_ms`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let backoff = &self.kafka.backoff;
        backoff
            .init_backoff
            .saturating_mul(1 << retry.min(16))
            .min(backoff.max_backoff)
    }

    /// Send `batch` to the leader of `partition`; the request is on the wire (behind
    /// any sent before it) when this returns.
    pub async fn send(&self, partition: i32, batch: Bytes) -> Result<Pending> {
        let connection = self.leader(partition).await?;
        let request = ProduceRequest::default()
            .with_acks(ACKS_ALL)
            .with_timeout_ms(i32::try_from(self.kafka.attempt.as_millis()).unwrap_or(i32::MAX))
            .with_topic_data(vec![TopicProduceData::default()
                .with_name(TopicName(StrBytes::from_string(self.topic.clone())))
                .with_partition_data(vec![PartitionProduceData::default()
                    .with_index(partition)
                    .with_records(Some(batch))])]);
        let reply = connection
            .send(VERSION, &request)
            .inspect_err(|e| self.forget(partition, e))?;
        Ok(Pending {
            reply,
            topic: self.topic.clone(),
            partition,
        })
    }

    /// Look the leader of `partition` up again before the next send, after `error`;
    /// after a request that got no answer, give its connection up too (every request
    /// waiting on it fails now, and is sent again on a new one).
    pub fn forget(&self, partition: i32, error: &Error) {
        let connection = self
            .leaders
            .lock()
            .expect("not poisoned")
            .remove(&partition);
        if let (Some(connection), Error::Timeout { .. }) = (connection, error) {
            connection.close("no answer within the request timeout");
        }
    }

    /// The connection to the leader of `partition`: cached, or looked up in the
    /// cluster's metadata and opened.
    async fn leader(&self, partition: i32) -> Result<Arc<Connection>> {
        if let Some(connection) = self.leaders.lock().expect("not poisoned").get(&partition) {
            if !connection.is_broken() {
                return Ok(Arc::clone(connection));
            }
        }
        let metadata = self
            .kafka
            .metadata(Some(std::slice::from_ref(&self.topic)))
            .await?;
        let unknown = || Error::Rejected {
            operation: "produce".into(),
            topic: self.topic.clone(),
            partition,
            error: kafka_protocol::error::ResponseError::UnknownTopicOrPartition,
        };
        let leader = metadata
            .topics
            .iter()
            .find(|t| t.name == self.topic)
            .and_then(|t| t.partitions.iter().find(|p| p.partition == partition))
            .ok_or_else(unknown)?
            .leader;
        let broker = metadata
            .brokers
            .iter()
            .find(|b| b.id == leader)
            .ok_or_else(|| Error::Rejected {
                operation: "produce".into(),
                topic: self.topic.clone(),
                partition,
                error: kafka_protocol::error::ResponseError::LeaderNotAvailable,
            })?;
        let addr = format!("{}:{}", broker.host, broker.port);
        let connection = {
            let mut connections = self.connections.lock().await;
            match connections.get(&addr) {
                Some(c) if !c.is_broken() => Arc::clone(c),
                _ => {
                    let c = Arc::new(
                        Connection::open(&addr, &self.kafka.config.client_id, self.kafka.attempt)
                            .await?,
                    );
                    connections.insert(addr, Arc::clone(&c));
                    c
                }
            }
        };
        self.leaders
            .lock()
            .expect("not poisoned")
            .insert(partition, Arc::clone(&connection));
        Ok(connection)
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
