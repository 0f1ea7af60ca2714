//! OMB's result file (`TestResult.java`'s fields, in its order and units), so that
//! OMB's chart script and published results read beside kafka-lab's: per 10 s
//! interval the publish, error and consume rates (msg/s) and the backlog (messages);
//! publish and end-to-end latency in ms, publish delay in µs; the test's aggregated
//! figures and quantile maps as HdrHistogram's percentile iteration gives them (100
//! ticks per half distance), keyed by percentile as Java prints a `Double`.

use super::latencies::Latencies;
use super::results::RunResults;
use super::stats::Interval;
use hdrhistogram::Histogram;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Percentiles of OMB's per-interval and aggregated figures.
const PERCENTILES: [f64; 6] = [50.0, 75.0, 95.0, 99.0, 99.9, 99.99];

/// A quantile map: percentile → value, in ascending order.
#[derive(Debug, Default, PartialEq)]
pub struct Quantiles<T>(Vec<(f64, T)>);

impl<T: Serialize> Serialize for Quantiles<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (percentile, value) in &self.0 {
            map.serialize_entry(&java_double(*percentile), value)?;
        }
        map.end()
    }
}

/// `x` as Java's `Double.toString` writes it (`50.0`, `99.99`, `1.0E-4`).
fn java_double(x: f64) -> String {
    if x == 0.0 || (1e-3..1e7).contains(&x.abs()) {
        let s = format!("{x}");
        if s.contains('.') {
            s
        } else {
            s + ".0"
        }
    } else {
        let s = format!("{x:E}");
        let (mantissa, exponent) = s.split_once('E').expect("scientific notation");
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        format!("{mantissa}E{exponent}")
    }
}

/// One latency's figures: mean, the percentiles, max.
struct Figures<T> {
    avg: f64,
    percentiles: [T; 6],
    max: T,
}

