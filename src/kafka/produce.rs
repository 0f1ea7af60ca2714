//! The producer's side of the access layer: produce requests of record batches encoded
//! once ([`super::batch`]), on connections of the producer's own to each partition
//! leader ([`Leaders`]), so no fetch long-poll of a consumer ever waits in front of a
//! produce.
//!
//! Requests to one leader go out on one connection in the order they are sent, and
//! Kafka appends them in that order: several batches of a partition may be in flight
//! and stay in order while nothing fails.
//!
//! An idempotent Writer (the default, as in Kafka's clients) gets a producer id and
//! epoch (InitProducerId) when it opens; its Producers number their batches per
//! partition ([`next_sequence`]) and the broker appends a batch it already has only
//! once, so a retry after a lost answer writes no duplicate. A batch the broker
//! already has is acknowledged (`DUPLICATE_SEQUENCE_NUMBER` counts as success, its
//! offset unknown); a gap in the numbers (`OUT_OF_ORDER_SEQUENCE_NUMBER`, a later batch
//! that arrived before an earlier one was sent again) is retried like a moved leader;
//! a producer id the broker fenced or forgot ends the job with that error.

use super::leaders::Leaders;
use super::wire::Reply;
use super::{Error, Kafka, Result};
use bytes::Bytes;
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{
    InitProducerIdRequest, ProduceRequest, ProduceResponse, ProducerId, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use std::sync::Arc;
use std::time::Duration;

/// Produce v7: served by Apache Kafka 2.1 to 4.x and by the embedded broker.
const VERSION: i16 = 7;
/// InitProducerId v3 (with producer id and epoch -1: a new producer): served by Apache
/// Kafka 2.5 to 4.x and by the embedded broker (Nisshi answers v0 to v4; Tansu 0.6.0,
/// before it, panicked below v3).
const INIT_VERSION: i16 = 3;
/// acks=all: the leader answers when every in-sync replica has the batch.
const ACKS_ALL: i16 = -1;

/// A produce request on its way: the answer resolves to the batch's base offset.
pub struct Pending {
    reply: Reply<ProduceResponse>,
    topic: String,
    partition: i32,
}

/// An idempotent producer's id and epoch, given by the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerIdentity {
    pub id: i64,
    pub epoch: i16,
}

/// Writes record batches to the partitions of one topic, on the producer's own
/// connections.
pub struct Writer {
    leaders: Leaders,
    identity: Option<ProducerIdentity>,
}

impl Writer {
    /// A Writer of `topic`; `idempotent` asks the cluster for a producer id first.
    pub async fn open(kafka: Arc<Kafka>, topic: &str, idempotent: bool) -> Result<Self> {
        let identity = match idempotent {
            true => Some(kafka.init_producer_id().await?),
            false => None,
        };
        Ok(Self {
            leaders: Leaders::new(kafka, topic),
            identity,
        })
    }

    /// The producer id and epoch to write in every batch, if idempotent.
    pub fn identity(&self) -> Option<ProducerIdentity> {
        self.identity
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
            None | Some(ResponseError::DuplicateSequenceNumber) => Ok(answer.base_offset),
            Some(error) => Err(Error::Rejected {
                operation: "produce".into(),
                topic: self.topic,
                partition: self.partition,
                error,
            }),
        }
    }
}

impl Kafka {
    /// A producer id and epoch for an idempotent (not transactional) producer, from
    /// any broker; retriable broker errors are tried again until the deadline.
    async fn init_producer_id(&self) -> Result<ProducerIdentity> {
        let request = InitProducerIdRequest::default()
            .with_transactional_id(None)
            .with_transaction_timeout_ms(i32::MAX)
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1);
        let end = tokio::time::Instant::now() + self.deadline;
        loop {
            let response = self.ask_any(INIT_VERSION, &request).await?;
            match response.error_code.err() {
                None => {
                    return Ok(ProducerIdentity {
                        id: response.producer_id.0,
                        epoch: response.producer_epoch,
                    })
                }
                Some(e) if e.is_retriable() && tokio::time::Instant::now() < end => {
                    tokio::time::sleep(self.backoff.init_backoff).await;
                }
                Some(e) => {
                    return Err(Error::Protocol {
                        operation: "get a producer id (InitProducerId)".into(),
                        brokers: self.brokers(),
                        reason: format!("the broker answered {e}"),
                    })
                }
            }
        }
    }
}

/// The sequence number after a batch of `count` records that starts at `sequence`:
/// Kafka's sequence numbers wrap from `i32::MAX` to 0.
pub fn next_sequence(sequence: i32, count: i32) -> i32 {
    ((i64::from(sequence) + i64::from(count)) % (i64::from(i32::MAX) + 1)) as i32
}

#[cfg(test)]
mod tests {
    use super::next_sequence;

    #[test]
    fn sequence_numbers_wrap_to_zero() {
        assert_eq!(next_sequence(0, 500), 500);
        assert_eq!(next_sequence(i32::MAX - 1, 1), i32::MAX);
        assert_eq!(next_sequence(i32::MAX, 1), 0);
        assert_eq!(next_sequence(i32::MAX - 9, 20), 10);
    }
}
