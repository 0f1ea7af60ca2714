//! Consumer groups of the KIP-848 protocol (Kafka 4's `group.protocol=consumer`), as
//! their coordinator describes them (ConsumerGroupDescribe): the group epoch and its
//! target assignment's, the server-side assignor, and each member's epoch, current
//! and target assignment. DescribeGroups answers such a group as `Dead`.

use super::groups::{assigned, group_id, GroupDescription, GroupKind, MemberDescription};
use super::{Kafka, Result};
use kafka_protocol::messages::consumer_group_describe_response::{Assignment, DescribedGroup};
use kafka_protocol::messages::ConsumerGroupDescribeRequest;

/// Version 1 says which protocol each member joined with (member type): served by
/// Apache Kafka 4.0 and later.
const CONSUMER_GROUP_DESCRIBE: i16 = 1;

/// A member's type in ConsumerGroupDescribe v1: joined with the classic protocol.
const CLASSIC_MEMBER: i8 = 0;
/// ... or with the consumer protocol.
const CONSUMER_MEMBER: i8 = 1;

impl Kafka {
    /// A consumer-protocol `group`'s state, epochs, members and assignments, or
    /// [`Error::UnknownGroup`].
    pub(super) async fn describe_consumer_group(&self, group: &str) -> Result<GroupDescription> {
        let operation = format!("describe group '{group}' (ConsumerGroupDescribe)");
        let request = ConsumerGroupDescribeRequest::default().with_group_ids(vec![group_id(group)]);
        let answer = self
            .ask_coordinator(group, &operation, CONSUMER_GROUP_DESCRIBE, &request, |a| {
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
}

fn description(
    group: &str,
    described: DescribedGroup,
    coordinator: super::groups::Coordinator,
) -> GroupDescription {
    let members = described
        .members
        .into_iter()
        .map(|m| MemberDescription {
            member_id: m.member_id.to_string(),
            instance_id: m.instance_id.map(|id| id.to_string()),
            client_id: m.client_id.to_string(),
            host: m.client_host.to_string(),
            assignment: by_topic(m.assignment),
            target_assignment: Some(by_topic(m.target_assignment)),
            member_epoch: Some(m.member_epoch),
            upgraded: match m.member_type {
                CLASSIC_MEMBER => Some(false),
                CONSUMER_MEMBER => Some(true),
                _ => None,
            },
        })
        .collect();
    GroupDescription {
        group: group.into(),
        kind: GroupKind::Consumer,
        state: described.group_state.to_string(),
        protocol_type: "consumer".into(),
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
