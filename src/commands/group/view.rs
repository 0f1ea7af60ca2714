//! `group list` and the `group describe` views as Kafka 4.4's tools print them,
//! column for column: `kafka-consumer-groups` for classic and consumer groups,
//! `kafka-share-groups` for share groups. Each column is as wide as the Kafka tool
//! makes it (a fixed width, or its longest value with a floor), `-` where a value is
//! missing. (Over 400 lines with its tests: one concern, the tools' formats, whose
//! views share the column helpers.)

use super::describe::{assignment_text, Described, Partitions, Row, ShareRow};
use crate::kafka::groups::{GroupDescription, GroupKind, GroupListing};

/// What a view prints: a note for stderr, the table for stdout.
pub(super) struct Shown {
    pub said: String,
    pub table: String,
}

const MISSING: &str = "-";

/// Cells padded to their widths (0: not padded), joined by a space.
fn line(cells: &[(&str, usize)]) -> String {
    cells
        .iter()
        .map(|(cell, width)| format!("{cell:<width$}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A table as the Kafka tools print one: a blank line, then each line.
fn table(lines: &[String]) -> String {
    format!("\n{}\n", lines.join("\n"))
}

/// The widest of `values` and `floor`.
fn widest<'a>(floor: usize, values: impl IntoIterator<Item = &'a str>) -> usize {
    values.into_iter().map(str::len).fold(floor, usize::max)
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| MISSING.into(), |v| v.to_string())
}

/// `kafka-consumer-groups --list --type --state`.
pub(super) fn listing(groups: &[GroupListing]) -> String {
    let width = widest(15, groups.iter().map(|g| g.group.as_str())) + 10;
    let mut out = String::new();
    let mut add = |group: &str, kind: &str, state: &str| {
        out += &line(&[(group, width), (kind, 20), (state, 20)]);
        out.push('\n');
    };
    add("GROUP", "TYPE", "STATE");
    for g in groups {
        add(&g.group, &g.kind.to_string(), &g.state);
    }
    out
}

/// The default view (`--offsets`): each partition.
pub(super) fn partitions(described: &Described, verbose: bool) -> Shown {
    let d = &described.description;
    match &described.partitions {
        Partitions::Committed(rows) => Shown {
            said: consumer_note(d),
            table: if rows.is_empty() {
                String::new()
            } else {
                committed(&d.group, rows, verbose)
            },
        },
        Partitions::Share(rows) => Shown {
            said: String::new(),
            table: if rows.is_empty() {
                format!("\nShare group '{}' has no offset information.\n", d.group)
            } else {
                share_offsets(&d.group, rows, verbose)
            },
        },
    }
}

fn committed(group: &str, rows: &[Row], verbose: bool) -> String {
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let text = |v: &Option<String>| v.clone().unwrap_or_else(|| MISSING.into());
            [
                r.topic.clone(),
                r.partition.to_string(),
                number(r.leader_epoch),
                number(r.current_offset),
                number(r.log_end_offset),
                number(r.lag),
                text(&r.consumer_id),
                text(&r.host),
                text(&r.client_id),
            ]
        })
        .collect();
    let width = |column: usize| widest(15, cells.iter().map(|c| c[column].as_str()));
    let (g, t, c, h) = (group.len().max(15), width(0), width(6), width(7));
    let render = |row: [&str; 10]| {
        let mut columns = vec![(row[0], g), (row[1], t), (row[2], 10)];
        if verbose {
            columns.push((row[3], 15));
        }
        columns.extend([
            (row[4], 15),
            (row[5], 15),
            (row[6], 15),
            (row[7], c),
            (row[8], h),
            (row[9], 0),
        ]);
        line(&columns)
    };
    let mut lines = vec![render([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ])];
    for r in &cells {
        lines.push(render([
            group, &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8],
        ]));
    }
    table(&lines)
}

fn share_offsets(group: &str, rows: &[ShareRow], verbose: bool) -> String {
    let (g, t) = (
        group.len().max(15),
        widest(15, rows.iter().map(|r| r.topic.as_str())),
    );
    let render = |row: [&str; 6]| {
        let mut columns = vec![(row[0], g), (row[1], t), (row[2], 10)];
        if verbose {
            columns.push((row[3], 13));
        }
        columns.extend([(row[4], 13), (row[5], 0)]);
        line(&columns)
    };
    let mut lines = vec![render([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "START-OFFSET",
        "LAG",
    ])];
    for r in rows {
        let (partition, epoch) = (r.partition.to_string(), number(r.leader_epoch));
        let (start, lag) = (number(r.start_offset), number(r.lag));
        lines.push(render([group, &r.topic, &partition, &epoch, &start, &lag]));
    }
    table(&lines)
}

