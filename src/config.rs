//! Typed configuration: built-in defaults, then a TOML file, then `KAFKA_LAB_*`
//! environment variables, then command-line flags.
//!
//! Loading never stops at the first mistake: every unknown key and every bad value is
//! collected as a [`Problem`] naming its key and where it came from, so a user fixes
//! them all in one go. `config/default.toml` documents every key; a test keeps it equal
//! to [`Config::default`].

use crate::partition::Rule;
use crate::sample::Distribution;
use crate::start::StartAt;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Environment variables starting with this prefix and naming `SECTION__KEY`
/// override config keys, e.g. `KAFKA_LAB_KAFKA__API_TIMEOUT_MS=5000`.
pub const ENV_PREFIX: &str = "KAFKA_LAB_";
/// Shorthand for `kafka.brokers`, as a comma-separated list.
pub const ENV_BROKERS: &str = "KAFKA_LAB_BROKERS";

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
    /// `round-robin`, `parity`, `hash` or `fixed:P`.
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
}

impl Default for MetricsConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:9464".into(),
            offsets_interval_ms: 1000,
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
}

/// Batches in flight per partition an idempotent producer may have: Kafka brokers
/// remember the last 5 batches of each producer to recognise a retried one.
const MAX_IDEMPOTENT_IN_FLIGHT: usize = 5;

impl Default for ProducerConfig {
    fn default() -> Self {
        Self {
            batch_size: 500,
            linger_ms: 10,
            compression: Compression::None,
            max_in_flight: 5,
            idempotence: true,
        }
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
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        Self {
            max_wait_ms: 500,
            max_bytes: 1_048_576,
            start: StartAt::Earliest,
            paused: false,
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
        }
    }
}

/// `[embedded]`: the in-process broker (Tansu with SQLite storage).
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

/// One thing wrong with the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted key, e.g. `kafka.request_timeout_ms`.
    pub key: String,
    /// Where the value came from: a file path, an environment variable or a flag.
    pub origin: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.key, self.origin, self.message)
    }
}

/// Every problem found while loading a configuration.
#[derive(Debug, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid configuration, {} problem(s):", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

/// Values to lay over the defaults, each with its origin.
#[derive(Debug, Default)]
pub struct Overrides(Vec<(String, String, toml::Value)>);

impl Overrides {
    /// Add `section.key = value`, coming from `origin`.
    pub fn set(&mut self, key: &str, origin: &str, value: toml::Value) {
        self.0.push((key.into(), origin.into(), value));
    }

    /// Every key of a TOML document (read from `origin`).
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, Problem> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| Problem {
            key: "(file)".into(),
            origin: origin.into(),
            message: format!("not valid TOML: {}", e.message()),
        })?;
        let mut out = Self::default();
        for (section, value) in table {
            match value {
                toml::Value::Table(keys) => {
                    for (key, value) in keys {
                        out.set(&format!("{section}.{key}"), origin, value);
                    }
                }
                other => out.set(&section, origin, other),
            }
        }
        Ok(out)
    }

    /// `KAFKA_LAB_SECTION__KEY` variables, and `KAFKA_LAB_BROKERS`.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut out = Self::default();
        for (name, raw) in vars {
            let key = if name == ENV_BROKERS {
                "kafka.brokers".to_string()
            } else if let Some((section, key)) = name
                .strip_prefix(ENV_PREFIX)
                .and_then(|rest| rest.split_once("__"))
            {
                format!("{}.{}", section.to_lowercase(), key.to_lowercase())
            } else {
                continue;
            };
            out.set(&key, &format!("env {name}"), scalar(&raw));
        }
        out
    }
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

/// An environment value as TOML if it reads as a TOML scalar (`5000`, `true`), else as text.
fn scalar(raw: &str) -> toml::Value {
    format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.into()))
}

