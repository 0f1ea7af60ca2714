//! Connections of one role (a Producer's, a Consumer's) to the leaders of a topic's
//! partitions: looked up in the cluster's metadata, opened on demand, shared by the
//! partitions a broker leads, and given up after an error, or once another role of
//! the same [`Kafka`] looked up another leader, so the next request looks the leader
//! up again.

use super::wire::Connection;
use super::{Error, Kafka, Result};
use kafka_protocol::error::ResponseError;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

pub struct Leaders {
    kafka: Arc<Kafka>,
    topic: String,
    /// Connection to the leader of each partition, as last looked up.
    leaders: Mutex<HashMap<i32, Arc<Connection>>>,
    /// This role's connections, one per broker address.
    connections: tokio::sync::Mutex<HashMap<String, Arc<Connection>>>,
    /// The broker a request about the partition last failed on: the next lookup
    /// asks it last.
    failed: Mutex<HashMap<i32, String>>,
}

impl Leaders {
    pub fn new(kafka: Arc<Kafka>, topic: &str) -> Self {
        Self {
            kafka,
            topic: topic.into(),
            leaders: Mutex::default(),
            connections: tokio::sync::Mutex::default(),
            failed: Mutex::default(),
        }
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Longest wait for one answer (`kafka.request_timeout_ms`).
    pub fn attempt_timeout(&self) -> Duration {
        self.kafka.attempt
    }

    /// Deadline of one operation, retries included (`kafka.api_timeout_ms`).
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

    /// After `error`, try `attempt` again until it succeeds: before each try the leader
    /// of `partition` is looked up again, and `pause` says how long to wait first
    /// (`None`: give up with the error). It is given the error and the retry number.
    pub async fn retry<T, Fut>(
        &self,
        partition: i32,
        mut error: Error,
        mut pause: impl FnMut(&Error, u32) -> Option<Duration>,
        mut attempt: impl FnMut() -> Fut,
    ) -> Result<T>
    where
        Fut: Future<Output = Result<T>>,
    {
        let mut retries = 0;
        loop {
            self.forget(partition, &error);
            let Some(wait) = pause(&error, retries) else {
                return Err(error);
            };
            tracing::debug!(topic = self.topic, partition, error = %error, "retrying");
            tokio::time::sleep(wait).await;
            retries += 1;
            match attempt().await {
                Ok(value) => return Ok(value),
                Err(e) => error = e,
            }
        }
    }

    /// The pause of a one-shot operation: retriable errors only, with doubling
    /// backoff, while the next try still starts before `end`.
    pub fn until(&self, end: Instant) -> impl Fn(&Error, u32) -> Option<Duration> + '_ {
        move |error, retries| {
            let pause = self.backoff(retries);
            (error.is_retriable() && Instant::now() + pause < end).then_some(pause)
        }
    }

    /// Look the leader of `partition` up again before the next request, after `error`,
    /// asking the broker that failed last; after a request that got no answer, give
    /// its connection up too (every request waiting on it fails now, and is sent again
    /// on a new one).
    fn forget(&self, partition: i32, error: &Error) {
        let Some(connection) = self.give_up(partition) else {
            return;
        };
        if let Error::Timeout { .. } = error {
            connection.close("no answer within the request timeout");
        }
    }

    /// Drop the cached leader of `partition`: the next lookup asks it last.
    fn give_up(&self, partition: i32) -> Option<Arc<Connection>> {
        let connection = self
            .leaders
            .lock()
            .expect("not poisoned")
            .remove(&partition)?;
        self.failed
            .lock()
            .expect("not poisoned")
            .insert(partition, connection.addr().to_string());
        Some(connection)
    }

    /// The cached connection to the leader of `partition`, unless it broke or another
    /// role has since found another leader (then it is given up). A leader cut off
    /// from its followers answers fetches with no records and no error, so a consumer
    /// learns that it moved from the producer, whose writes to it failed.
    fn cached(&self, partition: i32) -> Option<Arc<Connection>> {
        let connection = self
            .leaders
            .lock()
            .expect("not poisoned")
            .get(&partition)
            .cloned()?;
        if connection.is_broken() {
            return None;
        }
        let moved = self
            .kafka
            .looked_up
            .lock()
            .expect("not poisoned")
            .get(&self.topic)
            .and_then(|leaders| leaders.get(&partition))
            .is_some_and(|addr| addr != connection.addr());
        if !moved {
            return Some(connection);
        }
        self.give_up(partition);
        None
    }

    /// The connection to the leader of `partition`: cached, or looked up in the
    /// cluster's metadata and opened.
    pub async fn leader(&self, partition: i32) -> Result<Arc<Connection>> {
        if let Some(connection) = self.cached(partition) {
            return Ok(connection);
        }
        let rejected = |error| Error::Rejected {
            operation: "find the leader".into(),
            topic: self.topic.clone(),
            partition,
            error,
        };
        let failed = self.failed.lock().expect("not poisoned").remove(&partition);
        let metadata = self
            .kafka
            .metadata_after(failed.as_deref(), Some(std::slice::from_ref(&self.topic)))
            .await?;
        let leader = metadata
            .topics
            .iter()
            .find(|t| t.name == self.topic)
            .and_then(|t| t.partitions.iter().find(|p| p.partition == partition))
            .ok_or_else(|| rejected(ResponseError::UnknownTopicOrPartition))?
            .leader;
        let broker = metadata
            .brokers
            .iter()
            .find(|b| b.id == leader)
            .ok_or_else(|| rejected(ResponseError::LeaderNotAvailable))?;
        let addr = format!("{}:{}", broker.host, broker.port);
        self.kafka
            .looked_up
            .lock()
            .expect("not poisoned")
            .entry(self.topic.clone())
            .or_default()
            .insert(partition, addr.clone());
        let connection = {
            let mut connections = self.connections.lock().await;
            match connections.get(&addr) {
                Some(c) if !c.is_broken() => Arc::clone(c),
                _ => {
                    let kafka = &self.kafka;
                    let c = Arc::new(kafka.security.open(&addr, kafka.attempt).await?);
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
