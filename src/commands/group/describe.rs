//! What `group describe` shows, gathered: the group as its kind's describe request
//! has it, and each partition where the group stands in it (a committed offset, or a
//! share group's start offset), with the log end and lag as Kafka's tools compute
//! them.

use crate::commands::Result;
use crate::kafka::groups::{GroupDescription, GroupKind, MemberDescription};
use crate::kafka::Kafka;
use serde::Serialize;
use std::collections::BTreeMap;

/// A group and its partitions.
#[derive(Debug, Serialize)]
pub(super) struct Described {
    #[serde(flatten)]
    pub description: GroupDescription,
    pub partitions: Partitions,
}

/// Each partition's row: committed offsets (classic and consumer groups), or share
/// offsets.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum Partitions {
    Committed(Vec<Row>),
    Share(Vec<ShareRow>),
}

/// One partition of a classic or consumer group: where the group is, where the log
/// ends, who reads it.
#[derive(Debug, Serialize)]
pub(super) struct Row {
    pub topic: String,
    pub partition: i32,
    pub leader_epoch: Option<i32>,
    pub current_offset: Option<i64>,
    pub log_end_offset: Option<i64>,
    pub lag: Option<i64>,
    pub consumer_id: Option<String>,
    pub host: Option<String>,
    pub client_id: Option<String>,
}

/// One partition of a share group: where its undelivered records begin, how many.
#[derive(Debug, Serialize)]
pub(super) struct ShareRow {
    pub topic: String,
    pub partition: i32,
    pub leader_epoch: Option<i32>,
    pub start_offset: Option<i64>,
    pub lag: Option<i64>,
}

/// `group` described by its kind's request, with its partitions.
pub(super) async fn gather(kafka: &Kafka, group: &str) -> Result<Described> {
    let description = kafka.describe_group(group).await?;
    let partitions = match description.kind {
        GroupKind::Share => Partitions::Share(share_rows(kafka, group).await?),
        _ => Partitions::Committed(rows(kafka, &description).await?),
    };
    Ok(Described {
        description,
        partitions,
    })
}

/// The partitions of each member (most first, each member's by topic and partition),
/// then those committed and owned by no member, as `kafka-consumer-groups --describe`
/// orders them.
async fn rows(kafka: &Kafka, description: &GroupDescription) -> Result<Vec<Row>> {
    let mut committed = kafka.committed_offsets(&description.group).await?;
    let mut members: Vec<&MemberDescription> = description
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut owned = Vec::new();
    for member in members {
        let mut assignment = member.assignment.clone();
        assignment.sort();
        for (topic, partition) in assignment {
            let found = committed.remove(&(topic.clone(), partition));
            owned.push((topic, partition, found, Some(member)));
        }
    }
    let orphans = std::mem::take(&mut committed)
        .into_iter()
        .map(|((topic, partition), found)| (topic, partition, Some(found), None));
    let mut rows = Vec::new();
    for (topic, partition, found, member) in owned.into_iter().chain(orphans) {
        let log_end = log_end(kafka, &topic, partition).await;
        let current = found.as_ref().map(|c| c.offset);
        rows.push(Row {
            lag: current.zip(log_end).map(|(c, e)| e - c),
            leader_epoch: found.and_then(|c| c.leader_epoch),
            topic,
            partition,
            current_offset: current,
            log_end_offset: log_end,
            consumer_id: member.map(|m| m.member_id.clone()),
            host: member.map(|m| m.host.clone()),
            client_id: member.map(|m| m.client_id.clone()),
        });
    }
    Ok(rows)
}

/// A partition's log end, or `None` where its leader cannot say (Kafka's tool prints
/// `-` then).
async fn log_end(kafka: &Kafka, topic: &str, partition: i32) -> Option<i64> {
    kafka
        .offsets(topic, partition)
        .await
        .ok()
        .map(|(_, end)| end)
}

/// Every partition a share group has state for, by topic and partition.
async fn share_rows(kafka: &Kafka, group: &str) -> Result<Vec<ShareRow>> {
    Ok(kafka
        .share_offsets(group)
        .await?
        .into_iter()
        .map(|((topic, partition), offset)| ShareRow {
            topic,
            partition,
            leader_epoch: offset.as_ref().and_then(|o| o.leader_epoch),
            start_offset: offset.as_ref().map(|o| o.start_offset),
            lag: offset.and_then(|o| o.lag),
        })
        .collect())
}

/// The partitions of an assignment as Kafka's tools print it: `topic:0,1,2`, topics
/// sorted and joined with `;` (empty for none).
pub(super) fn assignment_text(assignment: &[(String, i32)]) -> String {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (topic, partition) in assignment {
        by_topic.entry(topic).or_default().push(*partition);
    }
    by_topic
        .into_iter()
        .map(|(topic, mut partitions)| {
            partitions.sort_unstable();
            let partitions: Vec<String> = partitions.iter().map(i32::to_string).collect();
            format!("{topic}:{}", partitions.join(","))
        })
        .collect::<Vec<_>>()
        .join(";")
}
