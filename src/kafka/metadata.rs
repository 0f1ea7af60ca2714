//! The Metadata request, sent on a connection of our own.
//!
//! rskafka 0.6.0 decodes leaders, replicas and ISRs but keeps them private (its
//! `Topic` has only partition ids), so `topic describe` asks a broker itself, with the
//! message codec of the `kafka-protocol` crate. Version 9 is served by Apache Kafka
//! 2.4 to 4.x and by Tansu.

use super::{Error, Kafka, Result};
use bytes::{Buf, BufMut, BytesMut};
use kafka_protocol::messages::{
    ApiKey, MetadataRequest, MetadataResponse, RequestHeader, ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, StrBytes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const VERSION: i16 = 9;

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
    pub topics: Vec<TopicMetadata>,
}

impl Kafka {
    /// Metadata of `topics` (all topics when `None`), from the first bootstrap broker
    /// that answers within the deadline.
    pub async fn metadata(&self, topics: Option<&[String]>) -> Result<ClusterMetadata> {
        let request = MetadataRequest::default()
            .with_allow_auto_topic_creation(false)
            .with_topics(topics.map(|names| {
                names
                    .iter()
                    .map(|n| {
                        kafka_protocol::messages::metadata_request::MetadataRequestTopic::default()
                            .with_name(Some(TopicName(StrBytes::from_string(n.clone()))))
                    })
                    .collect()
            }));
        self.within("metadata", async {
            let mut last = String::from("no brokers configured");
            for broker in &self.config.brokers {
                match exchange(broker, &self.config.client_id, &request).await {
                    Ok(response) => return Ok(convert(response)),
                    Err(e) => last = format!("{broker}: {e}"),
                }
            }
            Err(Error::Protocol {
                operation: "metadata".into(),
                brokers: self.brokers(),
                reason: last,
            })
        })
        .await
    }
}

async fn exchange(
    broker: &str,
    client_id: &str,
    request: &MetadataRequest,
) -> anyhow::Result<MetadataResponse> {
    let header = RequestHeader::default()
        .with_request_api_key(ApiKey::Metadata as i16)
        .with_request_api_version(VERSION)
        .with_correlation_id(1)
        .with_client_id(Some(StrBytes::from_string(client_id.into())));
    let mut body = BytesMut::new();
    header.encode(&mut body, MetadataRequest::header_version(VERSION))?;
    request.encode(&mut body, VERSION)?;
    let mut frame = BytesMut::with_capacity(body.len() + 4);
    frame.put_i32(i32::try_from(body.len())?);
    frame.extend_from_slice(&body);

    let mut stream = TcpStream::connect(broker).await?;
    stream.write_all(&frame).await?;
    let size = usize::try_from(stream.read_i32().await?)?;
    let mut buf = vec![0; size];
    stream.read_exact(&mut buf).await?;
    let mut buf = bytes::Bytes::from(buf);
    let header = ResponseHeader::decode(&mut buf, MetadataResponse::header_version(VERSION))?;
    anyhow::ensure!(header.correlation_id == 1, "unexpected correlation id");
    let response = MetadataResponse::decode(&mut buf, VERSION)?;
    anyhow::ensure!(!buf.has_remaining(), "trailing bytes in the response");
    Ok(response)
}

fn convert(response: MetadataResponse) -> ClusterMetadata {
    let ids = |v: Vec<kafka_protocol::messages::BrokerId>| v.into_iter().map(|b| b.0).collect();
    ClusterMetadata {
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
