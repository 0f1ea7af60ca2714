//! The results files of a `bench` run, written whole (a crash leaves no half file):
//! `--output FILE.json`, what ran, on what, and what came out; `--csv FILE.csv`, a
//! row per interval.

use super::perf::{Interval, Totals};
use crate::config::ProducerConfig;
use crate::replace::write;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct ProduceResults<'a> {
    /// `"produce"`.
    pub kind: &'static str,
    /// The command line as given.
    pub command: Vec<String>,
    pub kafka_lab_version: &'static str,
    /// CPUs this process could use.
    pub cpus: usize,
    pub brokers: &'a [String],
    pub topic: &'a str,
    /// The producer settings in effect (flags, environment, file, defaults).
    pub producer: &'a ProducerConfig,
    pub intervals: &'a [Interval],
    pub totals: &'a Totals,
    /// The steady state after `--warmup-records` (`null` without a warm-up).
    pub steady: Option<&'a Totals>,
}

/// The CSV header of the intervals.
pub const CSV_HEADER: &str =
    "end_s,records,records_per_sec,mb_per_sec,avg_latency_ms,max_latency_ms";

impl ProduceResults<'_> {
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        write(
            path,
            serde_json::to_string_pretty(self).expect("serializable"),
        )
    }
}

/// The intervals as CSV, a header and a row each.
pub fn write_csv(path: &Path, intervals: &[Interval]) -> std::io::Result<()> {
    let mut text = format!("{CSV_HEADER}\n");
    for i in intervals {
        text += &format!(
            "{:.3},{},{:.1},{:.4},{:.3},{:.3}\n",
            i.end_s, i.records, i.records_per_sec, i.mb_per_sec, i.avg_latency_ms, i.max_latency_ms
        );
    }
    write(path, text)
}
