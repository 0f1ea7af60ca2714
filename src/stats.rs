//! Running statistics (Welford) and histograms of values.

use serde::Serialize;

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

    /// `bins` bins spanning the values' range (the last bin includes the maximum).
    pub fn of(values: &[f64], bins: usize) -> Self {
        let bins = bins.max(1);
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if values.is_empty() {
            return Self {
                lo: 0.0,
                width: 1.0,
                counts: vec![0; bins],
            };
        }
        let width = if hi > lo {
            (hi - lo) / bins as f64
        } else {
            1.0
        };
        let mut counts = vec![0; bins];
        for &v in values {
            let i = (((v - lo) / width) as usize).min(bins - 1);
            counts[i] += 1;
        }
        Self { lo, width, counts }
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
        let h = Histogram::of(&[0.0, 0.5, 1.0, 1.5, 2.0], 2);
        assert_eq!((h.lo, h.width, h.counts.clone()), (0.0, 1.0, vec![2, 3]));
        assert_eq!(Histogram::of(&[3.0, 3.0], 4).counts.iter().sum::<u64>(), 2);
        assert_eq!(Histogram::of(&[], 3).counts, vec![0, 0, 0]);
        let mut h = Histogram::new(-1.0, 1.0, 4);
        for v in [-5.0, -0.75, 0.0, 0.49, 0.5, 9.0] {
            h.add(v);
        }
        assert_eq!(h.counts, vec![2, 0, 2, 2]);
        assert_eq!(h.upper_bounds(), vec![-0.5, 0.0, 0.5, 1.0]);
    }
}
