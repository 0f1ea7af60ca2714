//! The results files of a `bench` run, written whole (a crash leaves no half file):
//! `--output FILE.json`, what ran, on what, and what came out; `--csv FILE.csv`, a
//! row per interval; [`read`] takes a results file back, for `bench plot`.

use super::e2e::{E2eInterval, E2eTotals};
use super::perf::{Interval, Totals};
use crate::broker::BrokerKind;
use crate::config::ProducerConfig;
use crate::kafka::versions::BrokerVersions;
use crate::plot::bench::Run;
use crate::replace::write;
use serde::Serialize;
use std::path::Path;

/// What a run ran on.
#[derive(Debug, Serialize)]
pub struct Environment {
    /// The command line as given.
    pub command: Vec<String>,
    pub kafka_lab_version: &'static str,
    /// CPUs this process could use.
    pub cpus: usize,
    /// The bootstrap brokers.
    pub brokers: Vec<String>,
    /// `embedded` (kafka-lab's own broker: not Apache Kafka's figures) or `configured`.
    pub broker_kind: BrokerKind,
    /// Every broker's ApiVersions answer.
    pub broker_versions: Vec<BrokerVersions>,
}

impl Environment {
    pub fn new(
        brokers: &[String],
        broker_kind: BrokerKind,
        broker_versions: Vec<BrokerVersions>,
    ) -> Self {
        Self {
            command: std::env::args().collect(),
            kafka_lab_version: env!("CARGO_PKG_VERSION"),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            brokers: brokers.to_vec(),
            broker_kind,
            broker_versions,
        }
    }
}

/// A results file: the kind of run, its environment and settings, and what it measured.
#[derive(Debug, Serialize)]
pub struct Results<'a, R: Serialize> {
    /// `"produce"` or `"e2e"`.
    pub kind: &'static str,
    #[serde(flatten)]
    pub environment: &'a Environment,
    pub topic: &'a str,
    /// The producer settings in effect (flags, environment, file, defaults).
    pub producer: &'a ProducerConfig,
    #[serde(flatten)]
    pub run: R,
}

/// What `bench produce` measured.
#[derive(Debug, Serialize)]
pub struct ProduceRun<'a> {
    pub intervals: &'a [Interval],
    pub totals: &'a Totals,
    /// The steady state after `--warmup-records` (`null` without a warm-up).
    pub steady: Option<&'a Totals>,
}

/// What `bench e2e` measured: `totals` are the records acknowledged, their rate and
/// the end-to-end latency of those read.
#[derive(Debug, Serialize)]
pub struct E2eRun<'a> {
    pub duration_secs: f64,
    pub intervals: &'a [E2eInterval],
    #[serde(flatten)]
    pub totals: &'a E2eTotals,
}

impl<R: Serialize> Results<'_, R> {
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        write(
            path,
            serde_json::to_string_pretty(self).expect("serializable"),
        )
    }
}

/// The CSV header of the intervals.
pub const CSV_HEADER: &str =
    "end_s,records,records_per_sec,mb_per_sec,value_mb_per_sec,avg_latency_ms,max_latency_ms";

/// The intervals as CSV, a header and a row each.
pub fn write_csv(path: &Path, intervals: &[Interval]) -> std::io::Result<()> {
    let mut text = format!("{CSV_HEADER}\n");
    for i in intervals {
        text += &format!(
            "{:.3},{},{:.1},{:.4},{:.4},{:.3},{:.3}\n",
            i.end_s,
            i.records,
            i.records_per_sec,
            i.mb_per_sec,
            i.value_mb_per_sec,
            i.avg_latency_ms,
            i.max_latency_ms
        );
    }
    write(path, text)
}

/// What `bench plot` reads of a results file.
#[derive(Debug, serde::Deserialize)]
struct Saved {
    intervals: Vec<SavedInterval>,
    totals: SavedTotals,
}

#[derive(Debug, serde::Deserialize)]
struct SavedInterval {
    end_s: f64,
    records_per_sec: f64,
}

#[derive(Debug, serde::Deserialize)]
struct SavedTotals {
    records_per_sec: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    p999_ms: f64,
}

/// The results file at `path` as a run to plot, labelled with the file's name.
pub fn read(path: &Path) -> Result<Run, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let saved: Saved = serde_json::from_str(&text)
        .map_err(|e| format!("not a results file of bench produce or e2e: {e}"))?;
    let t = saved.totals;
    Ok(Run {
        label: path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned()),
        throughput: saved
            .intervals
            .iter()
            .map(|i| (i.end_s, i.records_per_sec))
            .collect(),
        rate: t.records_per_sec,
        latency: [t.p50_ms, t.p95_ms, t.p99_ms, t.p999_ms],
    })
}
