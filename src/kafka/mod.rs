//! The Kafka access layer that every command and actor uses, so that no call can hang
//! and every error says where it happened. Records travel on connections of our own
//! ([`wire`], [`produce`], [`fetch`]); topics and offsets go through rskafka.
//!
//! rskafka 0.6.0 has no connect or request timeout and retries forever by default
//! (see `DESIGN.md`). Here every operation runs under the configured deadline
//! (`kafka.request_timeout_ms`), rskafka's own backoff gets the same deadline, and a
//! partition client that timed out or lost its leader is dropped and built again
//! after a metadata refresh.
//!
//! - [`admin`]: topics (create, list, describe, delete);
//! - [`metadata`]: the Metadata request rskafka keeps private (leader, replicas, ISR);
//! - [`wire`]: a connection of our own, for what rskafka does not offer;
//! - [`batch`]: record batches encoded once, sent as they are (and again on retry),
//!   and decoded without copying;
//! - [`leaders`]: one role's connections to the partition leaders;
//! - [`produce`]: produce requests; [`fetch`]: fetch requests.

pub mod admin;
pub mod batch;
mod bootstrap;
pub mod fetch;
pub mod leaders;
pub mod metadata;
pub mod produce;
pub mod wire;

use crate::config::KafkaConfig;
use rskafka::client::error::{Error as ClientError, ProtocolError};
use rskafka::client::partition::{OffsetAt, PartitionClient, UnknownTopicHandling};
use rskafka::client::{Client, ClientBuilder};
use rskafka::BackoffConfig;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{timeout, Instant};

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
    #[error("invalid topic name '{topic}': {reason}")]
    InvalidTopicName { topic: String, reason: String },
    #[error("replication factor {requested} is larger than the number of brokers ({available})")]
    ReplicationFactor { requested: i16, available: usize },
    #[error("invalid partition count {requested}: a topic needs at least 1 partition")]
    PartitionCount { requested: i32 },
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
            Self::InvalidTopicName { .. } => "invalid_topic_name",
            Self::ReplicationFactor { .. } => "replication_factor",
            Self::PartitionCount { .. } => "partition_count",
            Self::Topic { .. } | Self::Partition { .. } | Self::Rejected { .. } => "broker",
            Self::Protocol { .. } => "protocol",
            Self::Disconnected { .. } => "disconnected",
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

/// A connection to a Kafka cluster with deadlines on everything.
pub struct Kafka {
    /// Replaced as a whole when a request times out: rskafka caches connections (to
    /// an arbitrary broker, to each leader) that a silent broker would keep hanging.
    client: Mutex<Arc<Client>>,
    config: KafkaConfig,
    /// Deadline of one operation, retries included (`api_timeout_ms`).
    deadline: Duration,
    /// Longest wait for one attempt (`request_timeout_ms`, at most the deadline).
    attempt: Duration,
    backoff: BackoffConfig,
    partitions: Mutex<HashMap<(String, i32), Arc<PartitionClient>>>,
}

impl Kafka {
    /// Connect to the bootstrap brokers, retrying until `api_timeout_ms`.
    pub async fn connect(config: &KafkaConfig) -> Result<Self> {
        let deadline = Duration::from_millis(config.api_timeout_ms);
        let attempt = Duration::from_millis(config.request_timeout_ms).min(deadline);
        let backoff = BackoffConfig {
            init_backoff: Duration::from_millis(config.retry_backoff_ms),
            max_backoff: Duration::from_millis(config.retry_backoff_max_ms),
            base: 2.0,
            deadline: Some(attempt),
        };
        let client = build_client(config, &backoff, deadline, attempt).await?;
        Ok(Self {
            client: Mutex::new(Arc::new(client)),
            config: config.clone(),
            deadline,
            attempt,
            backoff,
            partitions: Mutex::default(),
        })
    }

    /// The bootstrap brokers, comma-separated, for messages.
    pub fn brokers(&self) -> String {
        self.config.brokers.join(",")
    }

    /// The current rskafka client, for operations this layer does not wrap.
    pub fn client(&self) -> Arc<Client> {
        Arc::clone(&self.client.lock().expect("not poisoned"))
    }

    /// Run `fut` under the operation deadline.
    pub(crate) async fn within<T>(
        &self,
        operation: &str,
        fut: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        timeout(self.deadline, fut)
            .await
            .unwrap_or_else(|_| Err(self.timeout(operation)))
    }

    fn timeout(&self, operation: &str) -> Error {
        Error::Timeout {
            operation: operation.into(),
            brokers: self.brokers(),
            deadline: self.deadline,
        }
    }