impl Config {
    /// Load the file at `path` (if any), then the environment, then `flags`.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Overrides,
    ) -> Result<Self, Problems> {
        let mut layers = Vec::new();
        if let Some(path) = path {
            let origin = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                Problems(vec![Problem {
                    key: "(file)".into(),
                    origin: origin.clone(),
                    message: format!("cannot read: {e}"),
                }])
            })?;
            layers.push(Overrides::from_toml(&text, &origin).map_err(|p| Problems(vec![p]))?);
        }
        layers.push(Overrides::from_env(env));
        layers.push(flags);
        Self::from_overrides(layers.into_iter().flat_map(|o| o.0))
    }

    /// Apply overrides one key at a time, so that each bad key is reported on its own.
    fn from_overrides(
        overrides: impl IntoIterator<Item = (String, String, toml::Value)>,
    ) -> Result<Self, Problems> {
        let defaults = toml::Table::try_from(Self::default()).expect("defaults serialize");
        let mut accepted = defaults.clone();
        let mut origins = std::collections::HashMap::new();
        let mut problems = Vec::new();
        for (key, origin, value) in overrides {
            let known = key
                .split_once('.')
                .and_then(|(s, k)| defaults.get(s)?.as_table()?.get(k).map(|_| (s, k)));
            let Some((section, name)) = known else {
                let message = "unknown key (see config/default.toml for the keys)".into();
                problems.push(Problem {
                    key,
                    origin,
                    message,
                });
                continue;
            };
            let mut candidate = accepted.clone();
            candidate[section]
                .as_table_mut()
                .expect("sections are tables")
                .insert(name.into(), value);
            match toml::Value::Table(candidate.clone()).try_into::<Self>() {
                Ok(_) => {
                    accepted = candidate;
                    origins.insert(key, origin);
                }
                Err(e) => problems.push(Problem {
                    key,
                    origin,
                    message: e.message().to_string(),
                }),
            }
        }
        let config: Self = toml::Value::Table(accepted)
            .try_into()
            .expect("every accepted key deserialized on its own");
        problems.extend(config.validate().into_iter().map(|(key, message)| {
            let origin = origins
                .get(&key)
                .cloned()
                .unwrap_or_else(|| "default".into());
            Problem {
                key,
                origin,
                message,
            }
        }));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Problems(problems))
        }
    }

    /// Checks that types cannot express: every failing key with what is wrong.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &str, message: String| {
            if !ok {
                problems.push((key.to_string(), message));
            }
        };
        let k = &self.kafka;
        for broker in &k.brokers {
            check(
                is_host_port(broker),
                "kafka.brokers",
                format!("'{broker}' is not host:port"),
            );
        }
        check(
            k.api_timeout_ms > 0,
            "kafka.api_timeout_ms",
            "must be at least 1".into(),
        );
        check(
            k.request_timeout_ms > 0,
            "kafka.request_timeout_ms",
            "must be at least 1".into(),
        );
        check(
            k.retry_backoff_ms > 0,
            "kafka.retry_backoff_ms",
            "must be at least 1".into(),
        );
        check(
            k.retry_backoff_max_ms >= k.retry_backoff_ms,
            "kafka.retry_backoff_max_ms",
            format!(
                "must be at least kafka.retry_backoff_ms ({})",
                k.retry_backoff_ms
            ),
        );
        check(
            !k.client_id.is_empty(),
            "kafka.client_id",
            "must not be empty".into(),
        );
        check(
            self.embedded.listen.parse::<SocketAddr>().is_ok(),
            "embedded.listen",
            format!("'{}' is not ip:port", self.embedded.listen),
        );
        check(
            self.producer.batch_size > 0,
            "producer.batch_size",
            "must be at least 1".into(),
        );
        check(
            (1..=u32::MAX as usize).contains(&self.producer.max_in_flight),
            "producer.max_in_flight",
            "must be at least 1".into(),
        );
        check(
            !self.producer.idempotence || self.producer.max_in_flight <= MAX_IDEMPOTENT_IN_FLIGHT,
            "producer.max_in_flight",
            format!(
                "must be at most {MAX_IDEMPOTENT_IN_FLIGHT} with producer.idempotence (the \
                 batches a broker remembers per producer), is {}",
                self.producer.max_in_flight
            ),
        );
        check(
            i32::try_from(self.consumer.max_wait_ms).is_ok(),
            "consumer.max_wait_ms",
            format!("must be at most {}", i32::MAX),
        );
        check(
            (1..=i32::MAX as u64).contains(&self.consumer.max_bytes),
            "consumer.max_bytes",
            format!("must be between 1 and {}", i32::MAX),
        );
        check(
            self.pipeline.mailbox_capacity > 0,
            "pipeline.mailbox_capacity",
            "must be at least 1".into(),
        );
        if self.generator.rate != 0.0 {
            if let Err(e) = crate::actors::generator::rate(self.generator.rate) {
                check(
                    false,
                    "generator.rate",
                    format!("{e} (0: as fast as possible)"),
                );
            }
        }
        check(
            self.pipeline.partitions >= 1,
            "pipeline.partitions",
            "must be at least 1".into(),
        );
        check(
            self.pipeline.replication_factor >= 1,
            "pipeline.replication_factor",
            "must be at least 1".into(),
        );
        let h = &self.histogram;
        check(
            h.lo.is_finite(),
            "histogram.lo",
            format!("must be a finite number, got {}", h.lo),
        );
        check(
            h.hi.is_finite() && h.hi > h.lo && (h.hi - h.lo).is_finite(),
            "histogram.hi",
            format!(
                "must be a finite number above histogram.lo ({}), got {}",
                h.lo, h.hi
            ),
        );
        if let Err(e) = crate::stats::bins(h.bins) {
            check(false, "histogram.bins", e);
        }
        check(
            self.metrics.listen.parse::<SocketAddr>().is_ok(),
            "metrics.listen",
            format!("'{}' is not ip:port", self.metrics.listen),
        );
        check(
            self.metrics.offsets_interval_ms > 0,
            "metrics.offsets_interval_ms",
            "must be at least 1".into(),
        );
        check(
            self.snapshot.interval_secs > 0,
            "snapshot.interval_secs",
            "must be at least 1".into(),
        );
        check(
            !self.embedded.data_dir.as_os_str().is_empty(),
            "embedded.data_dir",
            "must not be empty".into(),
        );
        problems
    }
}

