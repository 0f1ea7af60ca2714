//! Running statistics (Welford) and histograms of values.

use serde::Serialize;
use std::collections::BTreeMap;

/// Count, mean, variance, min and max, updated one value at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RunningStats {
    pub count: u64,
    pub mean: f64,
    /// Sum of squared deviations from the mean (Welford's M2).
    #[serde(skip)]
    m2: f64,
    pub min: f64,
    pub max: f64,
}

impl RunningStats {
    pub fn add(&mut self, x: f64) {
        if self.count == 0 {
            (self.min, self.max) = (x, x);
        }
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Population variance (numpy's `var` default, as in the lab); 0 when empty.
    pub fn variance(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.m2 / self.count as f64
        }
    }

    pub fn merge(&self, other: &Self) -> Self {
        if self.count == 0 {
            return *other;
        }
        if other.count == 0 {
            return *self;
        }
        let count = self.count + other.count;
        let delta = other.mean - self.mean;
        let mean = self.mean + delta * other.count as f64 / count as f64;
        let m2 =
            self.m2 + other.m2 + delta * delta * (self.count * other.count) as f64 / count as f64;
        Self {
            count,
            mean,
            m2,
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }
}

/// Most bins a histogram has: more than a picture or a Prometheus scrape can show.
pub const MAX_BINS: usize = 10_000;

/// A number of histogram bins, or why it is not one.
pub fn bins(bins: usize) -> Result<usize, String> {
    if (1..=MAX_BINS).contains(&bins) {
        Ok(bins)
    } else {
        Err(format!("must be between 1 and {MAX_BINS}, got {bins}"))
    }
}

/// Equal-width bins over `[lo, lo + bins * width)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub lo: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

impl Histogram {
    /// `bins` empty bins over `[lo, hi)`; values outside go to the edge bins.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        let bins = bins.max(1);
        Self {
            lo,
            width: (hi - lo) / bins as f64,
            counts: vec![0; bins],
        }
    }

    /// Count `v` in its bin (the first or last one when out of range).
    pub fn add(&mut self, v: f64) {
        let last = self.counts.len() - 1;
        let i = ((v - self.lo) / self.width).floor();
        let i = if i < 0.0 { 0 } else { (i as usize).min(last) };
        self.counts[i] += 1;
    }

    /// Upper bounds of the bins, for Prometheus buckets.
    pub fn upper_bounds(&self) -> Vec<f64> {
        (1..=self.counts.len())
            .map(|i| self.lo + self.width * i as f64)
            .collect()
    }
}

/// Fine bins a [`FittingHistogram`] holds at most.
const FINE_BINS: i64 = 1 << 12;

/// The histogram of any number of values over a range not known in advance, in
/// memory that does not grow with them: values are counted on a grid of fine bins
/// whose width is a power of two, doubled (pairs merged) whenever the values spread
/// over more than 4096 of them. [`FittingHistogram::histogram`] groups whole fine bins
/// into the bins asked for, so every count is exact; the bins span the values' range,
/// rounded out to the grid.
#[derive(Debug, Clone, Default)]
pub struct FittingHistogram {
    /// Width of a fine bin; fine bin `k` holds the values in `[k * width, (k + 1) * width)`.
    width: f64,
    counts: BTreeMap<i64, u64>,
}

impl FittingHistogram {
    /// Count `v` (a finite value).
    pub fn add(&mut self, v: f64) {
        if self.counts.is_empty() {
            // Fine enough to tell the first value from its 2^40 neighbours.
            let exponent = match v {
                0.0 => -40,
                v => v.abs().log2().floor() as i32 - 40,
            };
            self.width = 2f64.powi(exponent.max(f64::MIN_EXP - 1));
        }
        loop {
            let k = (v / self.width).floor();
            let fits = k.abs() < (1u64 << 60) as f64
                && self.span().is_none_or(|(lowest, highest)| {
                    (k as i64).max(highest) - (k as i64).min(lowest) < FINE_BINS
                });
            if fits {
                *self.counts.entry(k as i64).or_default() += 1;
                return;
            }
            self.coarsen();
        }
    }

    /// Grid indices of the lowest and highest fine bin in use.
    fn span(&self) -> Option<(i64, i64)> {
        Some((
            *self.counts.keys().next()?,
            *self.counts.keys().next_back()?,
        ))
    }

