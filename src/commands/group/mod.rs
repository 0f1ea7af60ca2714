//! `kafka-lab group ...`: groups of every kind (classic, consumer, share) as Kafka
//! 4.4's own tools show them (`kafka-consumer-groups`, `kafka-share-groups`), and
//! offsets reset as `kafka-consumer-groups --reset-offsets` resets them.
//!
//! - [`describe`]: what a group's describe views need, gathered from its coordinator
//!   and the partition leaders;
//! - [`view`]: those views as the Kafka tools print them, column for column;
//! - [`reset`]: the `reset-offsets` command.

mod describe;
mod reset;
mod view;

use super::{Result, Session};
use crate::cli::GroupCommand;
use crate::kafka::groups::GroupListing;
use crate::record::Format;
use crate::start::StartAt;

pub async fn run(session: &Session, command: GroupCommand) -> Result<()> {
    let kafka = &session.kafka;
    match command {
        GroupCommand::List {
            kinds,
            states,
            format,
        } => {
            let listed: Vec<GroupListing> = kafka
                .list_groups()
                .await?
                .into_iter()
                .filter(|g| kinds.is_empty() || kinds.contains(&g.kind))
                .filter(|g| states.is_empty() || states.contains(&g.state))
                .collect();
            match format {
                Format::Text => print!("{}", view::listing(&listed)),
                Format::Json => {
                    for group in &listed {
                        println!("{}", serde_json::to_string(group).expect("serializable"));
                    }
                }
            }
        }
        GroupCommand::Describe {
            group,
            offsets: _,
            members,
            state,
            verbose,
            format,
        } => {
            let group = group.unwrap_or_else(|| session.config.consumer.group.clone());
            let described = describe::gather(kafka, &group).await?;
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string(&described).expect("serializable")
                ),
                Format::Text => {
                    let shown = if members {
                        view::members(&described, verbose)
                    } else if state {
                        view::state(&described, verbose)
                    } else {
                        view::partitions(&described, verbose)
                    };
                    eprint!("{}", shown.said);
                    print!("{}", shown.table);
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
            reset::reset(kafka, &group, topic, to).await?;
        }
    }
    Ok(())
}