/// `--members`: each member.
pub(super) fn members(described: &Described, verbose: bool) -> Shown {
    let d = &described.description;
    match d.kind {
        GroupKind::Share => Shown {
            said: share_note(d),
            table: if d.members.is_empty() {
                String::new()
            } else {
                share_members(d, verbose)
            },
        },
        _ => Shown {
            said: consumer_note(d),
            table: consumer_members(d, verbose),
        },
    }
}

fn consumer_members(d: &GroupDescription, verbose: bool) -> String {
    let assignment = |a: &[(String, i32)]| {
        if a.is_empty() {
            MISSING.into()
        } else {
            assignment_text(a)
        }
    };
    let rows: Vec<[String; 10]> = d
        .members
        .iter()
        .map(|m| {
            [
                d.group.clone(),
                m.member_id.clone(),
                m.instance_id.clone().unwrap_or_default(),
                m.host.clone(),
                m.client_id.clone(),
                m.assignment.len().to_string(),
                number(m.member_epoch),
                assignment(&m.assignment),
                number(d.assignment_epoch),
                assignment(m.target_assignment.as_deref().unwrap_or_default()),
            ]
        })
        .collect();
    let width = |column: usize, floor| widest(floor, rows.iter().map(|r| r[column].as_str()));
    let (g, c, gi, h, cl) = (
        width(0, 15),
        width(1, 15),
        width(2, 17),
        width(3, 15),
        width(4, 15),
    );
    let (ca, ta) = (width(7, 20), width(9, 20));
    let with_instance = d.members.iter().any(|m| m.instance_id.is_some());
    // Kafka's tool adds UPGRADED while classic and consumer members share the group.
    let migrating = [Some(false), Some(true)]
        .iter()
        .all(|u| d.members.iter().any(|m| m.upgraded == *u));
    let render = |row: [&str; 11]| {
        let mut columns = vec![(row[0], g), (row[1], c)];
        if with_instance {
            columns.push((row[2], gi));
        }
        columns.extend([(row[3], h), (row[4], cl), (row[5], 15)]);
        let mut text = line(&columns) + " ";
        if verbose {
            let mut more = vec![(row[6], 15), (row[7], ca), (row[8], 15), (row[9], ta)];
            if migrating {
                more.push((row[10], 0));
            }
            text += &line(&more);
        }
        text
    };
    let mut lines = vec![render([
        "GROUP",
        "CONSUMER-ID",
        "GROUP-INSTANCE-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
        "CURRENT-EPOCH",
        "CURRENT-ASSIGNMENT",
        "TARGET-EPOCH",
        "TARGET-ASSIGNMENT",
        "UPGRADED",
    ])];
    for (r, m) in rows.iter().zip(&d.members) {
        let upgraded = number(m.upgraded);
        lines.push(render([
            &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8], &r[9], &upgraded,
        ]));
    }
    table(&lines)
}

fn share_members(d: &GroupDescription, verbose: bool) -> String {
    let mut members: Vec<_> = d.members.iter().collect();
    members.sort_by(|a, b| a.member_id.cmp(&b.member_id));
    let g = d.group.len().max(15);
    let c = widest(15, members.iter().map(|m| m.member_id.as_str()));
    let h = widest(15, members.iter().map(|m| m.host.as_str()));
    let cl = widest(15, members.iter().map(|m| m.client_id.as_str()));
    let render = |row: [&str; 7]| {
        let mut columns = vec![
            (row[0], g),
            (row[1], c),
            (row[2], h),
            (row[3], cl),
            (row[4], 12),
        ];
        if verbose {
            columns.push((row[5], 13));
        }
        columns.push((row[6], 0));
        line(&columns)
    };
    let mut lines = vec![render([
        "GROUP",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
        "MEMBER-EPOCH",
        "ASSIGNMENT",
    ])];
    for m in members {
        let (count, epoch) = (m.assignment.len().to_string(), number(m.member_epoch));
        let assignment = assignment_text(&m.assignment);
        lines.push(render([
            &d.group,
            &m.member_id,
            &m.host,
            &m.client_id,
            &count,
            &epoch,
            &assignment,
        ]));
    }
    table(&lines)
}

