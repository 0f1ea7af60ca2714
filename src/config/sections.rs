//! The configuration's schema: one struct per `[section]`, with its defaults (which
//! `config/default.toml` documents).

use super::security::{optional_mechanism, SaslMechanism, Secret, SecurityProtocol};
use crate::partition::Rule;
use crate::sample::Distribution;
use crate::start::StartAt;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::PathBuf;

/// Everything kafka-lab can be configured with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// How to reach Kafka.
    pub kafka: KafkaConfig,
    /// The embedded broker, used when `kafka.brokers` is empty.
    pub embedded: EmbeddedConfig,
    /// How the Producer actors write.
    pub producer: ProducerConfig,
    /// How the Consumer actors read.
    pub consumer: ConsumerConfig,
    /// The actor pipeline as a whole.
    pub pipeline: PipelineConfig,
    /// What the daemon's Generator draws and how fast.
    pub generator: GeneratorConfig,
    /// Buckets of the value histograms (metrics and snapshots).
    pub histogram: HistogramConfig,
    /// The daemon's metrics endpoint.
    pub metrics: MetricsConfig,
    /// The daemon's periodic histogram image.
    pub snapshot: SnapshotConfig,
}

/// `[generator]`: the daemon's source of samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GeneratorConfig {
    /// `normal:MEAN,STDDEV`, `uniform:LO,HI`, `exponential:LAMBDA`, `lognormal:MU,SIGMA`
    /// or `poisson:LAMBDA`.
    #[serde(with = "text")]
    pub distribution: Distribution,
    /// Target rate in records per second; 0: as fast as the pipeline takes them.
    pub rate: f64,
    /// `round-robin`, `sticky`, `parity`, `hash`, `fixed:P`, `keys:round-robin` or
    /// `keys:random`.
    #[serde(with = "text")]
    pub partitioner: Rule,
    /// Stop generating after this many samples (the daemon keeps consuming and
    /// serving metrics); 0: never.
    pub count: u64,
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        Self {
            distribution: Distribution::default(),
            rate: 1000.0,
            partitioner: Rule::RoundRobin,
            count: 0,
        }
    }
}

/// `[histogram]`: equal-width value buckets over `[lo, hi)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HistogramConfig {
    pub lo: f64,
    pub hi: f64,
    pub bins: usize,
}

impl Default for HistogramConfig {
    fn default() -> Self {
        Self {
            lo: -4.0,
            hi: 4.0,
            bins: 32,
        }
    }
}

/// `[metrics]`: the Prometheus endpoint and the offsets poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Address serving `/metrics`, `/healthz` and `/readyz`, `ip:port`.
    pub listen: String,
    /// How often partition offsets and lag are polled, in milliseconds.
    pub offsets_interval_ms: u64,
    /// A web configuration in the exporter-toolkit format (TLS, basic auth, headers) for
    /// this port; empty: plain HTTP, open to anyone who reaches it.
    pub web_config_file: PathBuf,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:9464".into(),
            offsets_interval_ms: 1000,
            web_config_file: PathBuf::new(),
        }
    }
}

/// `[snapshot]`: the histogram image the daemon writes now and then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SnapshotConfig {
    /// Image path (`.png` or `.svg`); empty: no snapshots.
    pub path: PathBuf,
    /// Seconds between snapshots.
    pub interval_secs: u64,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        Self {
            path: PathBuf::new(),
            interval_secs: 10,
        }
    }
}

/// `[producer]`: batching and compression of produced records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProducerConfig {
    /// Records per batch of a partition (one produce request); the Generator draws
    /// batches of this size too.
    pub batch_size: usize,
    /// At a target rate, the longest a due sample waits for its batch to fill, in ms.
    pub linger_ms: u64,
    /// Compression of record batches.
    pub compression: Compression,
    /// Produce requests per partition sent and not yet acknowledged, at most (Kafka's
    /// `max.in.flight.requests.per.connection`). A failed batch is sent again before
    /// any later one, so order holds.
    pub max_in_flight: usize,
    /// Idempotent produce (Kafka's `enable.idempotence`): a retried batch the broker
    /// already has is not written twice. Needs `max_in_flight` of at most 5.
    pub idempotence: bool,
    /// What each record carries besides its value: `full`, the tracking header (run
    /// id, sequence numbers, send time; about 30 bytes) for lost, duplicated and
    /// out-of-order counts and end-to-end latency in µs; `none`, the value alone, as
    /// Kafka's perf tool sends: nothing is counted lost or duplicated, and end-to-end
    /// latency comes from the record timestamp, in ms.
    pub tracking: TrackingMode,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        Self {
            batch_size: 500,
            linger_ms: 10,
            compression: Compression::None,
            max_in_flight: 5,
            idempotence: true,
            tracking: TrackingMode::Full,
        }
    }
}

