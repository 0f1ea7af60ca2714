//! Consumer groups as Kafka's group coordinators know them: which groups exist
//! (ListGroups, asked of every broker), which broker coordinates a group
//! (FindCoordinator), its members and their assignments (DescribeGroups, the standard
//! `consumer` protocol's assignment decoded), and the offsets it committed
//! (OffsetFetch). The versions are served by Apache Kafka 3.9 to 4.x and by Tansu.

use super::error::refused;
use super::wire::Connection;
use super::{Error, Kafka, Result};
use bytes::{Buf, Bytes};
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestGroup;
use kafka_protocol::messages::{
    ConsumerProtocolAssignment, DescribeGroupsRequest, FindCoordinatorRequest, GroupId,
    ListGroupsRequest, OffsetFetchRequest,
};
use kafka_protocol::protocol::{Decodable, StrBytes};
use serde::Serialize;
use std::collections::BTreeMap;

const FIND_COORDINATOR: i16 = 4;
const LIST_GROUPS: i16 = 4;
const DESCRIBE_GROUPS: i16 = 5;
const OFFSET_FETCH: i16 = 8;
/// Newest assignment version the `kafka-protocol` codec knows; newer ones only append
/// fields, so they decode as this one (as Kafka's Java client does).
const ASSIGNMENT_VERSION: i16 = 3;

/// A group as ListGroups names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupListing {
    pub group: String,
    /// `consumer`, or empty for a group that only commits offsets.
    pub protocol_type: String,
    pub state: String,
}

/// One member of a group and the partitions assigned to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub member_id: String,
    pub client_id: String,
    /// As the coordinator saw it, e.g. `/127.0.0.1`.
    pub host: String,
    pub assignment: Vec<(String, i32)>,
}

/// A group as DescribeGroups describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDescription {
    pub group: String,
    /// `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance` (Kafka's names).
    pub state: String,
    pub protocol_type: String,
    /// The assignor the members agreed on (`range`, `roundrobin`, ...).
    pub protocol: String,
    pub members: Vec<Member>,
}

impl Kafka {
    /// Every consumer group of the cluster (the `consumer` protocol, or offsets only),
    /// sorted by name.
    pub async fn list_groups(&self) -> Result<Vec<GroupListing>> {
        let operation = "list groups (ListGroups)";
        let request = ListGroupsRequest::default();
        let mut groups = Vec::new();
        for (_, address, answer) in self.ask_each(operation, LIST_GROUPS, &request).await? {
            refused(operation, &address, answer.error_code)?;
            groups.extend(
                answer
                    .groups
                    .into_iter()
                    .filter(|g| matches!(g.protocol_type.as_str(), "consumer" | ""))
                    .map(|g| GroupListing {
                        group: g.group_id.0.to_string(),
                        protocol_type: g.protocol_type.to_string(),
                        state: g.group_state.to_string(),
                    }),
            );
        }
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        groups.dedup_by(|a, b| a.group == b.group);
        Ok(groups)
    }

    /// A connection to the broker that coordinates `group`.
    pub async fn coordinator(&self, group: &str) -> Result<Connection> {
        let request = FindCoordinatorRequest::default()
            .with_key_type(0)
            .with_coordinator_keys(vec![StrBytes::from_string(group.into())]);
        let end = tokio::time::Instant::now() + self.deadline;
        loop {
            let answer = self.ask_any(FIND_COORDINATOR, &request).await?;
            let found = answer
                .coordinators
                .into_iter()
                .next()
                .ok_or_else(|| Error::Protocol {
                    operation: format!("find the coordinator of group '{group}'"),
                    brokers: self.brokers(),
                    reason: "the answer names no coordinator".into(),
                })?;
            match found.error_code.err() {
                None => {
                    let address = format!("{}:{}", found.host, found.port);
                    return Connection::open(&address, &self.config.client_id, self.attempt).await;
                }
                // COORDINATOR_NOT_AVAILABLE while __consumer_offsets is created, and
                // COORDINATOR_LOAD_IN_PROGRESS, pass.
                Some(e) if e.is_retriable() && tokio::time::Instant::now() < end => {
                    tokio::time::sleep(self.backoff.init_backoff).await;
                }
                Some(e) => {
                    return Err(Error::Protocol {
                        operation: format!("find the coordinator of group '{group}'"),
                        brokers: self.brokers(),
                        reason: format!("the broker answered {e}"),
                    })
                }
            }
        }
    }