/// `--state`: the group.
pub(super) fn state(described: &Described, verbose: bool) -> Shown {
    let d = &described.description;
    let coordinator = d.coordinator.to_string();
    let (g, co) = (d.group.len().max(15), coordinator.len().max(25));
    let members = d.members.len().to_string();
    let (epoch, target) = (number(d.group_epoch), number(d.assignment_epoch));
    let (said, lines) = match d.kind {
        GroupKind::Share => {
            let render = |row: [&str; 6]| {
                let mut columns = vec![(row[0], g), (row[1], co), (row[2], 15)];
                if verbose {
                    columns.extend([(row[3], 12), (row[4], 17)]);
                }
                columns.push((row[5], 0));
                line(&columns)
            };
            let header = [
                "GROUP",
                "COORDINATOR (ID)",
                "STATE",
                "GROUP-EPOCH",
                "ASSIGNMENT-EPOCH",
                "#MEMBERS",
            ];
            let row = [&*d.group, &coordinator, &d.state, &epoch, &target, &members];
            (share_note(d), [render(header), render(row)])
        }
        _ => {
            let strategy = if d.protocol.is_empty() {
                MISSING
            } else {
                d.protocol.as_str()
            };
            let render = |row: [&str; 7]| {
                let mut columns = vec![(row[0], g), (row[1], co), (row[2], 20), (row[3], 20)];
                if verbose {
                    columns.extend([(row[4], 15), (row[5], 25)]);
                }
                columns.push((row[6], 0));
                line(&columns)
            };
            let header = [
                "GROUP",
                "COORDINATOR (ID)",
                "ASSIGNMENT-STRATEGY",
                "STATE",
                "GROUP-EPOCH",
                "TARGET-ASSIGNMENT-EPOCH",
                "#MEMBERS",
            ];
            let row = [
                &*d.group,
                &coordinator,
                strategy,
                &d.state,
                &epoch,
                &target,
                &members,
            ];
            (consumer_note(d), [render(header), render(row)])
        }
    };
    Shown {
        said,
        table: table(&lines),
    }
}

/// What `kafka-consumer-groups` says on stderr of a group's state; and what kafka-lab
/// adds where the broker reports members without assignments (the embedded broker).
fn consumer_note(d: &GroupDescription) -> String {
    let group = &d.group;
    let mut said = match d.state.as_str() {
        "Empty" => format!("\nConsumer group '{group}' has no active members.\n"),
        "PreparingRebalance" | "CompletingRebalance" | "Assigning" | "Reconciling" => {
            format!("\nWarning: Consumer group '{group}' is rebalancing.\n")
        }
        _ => String::new(),
    };
    if d.state == "Stable"
        && !d.members.is_empty()
        && d.members.iter().all(|m| m.assignment.is_empty())
    {
        said += &format!(
            "\nNote: the broker reports no assignment for any of the group's {} members: \
             which member owns a partition is unknown, not none.\n",
            d.members.len()
        );
    }
    said
}

/// What `kafka-share-groups` says on stderr of a group's state.
fn share_note(d: &GroupDescription) -> String {
    if d.state == "Empty" {
        format!("\nShare group '{}' has no active members.\n", d.group)
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offsets_table_pads_like_kafka_consumer_groups() {
        let rows = [Row {
            topic: "t".into(),
            partition: 0,
            leader_epoch: None,
            current_offset: Some(5),
            log_end_offset: Some(8),
            lag: Some(3),
            consumer_id: None,
            host: None,
            client_id: None,
        }];
        let text = committed("g", &rows, false);
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
        let verbose = committed("g", &rows, true);
        assert_eq!(
            verbose.lines().nth(2).unwrap(),
            "g               t               0          -               5               8               3               -               -               -"
        );
    }

    /// `--list --type --state`: the group column 10 wider than the longest name (at
    /// least 15), the others 20, each padded, the last one too.
    #[test]
    fn the_listing_pads_like_kafka_consumer_groups() {
        let groups = [GroupListing {
            group: "g".into(),
            kind: GroupKind::Share,
            protocol_type: "share".into(),
            state: "Empty".into(),
        }];
        assert_eq!(
            listing(&groups),
            format!(
                "{:<25} {:<20} {:<20}\n{:<25} {:<20} {:<20}\n",
                "GROUP", "TYPE", "STATE", "g", "Share", "Empty"
            )
        );
    }
}
