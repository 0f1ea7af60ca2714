//! Groups as Kafka's group coordinators know them: which groups exist and of which
//! kind (ListGroups, asked of every broker), which broker coordinates a group
//! (FindCoordinator), its state, members and their assignments, and the offsets it
//! committed (OffsetFetch), and offsets committed as no member (OffsetCommit, for
//! resets). A group is described by its kind's request: classic groups here
//! (DescribeGroups, the standard `consumer` protocol's assignment decoded), consumer
//! groups of the KIP-848 protocol in [`super::consumer_group`], share groups in
//! [`super::share_group`]; all into one [`GroupDescription`]. The members themselves
//! are [`super::member`]. The versions are served by Apache Kafka 3.9 to 4.x and by
//! the embedded broker (ListGroups v5, with the group types, where the cluster serves it).

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
    ApiKey, DescribeGroupsRequest, FindCoordinatorRequest, GroupId, ListGroupsRequest,
    OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

const FIND_COORDINATOR: i16 = 4;
/// ListGroups v5 names each group's type; v4 (the embedded broker) does not.
const LIST_GROUPS: [i16; 2] = [4, 5];
const DESCRIBE_GROUPS: i16 = 5;
const OFFSET_FETCH: i16 = 8;
pub(super) const OFFSET_COMMIT: i16 = 8;

/// The kinds of group Kafka 4 has, named as its tools name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GroupKind {
    /// The classic protocol (JoinGroup, SyncGroup), or offsets only.
    Classic,
    /// The consumer protocol of KIP-848 (ConsumerGroupHeartbeat).
    Consumer,
    /// A share group (KIP-932, queues).
    Share,
    /// A Kafka Streams group (KIP-1071).
    Streams,
}

impl GroupKind {
    /// The kind ListGroups v5 names (`classic`, `consumer`, `share`, `streams`), in
    /// any case.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "classic" => Some(Self::Classic),
            "consumer" => Some(Self::Consumer),
            "share" => Some(Self::Share),
            "streams" => Some(Self::Streams),
            _ => None,
        }
    }
}

impl fmt::Display for GroupKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Every state a group of any kind can be in, as Kafka names them.
pub const GROUP_STATES: [&str; 8] = [
    "Stable",
    "Empty",
    "PreparingRebalance",
    "CompletingRebalance",
    "Assigning",
    "Reconciling",
    "NotReady",
    "Dead",
];

/// A group as ListGroups names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupListing {
    pub group: String,
    #[serde(rename = "type")]
    pub kind: GroupKind,
    /// `consumer` (or `share`, ...), or empty for a group that only commits offsets.
    pub protocol_type: String,
    pub state: String,
}

/// The broker that coordinates a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coordinator {
    pub id: i32,
    pub host: String,
    pub port: i32,
}

impl fmt::Display for Coordinator {
    /// As Kafka's group tools print it: `host:port  (id)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}  ({})", self.host, self.port, self.id)
    }
}

/// One member of a group and the partitions assigned to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberDescription {
    pub member_id: String,
    /// A static member's `group.instance.id`.
    pub instance_id: Option<String>,
    pub client_id: String,
    /// As the coordinator saw it, e.g. `/127.0.0.1`.
    pub host: String,
    /// What the member owns, by topic and partition.
    pub assignment: Vec<(String, i32)>,
    /// What the coordinator wants it to own (consumer groups; `None` elsewhere).
    pub target_assignment: Option<Vec<(String, i32)>>,
    /// The member's epoch (consumer and share groups).
    pub member_epoch: Option<i32>,
    /// In a consumer group: whether the member speaks the consumer protocol (`true`)
    /// or joined with the classic one (`false`).
    pub upgraded: Option<bool>,
}

/// A group as its kind's describe request describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupDescription {
    pub group: String,
    #[serde(rename = "type")]
    pub kind: GroupKind,
    /// Kafka's names: `Stable`, `Empty`, `PreparingRebalance`, `CompletingRebalance`
    /// (classic), `Assigning`, `Reconciling` (consumer groups), `Dead`.
    pub state: String,
    pub protocol_type: String,
    /// The assignor (`range`, `roundrobin`, `uniform`, `simple`, ...).
    pub protocol: String,
    pub coordinator: Coordinator,
    /// The group's epoch and its target assignment's (consumer and share groups).
    pub group_epoch: Option<i32>,
    pub assignment_epoch: Option<i32>,
    pub members: Vec<MemberDescription>,
}

impl Kafka {
    /// Every group of the cluster (of the classic kind, only those of the `consumer`
    /// protocol or offsets only, as Kafka's tools list them), sorted by name.
    pub async fn list_groups(&self) -> Result<Vec<GroupListing>> {
        let operation = "list groups (ListGroups)";
        let version = match self.highest_version(ApiKey::ListGroups).await? {
            Some(v) if v >= LIST_GROUPS[1] => LIST_GROUPS[1],
            _ => LIST_GROUPS[0],
        };
        let request = ListGroupsRequest::default();
        let mut groups = Vec::new();
        for (_, address, answer) in self.ask_each(operation, version, &request).await? {
            refused(operation, &address, answer.error_code)?;
            groups.extend(answer.groups.into_iter().filter_map(|g| {
                let protocol_type = g.protocol_type.to_string();
                let kind = match g.group_type.as_str() {
                    // Before v5 the type is not said: such brokers have classic groups only.
                    "" => GroupKind::Classic,
                    named => GroupKind::parse(named)?,
                };
                let other_classic = kind == GroupKind::Classic
                    && !matches!(protocol_type.as_str(), "consumer" | "");
                (!other_classic).then(|| GroupListing {
                    group: g.group_id.0.to_string(),
                    kind,
                    protocol_type,
                    state: g.group_state.to_string(),
                })
            }));
        }
        groups.sort_by(|a, b| a.group.cmp(&b.group));
        groups.dedup_by(|a, b| a.group == b.group);
        Ok(groups)
    }

