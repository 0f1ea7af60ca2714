//! An OpenMessaging Benchmark workload file, read as OMB reads it (its `Workload.java`
//! is the reference: the same keys, meanings and defaults), with two differences, both
//! stricter: a key OMB does not know is an error, naming the key, where OMB ignores it
//! (a misspelt `producersPerTopic` would silently run with 0 producers there); and an
//! unknown `keyDistributor` is an error where OMB falls back to `NO_KEY`. Every
//! problem of a file is reported at once. Durations may be fractions of a minute.

use crate::actors::aggregator::MAX_RUNS;
use crate::actors::generator::MAX_RATE;
use crate::fields::Fields;
use bytes::Bytes;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How records are keyed (OMB's `KeyDistributorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KeyDistributor {
    /// No key: records spread over the partitions in turn.
    #[default]
    NoKey,
    /// One of 10,000 keys in turn, placed by the key's hash as Kafka's client does.
    KeyRoundRobin,
    /// One of 10,000 keys at random, placed by the key's hash.
    RandomNano,
}

/// A workload, as its file gives it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub name: String,
    pub topics: u32,
    pub partitions_per_topic: u32,
    pub key_distributor: KeyDistributor,
    pub message_size: u32,
    pub use_randomized_payloads: bool,
    pub random_bytes_ratio: f64,
    pub randomized_payload_pool_size: u32,
    pub payload_file: Option<PathBuf>,
    /// Where `payload_file` was found.
    #[serde(skip)]
    pub payload_path: Option<PathBuf>,
    pub subscriptions_per_topic: u32,
    pub consumer_per_subscription: u32,
    pub producers_per_topic: u32,
    /// Messages per second of all producers together; 0: find the highest rate the
    /// system sustains.
    pub producer_rate: f64,
    pub consumer_backlog_size_gb: f64,
    pub backlog_drain_ratio: f64,
    pub test_duration_minutes: f64,
    pub warmup_duration_minutes: f64,
}

/// Largest record value kafka-lab produces (`bench --record-size`'s bound).
const MAX_MESSAGE_SIZE: u32 = 1_000_000;
/// Smallest value of the sample's text (a normal sample's `-1.2` rounds to `-1`).
const MIN_TEXT_SIZE: u32 = 4;
/// Longest test or warm-up, minutes (a week).
const MAX_MINUTES: f64 = 7.0 * 24.0 * 60.0;
/// Largest backlog, GB.
const MAX_BACKLOG_GB: f64 = 1024.0;

