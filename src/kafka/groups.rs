//! Groups as Kafka's group coordinators know them: which groups exist and of which
//! kind (ListGroups, asked of every broker), which broker coordinates a group
//! (FindCoordinator), its state, members and their assignments. A group is described
//! by its kind's request, all into one [`GroupDescription`]: classic groups in
//! [`super::classic_group`], consumer groups of the KIP-848 protocol in
//! [`super::consumer_group`], share groups in [`super::share_group`]. Where a group
//! stands in each partition is [`super::group_offsets`]. The members themselves
//! are [`super::member`]. The versions are served by Apache Kafka 3.9 to 4.x and by
//! the embedded broker (ListGroups v5, with the group types, where the cluster serves it).

use super::error::refused;
use super::wire::{Connection, Request};
use super::{Error, Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::{
    ApiKey, FindCoordinatorRequest, GroupId, ListGroupsRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use serde::Serialize;
use std::fmt;

const FIND_COORDINATOR: i16 = 4;
/// ListGroups v5 names each group's type; v4 (the embedded broker) does not.
const LIST_GROUPS: [i16; 2] = [4, 5];

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
