//! `kafka-lab topic ...`: exercise 1, with kafka-topics-like output.

use super::Result;
use crate::cli::TopicCommand;
use crate::kafka::admin::{default_topic_name, TopicDescription};
use crate::kafka::configs::NewTopic;
use crate::kafka::{Error, Kafka};
use crate::record::Format;

pub async fn run(kafka: &Kafka, command: TopicCommand) -> Result<()> {
    match command {
        TopicCommand::Create {
            name,
            partitions,
            replication_factor,
            if_not_exists,
            configs,
        } => {
            let name = name.unwrap_or_else(default_topic_name);
            let topic = NewTopic {
                name: &name,
                partitions,
                replication_factor,
                configs: configs.into_iter().collect(),
            };
            match kafka.create_topic(&topic).await {
                Ok(()) => println!("Created topic {name}."),
                Err(Error::TopicExists { .. }) if if_not_exists => {
                    println!("Topic {name} already exists.")
                }
                Err(e) => return Err(e.into()),
            }
        }
        TopicCommand::List => {
            for name in kafka.list_topics().await? {
                println!("{name}");
            }
        }
        TopicCommand::Describe { name, all, format } => {
            let names = if all {
                kafka.list_topics().await?
            } else {
                vec![name.unwrap_or_else(default_topic_name)]
            };
            for name in names {
                let description = kafka.describe_topic(&name).await?;
                match format {
                    Format::Text => print!("{}", text(&description)),
                    Format::Json => println!(
                        "{}",
                        serde_json::to_string(&description).expect("serializable")
                    ),
                }
            }
        }
        TopicCommand::Delete { name } => {
            kafka.delete_topic(&name).await?;
            println!("Deleted topic {name}.");
        }
    }
    Ok(())
}

/// kafka-topics' `--describe` layout, with each partition's offsets added.
pub fn text(d: &TopicDescription) -> String {
    let ids = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let configs: Vec<_> = d.configs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut out = format!(
        "Topic: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}\n",
        d.topic,
        d.partition_count,
        d.replication_factor,
        configs.join(",")
    );
    for p in &d.partitions {
        let leader = match p.placement.leader {
            -1 => "none".to_string(),
            id => id.to_string(),
        };
        out += &format!(
            "\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tEarliestOffset: {}\tLatestOffset: {}\n",
            d.topic,
            p.placement.partition,
            leader,
            ids(&p.placement.replicas),
            ids(&p.placement.isr),
            p.earliest_offset,
            p.latest_offset
        );
    }
    out
}
