//! An OpenMessaging Benchmark Kafka driver file (`driver-kafka/*.yaml`): its name,
//! `replicationFactor`, and the Java client properties of `commonConfig`,
//! `producerConfig`, `consumerConfig` and `topicConfig` (blocks in `.properties`
//! format). Each client property becomes the kafka-lab setting that does the same
//! (`linger.ms` → `producer.linger_ms`, ...); one kafka-lab cannot honour is refused
//! by name, never dropped. Topic properties go to CreateTopics as they are, and the
//! broker validates them.

use crate::config::Overrides;
use crate::fields::Fields;
use crate::kafka::configs::TopicConfigs;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Bytes a record takes in a batch besides its value, at most about: its framing and
/// the tracking header (so that a batch of `batch.size` bytes stays within it, and
/// within the broker's `max.message.bytes` when `batch.size` is 1 MiB).
const RECORD_OVERHEAD: i64 = 64;

/// What a driver file sets besides the client settings ([`Driver::overrides`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// The driver's name (OMB's result files carry it, e.g. `Kafka`).
    pub name: String,
    pub replication_factor: i16,
    pub topic_config: TopicConfigs,
    /// Client properties, `(block, key, value)`, in file order.
    #[serde(skip)]
    properties: Vec<(&'static str, String, String)>,
}

impl Default for Driver {
    /// No driver file: OMB's name for Kafka, one replica, the client's settings as
    /// configured.
    fn default() -> Self {
        Self {
            name: "Kafka".into(),
            replication_factor: 1,
            topic_config: TopicConfigs::new(),
            properties: Vec::new(),
        }
    }
}

