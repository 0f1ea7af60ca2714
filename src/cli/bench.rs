//! `kafka-lab bench`'s command line: load experiments measured like Kafka's own perf
//! tools.

use super::parse_rate;
use crate::config::TrackingMode;
use crate::sample::Distribution;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Produce records and report throughput and latency percentiles in
    /// kafka-producer-perf-test's format.
    Produce(Box<BenchProduceArgs>),
    /// Consume records from the start of a topic and report throughput in
    /// kafka-consumer-perf-test's CSV format.
    Consume(BenchConsumeArgs),
    /// Produce at a fixed rate while consuming: end-to-end latency, schedule delay
    /// and backlog.
    E2e(Box<BenchE2eArgs>),
    /// Draw results files: throughput over time, latency percentiles, and with several
    /// files throughput against latency.
    Plot(BenchPlotArgs),
    /// Run an experiment preset (config/experiments/*.toml): a results file per step
    /// and their combined plot.
    Run(BenchRunArgs),
}

#[derive(Debug, Args)]
pub struct BenchConsumeArgs {
    /// Topic [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Number of records to read, from the earliest offset of every partition.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub records: u64,
    /// Give up when no record came for this long, ms (fails, after the report).
    #[arg(long, default_value_t = 10000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,
}

/// What `bench produce` and `bench e2e` produce, and how.
#[derive(Debug, Args)]
pub struct ProducerFlags {
    /// Bytes of each record's value: the sample's number, padded with spaces (or
    /// rounded) to this size [default: the number's text].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub record_size: Option<u64>,
    /// What the samples are drawn from (see `produce --distribution`).
    #[arg(long, default_value = "normal:0,1")]
    pub distribution: Distribution,
    /// Partitions of the topic when it is created.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..))]
    pub partitions: i32,
    /// Records per batch (producer.batch_size).
    #[arg(long)]
    pub batch_size: Option<i64>,
    /// Longest wait for a batch to fill at a target rate, ms (producer.linger_ms).
    #[arg(long)]
    pub linger_ms: Option<i64>,
    /// Produce requests in flight per partition (producer.max_in_flight).
    #[arg(long)]
    pub max_in_flight: Option<i64>,
    /// none | gzip | lz4 | snappy | zstd (producer.compression).
    #[arg(long)]
    pub compression: Option<String>,
    /// full: each record carries the tracking header (about 30 bytes: lost/duplicated
    /// counts, end-to-end latency in µs); none: the value alone, as
    /// kafka-producer-perf-test sends it (nothing counted lost or duplicated; bench e2e's
    /// latency from the record timestamp, in ms) (producer.tracking) [default: full].
    #[arg(long, value_enum)]
    pub tracking: Option<TrackingMode>,
    /// Time between the interval lines, ms.
    #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub report_interval_ms: u64,
    /// Write the results (settings, environment, intervals, totals) to this JSON file.
    #[arg(long, value_name = "FILE.json")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchProduceArgs {
    /// Topic, created with --partitions if missing [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Number of records to produce.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub records: u64,
    /// Records per second at most; -1: no limit (like kafka-producer-perf-test).
    #[arg(long, default_value = "-1", allow_negative_numbers = true, value_parser = parse_throughput)]
    pub throughput: Throughput,
    #[command(flatten)]
    pub producer: ProducerFlags,
    /// Records of the warm-up: a second final line gives the steady state after them.
    #[arg(long, default_value_t = 0)]
    pub warmup_records: u64,
    /// Write the interval rows to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    pub csv: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchE2eArgs {
    /// Topic, created with --partitions if missing [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Target rate, records per second.
    #[arg(long, value_parser = parse_rate)]
    pub throughput: f64,
    /// How long to produce, seconds.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub duration_secs: u64,
    /// After producing, give up when no record came for this long, ms (fails, after
    /// the report).
    #[arg(long, default_value_t = 10000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,
    #[command(flatten)]
    pub producer: ProducerFlags,
}

#[derive(Debug, Args)]
pub struct BenchPlotArgs {
    /// Results files of `bench produce` or `bench e2e` (--output).
    #[arg(required = true, value_name = "RESULTS.json")]
    pub results: Vec<PathBuf>,
    /// Image to draw, .png or .svg.
    #[arg(long, default_value = "bench.png", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct BenchRunArgs {
    /// Experiment preset, e.g. config/experiments/rate-sweep.toml.
    #[arg(value_name = "FILE.toml")]
    pub preset: PathBuf,
    /// Folder for the results files (one per step) and the combined plot.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Check the preset and print its steps' command lines without running them.
    #[arg(long)]
    pub dry_run: bool,
}

/// `--throughput`: a rate, or none (-1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throughput(pub Option<f64>);

fn parse_throughput(s: &str) -> Result<Throughput, String> {
    match s.trim() {
        "-1" => Ok(Throughput(None)),
        rate => parse_rate(rate).map(|r| Throughput(Some(r))),
    }
}