    /// `group`'s state, members and their assignments, or [`Error::UnknownGroup`].
    pub async fn describe_group(&self, group: &str) -> Result<GroupDescription> {
        let operation = format!("describe group '{group}' (DescribeGroups)");
        let answer = self
            .within(&operation, async {
                let request = DescribeGroupsRequest::default()
                    .with_groups(vec![GroupId(StrBytes::from_string(group.into()))]);
                let coordinator = self.coordinator(group).await?;
                coordinator
                    .call(DESCRIBE_GROUPS, &request, self.attempt)
                    .await
            })
            .await?;
        let described = answer
            .groups
            .into_iter()
            .next()
            .ok_or_else(|| Error::Protocol {
                operation: operation.clone(),
                brokers: self.brokers(),
                reason: "the answer describes no group".into(),
            })?;
        // Kafka answers Dead (before 4.0 with no error), Tansu GROUP_ID_NOT_FOUND.
        if described.group_state.as_str() == "Dead"
            || described.error_code == kafka_protocol::error::ResponseError::GroupIdNotFound.code()
        {
            return Err(Error::UnknownGroup {
                group: group.into(),
            });
        }
        refused(&operation, &self.brokers(), described.error_code)?;
        let members = described
            .members
            .into_iter()
            .map(|m| {
                Ok(Member {
                    member_id: m.member_id.to_string(),
                    client_id: m.client_id.to_string(),
                    host: m.client_host.to_string(),
                    assignment: assignment(m.member_assignment).map_err(|reason| {
                        Error::Protocol {
                            operation: operation.clone(),
                            brokers: self.brokers(),
                            reason: format!("member {}: {reason}", m.member_id),
                        }
                    })?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(GroupDescription {
            group: group.into(),
            state: described.group_state.to_string(),
            protocol_type: described.protocol_type.to_string(),
            protocol: described.protocol_data.to_string(),
            members,
        })
    }

    /// The offsets `group` committed, by topic and partition.
    pub async fn committed_offsets(&self, group: &str) -> Result<BTreeMap<(String, i32), i64>> {
        let operation = format!("fetch the offsets of group '{group}' (OffsetFetch)");
        let answer = self
            .within(&operation, async {
                let request = OffsetFetchRequest::default().with_groups(vec![
                    OffsetFetchRequestGroup::default()
                        .with_group_id(GroupId(StrBytes::from_string(group.into())))
                        .with_topics(None),
                ]);
                let coordinator = self.coordinator(group).await?;
                coordinator.call(OFFSET_FETCH, &request, self.attempt).await
            })
            .await?;
        let mut offsets = BTreeMap::new();
        for fetched in answer.groups {
            refused(&operation, &self.brokers(), fetched.error_code)?;
            for topic in fetched.topics {
                for p in topic.partitions {
                    refused(&operation, &self.brokers(), p.error_code)?;
                    // -1: nothing committed.
                    if p.committed_offset >= 0 {
                        offsets.insert(
                            (topic.name.0.to_string(), p.partition_index),
                            p.committed_offset,
                        );
                    }
                }
            }
        }
        Ok(offsets)
    }
}

/// The partitions of a member's assignment in the `consumer` protocol: a version, then
/// `ConsumerProtocolAssignment` (empty: nothing assigned yet).
fn assignment(mut bytes: Bytes) -> std::result::Result<Vec<(String, i32)>, String> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    if bytes.len() < 2 {
        return Err("an assignment shorter than its version".into());
    }
    let version = bytes.get_i16().min(ASSIGNMENT_VERSION);
    let decoded = ConsumerProtocolAssignment::decode(&mut bytes, version.max(0))
        .map_err(|e| format!("an assignment that does not decode: {e}"))?;
    let mut partitions: Vec<_> = decoded
        .assigned_partitions
        .into_iter()
        .flat_map(|t| {
            let topic = t.topic.0.to_string();
            t.partitions.into_iter().map(move |p| (topic.clone(), p))
        })
        .collect();
    partitions.sort();
    Ok(partitions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BufMut;
    use kafka_protocol::messages::consumer_protocol_assignment::TopicPartition;
    use kafka_protocol::messages::TopicName;
    use kafka_protocol::protocol::Encodable;

    #[test]
    fn an_assignment_decodes_as_the_java_client_writes_it() {
        let written = ConsumerProtocolAssignment::default().with_assigned_partitions(vec![
            TopicPartition::default()
                .with_topic(TopicName(StrBytes::from_static_str("t")))
                .with_partitions(vec![3, 1]),
        ]);
        for version in [0i16, 1, 3] {
            let mut buf = bytes::BytesMut::new();
            buf.put_i16(version);
            written.encode(&mut buf, version).unwrap();
            let read = assignment(buf.freeze()).unwrap();
            assert_eq!(read, [("t".to_string(), 1), ("t".to_string(), 3)]);
        }
        assert_eq!(assignment(Bytes::new()).unwrap(), []);
        assert!(assignment(Bytes::from_static(&[0])).is_err());
        assert!(assignment(Bytes::from_static(&[0, 0, 0, 0, 0, 9])).is_err());
    }
}