/// `h`'s figures: values through `unit`, the mean divided by `per` (its unit in µs).
fn figures<T>(h: &Histogram<u64>, unit: impl Fn(u64) -> T, per: f64) -> Figures<T> {
    Figures {
        avg: if h.is_empty() { 0.0 } else { h.mean() / per },
        percentiles: PERCENTILES.map(|p| unit(h.value_at_percentile(p))),
        max: unit(h.max()),
    }
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn quantiles<T>(h: &Histogram<u64>, unit: impl Fn(u64) -> T) -> Quantiles<T> {
    let mut out: Vec<(f64, T)> = Vec::new();
    if h.is_empty() {
        return Quantiles(out);
    }
    for v in h.iter_quantiles(100) {
        let percentile = v.quantile() * 100.0;
        // Ticks in one bucket give one key (Java's TreeMap keeps the last).
        if out.last().is_some_and(|(p, _)| *p == percentile) {
            out.pop();
        }
        out.push((percentile, unit(v.value_iterated_to())));
    }
    Quantiles(out)
}

/// Per-interval series of one latency.
#[derive(Default)]
struct Series<T> {
    avg: Vec<f64>,
    percentiles: [Vec<T>; 6],
    max: Vec<T>,
}

impl<T> Series<T> {
    fn push(&mut self, f: Figures<T>) {
        self.avg.push(f.avg);
        let [p50, p75, p95, p99, p999, p9999] = f.percentiles;
        for (series, value) in self
            .percentiles
            .iter_mut()
            .zip([p50, p75, p95, p99, p999, p9999])
        {
            series.push(value);
        }
        self.max.push(f.max);
    }
}

/// OMB's `TestResult`. The JSON keys are its field names.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub workload: String,
    pub driver: String,
    pub message_size: u64,
    pub topics: u32,
    pub partitions: u32,
    pub producers_per_topic: u32,
    pub consumers_per_topic: u32,
    pub publish_rate: Vec<f64>,
    pub publish_error_rate: Vec<f64>,
    pub consume_rate: Vec<f64>,
    pub backlog: Vec<u64>,
    pub publish_latency_avg: Vec<f64>,
    #[serde(rename = "publishLatency50pct")]
    pub publish_latency_50pct: Vec<f64>,
    #[serde(rename = "publishLatency75pct")]
    pub publish_latency_75pct: Vec<f64>,
    #[serde(rename = "publishLatency95pct")]
    pub publish_latency_95pct: Vec<f64>,
    #[serde(rename = "publishLatency99pct")]
    pub publish_latency_99pct: Vec<f64>,
    #[serde(rename = "publishLatency999pct")]
    pub publish_latency_999pct: Vec<f64>,
    #[serde(rename = "publishLatency9999pct")]
    pub publish_latency_9999pct: Vec<f64>,
    pub publish_latency_max: Vec<f64>,
    pub publish_delay_latency_avg: Vec<f64>,
    #[serde(rename = "publishDelayLatency50pct")]
    pub publish_delay_latency_50pct: Vec<u64>,
    #[serde(rename = "publishDelayLatency75pct")]
    pub publish_delay_latency_75pct: Vec<u64>,
    #[serde(rename = "publishDelayLatency95pct")]
    pub publish_delay_latency_95pct: Vec<u64>,
    #[serde(rename = "publishDelayLatency99pct")]
    pub publish_delay_latency_99pct: Vec<u64>,
    #[serde(rename = "publishDelayLatency999pct")]
    pub publish_delay_latency_999pct: Vec<u64>,
    #[serde(rename = "publishDelayLatency9999pct")]
    pub publish_delay_latency_9999pct: Vec<u64>,
    pub publish_delay_latency_max: Vec<u64>,
    pub aggregated_publish_latency_avg: f64,
    #[serde(rename = "aggregatedPublishLatency50pct")]
    pub aggregated_publish_latency_50pct: f64,
    #[serde(rename = "aggregatedPublishLatency75pct")]
    pub aggregated_publish_latency_75pct: f64,
    #[serde(rename = "aggregatedPublishLatency95pct")]
    pub aggregated_publish_latency_95pct: f64,
    #[serde(rename = "aggregatedPublishLatency99pct")]
    pub aggregated_publish_latency_99pct: f64,
    #[serde(rename = "aggregatedPublishLatency999pct")]
    pub aggregated_publish_latency_999pct: f64,
    #[serde(rename = "aggregatedPublishLatency9999pct")]
    pub aggregated_publish_latency_9999pct: f64,
    pub aggregated_publish_latency_max: f64,
    pub aggregated_publish_delay_latency_avg: f64,
    #[serde(rename = "aggregatedPublishDelayLatency50pct")]
    pub aggregated_publish_delay_latency_50pct: u64,
    #[serde(rename = "aggregatedPublishDelayLatency75pct")]
    pub aggregated_publish_delay_latency_75pct: u64,
    #[serde(rename = "aggregatedPublishDelayLatency95pct")]
    pub aggregated_publish_delay_latency_95pct: u64,
    #[serde(rename = "aggregatedPublishDelayLatency99pct")]
    pub aggregated_publish_delay_latency_99pct: u64,
    #[serde(rename = "aggregatedPublishDelayLatency999pct")]
    pub aggregated_publish_delay_latency_999pct: u64,
    #[serde(rename = "aggregatedPublishDelayLatency9999pct")]
    pub aggregated_publish_delay_latency_9999pct: u64,
    pub aggregated_publish_delay_latency_max: u64,
    pub aggregated_publish_latency_quantiles: Quantiles<f64>,
    pub aggregated_publish_delay_latency_quantiles: Quantiles<u64>,
    pub end_to_end_latency_avg: Vec<f64>,
    #[serde(rename = "endToEndLatency50pct")]
    pub end_to_end_latency_50pct: Vec<f64>,
    #[serde(rename = "endToEndLatency75pct")]
    pub end_to_end_latency_75pct: Vec<f64>,
    #[serde(rename = "endToEndLatency95pct")]
    pub end_to_end_latency_95pct: Vec<f64>,
    #[serde(rename = "endToEndLatency99pct")]
    pub end_to_end_latency_99pct: Vec<f64>,
    #[serde(rename = "endToEndLatency999pct")]
    pub end_to_end_latency_999pct: Vec<f64>,
    #[serde(rename = "endToEndLatency9999pct")]
    pub end_to_end_latency_9999pct: Vec<f64>,
    pub end_to_end_latency_max: Vec<f64>,
    pub aggregated_end_to_end_latency_quantiles: Quantiles<f64>,
    pub aggregated_end_to_end_latency_avg: f64,
    #[serde(rename = "aggregatedEndToEndLatency50pct")]
    pub aggregated_end_to_end_latency_50pct: f64,
    #[serde(rename = "aggregatedEndToEndLatency75pct")]
    pub aggregated_end_to_end_latency_75pct: f64,
    #[serde(rename = "aggregatedEndToEndLatency95pct")]
    pub aggregated_end_to_end_latency_95pct: f64,
    #[serde(rename = "aggregatedEndToEndLatency99pct")]
    pub aggregated_end_to_end_latency_99pct: f64,
    #[serde(rename = "aggregatedEndToEndLatency999pct")]
    pub aggregated_end_to_end_latency_999pct: f64,
    #[serde(rename = "aggregatedEndToEndLatency9999pct")]
    pub aggregated_end_to_end_latency_9999pct: f64,
    pub aggregated_end_to_end_latency_max: f64,
}

