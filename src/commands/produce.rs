//! `kafka-lab produce`: exercise 2's producer, and the one the lab's steps use.

use super::{Result, Session};
use crate::actors::aggregator::{Acked, OnAcked, Options, Summary};
use crate::cli::ProduceArgs;
use crate::kafka::admin::default_topic_name;
use crate::pipeline::{self, ProduceJob};
use crate::sample::Source;
use indicatif::{ProgressBar, ProgressStyle};

/// The lab's default number of samples.
pub const DEFAULT_COUNT: u64 = 1000;
/// Runs at least this long get a progress bar (on a terminal).
const PROGRESS_FROM: u64 = 100_000;

pub async fn run(session: &Session, args: ProduceArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    let source = match args.sequence {
        Some(sequence) => Source::Sequence(sequence),
        None => Source::Random(args.distribution),
    };
    let count = args.count.or(match source {
        Source::Sequence(s) => Some(s.count()),
        Source::Random(_) => Some(DEFAULT_COUNT),
    });
    let progress = count.filter(|c| *c >= PROGRESS_FROM).map(progress_bar);
    let job = ProduceJob {
        rule: args.partitioner,
        seed: args.seed,
        ..ProduceJob::new(&session.config, &topic, source, count, args.rate)
    };
    let options = Options {
        on_acked: progress
            .clone()
            .map(|bar| -> OnAcked { Box::new(move |acked: &Acked| bar.inc(acked.count)) }),
        ..Options::default()
    };
    let summary = pipeline::produce(&session.kafka, job, options).await?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    print!("{}", report(&topic, &summary));
    Ok(())
}

/// A bar of `records` records on stderr, drawn only when it is a terminal.
pub fn progress_bar(records: u64) -> ProgressBar {
    ProgressBar::new(records).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} records, {per_sec}, ETA {eta}")
            .expect("valid template"),
    )
}

/// `Produced N records to T:` and a line per partition with the acknowledged offsets.
pub fn report(topic: &str, summary: &Summary) -> String {
    let total: u64 = summary.partitions.values().map(|p| p.produced).sum();
    let mut out = format!("Produced {total} records to {topic}.\n");
    for (partition, p) in &summary.partitions {
        let offset = |o: Option<i64>| o.map_or("-".into(), |o| o.to_string());
        out += &format!(
            "\tPartition: {partition}\tRecords: {}\tFirstOffset: {}\tLastOffset: {}\n",
            p.produced,
            offset(p.first_acked_offset),
            offset(p.last_acked_offset)
        );
    }
    out
}
