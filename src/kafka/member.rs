//! A member of a consumer group, whichever protocol it speaks: the seam the readers
//! ([`crate::membership`]) call without knowing which runs.
//!
//! ```text
//!              Member::join ─▶ partitions ─▶ heartbeat … ─▶ commit … ─▶ leave
//!                                   ▲            │ Assigned(partitions): reconcile, then reconciled()
//!                                   └── Rejoin ◀─┘ (every partition given up)
//! ```
//!
//! - [`super::classic_member`]: the classic protocol (JoinGroup, SyncGroup,
//!   Heartbeat): eager, every rebalance gives every partition up;
//! - [`super::consumer_member`]: the consumer protocol of KIP-848
//!   (ConsumerGroupHeartbeat): the coordinator assigns, and only the partitions that
//!   move are given up.
//!
//! Both talk to the group's coordinator through a `CoordinatorLink`, found again
//! whenever it moves or its connection fails.

use super::classic_member::ClassicMember;
use super::consumer_member::ConsumerMember;
use super::group_offsets::Committed;
use super::wire::{Connection, Request};
use super::{Error, Kafka, Result};
use crate::config::GroupProtocol;
use kafka_protocol::error::ResponseError;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Which group, which topic, and the timeouts the coordinator holds the member to.
#[derive(Debug, Clone)]
pub struct MemberConfig {
    pub group: String,
    pub topic: String,
    /// Without a heartbeat for this long, the coordinator drops the member (classic;
    /// the consumer protocol's is the broker's `group.consumer.session.timeout.ms`).
    pub session_timeout: Duration,
    /// How long the members have to rejoin (or give partitions up) once a
    /// rebalance began.
    pub rebalance_timeout: Duration,
    pub protocol: GroupProtocol,
    /// The consumer protocol's server-side assignor (`uniform`, `range`); `None`:
    /// the broker's default.
    pub assignor: Option<String>,
}

/// What a heartbeat learned.
#[derive(Debug, Clone, PartialEq)]
pub enum Beat {
    /// Nothing changed (or the coordinator could not be asked, and the session has
    /// not run out).
    Stable,
    /// The member's partitions are now these: stop reading the others (commit what was
    /// read of them), start the new ones, then say [`Member::reconciled`].
    Assigned(Vec<i32>),
    /// The group rebalances, or the member was dropped: give every partition up and
    /// [`Member::join`] again. Says why.
    Rejoin(String),
}

/// A member of a group, in the protocol its config names.
pub enum Member {
    Classic(ClassicMember),
    Consumer(ConsumerMember),
}

impl Member {
    pub fn new(kafka: Arc<Kafka>, config: MemberConfig) -> Self {
        match config.protocol {
            GroupProtocol::Classic => Self::Classic(ClassicMember::new(kafka, config)),
            GroupProtocol::Consumer => Self::Consumer(ConsumerMember::new(kafka, config)),
        }
    }

    pub fn group(&self) -> &str {
        match self {
            Self::Classic(m) => m.group(),
            Self::Consumer(m) => m.group(),
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::Classic(m) => m.id(),
            Self::Consumer(m) => m.id(),
        }
    }

    /// The classic generation, or the consumer protocol's member epoch.
    pub fn epoch(&self) -> i32 {
        match self {
            Self::Classic(m) => m.generation(),
            Self::Consumer(m) => m.epoch(),
        }
    }

    /// How often to heartbeat: `configured` (classic), or what the coordinator asks.
    pub fn heartbeat_interval(&self, configured: Duration) -> Duration {
        match self {
            Self::Classic(_) => configured,
            Self::Consumer(m) => m.heartbeat_interval(),
        }
    }

    /// Join the group (again) and return this member's partitions of the topic, sorted.
    pub async fn join(&mut self) -> Result<Vec<i32>> {
        match self {
            Self::Classic(m) => m.join().await,
            Self::Consumer(m) => m.join().await,
        }
    }

    pub async fn heartbeat(&mut self) -> Beat {
        match self {
            Self::Classic(m) => m.heartbeat().await,
            Self::Consumer(m) => m.heartbeat().await,
        }
    }

