//! The results file of a `bench` run (`--output FILE.json`): what ran, on what, and
//! what came out, written whole (a crash leaves no half file).

use super::perf::{Interval, Totals};
use crate::config::ProducerConfig;
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

impl ProduceResults<'_> {
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).expect("serializable");
        crate::replace::replace(path, |tmp| std::fs::write(tmp, &text)).map_err(|e| match e {
            crate::replace::Failure::Write(e) | crate::replace::Failure::Io(e) => e,
        })
    }
}