/// `producer.tracking`: whether records carry the tracking header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TrackingMode {
    Full,
    None,
}

impl TrackingMode {
    /// The run whose tracking header the records carry: `run` when `full`, none when
    /// `none`.
    pub fn run(self, run: uuid::Uuid) -> Option<uuid::Uuid> {
        (self == Self::Full).then_some(run)
    }
}

/// Record batch compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
    Lz4,
    Snappy,
    Zstd,
}

impl From<Compression> for crate::kafka::batch::Compression {
    fn from(c: Compression) -> Self {
        match c {
            Compression::None => Self::None,
            Compression::Gzip => Self::Gzip,
            Compression::Lz4 => Self::Lz4,
            Compression::Snappy => Self::Snappy,
            Compression::Zstd => Self::Zstd,
        }
    }
}

/// `[consumer]`: fetch sizes and waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsumerConfig {
    /// Longest a fetch waits on the broker for new records, in ms.
    pub max_wait_ms: u64,
    /// Most bytes one fetch returns for a partition.
    pub max_bytes: u64,
    /// Where the daemon's consumers start without a usable checkpoint: `earliest`,
    /// `latest` or an offset.
    #[serde(with = "text")]
    pub start: StartAt,
    /// Start the daemon with its consumers paused (SIGUSR2 resumes, SIGUSR1 pauses).
    pub paused: bool,
    /// The daemon's consumer group; empty: no group, positions from the checkpoint.
    pub group: String,
    /// How often a group member commits what it read, in ms.
    pub commit_interval_ms: u64,
    /// A group member the coordinator has not heard from for this long is dropped, in ms.
    pub session_timeout_ms: u64,
    /// How often a group member tells the coordinator it is alive, in ms (the classic
    /// protocol; in the consumer protocol the coordinator says how often).
    pub heartbeat_interval_ms: u64,
    /// The group protocol (Kafka's `group.protocol`): `classic` (JoinGroup, SyncGroup;
    /// every broker) or `consumer` (KIP-848: the coordinator assigns, only moved
    /// partitions pause; Kafka 4.0 and later).
    pub group_protocol: GroupProtocol,
    /// The consumer protocol's server-side assignor (Kafka's `group.remote.assignor`):
    /// `uniform` or `range`; empty: the broker's default (`uniform`).
    pub group_remote_assignor: String,
}

/// `consumer.group_protocol`: how a group member talks to its coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum GroupProtocol {
    Classic,
    Consumer,
}

impl GroupProtocol {
    /// As the config and Kafka's `group.protocol` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Classic => "classic",
            Self::Consumer => "consumer",
        }
    }
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        Self {
            max_wait_ms: 500,
            max_bytes: 1_048_576,
            start: StartAt::Earliest,
            paused: false,
            group: "kafka-lab".into(),
            commit_interval_ms: 5_000,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            group_protocol: GroupProtocol::Classic,
            group_remote_assignor: String::new(),
        }
    }
}