fn is_host_port(s: &str) -> bool {
    matches!(s.rsplit_once(':'), Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn default_toml_documents_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml");
        let loaded = Config::load(Some(&path), [], Overrides::default()).unwrap();
        assert_eq!(loaded, Config::default());
        let text = std::fs::read_to_string(&path).unwrap();
        let file: toml::Table = text.parse().unwrap();
        let defaults = toml::Table::try_from(Config::default()).unwrap();
        for (section, keys) in &defaults {
            for key in keys.as_table().unwrap().keys() {
                assert!(
                    file.get(section).and_then(|s| s.get(key)).is_some(),
                    "config/default.toml lacks {section}.{key}"
                );
            }
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let text =
            "[kafka]\nrequest_timout_ms = 5\nretry_backoff_ms = \"fast\"\n[embeded]\nx = 1\n";
        let flags = Overrides::from_toml(text, "bad.toml").unwrap();
        let err = Config::load(None, [], flags).unwrap_err();
        let keys: Vec<_> = err.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "embeded.x",
                "kafka.request_timout_ms",
                "kafka.retry_backoff_ms"
            ]
        );
        assert!(err.0.iter().all(|p| p.origin == "bad.toml"));
    }

    #[test]
    fn env_overrides_and_brokers_shorthand() {
        let vars = env(&[
            ("KAFKA_LAB_BROKERS", "a:1, b:2"),
            ("KAFKA_LAB_KAFKA__API_TIMEOUT_MS", "2500"),
            ("KAFKA_LAB_TEST_BROKERS", "ignored:1"),
            ("HOME", "/root"),
        ]);
        let c = Config::load(None, vars, Overrides::default()).unwrap();
        assert_eq!(c.kafka.brokers, ["a:1", "b:2"]);
        assert_eq!(c.kafka.api_timeout_ms, 2500);
    }

    #[test]
    fn flags_win_over_env_and_bad_env_names_its_variable() {
        let mut flags = Overrides::default();
        flags.set("kafka.brokers", "--brokers", "c:3".into());
        let vars = env(&[
            ("KAFKA_LAB_BROKERS", "a:1"),
            ("KAFKA_LAB_KAFKA__RETRY_BACKOFF_MS", "soon"),
        ]);
        let err = Config::load(None, vars, flags).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].origin, "env KAFKA_LAB_KAFKA__RETRY_BACKOFF_MS");
        let mut flags = Overrides::default();
        flags.set("kafka.brokers", "--brokers", "c:3".into());
        let c = Config::load(None, env(&[("KAFKA_LAB_BROKERS", "a:1")]), flags).unwrap();
        assert_eq!(c.kafka.brokers, ["c:3"]);
    }

    #[test]
    fn semantic_checks_report_every_key() {
        let text = "[kafka]\nbrokers = [\"nohost\"]\nretry_backoff_ms = 50\nretry_backoff_max_ms = 10\n[embedded]\nlisten = \"x\"\n";
        let err = Config::load(None, [], Overrides::from_toml(text, "f").unwrap()).unwrap_err();
        let keys: Vec<_> = err.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "kafka.brokers",
                "kafka.retry_backoff_max_ms",
                "embedded.listen"
            ]
        );
    }
}
