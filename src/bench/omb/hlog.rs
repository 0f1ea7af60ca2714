//! The latency histograms as an HdrHistogram interval log (`latency.hlog`): one line
//! per interval and histogram, tagged `publish`, `publish-delay` or `end-to-end`,
//! values in µs (interval maxima printed in ms), readable by HdrHistogram's
//! `HistogramLogProcessor` and HistogramLogAnalyzer.

use super::latencies::Latencies;
use super::results::RunResults;
use hdrhistogram::serialization::interval_log::{IntervalLogWriterBuilder, Tag};
use hdrhistogram::serialization::V2DeflateSerializer;
use std::time::{Duration, UNIX_EPOCH};

/// The interval log of `run`.
pub fn write(run: &RunResults) -> Result<Vec<u8>, String> {
    let start_ms = run.intervals.first().map_or(0, |i| i.start_ms);
    let epoch = |ms: i64| UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    let mut out = Vec::new();
    let mut serializer = V2DeflateSerializer::new();
    let mut log = IntervalLogWriterBuilder::new()
        .add_comment(&format!(
            "kafka-lab bench workload {:?}: latencies in microseconds",
            run.workload.name
        ))
        .with_start_time(epoch(start_ms))
        .with_base_time(epoch(start_ms))
        .with_max_value_divisor(1000.0)
        .begin_log_with(&mut out, &mut serializer)
        .map_err(|e| e.to_string())?;
    for interval in &run.intervals {
        let latencies = Latencies::decode(&interval.latencies)?;
        let since_start = Duration::from_millis((interval.start_ms - start_ms).max(0) as u64);
        let length = Duration::from_millis((interval.end_ms - interval.start_ms).max(0) as u64);
        for (tag, h) in latencies.tagged() {
            log.write_histogram(h, since_start, length, Tag::new(tag))
                .map_err(|e| e.to_string())?;
        }
    }
    drop(log);
    Ok(out)
}
