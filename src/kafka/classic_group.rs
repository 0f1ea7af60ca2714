//! Classic groups (JoinGroup, SyncGroup) as their coordinator describes them
//! (DescribeGroups): state, assignor, and each member's assignment in the standard
//! `consumer` protocol type's encoding.

use super::assign::decode_assignment;
use super::groups::{group_id, GroupDescription, GroupKind, MemberDescription};
use super::{Error, Kafka, Result};
use kafka_protocol::messages::DescribeGroupsRequest;

/// Version 5: served by Apache Kafka 3.9 to 4.x and by the embedded broker.
const DESCRIBE_GROUPS: i16 = 5;

impl Kafka {
    /// A classic `group`'s state, members and their assignments, or
    /// [`Error::UnknownGroup`].
    pub(super) async fn describe_classic_group(&self, group: &str) -> Result<GroupDescription> {
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
}