/// `[pipeline]`: the actor pipeline, and what the daemon runs it on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Capacity of each actor mailbox, in messages (each message is a batch).
    pub mailbox_capacity: usize,
    /// The daemon's topic; empty: `<$USER>Topic`.
    pub topic: String,
    /// Partitions of the topic when the daemon creates it.
    pub partitions: i32,
    /// Replication factor of the topic when the daemon creates it.
    pub replication_factor: i16,
    /// How long the daemon's topic keeps records (`retention.ms`) when the daemon
    /// creates it, in milliseconds; -1: for ever.
    pub retention_ms: i64,
    /// Most bytes each partition of the daemon's topic keeps (`retention.bytes`) when
    /// the daemon creates it; -1: no limit.
    pub retention_bytes: i64,
    /// Longest the daemon drains on SIGTERM/SIGINT before it exits, in milliseconds.
    pub drain_timeout_ms: u64,
    /// Folder of the daemon's checkpoint (`checkpoint.json`).
    pub state_dir: PathBuf,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            mailbox_capacity: 8,
            topic: String::new(),
            partitions: 2,
            replication_factor: 1,
            retention_ms: 3_600_000,
            retention_bytes: 1 << 30,
            drain_timeout_ms: 10_000,
            state_dir: PathBuf::from(".kafka-lab"),
        }
    }
}

/// `[kafka]`: the brokers and how patiently to talk to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KafkaConfig {
    /// Bootstrap brokers as `host:port`; empty means the embedded broker.
    #[serde(deserialize_with = "list_or_comma_separated")]
    pub brokers: Vec<String>,
    /// Client id sent with every request.
    pub client_id: String,
    /// Deadline of one operation (a command's request, retries included), in milliseconds.
    pub api_timeout_ms: u64,
    /// Longest wait for one answer before the connection is dropped and the request
    /// retried on a fresh one, in milliseconds.
    pub request_timeout_ms: u64,
    /// First pause between retries, in milliseconds; it doubles on every retry.
    pub retry_backoff_ms: u64,
    /// Longest pause between retries, in milliseconds.
    pub retry_backoff_max_ms: u64,
    /// `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`.
    pub security_protocol: SecurityProtocol,
    /// `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`; `""` without SASL.
    #[serde(with = "optional_mechanism")]
    pub sasl_mechanism: Option<SaslMechanism>,
    /// The SASL user.
    pub sasl_username: String,
    /// The SASL password (or `sasl_password_file`, or the environment).
    pub sasl_password: Secret,
    /// A file holding the SASL password (one trailing newline is dropped).
    pub sasl_password_file: PathBuf,
    /// PEM file of the CA certificates that signed the brokers' certificates; empty:
    /// the system's trust store.
    pub ssl_ca_location: PathBuf,
    /// PEM file of this client's certificate chain, for brokers that require one.
    pub ssl_certificate_location: PathBuf,
    /// PEM file of this client's private key (unencrypted).
    pub ssl_key_location: PathBuf,
    /// Check that a broker's certificate names the host connected to.
    pub ssl_endpoint_identification: bool,
}

impl Default for KafkaConfig {
    fn default() -> Self {
        Self {
            brokers: Vec::new(),
            client_id: "kafka-lab".into(),
            api_timeout_ms: 10_000,
            request_timeout_ms: 3_000,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1_000,
            security_protocol: SecurityProtocol::Plaintext,
            sasl_mechanism: None,
            sasl_username: String::new(),
            sasl_password: Secret::default(),
            sasl_password_file: PathBuf::new(),
            ssl_ca_location: PathBuf::new(),
            ssl_certificate_location: PathBuf::new(),
            ssl_key_location: PathBuf::new(),
            ssl_endpoint_identification: true,
        }
    }
}

/// `[embedded]`: the in-process broker (Nisshi with SQLite storage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmbeddedConfig {
    /// Address the embedded broker listens on and advertises, `host:port`.
    pub listen: String,
    /// Folder holding the broker's SQLite database and lock file.
    pub data_dir: PathBuf,
}

impl Default for EmbeddedConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:9092".into(),
            data_dir: PathBuf::from(".kafka-lab"),
        }
    }
}

fn list_or_comma_separated<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Brokers {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Brokers::deserialize(d)? {
        Brokers::List(list) => list,
        Brokers::Text(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// Values written as text in TOML and parsed once, when the config loads: a bad one
/// is a [`Problem`] with its key and the parser's message.
mod text {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};
    use std::fmt::Display;
    use std::str::FromStr;

    pub fn serialize<T: Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(value)
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: FromStr<Err = String>,
        D: Deserializer<'de>,
    {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }
}
