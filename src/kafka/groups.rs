//! Consumer groups as Kafka's group coordinators know them: which groups exist
//! (ListGroups, asked of every broker), which broker coordinates a group
//! (FindCoordinator), its members and their assignments (DescribeGroups, the standard
//! `consumer` protocol's assignment decoded), and the offsets it committed
//! (OffsetFetch), and offsets committed as no member (OffsetCommit, for resets). The
//! members themselves are [`super::member`]. The versions are served by Apache Kafka 3.9 to 4.x and by the embedded broker.

use super::assign::decode_assignment;
use super::error::refused;
use super::wire::{Connection, Request};
use super::{Error, Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestGroup;
use kafka_protocol::messages::{
    DescribeGroupsRequest, FindCoordinatorRequest, GroupId, ListGroupsRequest, OffsetCommitRequest,
    OffsetCommitResponse, OffsetFetchRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use serde::Serialize;
use std::collections::BTreeMap;

const FIND_COORDINATOR: i16 = 4;
const LIST_GROUPS: i16 = 4;
const DESCRIBE_GROUPS: i16 = 5;
const OFFSET_FETCH: i16 = 8;
pub(super) const OFFSET_COMMIT: i16 = 8;

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
                    return self.security.open(&address, self.attempt).await;
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

    /// The answer of `group`'s coordinator to `request`, asking again (the coordinator
    /// found anew) while `error` of the answer says the coordinator moved or is
    /// loading the group, within the operation deadline.
    async fn ask_coordinator<R: Request>(
        &self,
        group: &str,
        operation: &str,
        version: i16,
        request: &R,
        error: impl Fn(&R::Response) -> Option<i16>,
    ) -> Result<R::Response> {
        self.within(operation, async {
            loop {
                let coordinator = self.coordinator(group).await?;
                let answer = coordinator.call(version, request, self.attempt).await?;
                if !error(&answer).is_some_and(coordinator_moved) {
                    return Ok(answer);
                }
                tokio::time::sleep(self.backoff.init_backoff).await;
            }
        })
        .await
    }

    /// `group`'s state, members and their assignments, or [`Error::UnknownGroup`].
    pub async fn describe_group(&self, group: &str) -> Result<GroupDescription> {
        let operation = format!("describe group '{group}' (DescribeGroups)");
        let request = DescribeGroupsRequest::default().with_groups(vec![group_id(group)]);
        let answer = self
            .ask_coordinator(group, &operation, DESCRIBE_GROUPS, &request, |a| {
                a.groups.first().map(|g| g.error_code)
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
        // Kafka answers Dead (before 4.0 with no error), the embedded broker GROUP_ID_NOT_FOUND.
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
                    assignment: decode_assignment(m.member_assignment).map_err(|reason| {
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
    pub async fn committed_offsets(
        &self,
        group: &str,
    ) -> Result<BTreeMap<(String, i32), Committed>> {
        let operation = format!("fetch the offsets of group '{group}' (OffsetFetch)");
        let request =
            OffsetFetchRequest::default().with_groups(vec![OffsetFetchRequestGroup::default()
                .with_group_id(group_id(group))
                .with_topics(None)]);
        let answer = self
            .ask_coordinator(group, &operation, OFFSET_FETCH, &request, |a| {
                a.groups.first().map(|g| g.error_code)
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
                        let committed = Committed {
                            offset: p.committed_offset,
                            metadata: p.metadata.map(|m| m.to_string()).unwrap_or_default(),
                        };
                        offsets.insert((topic.name.0.to_string(), p.partition_index), committed);
                    }
                }
            }
        }
        Ok(offsets)
    }

    /// Commit `offsets` of `topic` for `group` as no member (generation -1), as
    /// `kafka-consumer-groups --reset-offsets` does; Kafka takes it only from an
    /// empty group.
    pub async fn commit_offsets(
        &self,
        group: &str,
        topic: &str,
        offsets: &BTreeMap<i32, Committed>,
    ) -> Result<()> {
        let operation = format!("commit offsets of group '{group}' (OffsetCommit)");
        let request = commit_request(group, -1, "", topic, offsets);
        let answer = self
            .ask_coordinator(group, &operation, OFFSET_COMMIT, &request, |a| {
                commit_refused(a).map(|e| e.code())
            })
            .await?;
        match commit_refused(&answer) {
            None => Ok(()),
            Some(e) => Err(Error::Group {
                group: group.into(),
                operation: "commit offsets".into(),
                reason: format!("the broker answered {e}"),
            }),
        }
    }
}

/// Where a group stands in a partition: the next offset to read, and the note the
/// committer left with it (kafka-lab's sequence state; other clients leave it empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Committed {
    pub offset: i64,
    pub metadata: String,
}

/// Whether `code` says to ask the group's coordinator again: it moved
/// (NOT_COORDINATOR), is not there yet (COORDINATOR_NOT_AVAILABLE, while
/// `__consumer_offsets` is created) or is loading the group.
pub(super) fn coordinator_moved(code: i16) -> bool {
    matches!(
        code.err(),
        Some(
            ResponseError::NotCoordinator
                | ResponseError::CoordinatorNotAvailable
                | ResponseError::CoordinatorLoadInProgress
        )
    )
}

pub(super) fn group_id(group: &str) -> GroupId {
    GroupId(StrBytes::from_string(group.into()))
}

/// An OffsetCommit of `offsets` of `topic`, by `member` of `generation`.
pub(super) fn commit_request(
    group: &str,
    generation: i32,
    member: &str,
    topic: &str,
    offsets: &BTreeMap<i32, Committed>,
) -> OffsetCommitRequest {
    let partitions = offsets
        .iter()
        .map(|(&partition, c)| {
            OffsetCommitRequestPartition::default()
                .with_partition_index(partition)
                .with_committed_offset(c.offset)
                .with_committed_leader_epoch(-1)
                .with_committed_metadata(Some(StrBytes::from_string(c.metadata.clone())))
        })
        .collect();
    OffsetCommitRequest::default()
        .with_group_id(group_id(group))
        .with_generation_id_or_member_epoch(generation)
        .with_member_id(StrBytes::from_string(member.into()))
        .with_topics(vec![OffsetCommitRequestTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.into())))
            .with_partitions(partitions)])
}

/// The first partition error of an OffsetCommit answer, if any.
pub(super) fn commit_refused(answer: &OffsetCommitResponse) -> Option<ResponseError> {
    answer
        .topics
        .iter()
        .flat_map(|t| &t.partitions)
        .find_map(|p| p.error_code.err())
}
