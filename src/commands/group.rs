//! `kafka-lab group ...`: consumer groups as `kafka-consumer-groups` shows them, and
//! their offsets reset as it resets them.

use super::{Error, Result, Session};
use crate::cli::GroupCommand;
use crate::kafka::groups::{Committed, GroupDescription};
use crate::kafka::{Error as KafkaError, Kafka};
use crate::record::Format;
use crate::start::StartAt;
use serde::Serialize;
use std::collections::BTreeMap;

pub async fn run(session: &Session, command: GroupCommand) -> Result<()> {
    let kafka = &session.kafka;
    match command {
        GroupCommand::List => {
            for listing in kafka.list_groups().await? {
                println!("{}", listing.group);
            }
        }
        GroupCommand::Describe { group, format } => {
            let group = group.unwrap_or_else(|| session.config.consumer.group.clone());
            let description = kafka.describe_group(&group).await?;
            let rows = rows(kafka, &description).await?;
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string(&Described {
                        description: &description,
                        partitions: &rows,
                    })
                    .expect("serializable")
                ),
                Format::Text => {
                    match description.state.as_str() {
                        "Empty" => eprintln!("\nConsumer group '{group}' has no active members."),
                        "PreparingRebalance" | "CompletingRebalance" => {
                            eprintln!("\nWarning: Consumer group '{group}' is rebalancing.")
                        }
                        _ => {}
                    }
                    print!("{}", table(&group, &rows));
                }
            }
        }
        GroupCommand::ResetOffsets {
            group,
            topic,
            to_earliest,
            to_latest,
            to_offset,
        } => {
            let to = match (to_earliest, to_latest, to_offset) {
                (true, _, _) => StartAt::Earliest,
                (_, true, _) => StartAt::Latest,
                (_, _, Some(n)) => StartAt::Offset(n),
                _ => unreachable!("clap requires one of --to-earliest, --to-latest, --to-offset"),
            };
            reset(kafka, &group, topic, to).await?;
        }
    }
    Ok(())
}

/// Commit `to` for every partition of `topic` (or of every topic `group` committed
/// for), as `kafka-consumer-groups --reset-offsets --execute` does: only while the
/// group has no members, since a member would commit its own positions over them.
async fn reset(kafka: &Kafka, group: &str, topic: Option<String>, to: StartAt) -> Result<()> {
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
            offsets.insert(partition, Committed { offset, metadata });
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

/// One partition of a group: where the group is, where the log ends, who reads it.
#[derive(Debug, Serialize)]
struct Row {
    topic: String,
    partition: i32,
    current_offset: Option<i64>,
    log_end_offset: Option<i64>,
    lag: Option<i64>,
    consumer_id: Option<String>,
    host: Option<String>,
    client_id: Option<String>,
}

#[derive(Serialize)]
struct Described<'a> {
    #[serde(flatten)]
    description: &'a GroupDescription,
    partitions: &'a [Row],
}

/// The partitions of each member (most first), then those committed and assigned to
/// no member, as `kafka-consumer-groups --describe` orders them.
async fn rows(kafka: &Kafka, description: &GroupDescription) -> Result<Vec<Row>> {
    let mut committed: BTreeMap<_, _> = kafka
        .committed_offsets(&description.group)
        .await?
        .into_iter()
        .map(|(key, c)| (key, c.offset))
        .collect();
    let mut members: Vec<_> = description
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut owned = Vec::new();
    for member in members {
        for (topic, partition) in &member.assignment {
            let offset = committed.remove(&(topic.clone(), *partition));
            owned.push((topic.clone(), *partition, offset, Some(member)));
        }
    }
    let orphans = std::mem::take(&mut committed)
        .into_iter()
        .map(|((topic, partition), offset)| (topic, partition, Some(offset), None));
    let mut log_ends = BTreeMap::new();
    let mut rows = Vec::new();
    for (topic, partition, current, member) in owned.into_iter().chain(orphans) {
        let key = (topic.clone(), partition);
        if !log_ends.contains_key(&key) {
            let end = kafka
                .offsets(&topic, partition)
                .await
                .ok()
                .map(|(_, end)| end);
            log_ends.insert(key.clone(), end);
        }
        let log_end = log_ends[&key];
        rows.push(Row {
            lag: current.zip(log_end).map(|(c, e)| e - c),
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

/// `kafka-consumer-groups --describe`'s table: a blank line, the header, a row per
/// partition; the group, topic, consumer id and host columns as wide as their longest
/// value (at least 15), `-` for what is missing.
fn table(group: &str, rows: &[Row]) -> String {
    let missing = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let number = |v: Option<i64>| v.map_or("-".into(), |n| n.to_string());
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                r.topic.clone(),
                r.partition.to_string(),
                number(r.current_offset),
                number(r.log_end_offset),
                number(r.lag),
                missing(&r.consumer_id),
                missing(&r.host),
                missing(&r.client_id),
            ]
        })
        .collect();
    let width = |column: usize| cells.iter().map(|c| c[column].len()).fold(15, usize::max);
    let (g, t, c, h) = (group.len().max(15), width(0), width(5), width(6));
    let line = |cells: [&str; 9]| {
        format!(
            "{:<g$} {:<t$} {:<10} {:<15} {:<15} {:<15} {:<c$} {:<h$} {}\n",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            cells[6],
            cells[7],
            cells[8]
        )
    };
    let mut out = String::from("\n");
    out += &line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    for row in &cells {
        out += &line([
            group, &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6], &row[7],
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_pads_like_kafka_consumer_groups() {
        let rows = [Row {
            topic: "t".into(),
            partition: 0,
            current_offset: Some(5),
            log_end_offset: Some(8),
            lag: Some(3),
            consumer_id: None,
            host: None,
            client_id: None,
        }];
        let text = table("g", &rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "");
        assert_eq!(
            lines[1],
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID"
        );
        assert_eq!(
            lines[2],
            "g               t               0          5               8               3               -               -               -"
        );
    }
}