    /// Double the fine bins' width: bins `2j` and `2j + 1` become bin `j`.
    fn coarsen(&mut self) {
        self.width *= 2.0;
        let mut merged = BTreeMap::new();
        for (k, n) in std::mem::take(&mut self.counts) {
            *merged.entry(k.div_euclid(2)).or_default() += n;
        }
        self.counts = merged;
    }

    /// `bins` equal bins over the values' range, each a whole number of fine bins.
    pub fn histogram(&self, bins: usize) -> Histogram {
        let Some((lowest, highest)) = self.span() else {
            return Histogram::new(0.0, 1.0, bins);
        };
        let per_bin = (highest - lowest + 1).unsigned_abs().div_ceil(bins as u64) as i64;
        let mut counts = vec![0; bins];
        for (k, n) in &self.counts {
            counts[((k - lowest) / per_bin) as usize] += n;
        }
        Histogram {
            lo: lowest as f64 * self.width,
            width: per_bin as f64 * self.width,
            counts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welford_matches_the_textbook_and_merges() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut s = RunningStats::default();
        xs.iter().for_each(|&x| s.add(x));
        assert_eq!(
            (s.count, s.mean, s.variance(), s.min, s.max),
            (8, 5.0, 4.0, 2.0, 9.0)
        );
        let (mut a, mut b) = (RunningStats::default(), RunningStats::default());
        xs[..3].iter().for_each(|&x| a.add(x));
        xs[3..].iter().for_each(|&x| b.add(x));
        let m = a.merge(&b);
        assert_eq!(
            (m.count, m.mean, m.variance(), m.min, m.max),
            (8, 5.0, 4.0, 2.0, 9.0)
        );
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let mut h = Histogram::new(-1.0, 1.0, 4);
        for v in [-5.0, -0.75, 0.0, 0.49, 0.5, 9.0] {
            h.add(v);
        }
        assert_eq!(h.counts, vec![2, 0, 2, 2]);
        assert_eq!(h.upper_bounds(), vec![-0.5, 0.0, 0.5, 1.0]);
    }

    /// Counts against a direct count with the bins the fitting histogram chose.
    fn check(values: &[f64], bins: usize) -> Histogram {
        let mut fitting = FittingHistogram::default();
        values.iter().for_each(|&v| fitting.add(v));
        let h = fitting.histogram(bins);
        let mut direct = vec![0; bins];
        for &v in values {
            let i = ((v - h.lo) / h.width).floor();
            assert!(
                i >= 0.0 && i < bins as f64,
                "{v} outside [{}, +{} x {bins})",
                h.lo,
                h.width
            );
            direct[i as usize] += 1;
        }
        assert_eq!(h.counts, direct, "{values:?}");
        h
    }

    #[test]
    fn fitting_histogram_counts_exactly_over_any_range() {
        let h = check(&(1..=80).map(f64::from).collect::<Vec<_>>(), 30);
        assert!(h.lo <= 1.0 && h.lo + 30.0 * h.width > 80.0);
        assert!(h.width < 2.7, "about (80 - 1) / 30: {}", h.width);
        check(&[0.0, 0.5, 1.0, 1.5, 2.0], 2);
        check(&[3.0, 3.0], 4);
        check(&[-1e300, 1e-300, 0.0, 1e300, 3e307, -4e307], 7);
        check(&[1e-310, 2e-310, 5e-324], 3);
        // Spread first small, then far: the grid coarsens as values come.
        let mut x = 0.123_f64;
        let values: Vec<f64> = (0..20_000)
            .map(|i| {
                x = (x * 3.7 * (1.0 - x)).abs() % 1.0;
                (x - 0.5) * 10f64.powi(i % 9 - 4)
            })
            .collect();
        check(&values, 40);
        let h = FittingHistogram::default().histogram(3);
        assert_eq!(h.counts, vec![0, 0, 0]);
    }

    #[test]
    fn fitting_histogram_memory_is_bounded() {
        let mut fitting = FittingHistogram::default();
        for i in 0..1_000_000 {
            fitting.add(f64::from(i) * 1.000_001);
        }
        assert!(fitting.counts.len() as i64 <= FINE_BINS);
        assert_eq!(fitting.counts.values().sum::<u64>(), 1_000_000);
    }
}