impl Workload {
    /// The workload in `text`, read from `path` (a relative `payloadFile` is looked for
    /// from the current folder, as OMB does, then beside the workload file); every
    /// problem, each naming its key.
    pub fn parse(text: &str, path: &Path) -> Result<Self, Vec<String>> {
        let mut f = Fields::parse(text)?;
        let int = "a whole number ≥ 0";
        let number = "a number";
        let w = Self {
            name: f.required("name", "text").unwrap_or_default(),
            topics: f.required("topics", int).unwrap_or(1),
            partitions_per_topic: f.required("partitionsPerTopic", int).unwrap_or(1),
            key_distributor: f
                .optional("keyDistributor", "NO_KEY, KEY_ROUND_ROBIN or RANDOM_NANO")
                .unwrap_or_default(),
            message_size: f.required("messageSize", int).unwrap_or(1),
            use_randomized_payloads: f
                .optional("useRandomizedPayloads", "true or false")
                .unwrap_or(false),
            random_bytes_ratio: f.optional("randomBytesRatio", number).unwrap_or(0.0),
            randomized_payload_pool_size: f.optional("randomizedPayloadPoolSize", int).unwrap_or(0),
            payload_file: f.optional("payloadFile", "a file name"),
            payload_path: None,
            subscriptions_per_topic: f.required("subscriptionsPerTopic", int).unwrap_or(0),
            consumer_per_subscription: f.required("consumerPerSubscription", int).unwrap_or(1),
            producers_per_topic: f.required("producersPerTopic", int).unwrap_or(1),
            producer_rate: f.required("producerRate", number).unwrap_or(1.0),
            consumer_backlog_size_gb: f.optional("consumerBacklogSizeGB", number).unwrap_or(0.0),
            backlog_drain_ratio: f.optional("backlogDrainRatio", number).unwrap_or(1.0),
            test_duration_minutes: f.required("testDurationMinutes", number).unwrap_or(1.0),
            warmup_duration_minutes: f.optional("warmupDurationMinutes", number).unwrap_or(1.0),
        };
        let at_least_one = "must be at least 1";
        f.check(!w.name.trim().is_empty(), "name", "must not be empty");
        f.check(w.topics >= 1, "topics", at_least_one);
        f.check(
            w.partitions_per_topic >= 1,
            "partitionsPerTopic",
            at_least_one,
        );
        f.check(
            (1..=MAX_MESSAGE_SIZE).contains(&w.message_size),
            "messageSize",
            &format!("must be 1 to {MAX_MESSAGE_SIZE} bytes"),
        );
        f.check(
            w.producers_per_topic >= 1,
            "producersPerTopic",
            at_least_one,
        );
        f.check(
            w.producers_per_topic as usize <= MAX_RUNS,
            "producersPerTopic",
            &format!("at most {MAX_RUNS}: consumers tell each producer's records apart for the lost and duplicated counts"),
        );
        f.check(
            w.subscriptions_per_topic == 0 || w.consumer_per_subscription >= 1,
            "consumerPerSubscription",
            "must be at least 1 when there are subscriptions",
        );
        f.check(
            w.producer_rate >= 0.0 && w.producer_rate <= MAX_RATE,
            "producerRate",
            &format!("must be 0 to {MAX_RATE:e} (0: find the highest sustainable rate)"),
        );
        f.check(
            (0.0..=MAX_BACKLOG_GB).contains(&w.consumer_backlog_size_gb),
            "consumerBacklogSizeGB",
            &format!("must be 0 to {MAX_BACKLOG_GB}"),
        );
        f.check(
            !(w.consumer_backlog_size_gb > 0.0 && w.producer_rate == 0.0),
            "consumerBacklogSizeGB",
            "cannot probe the sustainable rate (producerRate: 0) while building a backlog (as OMB)",
        );
        f.check(
            !(w.consumer_backlog_size_gb > 0.0 && w.subscriptions_per_topic == 0),
            "consumerBacklogSizeGB",
            "a backlog needs subscriptions to drain it",
        );
        f.check(
            w.backlog_drain_ratio > 0.0 && w.backlog_drain_ratio <= 1.0,
            "backlogDrainRatio",
            "must be more than 0 and at most 1",
        );
        f.check(
            w.test_duration_minutes > 0.0 && w.test_duration_minutes <= MAX_MINUTES,
            "testDurationMinutes",
            &format!("must be more than 0 and at most {MAX_MINUTES} (a week)"),
        );
        f.check(
            (0.0..=MAX_MINUTES).contains(&w.warmup_duration_minutes),
            "warmupDurationMinutes",
            &format!("must be 0 to {MAX_MINUTES} (a week)"),
        );
        if w.use_randomized_payloads {
            f.check(
                (0.0..=1.0).contains(&w.random_bytes_ratio),
                "randomBytesRatio",
                "must be 0 to 1",
            );
            f.check(
                w.randomized_payload_pool_size >= 1,
                "randomizedPayloadPoolSize",
                "must be at least 1 with useRandomizedPayloads",
            );
        }
        f.check(
            w.use_randomized_payloads || w.payload_file.is_some() || w.message_size >= MIN_TEXT_SIZE,
            "messageSize",
            &format!("must be at least {MIN_TEXT_SIZE} bytes for the samples' text (no payloadFile or useRandomizedPayloads)"),
        );
        let mut w = w;
        if let (false, Some(file)) = (w.use_randomized_payloads, &w.payload_file) {
            match find(file, path).map(|found| (std::fs::metadata(&found), found)) {
                Some((Ok(meta), found)) if meta.len() == u64::from(w.message_size) => {
                    w.payload_path = Some(found);
                }
                Some((Ok(meta), found)) => f.problems.push(format!(
                    "payloadFile: {} has {} bytes, messageSize is {} (they must agree, as in OMB)",
                    found.display(),
                    meta.len(),
                    w.message_size
                )),
                Some((Err(e), found)) => f
                    .problems
                    .push(format!("payloadFile: {}: {e}", found.display())),
                None => f.problems.push(format!(
                    "payloadFile: {} not found (from the current folder or beside the workload file)",
                    file.display()
                )),
            }
        }
        let problems = f.finish("OMB would ignore it and run with that field's default");
        match problems.is_empty() {
            true => Ok(w),
            false => Err(problems),
        }
    }