/// How a Java client property maps to kafka-lab: the setting, and how its value reads.
enum Maps {
    /// This key, the value as an integer.
    Integer(&'static str),
    /// This key, the value as text.
    Text(&'static str),
    /// This key, the value as true or false.
    Boolean(&'static str),
    /// `bootstrap.servers`: the brokers, comma-separated.
    Brokers,
    /// `batch.size` (bytes): records of the message size per batch.
    BatchBytes,
    /// `acks`: only `all` (or -1), what kafka-lab always asks.
    AcksAll,
    /// Accepted without a setting of its own: kafka-lab does that either way.
    Same,
}

/// The properties kafka-lab honours, each with the blocks it may appear in.
fn maps(key: &str) -> Option<(&'static [&'static str], Maps)> {
    const ANY: &[&str] = &["commonConfig", "producerConfig", "consumerConfig"];
    const PRODUCER: &[&str] = &["commonConfig", "producerConfig"];
    const CONSUMER: &[&str] = &["commonConfig", "consumerConfig"];
    Some(match key {
        "bootstrap.servers" => (ANY, Maps::Brokers),
        "client.id" => (ANY, Maps::Text("kafka.client_id")),
        "request.timeout.ms" => (ANY, Maps::Integer("kafka.request_timeout_ms")),
        "default.api.timeout.ms" => (ANY, Maps::Integer("kafka.api_timeout_ms")),
        "retry.backoff.ms" => (ANY, Maps::Integer("kafka.retry_backoff_ms")),
        "retry.backoff.max.ms" => (ANY, Maps::Integer("kafka.retry_backoff_max_ms")),
        "security.protocol" => (ANY, Maps::Text("kafka.security_protocol")),
        "sasl.mechanism" => (ANY, Maps::Text("kafka.sasl_mechanism")),
        "acks" => (PRODUCER, Maps::AcksAll),
        "linger.ms" => (PRODUCER, Maps::Integer("producer.linger_ms")),
        "batch.size" => (PRODUCER, Maps::BatchBytes),
        "compression.type" => (PRODUCER, Maps::Text("producer.compression")),
        "max.in.flight.requests.per.connection" => {
            (PRODUCER, Maps::Integer("producer.max_in_flight"))
        }
        "enable.idempotence" => (PRODUCER, Maps::Boolean("producer.idempotence")),
        "auto.offset.reset" => (CONSUMER, Maps::Text("consumer.start")),
        // Members commit what they read every consumer.commit_interval_ms either way.
        "enable.auto.commit" => (CONSUMER, Maps::Same),
        "auto.commit.interval.ms" => (CONSUMER, Maps::Integer("consumer.commit_interval_ms")),
        "max.partition.fetch.bytes" => (CONSUMER, Maps::Integer("consumer.max_bytes")),
        "fetch.max.wait.ms" => (CONSUMER, Maps::Integer("consumer.max_wait_ms")),
        "session.timeout.ms" => (CONSUMER, Maps::Integer("consumer.session_timeout_ms")),
        "heartbeat.interval.ms" => (CONSUMER, Maps::Integer("consumer.heartbeat_interval_ms")),
        _ => return None,
    })
}

impl Driver {
    /// The driver in `text`; every problem, each naming its key (or property).
    pub fn parse(text: &str) -> Result<Self, Vec<String>> {
        let mut f = Fields::parse(text)?;
        let name: String = f.required("name", "text").unwrap_or_default();
        let class: Option<String> = f.optional("driverClass", "a Java class name");
        if let Some(class) = class {
            let kafka = class.to_ascii_lowercase().contains("kafka");
            f.check(kafka, "driverClass", "kafka-lab drives Apache Kafka only");
        }
        let replication_factor = f
            .optional::<i16>("replicationFactor", "a whole number from 1")
            .unwrap_or(1);
        f.check(
            replication_factor >= 1,
            "replicationFactor",
            "must be at least 1",
        );
        if f.optional::<serde_yaml::Value>("reset", "").is_some() {
            f.problems.push(
                "reset: removed from OMB's Kafka driver in 2022; kafka-lab makes new topics for every run".into(),
            );
        }
        let mut topic_config = TopicConfigs::new();
        let mut properties = Vec::new();
        for block in [
            "commonConfig",
            "producerConfig",
            "consumerConfig",
            "topicConfig",
        ] {
            let text: String = f
                .optional(block, "Java properties text")
                .unwrap_or_default();
            for (key, value) in java_properties(&text) {
                if block == "topicConfig" {
                    topic_config.insert(key, value);
                    continue;
                }
                match maps(&key) {
                    Some((blocks, _)) if blocks.contains(&block) => {
                        properties.push((block, key, value));
                    }
                    Some(_) => f.problems.push(format!(
                        "{block}: {key}: belongs in another block (it is a {} setting)",
                        if block == "producerConfig" { "consumer" } else { "producer" }
                    )),
                    None => f.problems.push(format!(
                        "{block}: {key}: kafka-lab has no setting for it (see `bench workload --help`)"
                    )),
                }
            }
        }
        let problems = f.finish("not a Kafka driver key of OMB");
        match problems.is_empty() {
            true => Ok(Self {
                name,
                replication_factor,
                topic_config,
                properties,
            }),
            false => Err(problems),
        }
    }

    /// The driver file at `path`.
    pub fn read(path: &Path) -> Result<Self, Vec<String>> {
        let text = std::fs::read_to_string(path).map_err(|e| vec![e.to_string()])?;
        Self::parse(&text)
    }

    /// The client settings, as configuration keys whose origin names the file and
    /// property; `message_size` turns `batch.size` (bytes) into records per batch
    /// (with [`RECORD_OVERHEAD`] each). A
    /// value that does not read is named with its property.
    pub fn overrides(&self, origin: &str, message_size: u32) -> Result<Overrides, Vec<String>> {
        let mut out = Overrides::default();
        let mut problems = Vec::new();
        for (block, key, value) in &self.properties {
            let (_, maps) = maps(key).expect("checked when parsed");
            let from = format!("{origin}: {block}: {key}");
            let integer = || value.parse::<i64>().map_err(|_| "must be a whole number");
            let set = match maps {
                Maps::Integer(to) => integer().map(|n| Some((to, n.into()))),
                Maps::Text(to) => Ok(Some((to, value.as_str().into()))),
                Maps::Boolean(to) => match value.as_str() {
                    "true" | "false" => Ok(Some((to, (value == "true").into()))),
                    _ => Err("must be true or false"),
                },
                Maps::Brokers => {
                    let list = value.split(',').map(|b| b.trim().into()).collect();
                    Ok(Some(("kafka.brokers", toml::Value::Array(list))))
                }
                Maps::BatchBytes => integer().map(|bytes| {
                    let record = i64::from(message_size) + RECORD_OVERHEAD;
                    let records = (bytes / record).max(1);
                    Some(("producer.batch_size", records.into()))
                }),
                Maps::AcksAll => match value.as_str() {
                    "all" | "-1" => Ok(None),
                    _ => Err("kafka-lab produces with acks=all only"),
                },
                Maps::Same => Ok(None),
            };
            match set {
                Ok(Some((to, v))) => out.set(to, &from, v),
                Ok(None) => {}
                Err(why) => problems.push(format!("{from}: {why} (is {value:?})")),
            }
        }
        match problems.is_empty() {
            true => Ok(out),
            false => Err(problems),
        }
    }
}

/// The `key=value` (or `key: value`, `key value`) lines of a Java properties text;
/// `#` and `!` start comments.
fn java_properties(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .map(|line| {
            let at = line.find(['=', ':', ' ']).unwrap_or(line.len());
            let value = line[at..].trim_start_matches(['=', ':', ' ']).trim();
            (line[..at].trim().to_string(), value.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OMB's `driver-kafka/kafka-throughput.yaml`.
    const THROUGHPUT: &str = "
name: Kafka
driverClass: io.openmessaging.benchmark.driver.kafka.KafkaBenchmarkDriver
replicationFactor: 3
topicConfig: |
  min.insync.replicas=2
commonConfig: |
  bootstrap.servers=localhost:9092
  default.api.timeout.ms=1200000
  request.timeout.ms=1200000
producerConfig: |
  acks=all
  linger.ms=1
  batch.size=1048576
consumerConfig: |
  auto.offset.reset=earliest
  enable.auto.commit=false
  max.partition.fetch.bytes=10485760
";

    #[test]
    fn reads_omb_s_throughput_driver() {
        let d = Driver::parse(THROUGHPUT).unwrap();
        assert_eq!((d.name.as_str(), d.replication_factor), ("Kafka", 3));
        assert_eq!(d.topic_config["min.insync.replicas"], "2");
        let config =
            crate::config::Config::load(None, [], d.overrides("d.yaml", 1024).unwrap()).unwrap();
        assert_eq!(config.kafka.brokers, ["localhost:9092"]);
        assert_eq!(config.kafka.request_timeout_ms, 1_200_000);
        assert_eq!(config.producer.linger_ms, 1);
        assert_eq!(
            config.producer.batch_size, 963,
            "1 MiB of 1 KiB records and framing"
        );
        assert_eq!(config.consumer.max_bytes, 10_485_760);
        assert_eq!(config.consumer.start, crate::start::StartAt::Earliest);
    }

    #[test]
    fn refuses_what_it_cannot_honour_by_name() {
        let text = THROUGHPUT.replace("acks=all", "acks=1\n  buffer.memory=1000") + "reset: true\n";
        let problems = Driver::parse(&text).unwrap_err();
        assert!(problems
            .iter()
            .any(|p| p.starts_with("producerConfig: buffer.memory:")));
        assert!(problems.iter().any(|p| p.starts_with("reset:")));
        let acks = Driver::parse(&THROUGHPUT.replace("acks=all", "acks=1")).unwrap();
        let problems = acks.overrides("d.yaml", 100).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("producerConfig: acks: kafka-lab produces with acks=all only"));
    }
}
