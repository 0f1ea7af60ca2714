//! Exercise 1, topics: create, list, describe, delete.
//!
//! Create and delete wait until the cluster's metadata shows the change (all leaders
//! elected; topic gone), so the next command, in this process or another, sees it.

use super::configs::{NewTopic, TopicConfigs};
use super::metadata::{PartitionMetadata, TopicMetadata};
use super::{protocol_error, Error, Kafka, Result};
use rskafka::client::error::{Error as ClientError, ProtocolError};
use serde::Serialize;
use std::time::Duration;

/// Kafka's limit on topic name length.
const MAX_NAME_LEN: usize = 249;
/// Broker error code for an unknown topic in a Metadata response.
const UNKNOWN_TOPIC: i16 = 3;
/// Pause between metadata polls while waiting for a create or delete to show.
const POLL: Duration = Duration::from_millis(50);

/// The lab's default topic name: the user name followed by `Topic`.
pub fn default_topic_name() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "kafka-lab".into());
    format!("{user}Topic")
}

/// Kafka's rules for topic names (`org.apache.kafka.common.internals.Topic`).
pub fn validate_topic_name(topic: &str) -> Result<()> {
    let reason = if topic.is_empty() {
        "it is empty".to_string()
    } else if topic == "." || topic == ".." {
        "'.' and '..' are not allowed".to_string()
    } else if topic.len() > MAX_NAME_LEN {
        format!("it is longer than {MAX_NAME_LEN} characters")
    } else if let Some(c) = topic
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        format!("'{c}' is not allowed (use ASCII letters, digits, '.', '_' and '-')")
    } else {
        return Ok(());
    };
    Err(Error::InvalidTopicName {
        topic: topic.into(),
        reason,
    })
}

/// A partition as `topic describe` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartitionDescription {
    #[serde(flatten)]
    pub placement: PartitionMetadata,
    pub earliest_offset: i64,
    pub latest_offset: i64,
}

/// A topic as `topic describe` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicDescription {
    pub topic: String,
    pub partition_count: usize,
    pub replication_factor: usize,
    /// Configs that are not the broker's built-in defaults (`kafka-topics`' `Configs:`).
    pub configs: TopicConfigs,
    pub partitions: Vec<PartitionDescription>,
}

impl Kafka {
    /// Create `topic` with its configs, then wait until every partition has a leader.
    pub async fn create_topic(&self, topic: &NewTopic<'_>) -> Result<()> {
        validate_topic_name(topic.name)?;
        if topic.partitions < 1 {
            return Err(Error::PartitionCount {
                requested: topic.partitions,
            });
        }
        let available = self.metadata(Some(&[])).await?.brokers.len();
        let replication = topic.replication_factor;
        if replication < 1 || usize::try_from(replication).is_ok_and(|r| r > available) {
            return Err(Error::ReplicationFactor {
                requested: replication,
                available,
            });
        }
        self.send_create_topics(topic).await?;
        let partitions = usize::try_from(topic.partitions).unwrap_or(0);
        self.wait_for(topic.name, "create topic", |m| {
            m.error_code == 0
                && m.partitions.len() == partitions
                && m.partitions.iter().all(|p| p.leader >= 0)
        })
        .await
    }

    /// Delete `topic`, then wait until the metadata no longer lists it.
    pub async fn delete_topic(&self, topic: &str) -> Result<()> {
        let timeout_ms = i32::try_from(self.deadline.as_millis()).unwrap_or(i32::MAX);
        self.within("delete topic", async {
            self.controller(topic)?
                .delete_topic(topic, timeout_ms)
                .await
                .map_err(|e| admin_error("delete topic", topic, e))
        })
        .await?;
        self.wait_for(topic, "delete topic", |m| m.error_code == UNKNOWN_TOPIC)
            .await
    }

    /// Names of the cluster's topics, internal ones hidden, sorted.
    pub async fn list_topics(&self) -> Result<Vec<String>> {
        let metadata = self.metadata(None).await?;
        let mut names: Vec<_> = metadata
            .topics
            .into_iter()
            .filter(|t| !t.internal && !t.name.starts_with("__"))
            .map(|t| t.name)
            .collect();
        names.sort();
        Ok(names)
    }

    /// The partition numbers of `topic`, in order.
    pub async fn partitions(&self, topic: &str) -> Result<Vec<i32>> {
        let found = self.topic_metadata(topic).await?;
        Ok(found.partitions.iter().map(|p| p.partition).collect())
    }

    /// The metadata of `topic`, or [`Error::UnknownTopic`].
    async fn topic_metadata(&self, topic: &str) -> Result<TopicMetadata> {
        let metadata = self.metadata(Some(&[topic.to_string()])).await?;
        metadata
            .topics
            .into_iter()
            .find(|t| t.name == topic && t.error_code != UNKNOWN_TOPIC)
            .ok_or_else(|| Error::UnknownTopic {
                topic: topic.into(),
            })
    }

    /// Placement and offsets of every partition of `topic`.
    pub async fn describe_topic(&self, topic: &str) -> Result<TopicDescription> {
        let found = self.topic_metadata(topic).await?;
        let mut partitions = Vec::with_capacity(found.partitions.len());
        for placement in &found.partitions {
            let (earliest, latest) = self.offsets(topic, placement.partition).await?;
            partitions.push(PartitionDescription {
                placement: placement.clone(),
                earliest_offset: earliest,
                latest_offset: latest,
            });
        }
        Ok(TopicDescription {
            configs: self.topic_configs(topic).await?,
            topic: topic.into(),
            partition_count: partitions.len(),
            replication_factor: found.partitions.first().map_or(0, |p| p.replicas.len()),
            partitions,
        })
    }

    fn controller(&self, topic: &str) -> Result<rskafka::client::controller::ControllerClient> {
        self.client()
            .controller_client()
            .map_err(|source| Error::Topic {
                operation: "find the controller".into(),
                topic: topic.into(),
                source: Box::new(source),
            })
    }

    /// Poll the metadata of `topic` until `done` holds for it, within the deadline.
    async fn wait_for(
        &self,
        topic: &str,
        operation: &str,
        done: impl Fn(&TopicMetadata) -> bool,
    ) -> Result<()> {
        self.within(operation, async {
            loop {
                let metadata = self.metadata(Some(&[topic.to_string()])).await?;
                if metadata.topics.iter().any(|t| t.name == topic && done(t)) {
                    return Ok(());
                }
                tokio::time::sleep(POLL).await;
            }
        })
        .await
    }
}

/// A controller error in the terms of the command that met it.
fn admin_error(operation: &str, topic: &str, e: ClientError) -> Error {
    match protocol_error(&e) {
        Some(ProtocolError::UnknownTopicOrPartition) => Error::UnknownTopic {
            topic: topic.into(),
        },
        Some(ProtocolError::InvalidTopicException) => Error::InvalidTopicName {
            topic: topic.into(),
            reason: e.to_string(),
        },
        _ => Error::Topic {
            operation: operation.into(),
            topic: topic.into(),
            source: Box::new(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_follow_kafka_rules() {
        for ok in ["paulagiliTopic", "a.b_c-d", &"x".repeat(249)] {
            assert!(validate_topic_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".", "..", "has space", "slash/", "é", &"x".repeat(250)] {
            assert!(
                matches!(
                    validate_topic_name(bad),
                    Err(Error::InvalidTopicName { .. })
                ),
                "{bad}"
            );
        }
    }
}
