//! `kafka-lab consume`: exercise 2's consumer; records on stdout, the summary on
//! stderr (as kafka-console-consumer does), the histogram into an image. With
//! `--group`, as a member of a consumer group that commits what it read.

use super::{Error, Result, Session};
use crate::actors::aggregator::{Inspect, Options, Summary};
use crate::cli::ConsumeArgs;
use crate::kafka::admin::default_topic_name;
use crate::membership;
use crate::pipeline::{self, ConsumeJob};
use crate::plot::{self, HistogramChart};
use crate::record::Format;
use crate::sample::Distribution;
use crate::stats::Histogram;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub async fn run(session: &Session, args: ConsumeArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    let job = ConsumeJob {
        partitions: args.partition.map(|p| vec![p]),
        idle_timeout: args.timeout_ms.map(Duration::from_millis),
        options: Options {
            inspect: Some(print(args.format, topic.clone())),
            fit_histogram: args.histogram.is_some(),
            limit: args.max_messages,
            ..Options::default()
        },
        ..ConsumeJob::new(&session.config, &topic, args.offset)
    };
    let summary = match &args.group {
        None => pipeline::consume(&session.kafka, job).await?,
        Some(group) => membership::consume(&session.kafka, &session.config, group, job).await?,
    };
    eprint!("{}", report(&summary));
    if let Some(path) = args.histogram {
        draw(path.clone(), &topic, &summary, args.bins, args.distribution).await?;
        eprintln!("Histogram written to {}", path.display());
    }
    Ok(())
}

/// Print each batch of records to stdout in `format`, with one write per batch (stdout
/// is line-buffered).
pub fn print(format: Format, topic: String) -> Inspect {
    Box::new(move |records| {
        let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        for record in records {
            let _ = match format {
                Format::Text => record.write_text(&mut out),
                Format::Json => writeln!(out, "{}", record.to_json(&topic)),
            };
        }
    })
}

/// `Processed a total of N messages` and per partition: count, mean, variance, min,
/// max and invalid records.
pub fn report(summary: &Summary) -> String {
    let mut out = format!("Processed a total of {} messages\n", summary.taken());
    let line = |name: String, s: &crate::stats::RunningStats, invalid: u64| {
        format!(
            "\t{name}\tCount: {}\tMean: {:.6}\tVariance: {:.6}\tMin: {}\tMax: {}\tInvalid: {invalid}\n",
            s.count,
            s.mean,
            s.variance(),
            s.min,
            s.max
        )
    };
    for (partition, p) in &summary.partitions {
        out += &line(format!("Partition: {partition}"), &p.consumed, p.invalid);
    }
    let invalid = summary.partitions.values().map(|p| p.invalid).sum();
    out += &line("All".into(), &summary.total(), invalid);
    out
}

/// Draw the histogram of the values consumed, off the actor thread.
pub async fn draw(
    path: PathBuf,
    topic: &str,
    summary: &Summary,
    bins: usize,
    density: Option<Distribution>,
) -> Result<()> {
    let total = summary.total();
    let title = format!(
        "{topic}: {} values, mean {:.4}, variance {:.4}",
        total.count,
        total.mean,
        total.variance()
    );
    let histogram = summary.histogram.histogram(bins);
    tokio::task::spawn_blocking(move || draw_now(&path, &title, &histogram, density))
        .await
        .map_err(|e| Error::Usage(e.to_string()))?
}

fn draw_now(path: &Path, title: &str, h: &Histogram, density: Option<Distribution>) -> Result<()> {
    let pdf = density.map(|d| move |x: f64| d.density(x));
    let chart = HistogramChart {
        title,
        lo: h.lo,
        bin_width: h.width,
        counts: &h.counts,
        density: pdf.as_ref().map(|f| f as &dyn Fn(f64) -> f64),
    };
    plot::histogram(path, &chart)?;
    Ok(())
}
