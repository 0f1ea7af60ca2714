//! `kafka-lab bench`'s command line: load experiments measured like Kafka's own perf
//! tools.

use super::parse_rate;
use crate::bench::omb::Share;
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
    /// Run an OpenMessaging Benchmark workload (its workload and Kafka driver files):
    /// OMB's result file, kafka-lab's results and an HdrHistogram interval log.
    Workload(BenchWorkloadArgs),
    /// Combine the results of several workers of one workload into one: counts
    /// summed, latency histograms added (exact percentiles of all samples).
    Merge(BenchMergeArgs),
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

#[derive(Debug, Args)]
pub struct BenchWorkloadArgs {
    /// OMB workload file, e.g. config/workloads/max-rate-1-topic-16-partitions-1kb.yaml.
    #[arg(value_name = "WORKLOAD.yaml")]
    pub workload: PathBuf,
    /// OMB Kafka driver file (driver-kafka/*.yaml): replicationFactor, topicConfig,
    /// and the client properties of commonConfig, producerConfig and consumerConfig,
    /// each mapped to the kafka-lab setting that does the same (the README lists
    /// them); a property kafka-lab cannot honour is refused by name. It overrides the
    /// config file and the environment; --brokers overrides it.
    #[arg(long, value_name = "DRIVER.yaml")]
    pub driver: Option<PathBuf>,
    /// Folder for the results: omb-result.json (OMB's TestResult), results.json
    /// (kafka-lab's, for `bench merge`) and latency.hlog.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Be worker I of N (I from 0): its share of the producers, consumers and rate.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub worker: Share,
    /// Start the load at this time (RFC 3339, or seconds since the epoch), so that
    /// several workers' intervals line up; it also names the run's topics and groups,
    /// so workers given the same time share them. Needed with several workers.
    #[arg(long, value_name = "TIME", value_parser = parse_start_at)]
    pub start_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Seconds per interval of the results (OMB: 10).
    #[arg(long, default_value_t = 10.0, value_parser = parse_interval)]
    pub interval_secs: f64,
    /// Prefix of the topics' names.
    #[arg(long, default_value = "omb")]
    pub topic_prefix: String,
    /// Keep the run's topics afterwards (a single worker deletes them, so that runs
    /// do not fill the brokers' disks; several workers always keep them, as one cannot
    /// know when the others are done: delete them with `topic delete`).
    #[arg(long)]
    pub keep_topics: bool,
    /// After the test, give up reading what was produced when nothing came for this
    /// long, ms (fails, after the results are written).
    #[arg(long, default_value_t = 10000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,
}

#[derive(Debug, Args)]
pub struct BenchMergeArgs {
    /// The workers' result folders (each with the results.json of `bench workload`).
    #[arg(required = true, value_name = "RESULT_DIR")]
    pub results: Vec<PathBuf>,
    /// Folder for the merged omb-result.json, results.json and latency.hlog.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

fn parse_start_at(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let parsed = match s.parse::<i64>() {
        Ok(secs) => chrono::DateTime::from_timestamp(secs, 0),
        Err(_) => chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.to_utc()),
    };
    parsed.ok_or_else(|| {
        format!("'{s}' is neither RFC 3339 (2026-12-05T18:00:00Z) nor seconds since the epoch")
    })
}

fn parse_interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs >= 0.1 && secs.is_finite() => Ok(secs),
        _ => Err(format!("'{s}' is not a number of seconds from 0.1")),
    }
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