impl TestResult {
    /// OMB's result of `run`.
    pub fn of(run: &RunResults) -> Result<Self, String> {
        let w = &run.workload;
        let (mut publish, mut delay, mut e2e) =
            (Series::default(), Series::default(), Series::default());
        let (mut publish_rate, mut error_rate, mut consume_rate, mut backlog) =
            (vec![], vec![], vec![], vec![]);
        for interval in &run.intervals {
            let seconds = interval.seconds();
            let c = &interval.counters;
            publish_rate.push(c.messages_sent as f64 / seconds);
            error_rate.push(c.message_send_errors as f64 / seconds);
            consume_rate.push(c.messages_received as f64 / seconds);
            backlog.push(interval.totals.backlog(w.subscriptions_per_topic));
            let l = Latencies::decode(&interval.latencies)?;
            publish.push(figures(&l.publish, ms, 1000.0));
            delay.push(figures(&l.publish_delay, |us| us, 1.0));
            e2e.push(figures(&l.end_to_end, ms, 1000.0));
        }
        let all = run.aggregated()?;
        let p = figures(&all.publish, ms, 1000.0);
        let d = figures(&all.publish_delay, |us| us, 1.0);
        let e = figures(&all.end_to_end, ms, 1000.0);
        let [p50, p75, p95, p99, p999, p9999] = p.percentiles;
        let [d50, d75, d95, d99, d999, d9999] = d.percentiles;
        let [e50, e75, e95, e99, e999, e9999] = e.percentiles;
        let [s50, s75, s95, s99, s999, s9999] = publish.percentiles;
        let [t50, t75, t95, t99, t999, t9999] = delay.percentiles;
        let [u50, u75, u95, u99, u999, u9999] = e2e.percentiles;
        Ok(Self {
            workload: w.name.clone(),
            driver: run.driver.name.clone(),
            message_size: u64::from(w.message_size),
            topics: w.topics,
            partitions: w.partitions_per_topic,
            producers_per_topic: w.producers_per_topic,
            consumers_per_topic: w.consumer_per_subscription,
            publish_rate,
            publish_error_rate: error_rate,
            consume_rate,
            backlog,
            publish_latency_avg: publish.avg,
            publish_latency_50pct: s50,
            publish_latency_75pct: s75,
            publish_latency_95pct: s95,
            publish_latency_99pct: s99,
            publish_latency_999pct: s999,
            publish_latency_9999pct: s9999,
            publish_latency_max: publish.max,
            publish_delay_latency_avg: delay.avg,
            publish_delay_latency_50pct: t50,
            publish_delay_latency_75pct: t75,
            publish_delay_latency_95pct: t95,
            publish_delay_latency_99pct: t99,
            publish_delay_latency_999pct: t999,
            publish_delay_latency_9999pct: t9999,
            publish_delay_latency_max: delay.max,
            aggregated_publish_latency_avg: p.avg,
            aggregated_publish_latency_50pct: p50,
            aggregated_publish_latency_75pct: p75,
            aggregated_publish_latency_95pct: p95,
            aggregated_publish_latency_99pct: p99,
            aggregated_publish_latency_999pct: p999,
            aggregated_publish_latency_9999pct: p9999,
            aggregated_publish_latency_max: p.max,
            aggregated_publish_delay_latency_avg: d.avg,
            aggregated_publish_delay_latency_50pct: d50,
            aggregated_publish_delay_latency_75pct: d75,
            aggregated_publish_delay_latency_95pct: d95,
            aggregated_publish_delay_latency_99pct: d99,
            aggregated_publish_delay_latency_999pct: d999,
            aggregated_publish_delay_latency_9999pct: d9999,
            aggregated_publish_delay_latency_max: d.max,
            aggregated_publish_latency_quantiles: quantiles(&all.publish, ms),
            aggregated_publish_delay_latency_quantiles: quantiles(&all.publish_delay, |us| us),
            end_to_end_latency_avg: e2e.avg,
            end_to_end_latency_50pct: u50,
            end_to_end_latency_75pct: u75,
            end_to_end_latency_95pct: u95,
            end_to_end_latency_99pct: u99,
            end_to_end_latency_999pct: u999,
            end_to_end_latency_9999pct: u9999,
            end_to_end_latency_max: e2e.max,
            aggregated_end_to_end_latency_quantiles: quantiles(&all.end_to_end, ms),
            aggregated_end_to_end_latency_avg: e.avg,
            aggregated_end_to_end_latency_50pct: e50,
            aggregated_end_to_end_latency_75pct: e75,
            aggregated_end_to_end_latency_95pct: e95,
            aggregated_end_to_end_latency_99pct: e99,
            aggregated_end_to_end_latency_999pct: e999,
            aggregated_end_to_end_latency_9999pct: e9999,
            aggregated_end_to_end_latency_max: e.max,
        })
    }
}

