//! [`Kafka`]: a connection to a cluster with deadlines on everything. rskafka 0.6.0
//! has no connect or request timeout and retries forever by default (see `DESIGN.md`);
//! here every operation runs under the configured deadline, each attempt under the
//! request timeout, and a partition client that timed out or lost its leader is
//! dropped and built again after a metadata refresh.

use super::error::protocol_error;
use super::{bootstrap, metadata, Error, Result, Security};
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

/// A connection to a Kafka cluster with deadlines on everything.
pub struct Kafka {
    /// Replaced as a whole when a request times out: rskafka caches connections (to
    /// an arbitrary broker, to each leader) that a silent broker would keep hanging.
    client: Mutex<Arc<Client>>,
    pub(super) config: KafkaConfig,
    /// Deadline of one operation, retries included (`api_timeout_ms`).
    pub(super) deadline: Duration,
    /// Longest wait for one attempt (`request_timeout_ms`, at most the deadline).
    pub(super) attempt: Duration,
    pub(super) backoff: BackoffConfig,
    /// How connections are opened: TLS, SASL.
    pub(super) security: Security,
    partitions: Mutex<HashMap<(String, i32), Arc<PartitionClient>>>,
    /// The brokers (`host:port`) the last Metadata answer named.
    pub(super) seen: Mutex<Vec<String>>,
    /// The leader (`host:port`) of each partition of each topic as the last lookup of
    /// any role found it ([`super::leaders::Leaders`]).
    pub(super) looked_up: Mutex<HashMap<String, HashMap<i32, String>>>,
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
        let security = Security::new(config).map_err(|problems| {
            let (key, reason) = problems.into_iter().next().expect("a problem");
            Error::Setting { key, reason }
        })?;
        // One Metadata request first, on a connection of our own: a wrong password,
        // an untrusted certificate or a listener expecting another protocol is said
        // at once, where rskafka would retry it until the deadline.
        let timing = (deadline, attempt, backoff.init_backoff);
        let probe = metadata::request(Some(&[]));
        bootstrap::first_answer(
            &security,
            &config.brokers,
            timing,
            metadata::VERSION,
            &probe,
        )
        .await?;
        let client = build_client(config, &security, &backoff, deadline, attempt).await?;
        Ok(Self {
            client: Mutex::new(Arc::new(client)),
            config: config.clone(),
            deadline,
            attempt,
            backoff,
            security,
            partitions: Mutex::default(),
            seen: Mutex::default(),
            looked_up: Mutex::default(),
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
        let rebuilt = build_client(
            &self.config,
            &self.security,
            &self.backoff,
            remaining,
            self.attempt,
        );
        if let Ok(client) = rebuilt.await {
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
    security: &Security,
    backoff: &BackoffConfig,
    deadline: Duration,
    attempt: Duration,
) -> Result<Client> {
    let end = Instant::now() + deadline;
    let mut last = String::from("no answer");
    while Instant::now() < end {
        let build = security
            .rskafka(ClientBuilder::new(config.brokers.clone()))
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
