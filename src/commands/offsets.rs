//! `kafka-lab offsets`: exercise 4, earliest and latest offset of each partition;
//! `--watch` shows them grow while another terminal produces.

use super::{Result, Session};
use crate::cli::OffsetsArgs;
use crate::kafka::admin::default_topic_name;
use crate::kafka::Kafka;
use std::time::Duration;

/// Earliest and latest offset of one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PartitionOffsets {
    pub partition: i32,
    pub earliest: i64,
    pub latest: i64,
}

pub async fn run(session: &Session, args: OffsetsArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    let mut previous = read(&session.kafka, &topic).await?;
    print!("{}", table(&topic, &previous, None));
    if !args.watch {
        return Ok(());
    }
    let mut interval = tokio::time::interval(Duration::from_millis(args.interval_ms.max(1)));
    interval.tick().await;
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = tokio::signal::ctrl_c() => return Ok(()),
        }
        let now = read(&session.kafka, &topic).await?;
        println!("{}", chrono::Local::now().format("%H:%M:%S%.3f"));
        print!("{}", table(&topic, &now, Some(&previous)));
        previous = now;
    }
}

/// Offsets of every partition of `topic`.
pub async fn read(kafka: &Kafka, topic: &str) -> crate::kafka::Result<Vec<PartitionOffsets>> {
    let mut out = Vec::new();
    for partition in kafka.partitions(topic).await? {
        let (earliest, latest) = kafka.offsets(topic, partition).await?;
        out.push(PartitionOffsets {
            partition,
            earliest,
            latest,
        });
    }
    Ok(out)
}

/// A line per partition; with `previous`, how much the latest offset grew since.
pub fn table(
    topic: &str,
    now: &[PartitionOffsets],
    previous: Option<&[PartitionOffsets]>,
) -> String {
    let mut out = String::new();
    for p in now {
        out += &format!(
            "Topic: {topic}\tPartition: {}\tEarliestOffset: {}\tLatestOffset: {}",
            p.partition, p.earliest, p.latest
        );
        if let Some(before) =
            previous.and_then(|prev| prev.iter().find(|b| b.partition == p.partition))
        {
            out += &format!("\tGrowth: +{}", p.latest - before.latest);
        }
        out.push('\n');
    }
    out
}
