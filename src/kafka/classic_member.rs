//! One member of a consumer group in Kafka's classic group protocol (the one Kafka's
//! tools, kafka-python and the Java client with the `range` and `roundrobin` assignors
//! speak), subscribed to one topic:
//!
//! ```text
//! FindCoordinator ─▶ JoinGroup ─(the leader assigns)─▶ SyncGroup ─▶ Heartbeat … ─▶ LeaveGroup
//!                      ▲  MEMBER_ID_REQUIRED, REBALANCE_IN_PROGRESS,      │
//!                      └─ UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION ◀─────────┘
//! ```
//!
//! The coordinator is looked up again whenever it answers NOT_COORDINATOR or
//! COORDINATOR_NOT_AVAILABLE or its connection fails. Every wait is bounded: JoinGroup
//! and SyncGroup by the rebalance timeout, the rest by `kafka.request_timeout_ms`.
//! OffsetCommit carries the member's generation, so a member that missed a rebalance
//! cannot overwrite what a partition's new owner committed. (About 400 lines: one
//! protocol, whose steps share the coordinator connection and the refusal rules.)

use super::assign::{self, Assignor};
use super::group_offsets::{commit_refused, commit_request, Committed, OFFSET_COMMIT};
use super::groups::group_id;
use super::member::{failed_beat, millis, Beat, CoordinatorLink, Failed, MemberConfig};
use super::wire::Request;
use super::{Error, Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::join_group_request::JoinGroupRequestProtocol;
use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;
use kafka_protocol::messages::leave_group_request::MemberIdentity;
use kafka_protocol::messages::sync_group_request::SyncGroupRequestAssignment;
use kafka_protocol::messages::{
    HeartbeatRequest, JoinGroupRequest, LeaveGroupRequest, SyncGroupRequest,
};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

const JOIN_GROUP: i16 = 9;
const SYNC_GROUP: i16 = 5;
const HEARTBEAT: i16 = 4;
const LEAVE_GROUP: i16 = 5;
const PROTOCOL_TYPE: &str = "consumer";

/// A member of a consumer group in the classic protocol.
pub struct ClassicMember {
    kafka: Arc<Kafka>,
    config: MemberConfig,
    coordinator: CoordinatorLink,
    /// Given by the coordinator on the first JoinGroup; empty before.
    id: String,
    generation: i32,
    /// When the coordinator last confirmed the membership.
    confirmed: Instant,
}

impl ClassicMember {
    pub fn new(kafka: Arc<Kafka>, config: MemberConfig) -> Self {
        Self {
            coordinator: CoordinatorLink::new(Arc::clone(&kafka), &config.group),
            kafka,
            config,
            id: String::new(),
            generation: -1,
            confirmed: Instant::now(),
        }
    }

    pub fn group(&self) -> &str {
        &self.config.group
    }

    pub fn generation(&self) -> i32 {
        self.generation
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Join the group (again) and return this member's partitions of the topic, sorted.
    /// Whatever passes (a coordinator moving or loading, a rebalance under way, a member
    /// id to take) is tried again until the rebalance timeout and the operation
    /// deadline have passed.
    pub async fn join(&mut self) -> Result<Vec<i32>> {
        let end = Instant::now() + self.config.rebalance_timeout + self.kafka.deadline;
        loop {
            let (why, pause) = match self.join_once().await {
                Ok(partitions) => return Ok(partitions),
                Err(Failed::Fatal(e)) => return Err(e),
                Err(Failed::Rejoin(why)) => (why, false),
                Err(Failed::Retry(why)) => (why, true),
            };
            if Instant::now() >= end {
                return Err(self.error("join", why));
            }
            tracing::debug!(group = self.config.group, reason = why, "joining again");
            if pause {
                tokio::time::sleep(self.kafka.backoff.init_backoff).await;
            }
        }
    }

    async fn join_once(&mut self) -> Result<Vec<i32>, Failed> {
        let subscription = assign::encode_subscription(std::slice::from_ref(&self.config.topic));
        let request = JoinGroupRequest::default()
            .with_group_id(group_id(&self.config.group))
            .with_session_timeout_ms(millis(self.config.session_timeout))
            .with_rebalance_timeout_ms(millis(self.config.rebalance_timeout))
            .with_member_id(StrBytes::from_string(self.id.clone()))
            .with_protocol_type(StrBytes::from_static_str(PROTOCOL_TYPE))
            .with_protocols(
                Assignor::ALL
                    .iter()
                    .map(|a| {
                        JoinGroupRequestProtocol::default()
                            .with_name(StrBytes::from_static_str(a.name()))
                            .with_metadata(subscription.clone())
                    })
                    .collect(),
            );
        // The coordinator answers once every member rejoined: up to the rebalance timeout.
        let wait = self.config.rebalance_timeout + self.kafka.attempt;
        let joined = self.call(JOIN_GROUP, &request, wait).await?;
        match joined.error_code.err() {
            None => {}
            // Since JoinGroup v4 a new member first gets its id, then joins with it.
            Some(ResponseError::MemberIdRequired) => {
                self.id = joined.member_id.to_string();
                return Err(Failed::Rejoin("the coordinator gave a member id".into()));
            }
            Some(e) => return Err(self.refused(e)),
        }
        self.id = joined.member_id.to_string();
        self.generation = joined.generation_id;
        let protocol = joined.protocol_name.clone().unwrap_or_default();
        let assignments = if joined.leader == joined.member_id {
            self.assign(&protocol, joined.members).await?
        } else {
            Vec::new()
        };
        let request = SyncGroupRequest::default()
            .with_group_id(group_id(&self.config.group))
            .with_generation_id(self.generation)
            .with_member_id(StrBytes::from_string(self.id.clone()))
            .with_protocol_type(Some(StrBytes::from_static_str(PROTOCOL_TYPE)))
            .with_protocol_name(Some(protocol))
            .with_assignments(assignments);
        let synced = self.call(SYNC_GROUP, &request, wait).await?;
        if let Some(e) = synced.error_code.err() {
            return Err(self.refused(e));
        }
        let mine = assign::decode_assignment(synced.assignment)
            .map_err(|reason| Failed::Fatal(self.error("read the assignment", reason)))?;
        self.confirmed = Instant::now();
        Ok(mine
            .into_iter()
            .filter(|(topic, _)| *topic == self.config.topic)
            .map(|(_, p)| p)
            .collect())
    }

    /// The leader's work: every member's partitions, by the assignor the group chose.
    async fn assign(
        &self,
        protocol: &str,
        members: Vec<JoinGroupResponseMember>,
    ) -> Result<Vec<SyncGroupRequestAssignment>, Failed> {
        let assignor = Assignor::from_name(protocol).ok_or_else(|| {
            Failed::Fatal(self.error(
                "assign partitions",
                format!("the group chose assignor '{protocol}', which kafka-lab does not have"),
            ))
        })?;
        let mut subscriptions = BTreeMap::new();
        for m in members {
            let topics = assign::decode_subscription(m.metadata).map_err(|reason| {
                Failed::Fatal(
                    self.error("read a subscription", format!("{}: {reason}", m.member_id)),
                )
            })?;
            subscriptions.insert(m.member_id.to_string(), topics);
        }
        let mut partitions = BTreeMap::new();
        for topic in subscriptions.values().flatten() {
            if partitions.contains_key(topic) {
                continue;
            }
            // A topic that does not exist has no partitions to hand out, as in Java.
            let count = match self.kafka.partitions(topic).await {
                Ok(found) => found.len() as i32,
                Err(Error::UnknownTopic { .. }) => 0,
                Err(e) => return Err(Failed::Retry(e.to_string())),
            };
            partitions.insert(topic.clone(), count);
        }
        Ok(assignor
            .assign(&subscriptions, &partitions)
            .into_iter()
            .map(|(member, assigned)| {
                SyncGroupRequestAssignment::default()
                    .with_member_id(StrBytes::from_string(member))
                    .with_assignment(assign::encode_assignment(&assigned))
            })
            .collect())
    }

    /// Tell the coordinator the member is alive; it answers whether to rejoin.
    pub async fn heartbeat(&mut self) -> Beat {
        let request = HeartbeatRequest::default()
            .with_group_id(group_id(&self.config.group))
            .with_generation_id(self.generation)
            .with_member_id(StrBytes::from_string(self.id.clone()));
        let answer = self.call(HEARTBEAT, &request, self.kafka.attempt).await;
        let failed = match answer.map(|a| a.error_code.err()) {
            Ok(None) => {
                self.confirmed = Instant::now();
                return Beat::Stable;
            }
            Ok(Some(e)) => self.refused(e),
            Err(failed) => failed,
        };
        failed_beat(
            failed,
            self.confirmed,
            self.config.session_timeout,
            &self.config.group,
        )
    }

    /// Commit `offsets` of the topic as this member of its generation, trying again
    /// on another coordinator until the operation deadline. Refused once the group
    /// rebalanced (the next heartbeat says to rejoin).
    pub async fn commit(&mut self, offsets: &BTreeMap<i32, Committed>) -> Result<()> {
        let request = commit_request(
            &self.config.group,
            self.generation,
            &self.id,
            &self.config.topic,
            offsets,
        );
        let end = Instant::now() + self.kafka.deadline;
        loop {
            let answer = self.call(OFFSET_COMMIT, &request, self.kafka.attempt).await;
            let why = match answer.map(|a| commit_refused(&a)) {
                Ok(None) => return Ok(()),
                Ok(Some(e)) => match self.refused(e) {
                    Failed::Retry(why) => why,
                    Failed::Rejoin(why) => return Err(self.error("commit offsets", why)),
                    Failed::Fatal(e) => return Err(e),
                },
                Err(Failed::Retry(why)) => why,
                Err(Failed::Rejoin(why)) => return Err(self.error("commit offsets", why)),
                Err(Failed::Fatal(e)) => return Err(e),
            };
            if Instant::now() >= end {
                return Err(self.error("commit offsets", why));
            }
            tokio::time::sleep(self.kafka.backoff.init_backoff).await;
        }
    }

    /// Leave the group, so that it rebalances now rather than after the session
    /// timeout. The member can join again later, with a new id.
    pub async fn leave(&mut self) -> Result<()> {
        if self.id.is_empty() {
            return Ok(());
        }
        let request = LeaveGroupRequest::default()
            .with_group_id(group_id(&self.config.group))
            .with_members(vec![MemberIdentity::default()
                .with_member_id(StrBytes::from_string(self.id.clone()))
                .with_reason(Some(StrBytes::from_static_str(
                    "kafka-lab stops reading",
                )))]);
        let answer = self.call(LEAVE_GROUP, &request, self.kafka.attempt).await;
        self.id.clear();
        self.generation = -1;
        let error = match answer {
            Ok(left) => left
                .error_code
                .err()
                .or_else(|| left.members.iter().find_map(|m| m.error_code.err())),
            Err(Failed::Retry(why) | Failed::Rejoin(why)) => {
                return Err(self.error("leave", why));
            }
            Err(Failed::Fatal(e)) => return Err(e),
        };
        match error {
            // Already dropped: nothing to leave.
            None | Some(ResponseError::UnknownMemberId) => Ok(()),
            Some(e) => Err(self.error("leave", format!("the broker answered {e}"))),
        }
    }

    async fn call<R: Request>(
        &mut self,
        version: i16,
        request: &R,
        wait: Duration,
    ) -> Result<R::Response, Failed> {
        self.coordinator.call(version, request, wait).await
    }

    /// What a refusing coordinator wants the member to do.
    fn refused(&mut self, e: ResponseError) -> Failed {
        if let Some(moved) = self.coordinator.moved(e) {
            return moved;
        }
        let why = format!("the coordinator answered {e}");
        match e {
            // Dropped from the group (a session that ran out): join as a new member.
            ResponseError::UnknownMemberId => {
                self.id.clear();
                self.generation = -1;
                Failed::Rejoin(why)
            }
            ResponseError::IllegalGeneration | ResponseError::RebalanceInProgress => {
                Failed::Rejoin(why)
            }
            _ => Failed::Fatal(self.error("talk to the coordinator", why)),
        }
    }

    fn error(&self, operation: &str, reason: String) -> Error {
        self.coordinator.error(operation, reason)
    }
}