    /// Which kind of group `group` is, or [`Error::UnknownGroup`].
    pub async fn group_kind(&self, group: &str) -> Result<GroupKind> {
        let listed = self.list_groups().await?;
        let found = listed
            .into_iter()
            .find(|g| g.group == group)
            .ok_or_else(|| Error::UnknownGroup {
                group: group.into(),
            })?;
        Ok(found.kind)
    }

    /// `group` as its kind describes it, or [`Error::UnknownGroup`].
    pub async fn describe_group(&self, group: &str) -> Result<GroupDescription> {
        match self.group_kind(group).await? {
            GroupKind::Classic => self.describe_classic_group(group).await,
            GroupKind::Consumer => self.describe_consumer_group(group).await,
            GroupKind::Share => self.describe_share_group(group).await,
            GroupKind::Streams => Err(Error::Group {
                group: group.into(),
                operation: "describe".into(),
                reason: "it is a Kafka Streams group (KIP-1071), which kafka-lab does not describe"
                    .into(),
            }),
        }
    }

    /// A connection to the broker that coordinates `group`.
    pub async fn coordinator(&self, group: &str) -> Result<Connection> {
        let found = self.find_coordinator(group).await?;
        let address = format!("{}:{}", found.host, found.port);
        self.security.open(&address, self.attempt).await
    }

    /// The broker that coordinates `group` (FindCoordinator, asked again while the
    /// coordinator is not there yet, within the operation deadline).
    pub async fn find_coordinator(&self, group: &str) -> Result<Coordinator> {
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
                    return Ok(Coordinator {
                        id: found.node_id.0,
                        host: found.host.to_string(),
                        port: found.port,
                    })
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
    pub(super) async fn ask_coordinator<R: Request>(
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

    /// A classic `group`'s state, members and their assignments, or
    /// [`Error::UnknownGroup`].
    async fn describe_classic_group(&self, group: &str) -> Result<GroupDescription> {
        let operation = format!("describe group '{group}' (DescribeGroups)");
        let request = DescribeGroupsRequest::default().with_groups(vec![group_id(group)]);
        let answer = self
            .ask_coordinator(group, &operation, DESCRIBE_GROUPS, &request, |a| {
                a.groups.first().map(|g| g.error_code)
            })
            .await?;
        let described = self.only_group(&operation, group, answer.groups, |g| g.error_code)?;
        // Kafka answers Dead (before 4.0 with no error).
        if described.group_state.as_str() == "Dead" {
            return Err(Error::UnknownGroup {
                group: group.into(),
            });
        }
        let members = described
            .members
            .into_iter()
            .map(|m| {
                Ok(MemberDescription {
                    member_id: m.member_id.to_string(),
                    instance_id: m.group_instance_id.map(|id| id.to_string()),
                    client_id: m.client_id.to_string(),
                    host: m.client_host.to_string(),
                    assignment: decode_assignment(m.member_assignment).map_err(|reason| {
                        Error::Protocol {
                            operation: operation.clone(),
                            brokers: self.brokers(),
                            reason: format!("member {}: {reason}", m.member_id),
                        }
                    })?,
                    target_assignment: None,
                    member_epoch: None,
                    upgraded: None,
                })
            })
            .collect::<Result<_>>()?;
        Ok(GroupDescription {
            group: group.into(),
            kind: GroupKind::Classic,
            state: described.group_state.to_string(),
            protocol_type: described.protocol_type.to_string(),
            protocol: described.protocol_data.to_string(),
            coordinator: self.find_coordinator(group).await?,
            group_epoch: None,
            assignment_epoch: None,
            members,
        })
    }

    /// The one group of a describe answer: [`Error::UnknownGroup`] where the
    /// coordinator answered GROUP_ID_NOT_FOUND (also for a group of another kind),
    /// an error for any other refusal.
    pub(super) fn only_group<G>(
        &self,
        operation: &str,
        group: &str,
        groups: Vec<G>,
        error_code: impl Fn(&G) -> i16,
    ) -> Result<G> {
        let described = groups.into_iter().next().ok_or_else(|| Error::Protocol {
            operation: operation.into(),
            brokers: self.brokers(),
            reason: "the answer describes no group".into(),
        })?;
        if error_code(&described).err() == Some(ResponseError::GroupIdNotFound) {
            return Err(Error::UnknownGroup {
                group: group.into(),
            });
        }
        refused(operation, &self.brokers(), error_code(&described))?;
        Ok(described)
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
                            leader_epoch: (p.committed_leader_epoch >= 0)
                                .then_some(p.committed_leader_epoch),
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
    /// The leader epoch the committer read the offset in, where it said.
    pub leader_epoch: Option<i32>,
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

/// The partitions of an assignment as describe answers list them (by topic), sorted.
pub(super) fn assigned(
    topics: impl IntoIterator<Item = (TopicName, Vec<i32>)>,
) -> Vec<(String, i32)> {
    let mut all: Vec<_> = topics
        .into_iter()
        .flat_map(|(topic, partitions)| {
            let topic = topic.0.to_string();
            partitions.into_iter().map(move |p| (topic.clone(), p))
        })
        .collect();
    all.sort();
    all
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