    /// Producers of the whole workload.
    pub fn producers(&self) -> u32 {
        self.topics * self.producers_per_topic
    }

    /// The values producers send: the payload file's bytes, a pool of randomized
    /// payloads (`messageSize × randomBytesRatio` random bytes, then zeros, as OMB makes
    /// them), or with neither, `None`: the sample's decimal text padded with spaces to
    /// `messageSize` (kafka-lab's own values, readable as numbers).
    pub fn payloads(&self) -> std::io::Result<Option<Arc<[Bytes]>>> {
        let size = self.message_size as usize;
        if self.use_randomized_payloads {
            let random = (size as f64 * self.random_bytes_ratio) as usize;
            let mut rng = rand::rng();
            let pool = (0..self.randomized_payload_pool_size)
                .map(|_| {
                    let mut payload = vec![0u8; size];
                    rng.fill(&mut payload[..random]);
                    Bytes::from(payload)
                })
                .collect();
            return Ok(Some(pool));
        }
        match &self.payload_path {
            Some(file) => Ok(Some(Arc::new([Bytes::from(std::fs::read(file)?)]))),
            None => Ok(None),
        }
    }
}

/// `file` from the current folder, else beside `workload`.
fn find(file: &Path, workload: &Path) -> Option<PathBuf> {
    if file.exists() {
        return Some(file.to_path_buf());
    }
    let beside = workload.parent()?.join(file);
    beside.exists().then_some(beside)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OMB_1_TOPIC: &str = "
name: 1 producer / 1 consumers on 1 topic
topics: 1
partitionsPerTopic: 16
messageSize: 1024
useRandomizedPayloads: true
randomBytesRatio: 0.5
randomizedPayloadPoolSize: 10
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 50000
consumerBacklogSizeGB: 0
testDurationMinutes: 15
";

    #[test]
    fn reads_an_omb_workload_with_omb_defaults() {
        let w = Workload::parse(OMB_1_TOPIC, Path::new("w.yaml")).unwrap();
        assert_eq!(w.partitions_per_topic, 16);
        assert_eq!(w.key_distributor, KeyDistributor::NoKey);
        assert_eq!(w.warmup_duration_minutes, 1.0);
        assert_eq!(w.backlog_drain_ratio, 1.0);
        assert_eq!(w.producers(), 1);
        let pool = w.payloads().unwrap().unwrap();
        assert_eq!(pool.len(), 10);
        assert!(pool
            .iter()
            .all(|p| p.len() == 1024 && p[512..].iter().all(|b| *b == 0)));
    }

    #[test]
    fn names_every_problem_with_its_key() {
        let text = OMB_1_TOPIC
            .replace("topics: 1", "topics: one")
            .replace("producersPerTopic", "producerPerTopic")
            .replace("testDurationMinutes: 15", "testDurationMinutes: 0")
            + "keyDistributor: BY_MOON\n";
        let problems = Workload::parse(&text, Path::new("w.yaml")).unwrap_err();
        let keys: Vec<_> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "topics",
                "keyDistributor",
                "producersPerTopic",
                "testDurationMinutes",
                "producerPerTopic"
            ],
            "{problems:#?}"
        );
    }

    #[test]
    fn a_payload_file_must_have_the_message_size() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.data"), [7u8; 100]).unwrap();
        let text = OMB_1_TOPIC.replace("useRandomizedPayloads: true", "payloadFile: p.data");
        let workload = dir.path().join("w.yaml");
        let problems = Workload::parse(&text, &workload).unwrap_err();
        assert!(
            problems[0].contains("has 100 bytes, messageSize is 1024"),
            "{problems:?}"
        );
        let w = Workload::parse(&text.replace("1024", "100"), &workload).unwrap();
        assert_eq!(&w.payloads().unwrap().unwrap()[0][..], &[7u8; 100][..]);
    }
}