    /// The member now reads `owned` (after a [`Beat::Assigned`]): the consumer
    /// protocol tells the coordinator at once, which may hand out more.
    pub async fn reconciled(&mut self, owned: &[i32]) -> Beat {
        match self {
            Self::Classic(_) => Beat::Stable,
            Self::Consumer(m) => m.reconciled(owned).await,
        }
    }

    /// Commit `offsets` of the topic as this member, trying again on another
    /// coordinator until the operation deadline.
    pub async fn commit(&mut self, offsets: &BTreeMap<i32, Committed>) -> Result<()> {
        if offsets.is_empty() {
            return Ok(());
        }
        match self {
            Self::Classic(m) => m.commit(offsets).await,
            Self::Consumer(m) => m.commit(offsets).await,
        }
    }

    /// Leave the group, so that its partitions move now rather than after the
    /// session timeout.
    pub async fn leave(&mut self) -> Result<()> {
        match self {
            Self::Classic(m) => m.leave().await,
            Self::Consumer(m) => m.leave().await,
        }
    }
}

/// Why one step of a protocol did not finish.
pub(super) enum Failed {
    /// The coordinator wants the member to join (again) now.
    Rejoin(String),
    /// Another try may work after a pause: the coordinator moved, is loading, or did
    /// not answer.
    Retry(String),
    /// Trying again will not help.
    Fatal(Error),
}

/// The connection to a group's coordinator, found (again) when needed.
pub(super) struct CoordinatorLink {
    pub kafka: Arc<Kafka>,
    pub group: String,
    connection: Option<Connection>,
}

impl CoordinatorLink {
    pub fn new(kafka: Arc<Kafka>, group: &str) -> Self {
        Self {
            kafka,
            group: group.into(),
            connection: None,
        }
    }

    /// Send `request` to the coordinator (found first if need be) and wait for the
    /// answer at most `wait`. A failed connection is dropped, to be found again.
    pub async fn call<R: Request>(
        &mut self,
        version: i16,
        request: &R,
        wait: Duration,
    ) -> Result<R::Response, Failed> {
        if self.connection.as_ref().is_some_and(Connection::is_broken) {
            self.connection = None;
        }
        if self.connection.is_none() {
            match self.kafka.coordinator(&self.group).await {
                Ok(found) => self.connection = Some(found),
                Err(e) if e.is_retriable() => return Err(Failed::Retry(e.to_string())),
                Err(e) => return Err(Failed::Fatal(e)),
            }
        }
        let connection = self.connection.as_ref().expect("found above");
        connection.call(version, request, wait).await.map_err(|e| {
            self.connection = None;
            if e.is_retriable() {
                Failed::Retry(e.to_string())
            } else {
                Failed::Fatal(e)
            }
        })
    }

    /// `Some(Retry)` where `e` says the coordinator moved, is not there yet or is
    /// loading the group (it is looked up again where it moved).
    pub fn moved(&mut self, e: ResponseError) -> Option<Failed> {
        let why = format!("the coordinator answered {e}");
        match e {
            ResponseError::NotCoordinator | ResponseError::CoordinatorNotAvailable => {
                self.connection = None;
                Some(Failed::Retry(why))
            }
            ResponseError::CoordinatorLoadInProgress => Some(Failed::Retry(why)),
            _ => None,
        }
    }

    pub fn error(&self, operation: &str, reason: String) -> Error {
        Error::Group {
            group: self.group.clone(),
            operation: operation.into(),
            reason,
        }
    }
}

/// What a heartbeat that `failed` means: join again where the coordinator says so, or
/// once nothing was confirmed for `session_timeout` since `confirmed` (the coordinator
/// has dropped the member by then); else try again at the next beat.
pub(super) fn failed_beat(
    failed: Failed,
    confirmed: Instant,
    session_timeout: Duration,
    group: &str,
) -> Beat {
    let why = match failed {
        Failed::Rejoin(why) => return Beat::Rejoin(why),
        Failed::Retry(why) => why,
        Failed::Fatal(e) => e.to_string(),
    };
    if confirmed.elapsed() > session_timeout {
        return Beat::Rejoin(format!(
            "no heartbeat answered for longer than the session timeout ({session_timeout:?}): {why}"
        ));
    }
    tracing::warn!(group, reason = why, "heartbeat failed; trying again");
    Beat::Stable
}

pub(super) fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX)
}
