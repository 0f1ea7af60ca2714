//! Share groups (KIP-932, Kafka's queues), as their coordinator describes them: the
//! group and its members (ShareGroupDescribe) and where the group stands in each
//! share-partition (DescribeShareGroupOffsets: its start offset and lag).

use super::error::refused;
use super::groups::{
    assigned, group_id, Coordinator, GroupDescription, GroupKind, MemberDescription,
};
use super::{Kafka, Result};
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::describe_share_group_offsets_request::DescribeShareGroupOffsetsRequestGroup;
use kafka_protocol::messages::share_group_describe_response::{Assignment, DescribedGroup};
use kafka_protocol::messages::{DescribeShareGroupOffsetsRequest, ShareGroupDescribeRequest};
use serde::Serialize;
use std::collections::BTreeMap;

/// The only version Kafka serves (4.0 and later).
const SHARE_GROUP_DESCRIBE: i16 = 1;
/// Version 1 (Kafka 4.2 and later) says each share-partition's lag.
const DESCRIBE_SHARE_GROUP_OFFSETS: i16 = 1;

/// Where a share group stands in one partition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareOffset {
    /// The share-partition start offset: every record before it was delivered and
    /// acknowledged (or archived).
    pub start_offset: i64,
    pub leader_epoch: Option<i32>,
    /// Records not yet acknowledged, where the broker can tell.
    pub lag: Option<i64>,
}

impl Kafka {
    /// A share `group`'s state, epochs and members, or [`Error::UnknownGroup`].
    pub(super) async fn describe_share_group(&self, group: &str) -> Result<GroupDescription> {
        let operation = format!("describe share group '{group}' (ShareGroupDescribe)");
        let request = ShareGroupDescribeRequest::default().with_group_ids(vec![group_id(group)]);
        let answer = self
            .ask_coordinator(group, &operation, SHARE_GROUP_DESCRIBE, &request, |a| {
                a.groups.first().map(|g| g.error_code)
            })
            .await?;
        let described = self.only_group(&operation, group, answer.groups, |g| g.error_code)?;
        Ok(description(
            group,
            described,
            self.find_coordinator(group).await?,
        ))
    }

    /// Where share `group` stands in each partition it has state for, by topic and
    /// partition: `None` for a partition it has not started (start offset -1).
    pub async fn share_offsets(
        &self,
        group: &str,
    ) -> Result<BTreeMap<(String, i32), Option<ShareOffset>>> {
        let operation =
            format!("fetch the offsets of share group '{group}' (DescribeShareGroupOffsets)");
        let request = DescribeShareGroupOffsetsRequest::default().with_groups(vec![
            DescribeShareGroupOffsetsRequestGroup::default()
                .with_group_id(group_id(group))
                .with_topics(None),
        ]);
        let answer = self
            .ask_coordinator(
                group,
                &operation,
                DESCRIBE_SHARE_GROUP_OFFSETS,
                &request,
                |a| a.groups.first().map(|g| g.error_code),
            )
            .await?;
        let mut offsets = BTreeMap::new();
        for described in answer.groups {
            refused(&operation, &self.brokers(), described.error_code)?;
            for topic in described.topics {
                for p in topic.partitions {
                    // Kafka's tool skips a partition the coordinator could not read.
                    if p.error_code.err().is_some() {
                        tracing::warn!(group, topic = %topic.topic_name.0, partition = p.partition_index, error_code = p.error_code, "no share offset");
                        continue;
                    }
                    let offset = (p.start_offset >= 0).then(|| ShareOffset {
                        start_offset: p.start_offset,
                        leader_epoch: (p.leader_epoch >= 0).then_some(p.leader_epoch),
                        lag: (p.lag >= 0).then_some(p.lag),
                    });
                    offsets.insert((topic.topic_name.0.to_string(), p.partition_index), offset);
                }
            }
        }
        Ok(offsets)
    }
}

fn description(
    group: &str,
    described: DescribedGroup,
    coordinator: Coordinator,
) -> GroupDescription {
    let members = described
        .members
        .into_iter()
        .map(|m| MemberDescription {
            member_id: m.member_id.to_string(),
            instance_id: None,
            client_id: m.client_id.to_string(),
            host: m.client_host.to_string(),
            assignment: by_topic(m.assignment),
            target_assignment: None,
            member_epoch: Some(m.member_epoch),
            upgraded: None,
        })
        .collect();
    GroupDescription {
        group: group.into(),
        kind: GroupKind::Share,
        state: described.group_state.to_string(),
        protocol_type: "share".into(),
        protocol: described.assignor_name.to_string(),
        coordinator,
        group_epoch: Some(described.group_epoch),
        assignment_epoch: Some(described.assignment_epoch),
        members,
    }
}

fn by_topic(assignment: Assignment) -> Vec<(String, i32)> {
    assigned(
        assignment
            .topic_partitions
            .into_iter()
            .map(|t| (t.topic_name, t.partitions)),
    )
}
