//! One member of a consumer group in the consumer protocol of KIP-848 (Kafka 4's
//! `group.protocol=consumer`), subscribed to one topic. The coordinator computes the
//! assignment (the `uniform` or `range` assignor); the member only heartbeats:
//!
//! ```text
//! ConsumerGroupHeartbeat(epoch 0, subscription) ─▶ epoch N, assignment A
//!   ─▶ give up what left A (commit it), start what is new ─▶ heartbeat(owned = A) …
//!   ─▶ ConsumerGroupHeartbeat(epoch -1): left
//! FENCED_MEMBER_EPOCH, UNKNOWN_MEMBER_ID ─▶ every partition given up, join at epoch 0
//! ```
//!
//! A heartbeat names only what changed: the full request (subscription, assignor,
//! rebalance timeout, owned partitions) goes out when joining and after an error.
//! Partitions that stay with the member are never given up. Commits carry the member
//! epoch (OffsetCommit v9): one refused as STALE_MEMBER_EPOCH is sent again once a
//! heartbeat brought the current epoch; one refused as fenced makes the member rejoin.

use super::group_offsets::{commit_refused, commit_request, Committed};
use super::groups::group_id;
use super::member::{failed_beat, millis, Beat, CoordinatorLink, Failed, MemberConfig};
use super::{Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::consumer_group_heartbeat_request::TopicPartitions;
use kafka_protocol::messages::{ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse};
use kafka_protocol::protocol::StrBytes;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;

/// Version 1 (Kafka 4.0 and later): the member makes its own id.
const CONSUMER_GROUP_HEARTBEAT: i16 = 1;
/// Version 9 carries the member epoch.
const OFFSET_COMMIT: i16 = 9;
/// The epoch a member joins with, and the one it leaves with.
const JOINING: i32 = 0;
const LEAVING: i32 = -1;

/// A member of a consumer group in the consumer protocol.
pub struct ConsumerMember {
    kafka: Arc<Kafka>,
    config: MemberConfig,
    coordinator: CoordinatorLink,
    /// Made by the member (a UUID), kept for its life.
    id: String,
    /// 0 until the coordinator accepted the member.
    epoch: i32,
    /// The subscribed topic's id: assignments name topics by id.
    topic_id: Option<Uuid>,
    heartbeat_interval: Duration,
    /// The next heartbeat sends every field (after joining or an error).
    full: bool,
    /// The partitions the member reads (as it last said, [`Self::reconciled`]).
    owned: Vec<i32>,
    /// The next heartbeat reports `owned` (it changed).
    report: bool,
    /// An assignment a heartbeat inside a commit brought, for the reader's next beat.
    pending: Option<Vec<i32>>,
    /// Why the member must join again (fenced while committing), for the next beat.
    rejoin: Option<String>,
    /// When the coordinator last answered a heartbeat.
    confirmed: Instant,
}

impl ConsumerMember {
    pub fn new(kafka: Arc<Kafka>, config: MemberConfig) -> Self {
        Self {
            coordinator: CoordinatorLink::new(Arc::clone(&kafka), &config.group),
            kafka,
            config,
            id: Uuid::now_v7().simple().to_string(),
            epoch: JOINING,
            topic_id: None,
            heartbeat_interval: Duration::from_secs(5),
            full: true,
            owned: Vec::new(),
            report: true,
            pending: None,
            rejoin: None,
            confirmed: Instant::now(),
        }
    }

    pub fn group(&self) -> &str {
        &self.config.group
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn epoch(&self) -> i32 {
        self.epoch
    }

    /// The interval the coordinator asked for.
    pub fn heartbeat_interval(&self) -> Duration {
        self.heartbeat_interval
    }

    /// Join at epoch 0 (owning nothing) and return the partitions of the first
    /// assignment, sorted (maybe none yet: later heartbeats bring more).
    pub async fn join(&mut self) -> Result<Vec<i32>> {
        let end = Instant::now() + self.config.rebalance_timeout + self.kafka.deadline;
        if self.topic_id.is_none() {
            self.topic_id = Some(self.kafka.topic_id(&self.config.topic).await?);
        }
        self.epoch = JOINING;
        self.full = true;
        self.owned.clear();
        self.pending = None;
        self.rejoin = None;
        loop {
            let why = match self.beat().await {
                Ok(assigned) => return Ok(assigned.unwrap_or_default()),
                Err(Failed::Fatal(e)) => return Err(e),
                Err(Failed::Rejoin(why) | Failed::Retry(why)) => why,
            };
            if Instant::now() >= end {
                return Err(self.coordinator.error("join", why));
            }
            tracing::debug!(group = self.config.group, reason = why, "joining again");
            tokio::time::sleep(self.kafka.backoff.init_backoff).await;
        }
    }

    /// Tell the coordinator the member is alive; it answers with a new assignment
    /// (or none: unchanged), or fences the member.
    pub async fn heartbeat(&mut self) -> Beat {
        if let Some(why) = self.rejoin.take() {
            return Beat::Rejoin(why);
        }
        if let Some(assigned) = self.pending.take() {
            return Beat::Assigned(assigned);
        }
        let failed = match self.beat().await {
            Ok(Some(assigned)) => return Beat::Assigned(assigned),
            Ok(None) => return Beat::Stable,
            Err(failed) => failed,
        };
        // The coordinator drops a member it has not heard from for its session
        // timeout (the broker's group.consumer.session.timeout.ms, 45 s by default).
        let beat = failed_beat(
            failed,
            self.confirmed,
            self.config.session_timeout,
            &self.config.group,
        );
        if matches!(beat, Beat::Rejoin(_)) {
            self.epoch = JOINING;
        }
        beat
    }

    /// Report `owned` (what the member reads after taking an assignment) at once.
    pub async fn reconciled(&mut self, owned: &[i32]) -> Beat {
        self.owned = owned.to_vec();
        self.report = true;
        self.heartbeat().await
    }

    /// One heartbeat: `Some(partitions)` when it brought an assignment. After a
    /// failure (its answer may have been lost) the next one sends every field.
    async fn beat(&mut self) -> Result<Option<Vec<i32>>, Failed> {
        let request = self.request(self.epoch);
        let answer: Result<ConsumerGroupHeartbeatResponse, Failed> = self
            .coordinator
            .call(CONSUMER_GROUP_HEARTBEAT, &request, self.kafka.attempt)
            .await;
        let answer = answer.and_then(|a| match a.error_code.err() {
            None => Ok(a),
            Some(e) => Err(self.refused(e, a.error_message.as_deref())),
        });
        let answer = match answer {
            Ok(answer) => answer,
            Err(failed) => {
                self.full = true;
                return Err(failed);
            }
        };
        self.confirmed = Instant::now();
        self.epoch = answer.member_epoch;
        self.full = false;
        // Reported: the coordinator knows what the member owns.
        self.report = false;
        if answer.heartbeat_interval_ms > 0 {
            self.heartbeat_interval = Duration::from_millis(answer.heartbeat_interval_ms as u64);
        }
        Ok(answer.assignment.map(|assignment| {
            let mut partitions: Vec<i32> = assignment
                .topic_partitions
                .into_iter()
                .filter(|t| Some(t.topic_id) == self.topic_id)
                .flat_map(|t| t.partitions)
                .collect();
            partitions.sort_unstable();
            partitions
        }))
    }

    /// A heartbeat at `epoch`: everything when [`Self::full`] (a coordinator that
    /// bumped the epoch in an answer the member never got takes it from the previous
    /// epoch with the partitions owned), else only what changed.
    fn request(&self, epoch: i32) -> ConsumerGroupHeartbeatRequest {
        let full = self.full || epoch == JOINING;
        // The coordinator wants an empty list, not a topic with no partitions.
        let owned = (full || self.report).then(|| {
            (!self.owned.is_empty())
                .then(|| {
                    TopicPartitions::default()
                        .with_topic_id(self.topic_id.unwrap_or_default())
                        .with_partitions(self.owned.clone())
                })
                .into_iter()
                .collect()
        });
        ConsumerGroupHeartbeatRequest::default()
            .with_group_id(group_id(&self.config.group))
            .with_member_id(StrBytes::from_string(self.id.clone()))
            .with_member_epoch(epoch)
            .with_rebalance_timeout_ms(if full {
                millis(self.config.rebalance_timeout)
            } else {
                -1
            })
            .with_subscribed_topic_names(full.then(|| {
                vec![kafka_protocol::messages::TopicName(StrBytes::from_string(
                    self.config.topic.clone(),
                ))]
            }))
            .with_server_assignor(
                self.config
                    .assignor
                    .clone()
                    .filter(|_| full)
                    .map(StrBytes::from_string),
            )
            .with_topic_partitions(owned)
    }

    /// Commit `offsets` with the member epoch, until the operation deadline. Refused
    /// as STALE_MEMBER_EPOCH, it is sent again once a heartbeat brought the current
    /// epoch; refused so again (a partition that moved away), or fenced, the member
    /// joins again: the partitions' owners read on from the last commit.
    pub async fn commit(&mut self, offsets: &BTreeMap<i32, Committed>) -> Result<()> {
        let end = Instant::now() + self.kafka.deadline;
        let mut refreshed = false;
        loop {
            let request = commit_request(
                &self.config.group,
                self.epoch,
                &self.id,
                &self.config.topic,
                offsets,
            );
            let answer = self
                .coordinator
                .call(OFFSET_COMMIT, &request, self.kafka.attempt)
                .await;
            let failed = match answer.map(|a| commit_refused(&a)) {
                Ok(None) => return Ok(()),
                Ok(Some(ResponseError::StaleMemberEpoch)) if !refreshed => {
                    refreshed = true;
                    self.full = true;
                    match self.beat().await {
                        Ok(assigned) => {
                            self.pending = assigned.or(self.pending.take());
                            continue;
                        }
                        Err(Failed::Rejoin(why)) => Failed::Rejoin(format!(
                            "the coordinator answered {} to the commit, then to a heartbeat: {why}",
                            ResponseError::StaleMemberEpoch
                        )),
                        Err(failed) => failed,
                    }
                }
                Ok(Some(ResponseError::StaleMemberEpoch)) => {
                    self.epoch = JOINING;
                    Failed::Rejoin(format!(
                        "the coordinator answered {} to a commit at the current epoch",
                        ResponseError::StaleMemberEpoch
                    ))
                }
                Ok(Some(e)) => self.refused(e, None),
                Err(failed) => failed,
            };
            let why = match failed {
                Failed::Retry(why) => why,
                Failed::Rejoin(why) => {
                    self.rejoin = Some(why.clone());
                    return Err(self.coordinator.error("commit offsets", why));
                }
                Failed::Fatal(e) => return Err(e),
            };
            if Instant::now() >= end {
                return Err(self.coordinator.error("commit offsets", why));
            }
            tokio::time::sleep(self.kafka.backoff.init_backoff).await;
        }
    }

    /// Leave the group (a heartbeat at epoch -1): its partitions move at once.
    pub async fn leave(&mut self) -> Result<()> {
        if self.epoch == JOINING {
            return Ok(());
        }
        let request = self.request(LEAVING);
        let answer = self
            .coordinator
            .call(CONSUMER_GROUP_HEARTBEAT, &request, self.kafka.attempt)
            .await;
        self.epoch = JOINING;
        match answer {
            Ok(left) => match left.error_code.err() {
                // Already dropped: nothing to leave.
                None | Some(ResponseError::UnknownMemberId | ResponseError::FencedMemberEpoch) => {
                    Ok(())
                }
                Some(e) => Err(self
                    .coordinator
                    .error("leave", format!("the broker answered {e}"))),
            },
            Err(Failed::Retry(why) | Failed::Rejoin(why)) => {
                Err(self.coordinator.error("leave", why))
            }
            Err(Failed::Fatal(e)) => Err(e),
        }
    }

    /// What a refusing coordinator wants the member to do.
    fn refused(&mut self, e: ResponseError, message: Option<&str>) -> Failed {
        if let Some(moved) = self.coordinator.moved(e) {
            return moved;
        }
        let why = match message {
            Some(message) if !message.is_empty() => {
                format!("the coordinator answered {e}: {message}")
            }
            _ => format!("the coordinator answered {e}"),
        };
        match e {
            // Fenced, or dropped (its session ran out): every partition is someone
            // else's now; join again at epoch 0, with the same id.
            ResponseError::FencedMemberEpoch | ResponseError::UnknownMemberId => {
                self.epoch = JOINING;
                Failed::Rejoin(why)
            }
            _ => Failed::Fatal(self.coordinator.error("heartbeat", why)),
        }
    }
}

impl Kafka {
    /// Whether the cluster serves the consumer protocol of KIP-848 (Kafka 4.0 and
    /// later, by default).
    pub async fn serves_consumer_protocol(&self) -> Result<bool> {
        let served = self
            .highest_version(kafka_protocol::messages::ApiKey::ConsumerGroupHeartbeat)
            .await?;
        Ok(served.is_some_and(|v| v >= CONSUMER_GROUP_HEARTBEAT))
    }
}
