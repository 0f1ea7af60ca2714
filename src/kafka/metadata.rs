//! The Metadata request, sent to a bootstrap broker (`bootstrap.rs`).
//!
//! rskafka 0.6.0 decodes leaders, replicas and ISRs but keeps them private (its
//! `Topic` has only partition ids), so `topic describe` asks a broker itself, with the
//! message codec of the `kafka-protocol` crate. Version 9 is served by Apache Kafka
//! 2.4 to 4.x and by the embedded broker.

use super::Kafka;
use super::Result;
use crate::broker::BrokerKind;
use kafka_protocol::messages::{MetadataRequest, MetadataResponse, TopicName};
use kafka_protocol::protocol::StrBytes;

pub(super) const VERSION: i16 = 9;
/// The first version with topic ids that every Kafka 3.x and 4.x serves.
const TOPIC_ID_VERSION: i16 = 12;

/// One broker of the cluster.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Broker {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

/// One partition: where it lives.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartitionMetadata {
    pub partition: i32,
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

/// One topic as the cluster describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMetadata {
    pub name: String,
    pub internal: bool,
    /// Broker error code for this topic (0 = none, 3 = unknown topic).
    pub error_code: i16,
    pub partitions: Vec<PartitionMetadata>,
}

/// The cluster's brokers and the requested topics.
#[derive(Debug, Clone)]
pub struct ClusterMetadata {
    pub brokers: Vec<Broker>,
    /// The broker that takes CreateTopics (any broker forwards it under KRaft).
    pub controller: i32,
    pub cluster_id: Option<String>,
    pub topics: Vec<TopicMetadata>,
}

impl Kafka {
    /// Whether the cluster is kafka-lab's embedded broker (its cluster id says so).
    pub async fn broker_kind(&self) -> Result<BrokerKind> {
        let metadata = self.metadata(Some(&[])).await?;
        Ok(BrokerKind::of_cluster(metadata.cluster_id.as_deref()))
    }

    /// Metadata of `topics` (all topics when `None`), from the first broker that
    /// answers: the bootstrap brokers first, then those the last answer named.
    pub async fn metadata(&self, topics: Option<&[String]>) -> Result<ClusterMetadata> {
        self.metadata_after(None, topics).await
    }

    /// Metadata of `topics`, asking `failed` (a leader a request to failed) last.
    pub async fn metadata_after(
        &self,
        failed: Option<&str>,
        topics: Option<&[String]>,
    ) -> Result<ClusterMetadata> {
        let metadata = convert(
            self.ask_any_after(failed, VERSION, &request(topics))
                .await?,
        );
        *self.seen.lock().expect("not poisoned") = metadata
            .brokers
            .iter()
            .map(|b| format!("{}:{}", b.host, b.port))
            .collect();
        Ok(metadata)
    }
}

impl Kafka {
    /// The id of `topic` (Metadata v12, served by Apache Kafka 3.x and 4.x), which
    /// the consumer protocol's assignments name topics by.
    pub async fn topic_id(&self, topic: &str) -> Result<uuid::Uuid> {
        let answer = self
            .ask_any(TOPIC_ID_VERSION, &request(Some(&[topic.to_string()])))
            .await?;
        let found = answer.topics.into_iter().next();
        match found {
            Some(t) if t.error_code == 0 && !t.topic_id.is_nil() => Ok(t.topic_id),
            _ => Err(super::Error::UnknownTopic {
                topic: topic.into(),
            }),
        }
    }
}

/// A Metadata request for `topics` (`None`: all of them; empty: only the brokers).
pub(super) fn request(topics: Option<&[String]>) -> MetadataRequest {
    MetadataRequest::default()
        .with_allow_auto_topic_creation(false)
        .with_topics(topics.map(|names| {
            names
                .iter()
                .map(|n| {
                    kafka_protocol::messages::metadata_request::MetadataRequestTopic::default()
                        .with_name(Some(TopicName(StrBytes::from_string(n.clone()))))
                })
                .collect()
        }))
}

fn convert(response: MetadataResponse) -> ClusterMetadata {
    let ids = |v: Vec<kafka_protocol::messages::BrokerId>| v.into_iter().map(|b| b.0).collect();
    ClusterMetadata {
        controller: response.controller_id.0,
        cluster_id: response.cluster_id.map(|id| id.to_string()),
        brokers: response
            .brokers
            .into_iter()
            .map(|b| Broker {
                id: b.node_id.0,
                host: b.host.to_string(),
                port: b.port,
            })
            .collect(),
        topics: response
            .topics
            .into_iter()
            .map(|t| {
                let mut partitions: Vec<_> = t
                    .partitions
                    .into_iter()
                    .map(|p| PartitionMetadata {
                        partition: p.partition_index,
                        leader: p.leader_id.0,
                        replicas: ids(p.replica_nodes),
                        isr: ids(p.isr_nodes),
                    })
                    .collect();
                partitions.sort_by_key(|p| p.partition);
                TopicMetadata {
                    name: t.name.map(|n| n.0.to_string()).unwrap_or_default(),
                    internal: t.is_internal,
                    error_code: t.error_code,
                    partitions,
                }
            })
            .collect(),
    }
}
