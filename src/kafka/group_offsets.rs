//! Where groups stand in each partition: the offsets a group committed (OffsetFetch),
//! and OffsetCommit requests, sent by a member (with its generation or member epoch)
//! or as no member (resets).

use super::error::refused;
use super::groups::group_id;
use super::{Error, Kafka, Result};
use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::offset_fetch_request::OffsetFetchRequestGroup;
use kafka_protocol::messages::{
    OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, TopicName,
};
use kafka_protocol::protocol::StrBytes;
use serde::Serialize;
use std::collections::BTreeMap;

const OFFSET_FETCH: i16 = 8;
/// Version 8: served by Apache Kafka 3.9 to 4.x and by the embedded broker (a member
/// of the consumer protocol uses 9, with its member epoch).
pub(super) const OFFSET_COMMIT: i16 = 8;

impl Kafka {
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
