//! `kafka-lab bench merge`: several workers' results of one workload as one, counts
//! summed and latency histograms added interval by interval.

use super::{Error, Result};
use crate::bench::omb::results::{self, RunResults};
use crate::bench::omb::stats::published_rate;
use crate::bench::omb::test_result::aggregated_line;
use crate::cli::BenchMergeArgs;

pub fn merge(args: BenchMergeArgs) -> Result<()> {
    let parts = args
        .results
        .iter()
        .map(|dir| RunResults::read(&dir.join(results::RESULTS_FILE)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Usage)?;
    let merged = results::merge(parts).map_err(Error::Usage)?;
    let count = merged.workers.first().map_or(0, |w| w.count as usize);
    if merged.workers.len() < count {
        eprintln!(
            "kafka-lab: note: {} of {count} workers' results merged",
            merged.workers.len()
        );
    }
    super::write_omb(&merged, &args.out)?;
    let total: u64 = merged
        .intervals
        .iter()
        .map(|i| i.counters.messages_sent)
        .sum();
    println!(
        "Merged {} workers: {total} messages published in the test, {:.1} msg/s; {} lost, {} duplicated",
        merged.workers.len(),
        published_rate(&merged.intervals),
        merged.lost,
        merged.duplicated
    );
    let aggregated = merged.aggregated().map_err(Error::Usage)?;
    println!("{}", aggregated_line(&aggregated));
    Ok(())
}