    /// Run `op` against the leader of `topic`/`partition`, each attempt bounded by the
    /// request timeout, retrying with backoff until the deadline. After a lost
    /// connection or a leader change the partition client is dropped and metadata
    /// refreshed; after an attempt that timed out the whole client is rebuilt.
    pub async fn on_partition<T, F, Fut>(
        &self,
        topic: &str,
        partition: i32,
        operation: &str,
        op: F,
    ) -> Result<T>
    where
        F: Fn(Arc<PartitionClient>) -> Fut,
        Fut: Future<Output = rskafka::client::error::Result<T>>,
    {
        let end = Instant::now() + self.deadline;
        let mut pause = self.backoff.init_backoff;
        let key = (topic.to_string(), partition);
        let context = |source: ClientError| match protocol_error(&source) {
            Some(ProtocolError::UnknownTopicOrPartition) => Error::UnknownTopic {
                topic: topic.into(),
            },
            _ => Error::Partition {
                operation: operation.into(),
                topic: topic.into(),
                partition,
                source: Box::new(source),
            },
        };
        loop {
            let attempt = async {
                let client = self.partition_client(topic, partition).await?;
                op(client).await
            };
            let attempt_end = end.min(Instant::now() + self.attempt);
            let failure = match tokio::time::timeout_at(attempt_end, attempt).await {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(e)) if !is_retriable(&e) => return Err(context(e)),
                Ok(Err(e)) => Some(e),
                Err(_) => None,
            };
            if Instant::now() + pause >= end {
                return Err(failure.map_or_else(|| self.timeout(operation), context));
            }
            tracing::debug!(topic, partition, operation, error = ?failure, "retrying");
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(self.backoff.max_backoff);
            match failure {
                // A transport error or a moved leader: look the leader up again.
                Some(_) => {
                    self.partitions.lock().expect("not poisoned").remove(&key);
                    let _ = timeout(self.attempt, self.client().list_topics()).await;
                }
                // No answer: drop every cached connection.
                None => self.reconnect(end).await,
            }
        }
    }

    /// The cached client of a partition, or a new one.
    async fn partition_client(
        &self,
        topic: &str,
        partition: i32,
    ) -> rskafka::client::error::Result<Arc<PartitionClient>> {
        let key = (topic.to_string(), partition);
        if let Some(client) = self.partitions.lock().expect("not poisoned").get(&key) {
            return Ok(Arc::clone(client));
        }
        let client = self
            .client()
            .partition_client(topic, partition, UnknownTopicHandling::Error)
            .await?;
        let client = Arc::new(client);
        let mut cache = self.partitions.lock().expect("not poisoned");
        cache.insert(key, Arc::clone(&client));
        Ok(client)
    }

    /// Replace the rskafka client and forget every partition client. On failure the
    /// old client stays; the caller's next attempt will tell.
    async fn reconnect(&self, end: Instant) {
        let remaining = end.saturating_duration_since(Instant::now());
        if let Ok(client) = build_client(&self.config, &self.backoff, remaining, self.attempt).await
        {
            *self.client.lock().expect("not poisoned") = Arc::new(client);
            self.partitions.lock().expect("not poisoned").clear();
        }
    }

    /// Earliest and latest (log-end) offset of a partition.
    pub async fn offsets(&self, topic: &str, partition: i32) -> Result<(i64, i64)> {
        self.on_partition(topic, partition, "list offsets", |client| async move {
            let earliest = client.get_offset(OffsetAt::Earliest).await?;
            let latest = client.get_offset(OffsetAt::Latest).await?;
            Ok((earliest, latest))
        })
        .await
    }
}

/// Build an rskafka client, each try bounded by `attempt` (rskafka picks a bootstrap
/// broker at random, so a silent one is skipped on a later try), until `deadline`.
async fn build_client(
    config: &KafkaConfig,
    backoff: &BackoffConfig,
    deadline: Duration,
    attempt: Duration,
) -> Result<Client> {
    let end = Instant::now() + deadline;
    let mut last = String::from("no answer");
    while Instant::now() < end {
        let build = ClientBuilder::new(config.brokers.clone())
            .client_id(config.client_id.as_str())
            .backoff_config(backoff.clone())
            .build();
        match tokio::time::timeout_at(end.min(Instant::now() + attempt), build).await {
            Ok(Ok(client)) => return Ok(client),
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = format!("no answer within {attempt:?}"),
        }
    }
    Err(Error::Unreachable {
        brokers: config.brokers.join(","),
        deadline,
        reason: last,
    })
}

/// Errors worth another try on a fresh connection: transport failures, rskafka giving
/// up, and the broker saying the leader moved or is not there yet. An unknown topic is
/// among them, as in Kafka's Java client: right after a create, brokers learn of the
/// topic one after another (callers check that a topic exists before they get here).
fn is_retriable(e: &ClientError) -> bool {
    match e {
        ClientError::Connection(_) | ClientError::Request(_) | ClientError::RetryFailed(_) => true,
        ClientError::Timeout => true,
        ClientError::ServerError { protocol_error, .. } => matches!(
            protocol_error,
            ProtocolError::NotLeaderOrFollower
                | ProtocolError::UnknownTopicOrPartition
                | ProtocolError::LeaderNotAvailable
                | ProtocolError::NotController
                | ProtocolError::RequestTimedOut
                | ProtocolError::NetworkException
                | ProtocolError::BrokerNotAvailable
        ),
        _ => false,
    }
}
