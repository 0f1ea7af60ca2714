//! The Kafka access layer: a thin wrapper over rskafka that every command and actor
//! uses, so that no call can hang and every error says where it happened.
//!
//! rskafka 0.6.0 has no connect or request timeout and retries forever by default
//! (see `DESIGN.md`). Here every operation runs under the configured deadline
//! (`kafka.request_timeout_ms`), rskafka's own backoff gets the same deadline, and a
//! partition client that timed out or lost its leader is dropped and built again
//! after a metadata refresh.
//!
//! - [`admin`]: topics (create, list, describe, delete);
//! - [`metadata`]: the Metadata request rskafka keeps private (leader, replicas, ISR).

pub mod admin;
pub mod metadata;

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
        source: ClientError,
    },
    #[error("{operation} on topic '{topic}' partition {partition}: {source}")]
    Partition {
        operation: String,
        topic: String,
        partition: i32,
        #[source]
        source: ClientError,
    },
    #[error("{operation} (brokers {brokers}): {reason}")]
    Protocol {
        operation: String,
        brokers: String,
        reason: String,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The broker error code behind a client error, if the broker sent one.
pub(crate) fn protocol_error(e: &ClientError) -> Option<ProtocolError> {
    match e {
        ClientError::ServerError { protocol_error, .. } => Some(*protocol_error),
        _ => None,
    }
}

/// A connection to a Kafka cluster with deadlines on everything.
pub struct Kafka {
    client: Client,
    brokers: Vec<String>,
    client_id: String,
    deadline: Duration,
    backoff: BackoffConfig,
    partitions: Mutex<HashMap<(String, i32), Arc<PartitionClient>>>,
}

impl Kafka {
    /// Connect to the bootstrap brokers, giving up after `request_timeout_ms`.
    pub async fn connect(config: &KafkaConfig) -> Result<Self> {
        let deadline = Duration::from_millis(config.request_timeout_ms);
        let backoff = BackoffConfig {
            init_backoff: Duration::from_millis(config.retry_backoff_ms),
            max_backoff: Duration::from_millis(config.retry_backoff_max_ms),
            base: 2.0,
            deadline: Some(deadline),
        };
        let brokers = config.brokers.clone();
        let unreachable = |reason: String| Error::Unreachable {
            brokers: brokers.join(","),
            deadline,
            reason,
        };
        let build = ClientBuilder::new(brokers.clone())
            .client_id(config.client_id.as_str())
            .backoff_config(backoff.clone())
            .build();
        let client = match timeout(deadline, build).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => return Err(unreachable(e.to_string())),
            Err(_) => return Err(unreachable("no answer".into())),
        };
        Ok(Self {
            client,
            brokers,
            client_id: config.client_id.clone(),
            deadline,
            backoff,
            partitions: Mutex::default(),
        })
    }

    /// The bootstrap brokers, comma-separated, for messages.
    pub fn brokers(&self) -> String {
        self.brokers.join(",")
    }

    /// The rskafka client, for operations this layer does not wrap.
    pub fn client(&self) -> &Client {
        &self.client
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

    /// Run `op` against the leader of `topic`/`partition`, retrying with backoff until
    /// the deadline. After a timeout, a lost connection or a leader change the partition
    /// client is dropped, metadata is refreshed and a new client is built.
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
                source,
            },
        };
        loop {
            let attempt = async {
                let cached = self
                    .partitions
                    .lock()
                    .expect("not poisoned")
                    .get(&key)
                    .cloned();
                let client = match cached {
                    Some(client) => client,
                    None => {
                        let client = self
                            .client
                            .partition_client(topic, partition, UnknownTopicHandling::Error)
                            .await?;
                        let client = Arc::new(client);
                        let mut cache = self.partitions.lock().expect("not poisoned");
                        cache.insert(key.clone(), Arc::clone(&client));
                        client
                    }
                };
                op(client).await
            };
            let outcome = tokio::time::timeout_at(end, attempt).await;
            let retriable = match outcome {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(e)) if !is_retriable(&e) => return Err(context(e)),
                Ok(Err(e)) => Some(e),
                Err(_) => None,
            };
            // Forget the client: the next attempt looks the leader up again.
            self.partitions.lock().expect("not poisoned").remove(&key);
            if Instant::now() + pause >= end {
                return Err(retriable.map_or_else(|| self.timeout(operation), context));
            }
            tracing::debug!(topic, partition, operation, error = ?retriable, "retrying");
            tokio::time::sleep(pause).await;
            let _ = timeout(end - Instant::now(), self.client.list_topics()).await;
            pause = (pause * 2).min(self.backoff.max_backoff);
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

/// Errors worth another try on a fresh connection: transport failures, rskafka giving
/// up, and the broker saying the leader moved or is not there yet.
fn is_retriable(e: &ClientError) -> bool {
    match e {
        ClientError::Connection(_) | ClientError::Request(_) | ClientError::RetryFailed(_) => true,
        ClientError::Timeout => true,
        ClientError::ServerError { protocol_error, .. } => matches!(
            protocol_error,
            ProtocolError::NotLeaderOrFollower
                | ProtocolError::LeaderNotAvailable
                | ProtocolError::NotController
                | ProtocolError::RequestTimedOut
                | ProtocolError::NetworkException
                | ProtocolError::BrokerNotAvailable
        ),
        _ => false,
    }
}
