//! The three latency histograms of a workload run, in microseconds, every record
//! counted (HdrHistogram, 3 significant digits): publish (send to acknowledgement),
//! publish delay (how late a batch left against its schedule) and end-to-end (send to
//! read). In results files each is HdrHistogram's V2 compressed encoding in base64,
//! the form OMB's workers exchange and Java's `decodeFromCompressedByteBuffer` reads;
//! workers' histograms are merged by adding their counts, so merged percentiles are
//! those of all the samples, never averages.

use base64::Engine;
use hdrhistogram::serialization::{Deserializer, Serializer, V2DeflateSerializer};
use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Longest latency held, µs (12 hours, OMB's bound for end-to-end); longer ones count
/// as this.
const MAX_US: u64 = 12 * 3600 * 1_000_000;

/// The histograms' tags in interval logs, in order.
pub const TAGS: [&str; 3] = ["publish", "publish-delay", "end-to-end"];

#[derive(Debug, Clone, PartialEq)]
pub struct Latencies {
    pub publish: Histogram<u64>,
    pub publish_delay: Histogram<u64>,
    pub end_to_end: Histogram<u64>,
}

/// [`Latencies`] as results files keep them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Encoded {
    pub publish: String,
    pub publish_delay: String,
    pub end_to_end: String,
}

fn empty() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_US, 3).expect("valid histogram bounds")
}

/// `latency` in whole µs, within the bounds.
pub fn micros(latency: Duration) -> u64 {
    u64::try_from(latency.as_micros())
        .unwrap_or(u64::MAX)
        .min(MAX_US)
}

impl Default for Latencies {
    fn default() -> Self {
        Self {
            publish: empty(),
            publish_delay: empty(),
            end_to_end: empty(),
        }
    }
}

impl Latencies {
    /// Count `n` samples of `us` into `h`.
    pub fn record(h: &mut Histogram<u64>, us: u64, n: u64) {
        h.record_n(us.min(MAX_US), n).expect("within the bounds");
    }

    /// The histograms with their tags.
    pub fn tagged(&self) -> [(&'static str, &Histogram<u64>); 3] {
        [
            (TAGS[0], &self.publish),
            (TAGS[1], &self.publish_delay),
            (TAGS[2], &self.end_to_end),
        ]
    }

    /// Add `other`'s counts: the histograms of both sets of samples together.
    pub fn add(&mut self, other: &Self) {
        for (mine, theirs) in [
            (&mut self.publish, &other.publish),
            (&mut self.publish_delay, &other.publish_delay),
            (&mut self.end_to_end, &other.end_to_end),
        ] {
            mine.add(theirs).expect("histograms of the same bounds");
        }
    }

    pub fn encode(&self) -> Encoded {
        Encoded {
            publish: encode(&self.publish),
            publish_delay: encode(&self.publish_delay),
            end_to_end: encode(&self.end_to_end),
        }
    }

    pub fn decode(encoded: &Encoded) -> Result<Self, String> {
        Ok(Self {
            publish: decode(&encoded.publish)?,
            publish_delay: decode(&encoded.publish_delay)?,
            end_to_end: decode(&encoded.end_to_end)?,
        })
    }
}

/// `h` in the V2 compressed encoding, base64.
pub fn encode(h: &Histogram<u64>) -> String {
    let mut bytes = Vec::new();
    V2DeflateSerializer::new()
        .serialize(h, &mut bytes)
        .expect("serializing into memory");
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A histogram from [`encode`]'s text, with this module's bounds (so that it adds to
/// the others).
pub fn decode(text: &str) -> Result<Histogram<u64>, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("a histogram is not base64: {e}"))?;
    let read: Histogram<u64> = Deserializer::new()
        .deserialize(&mut &bytes[..])
        .map_err(|e| format!("a histogram does not decode: {e:?}"))?;
    let mut h = empty();
    h.add(&read)
        .map_err(|e| format!("a histogram is out of bounds: {e:?}"))?;
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Samples split over three workers' histograms, each sent through its encoding
    /// and added, give the percentiles of one histogram of all the samples, exactly;
    /// averaging the workers' percentiles (what a naive merge does) does not.
    #[test]
    fn merged_histograms_give_the_percentiles_of_all_samples() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let mut all = empty();
        let mut workers = [empty(), empty(), empty()];
        for i in 0..30_000u64 {
            // Three workers of different speeds: their tails differ.
            let worker = (i % 3) as usize;
            let us = rng.random_range(100..2_000) * (worker as u64 + 1).pow(2);
            Latencies::record(&mut all, us, 1);
            Latencies::record(&mut workers[worker], us, 1);
        }
        let mut merged = empty();
        for h in &workers {
            merged.add(decode(&encode(h)).unwrap()).unwrap();
        }
        let quantiles = [0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0];
        for q in quantiles {
            assert_eq!(
                merged.value_at_quantile(q),
                all.value_at_quantile(q),
                "q {q}"
            );
        }
        assert_eq!(
            (merged.len(), merged.max(), merged.mean()),
            (all.len(), all.max(), all.mean())
        );
        let averaged = |q: f64| workers.iter().map(|h| h.value_at_quantile(q)).sum::<u64>() / 3;
        assert_ne!(
            averaged(0.99),
            all.value_at_quantile(0.99),
            "averaging is not merging"
        );
    }
}
