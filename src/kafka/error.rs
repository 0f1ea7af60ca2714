//! What can go wrong talking to Kafka, and which failures are worth another try.

use rskafka::client::error::{Error as ClientError, ProtocolError};
use std::time::Duration;

/// What can go wrong talking to Kafka. Every variant names the brokers, topic or
/// partition involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("cannot reach Kafka at {brokers} within {deadline:?}: {reason}")]
    Unreachable {
        brokers: String,
        deadline: Duration,
        reason: String,
    },
    #[error("{operation} did not finish within {deadline:?} (brokers {brokers})")]
    Timeout {
        operation: String,
        brokers: String,
        deadline: Duration,
    },
    #[error("topic '{topic}' already exists")]
    TopicExists { topic: String },
    #[error("topic '{topic}' does not exist")]
    UnknownTopic { topic: String },
    #[error("consumer group '{group}' does not exist")]
    UnknownGroup { group: String },
    #[error("consumer group '{group}': {operation}: {reason}")]
    Group {
        group: String,
        operation: String,
        reason: String,
    },
    #[error("invalid topic name '{topic}': {reason}")]
    InvalidTopicName { topic: String, reason: String },
    #[error("replication factor {requested} is larger than the number of brokers ({available})")]
    ReplicationFactor { requested: i16, available: usize },
    #[error("invalid partition count {requested}: a topic needs at least 1 partition")]
    PartitionCount { requested: i32 },
    #[error("{operation} '{topic}': {reason}")]
    TopicRefused {
        operation: String,
        topic: String,
        reason: String,
    },
    #[error("{operation} on topic '{topic}': {source}")]
    Topic {
        operation: String,
        topic: String,
        #[source]
        source: Box<ClientError>,
    },
    #[error("{operation} on topic '{topic}' partition {partition}: {source}")]
    Partition {
        operation: String,
        topic: String,
        partition: i32,
        #[source]
        source: Box<ClientError>,
    },
    #[error("{operation} (brokers {brokers}): {reason}")]
    Protocol {
        operation: String,
        brokers: String,
        reason: String,
    },
    #[error("connection to {broker} lost: {reason}")]
    Disconnected { broker: String, reason: String },
    #[error("authentication failed for user {user} at {broker} ({mechanism}): {reason}")]
    Authentication {
        user: String,
        broker: String,
        mechanism: &'static str,
        reason: String,
    },
    #[error("TLS with {broker} failed: {reason}")]
    Tls { broker: String, reason: String },
    #[error("{key}: {reason}")]
    Setting { key: String, reason: String },
    #[error("{operation} on topic '{topic}' partition {partition}: the broker answered {error}")]
    Rejected {
        operation: String,
        topic: String,
        partition: i32,
        error: kafka_protocol::error::ResponseError,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A short label for metrics: `timeout`, `unreachable`, `unknown_topic`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "unreachable",
            Self::Timeout { .. } => "timeout",
            Self::TopicExists { .. } => "topic_exists",
            Self::UnknownTopic { .. } => "unknown_topic",
            Self::UnknownGroup { .. } => "unknown_group",
            Self::Group { .. } => "group",
            Self::InvalidTopicName { .. } => "invalid_topic_name",
            Self::ReplicationFactor { .. } => "replication_factor",
            Self::PartitionCount { .. } => "partition_count",
            Self::Topic { .. }
            | Self::TopicRefused { .. }
            | Self::Partition { .. }
            | Self::Rejected { .. } => "broker",
            Self::Protocol { .. } => "protocol",
            Self::Disconnected { .. } => "disconnected",
            Self::Authentication { .. } => "authentication",
            Self::Tls { .. } => "tls",
            Self::Setting { .. } => "setting",
        }
    }

    /// Whether the same request may succeed on another try: no answer, a lost
    /// connection, or a broker error Kafka calls retriable (a moved leader, a topic
    /// not known yet right after its creation, an idempotent batch that overtook one
    /// being sent again).
    pub fn is_retriable(&self) -> bool {
        use kafka_protocol::error::ResponseError;
        match self {
            Self::Unreachable { .. } | Self::Timeout { .. } | Self::Disconnected { .. } => true,
            Self::Rejected { error, .. } => {
                error.is_retriable()
                    || matches!(
                        error,
                        ResponseError::UnknownTopicOrPartition
                            | ResponseError::OutOfOrderSequenceNumber
                    )
            }
            _ => false,
        }
    }
}

/// The broker error code behind a client error, if the broker sent one.
pub(crate) fn protocol_error(e: &ClientError) -> Option<ProtocolError> {
    match e {
        ClientError::ServerError { protocol_error, .. } => Some(*protocol_error),
        _ => None,
    }
}

/// An error for a refusing `error_code` of an answer to `operation` from `brokers`.
pub(super) fn refused(operation: &str, brokers: &str, error_code: i16) -> Result<()> {
    match kafka_protocol::error::ParseResponseErrorCode::err(error_code) {
        None => Ok(()),
        Some(e) => Err(Error::Protocol {
            operation: operation.into(),
            brokers: brokers.into(),
            reason: format!("the broker answered {e}"),
        }),
    }
}
