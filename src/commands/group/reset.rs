//! `group reset-offsets`: a group's committed offsets moved as `kafka-consumer-groups
//! --reset-offsets --execute` moves them.

use crate::commands::{Error, Result};
use crate::kafka::group_offsets::Committed;
use crate::kafka::{Error as KafkaError, Kafka};
use crate::start::StartAt;
use std::collections::BTreeMap;

/// Commit `to` for every partition of `topic` (or of every topic `group` committed
/// for), as `kafka-consumer-groups --reset-offsets --execute` does: only while the
/// group has no members, since a member would commit its own positions over them.
pub(super) async fn reset(
    kafka: &Kafka,
    group: &str,
    topic: Option<String>,
    to: StartAt,
) -> Result<()> {
    match kafka.describe_group(group).await {
        Ok(d) if !d.members.is_empty() => {
            return Err(Error::Check(format!(
                "Assignments can only be reset if the group '{group}' is inactive, but the \
                 current state is {}.",
                d.state
            )))
        }
        Ok(_) | Err(KafkaError::UnknownGroup { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let topics: Vec<String> = match topic {
        Some(topic) => vec![topic],
        None => {
            let committed = kafka.committed_offsets(group).await?;
            let mut topics: Vec<_> = committed.into_keys().map(|(t, _)| t).collect();
            topics.dedup();
            topics
        }
    };
    if topics.is_empty() {
        return Err(Error::Check(format!(
            "group '{group}' committed no offsets: name the topic with --topic"
        )));
    }
    let mut reset = Vec::new();
    for topic in topics {
        let mut offsets = BTreeMap::new();
        for partition in kafka.partitions(&topic).await? {
            let (earliest, latest) = kafka.offsets(&topic, partition).await?;
            let offset = to.resolve(earliest, latest);
            // No sequences: the next owner starts counting afresh.
            let metadata = String::new();
            offsets.insert(
                partition,
                Committed {
                    offset,
                    metadata,
                    leader_epoch: None,
                },
            );
        }
        kafka.commit_offsets(group, &topic, &offsets).await?;
        reset.extend(
            offsets
                .into_iter()
                .map(|(p, c)| (topic.clone(), p, c.offset)),
        );
    }
    // As kafka-consumer-groups 4.x prints it: group and topic columns as wide as their
    // longest value (at least 15), each line after a newline.
    let g = group.len().max(15);
    let t = reset
        .iter()
        .map(|(topic, _, _)| topic.len())
        .fold(15, usize::max);
    print!(
        "\n{:<g$} {:<t$} {:<10} NEW-OFFSET",
        "GROUP", "TOPIC", "PARTITION"
    );
    for (topic, partition, offset) in &reset {
        print!("\n{group:<g$} {topic:<t$} {partition:<10} {offset}");
    }
    println!();
    Ok(())
}
