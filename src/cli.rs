//! The command line: `kafka-lab [--config PATH] [--brokers HOST:PORT[,..]] <command>`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Exercise 1: create, list, describe and delete topics.
    #[command(subcommand)]
    Topic(TopicCommand),
    /// Check a configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Run only the embedded broker, for other clients (kafka-python, ...), until Ctrl-C.
    #[cfg(feature = "embedded")]
    Broker(BrokerArgs),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
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
