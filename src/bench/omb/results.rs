//! kafka-lab's results file of a workload run (`results.json`): the workload and
//! driver as read, what it ran on, which worker shares it holds, every interval's
//! counts and latency histograms, the test's histograms, the rate search, and records
//! lost or duplicated. OMB's result file and the interval log are made from it, and
//! [`merge`] combines several workers' into one, adding their counts and histograms.

use super::driver::Driver;
use super::hlog;
use super::latencies::{Encoded, Latencies};
use super::rate::Step;
use super::stats::Interval;
use super::test_result::TestResult;
use super::workload::Workload;
use super::Share;
use crate::replace::write;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RunResults {
    pub workload: Workload,
    pub driver: Driver,
    /// The worker shares these results hold (one; several once merged).
    pub workers: Vec<Share>,
    /// What each worker ran on: command line, versions, brokers, settings.
    pub environments: Vec<serde_json::Value>,
    pub topics: Vec<String>,
    pub interval_secs: f64,
    /// The test's intervals (the warm-up's are not kept, as in OMB).
    pub intervals: Vec<Interval>,
    /// The whole test's latencies.
    pub aggregated: Encoded,
    /// With `producerRate: 0`: each step of the search for the highest sustained rate.
    pub rate_search: Vec<Step>,
    /// Records a subscription never read (gaps in their sequence numbers), and read
    /// more than once.
    pub lost: u64,
    pub duplicated: u64,
}

/// The files a run or a merge writes into its folder.
pub const RESULTS_FILE: &str = "results.json";
pub const OMB_FILE: &str = "omb-result.json";
pub const HLOG_FILE: &str = "latency.hlog";

impl RunResults {
    /// Write [`RESULTS_FILE`], [`OMB_FILE`] and [`HLOG_FILE`] into `dir` (made if
    /// missing); on failure, the file and why.
    pub fn write_to(&self, dir: &Path) -> Result<(), (PathBuf, String)> {
        let at = |name: &str| dir.join(name);
        std::fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e.to_string()))?;
        let omb = TestResult::of(self).map_err(|e| (at(OMB_FILE), e))?;
        let hlog = hlog::write(self).map_err(|e| (at(HLOG_FILE), e))?;
        let files = [
            (
                RESULTS_FILE,
                serde_json::to_vec_pretty(self).expect("serializable"),
            ),
            (
                OMB_FILE,
                serde_json::to_vec_pretty(&omb).expect("serializable"),
            ),
            (HLOG_FILE, hlog),
        ];
        for (name, bytes) in files {
            write(&at(name), bytes).map_err(|e| (at(name), e.to_string()))?;
        }
        Ok(())
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: not a results file of bench workload: {e}",
                path.display()
            )
        })
    }

    pub fn aggregated(&self) -> Result<Latencies, String> {
        Latencies::decode(&self.aggregated)
    }
}

/// One result of several workers: counts summed, histograms added, interval by
/// interval. The workers must have run the same workload with the same driver and
/// interval, as different shares of the same split, for as many intervals.
pub fn merge(parts: Vec<RunResults>) -> Result<RunResults, String> {
    let mut parts = parts.into_iter();
    let mut merged = parts.next().ok_or("no results to merge")?;
    let mut aggregated = merged.aggregated()?;
    let mut intervals = merged
        .intervals
        .iter()
        .map(|i| Latencies::decode(&i.latencies))
        .collect::<Result<Vec<_>, _>>()?;
    for part in parts {
        let count = merged.workers.first().ok_or("results of no worker")?.count;
        if part.workload != merged.workload || part.driver.name != merged.driver.name {
            return Err("the results are of different workloads or drivers".into());
        }
        if part.topics != merged.topics || part.interval_secs != merged.interval_secs {
            return Err(format!(
                "the results are of different runs (topics {:?} and {:?}, intervals of {} s and {} s): give the workers the same --start-at",
                part.topics, merged.topics, part.interval_secs, merged.interval_secs
            ));
        }
        if part
            .workers
            .iter()
            .any(|w| w.count != count || merged.workers.contains(w))
        {
            return Err(format!(
                "worker shares {:?} do not complete {:?}: each of I/{count} once",
                part.workers, merged.workers
            ));
        }
        if part.intervals.len() != merged.intervals.len() {
            return Err(format!(
                "one worker has {} intervals, another {}: start them with the same --start-at",
                part.intervals.len(),
                merged.intervals.len()
            ));
        }
        for ((mine, latencies), theirs) in merged
            .intervals
            .iter_mut()
            .zip(&mut intervals)
            .zip(&part.intervals)
        {
            mine.start_ms = mine.start_ms.min(theirs.start_ms);
            mine.end_ms = mine.end_ms.max(theirs.end_ms);
            mine.counters += theirs.counters;
            mine.totals += theirs.totals;
            latencies.add(&Latencies::decode(&theirs.latencies)?);
        }
        aggregated.add(&part.aggregated()?);
        merged.workers.extend(part.workers);
        merged.environments.extend(part.environments);
        merged.rate_search.extend(part.rate_search);
        merged.lost += part.lost;
        merged.duplicated += part.duplicated;
    }
    for (interval, latencies) in merged.intervals.iter_mut().zip(intervals) {
        interval.latencies = latencies.encode();
    }
    merged.aggregated = aggregated.encode();
    merged.workers.sort();
    Ok(merged)
}