/// ` avg: A - 50%: B - 99%: C - 99.9%: D - Max: E` of `f`.
fn summary<T: std::fmt::Display>(f: &Figures<T>) -> String {
    let [p50, _, _, p99, p999, _] = &f.percentiles;
    format!(
        "avg: {:.3} - 50%: {p50} - 99%: {p99} - 99.9%: {p999} - Max: {}",
        f.avg, f.max
    )
}

/// The latencies as OMB logs them: publish (ms), publish delay (µs), end-to-end (ms).
fn latency_text(l: &Latencies) -> String {
    format!(
        "Pub Latency (ms) {} | Pub Delay Latency (us) {} | E2E Latency (ms) {}",
        summary(&figures(&l.publish, ms, 1000.0)),
        summary(&figures(&l.publish_delay, |us| us, 1.0)),
        summary(&figures(&l.end_to_end, ms, 1000.0)),
    )
}

/// OMB's log line of an interval: rates, backlog (thousands of messages), latencies.
pub fn interval_line(i: &Interval, subscriptions: u32) -> Result<String, String> {
    let seconds = i.seconds();
    let c = &i.counters;
    let mb = |bytes: u64| bytes as f64 / seconds / (1024.0 * 1024.0);
    let backlog = i.totals.backlog(subscriptions);
    Ok(format!(
        "Pub rate {:.1} msg/s / {:.1} MB/s | Pub err {:.1} err/s | Cons rate {:.1} msg/s / {:.1} MB/s | Backlog: {:.1} K | {}",
        c.messages_sent as f64 / seconds,
        mb(c.bytes_sent),
        c.message_send_errors as f64 / seconds,
        c.messages_received as f64 / seconds,
        mb(c.bytes_received),
        backlog as f64 / 1000.0,
        latency_text(&Latencies::decode(&i.latencies)?),
    ))
}

/// OMB's final log line: the test's latencies.
pub fn aggregated_line(l: &Latencies) -> String {
    format!("----- Aggregated {}", latency_text(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_keyed_as_java_prints_doubles() {
        let keys = [0.0, 50.0, 99.9, 99.99, 100.0, 0.0001, 0.00342].map(java_double);
        assert_eq!(
            keys,
            ["0.0", "50.0", "99.9", "99.99", "100.0", "1.0E-4", "0.00342"]
        );
    }
}
