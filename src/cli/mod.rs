//! The command line: `kafka-lab [--config PATH] [--brokers HOST:PORT[,..]] <command>`.

use crate::config::GroupProtocol;
use crate::kafka::configs::parse_config;
use crate::kafka::groups::{GroupKind, GROUP_STATES};
use crate::partition::Rule;
use crate::record::Format;
use crate::sample::{Distribution, Sequence};
use crate::start::StartAt;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod bench;
pub use bench::*;

/// Learn, observe and load-test Apache Kafka: the classic Kafka lab as commands.
///
/// With no brokers configured, kafka-lab starts an embedded broker (state in
/// embedded.data_dir); with --brokers or KAFKA_LAB_BROKERS it talks to that Kafka.
#[derive(Debug, Parser)]
#[command(name = "kafka-lab", version, propagate_version = true)]
pub struct Cli {
    /// TOML config file; built-in defaults are documented in config/default.toml.
    #[arg(long, global = true, env = "KAFKA_LAB_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Bootstrap brokers, host:port[,host:port..]; overrides kafka.brokers and
    /// KAFKA_LAB_BROKERS.
    #[arg(long, global = true, value_name = "HOST:PORT[,..]")]
    pub brokers: Option<String>,
    /// Log format on stderr: human-readable text or one JSON object per line.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "KAFKA_LAB_LOG_FORMAT")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Exercise 1: create, list, describe and delete topics.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// Consumer groups: list them, describe their members, offsets and lag (like
    /// kafka-consumer-groups).
    #[command(subcommand)]
    Group(GroupCommand),
    /// Exercise 2: produce samples of a distribution (or a sequence) to a topic.
    Produce(ProduceArgs),
    /// Exercise 2: consume a topic; print records, a summary and a histogram.
    Consume(ConsumeArgs),
    /// Exercise 4: earliest and latest offset of each partition.
    Offsets(OffsetsArgs),
    /// Exercise 3: check that every record sits in the partition its rule names.
    Verify(VerifyArgs),
    /// Walk the lab's exercises (1 topics, 2 histogram, 3 partitions, 4 offsets).
    Lab(LabArgs),
    /// Run the pipeline as a daemon with Prometheus metrics, until SIGTERM/SIGINT.
    Run(RunArgs),
    /// Load experiments: the pipeline measured like Kafka's own perf tools.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Check a configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Run only the embedded broker, for other clients (kafka-python, ...), until Ctrl-C.
    #[cfg(feature = "embedded")]
    Broker(BrokerArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The protocol of the daemon's consumer group: classic, or consumer (KIP-848,
    /// Kafka 4) [default: consumer.group_protocol].
    #[arg(long, value_enum)]
    pub group_protocol: Option<GroupProtocol>,
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// List groups of every kind with their type and state, as `kafka-consumer-groups
    /// --list --type --state` prints them.
    List {
        /// Only groups of these types (comma-separated): classic, consumer, share, streams.
        #[arg(long = "type", value_delimiter = ',', value_parser = parse_group_kind)]
        kinds: Vec<GroupKind>,
        /// Only groups in these states (comma-separated), e.g. stable,empty.
        #[arg(long = "state", value_delimiter = ',', value_parser = parse_group_state)]
        states: Vec<String>,
        /// Output format: kafka-consumer-groups-like text, or one JSON object per group.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// A group as its kind's tool describes it: each partition (committed offset, log
    /// end, lag and owner; a share group's start offset and lag), or its members, or
    /// its state.
    Describe {
        /// Group name [default: consumer.group, the daemon's].
        group: Option<String>,
        /// Each partition (the default view).
        #[arg(long, conflicts_with_all = ["members", "state"])]
        offsets: bool,
        /// Each member: id, host, client id, partitions.
        #[arg(long, conflicts_with = "state")]
        members: bool,
        /// The group: coordinator, assignor, state, members.
        #[arg(long)]
        state: bool,
        /// More columns: leader epochs; member epochs and target assignments; the
        /// group epochs.
        #[arg(long)]
        verbose: bool,
        /// Output format: the Kafka tool's text, or one JSON object (the group, its
        /// members and every partition, whatever the view).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Move a group's committed offsets (refused while the group has members).
    #[command(group(clap::ArgGroup::new("to").required(true)))]
    ResetOffsets {
        /// Group name.
        group: String,
        /// Only this topic [default: every topic the group committed offsets for].
        #[arg(long)]
        topic: Option<String>,
        /// To each partition's log start.
        #[arg(long, group = "to")]
        to_earliest: bool,
        /// To each partition's log end.
        #[arg(long, group = "to")]
        to_latest: bool,
        /// To this offset (kept within each partition's log).
        #[arg(long, group = "to", value_parser = clap::value_parser!(i64).range(0..))]
        to_offset: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TopicCommand {
    /// Create a topic.
    Create {
        /// Topic name [default: <$USER>Topic].
        name: Option<String>,
        /// Number of partitions.
        #[arg(long, default_value_t = 1)]
        partitions: i32,
        /// Number of replicas of each partition (at most the number of brokers).
        #[arg(long, default_value_t = 1)]
        replication_factor: i16,
        /// Succeed without change if the topic already exists.
        #[arg(long)]
        if_not_exists: bool,
        /// A topic config, as kafka-topics takes it (repeatable): e.g.
        /// retention.ms=3600000. The broker checks each one.
        #[arg(long = "config", value_name = "KEY=VALUE", value_parser = parse_config)]
        configs: Vec<(String, String)>,
    },
    /// List topics, one per line (internal topics hidden).
    List,
    /// Show partitions, leader, replicas, in-sync replicas and offsets of a topic.
    Describe {
        /// Topic name [default: <$USER>Topic].
        #[arg(conflicts_with = "all")]
        name: Option<String>,
        /// Describe every topic.
        #[arg(long)]
        all: bool,
        /// Output format: kafka-topics-like text, or one JSON object per topic.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Delete a topic.
    Delete {
        /// Topic name.
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct ProduceArgs {
    /// Topic [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Number of samples [default: 1000; a sequence's length].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// normal:MEAN,STDDEV | uniform:LO,HI | exponential:LAMBDA | lognormal:MU,SIGMA |
    /// poisson:LAMBDA.
    #[arg(long, default_value = "normal:0,1", conflicts_with = "sequence")]
    pub distribution: Distribution,
    /// Produce the integers A..=B in order instead (e.g. 1..=80).
    #[arg(long, value_name = "A..=B")]
    pub sequence: Option<Sequence>,
    /// parity | hash | round-robin | sticky | fixed:P | keys:round-robin | keys:random.
    #[arg(long, default_value = "round-robin")]
    pub partitioner: Rule,
    /// Seed of the random generator: the same seed gives the same samples.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Target rate in records per second [default: as fast as possible].
    #[arg(long, value_parser = parse_rate)]
    pub rate: Option<f64>,
}

#[derive(Debug, Args)]
pub struct ConsumeArgs {
    /// Topic [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Read only this partition [default: all].
    #[arg(long, value_parser = clap::value_parser!(i32).range(0..))]
    pub partition: Option<i32>,
    /// Where to start: earliest, latest or an offset (with --group: where the group
    /// committed nothing).
    #[arg(long, default_value = "earliest")]
    pub offset: StartAt,
    /// Read as a member of this consumer group: its share of the partitions, from its
    /// committed offsets, committing what was read.
    #[arg(long, conflicts_with_all = ["partition", "timeout_ms"])]
    pub group: Option<String>,
    /// The group protocol with --group: classic, or consumer (KIP-848, Kafka 4)
    /// [default: consumer.group_protocol].
    #[arg(long, value_enum, requires = "group")]
    pub group_protocol: Option<GroupProtocol>,
    /// Stop after this many records.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_messages: Option<u64>,
    /// Keep following the topic; stop when no record came for this long
    /// [default: stop at the log end as it was at start].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: Option<u64>,
    /// Record output: text (Partition:P Offset:O VALUE) or one JSON object per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Draw the values' histogram into this .png or .svg file.
    #[arg(long, value_name = "PATH")]
    pub histogram: Option<PathBuf>,
    /// Number of histogram bins.
    #[arg(long, default_value_t = 30, value_parser = parse_bins)]
    pub bins: usize,
    /// Overlay this distribution's expected density on the histogram.
    #[arg(long)]
    pub distribution: Option<Distribution>,
}

#[derive(Debug, Args)]
pub struct OffsetsArgs {
    /// Topic [default: <$USER>Topic].
    pub topic: Option<String>,
    /// Refresh until Ctrl-C, showing how much each partition grew.
    #[arg(long)]
    pub watch: bool,
    /// Refresh interval with --watch.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval_ms: u64,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Topic [default: <$USER>Topic].
    pub topic: Option<String>,
    /// The rule records were placed with: parity | hash | fixed:P.
    #[arg(long)]
    pub rule: Rule,
    /// Each of these integers must be present exactly once.
    #[arg(long, value_name = "A..=B")]
    pub expect: Option<Sequence>,
}

#[derive(Debug, Args)]
pub struct LabArgs {
    /// Which exercise: 1, 2, 3, 4 or all.
    #[arg(default_value = "all", value_parser = ["1", "2", "3", "4", "all"])]
    pub exercise: String,
    /// Folder for the histogram image.
    #[arg(long, default_value = ".")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate a config file (with the environment's overrides) and list every problem.
    Check {
        /// Config file [default: --config, or the built-in defaults].
        path: Option<PathBuf>,
    },
}

#[cfg(feature = "embedded")]
#[derive(Debug, Args)]
pub struct BrokerArgs {
    /// Address to listen on [default: embedded.listen].
    #[arg(long, value_name = "IP:PORT")]
    pub listen: Option<String>,
    /// State folder [default: embedded.data_dir].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// `--rate`: a number of records per second the Generator can keep.
pub(crate) fn parse_rate(s: &str) -> Result<f64, String> {
    let rate = s.parse().map_err(|_| format!("'{s}' is not a number"))?;
    crate::actors::generator::rate(rate)
}

/// `--bins`: as many as a histogram can show.
fn parse_bins(s: &str) -> Result<usize, String> {
    let bins = s
        .parse()
        .map_err(|_| format!("'{s}' is not a whole number"))?;
    crate::stats::bins(bins)
}

/// A group type as Kafka's tools take it (`--type classic,consumer`).
fn parse_group_kind(name: &str) -> Result<GroupKind, String> {
    GroupKind::parse(name)
        .ok_or_else(|| format!("'{name}' is not a group type: classic, consumer, share or streams"))
}

/// A group state as Kafka's tools take it (`--state stable,empty`), in Kafka's spelling.
fn parse_group_state(name: &str) -> Result<String, String> {
    GROUP_STATES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(name))
        .map(|s| s.to_string())
        .ok_or_else(|| format!("'{name}' is not a group state: {}", GROUP_STATES.join(", ")))
}
