//! What the Generator draws: samples from a [`Distribution`] (`distribution.rs`), or
//! the integers of a [`Sequence`] `A..=B`, numbered in order.

pub use crate::distribution::Distribution;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::fmt;
use std::str::FromStr;

/// One generated value with its sequence number (0, 1, 2, ... within a run).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub seq: u64,
    pub value: f64,
}

/// Largest integer every value of a sequence may be: 2^53, the end of the integers an
/// f64 holds exactly.
const MAX_EXACT: i64 = 1 << 53;

/// An inclusive range of integers, `A..=B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sequence {
    pub first: i64,
    pub last: i64,
}

impl Sequence {
    pub fn count(&self) -> u64 {
        self.first.abs_diff(self.last) + 1
    }

    pub fn contains(&self, n: i64) -> bool {
        (self.first..=self.last).contains(&n)
    }
}

impl FromStr for Sequence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a range A..=B (e.g. 1..=80)");
        let (a, b) = s.split_once("..=").ok_or_else(bad)?;
        let (first, last) = (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        );
        if first > last {
            return Err(format!("'{s}': A must not be larger than B"));
        }
        if first < -MAX_EXACT || last > MAX_EXACT {
            return Err(format!(
                "'{s}': A and B must be within ±{MAX_EXACT} (integers a 64-bit float holds exactly)"
            ));
        }
        Ok(Self { first, last })
    }
}

impl fmt::Display for Sequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.first, self.last)
    }
}

/// Where values come from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    Random(Distribution),
    Sequence(Sequence),
}

impl Source {
    /// Whether every value is an integer.
    pub fn is_integral(&self) -> bool {
        match self {
            Self::Random(d) => d.is_integral(),
            Self::Sequence(_) => true,
        }
    }
}

/// Draws samples from a [`Source`]; the same seed gives the same samples.
pub struct Sampler {
    source: Source,
    rng: StdRng,
    next_seq: u64,
}

impl Sampler {
    pub fn new(source: Source, seed: Option<u64>) -> Self {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => rand::make_rng(),
        };
        Self {
            source,
            rng,
            next_seq: 0,
        }
    }

    /// Continue a run: the next sample gets sequence number `seq`.
    pub fn starting_at(mut self, seq: u64) -> Self {
        self.next_seq = seq;
        self
    }

    /// How many samples the source has in all (`None`: endless).
    pub fn total(&self) -> Option<u64> {
        match self.source {
            Source::Random(_) => None,
            Source::Sequence(s) => Some(s.count()),
        }
    }

    /// The next `n` samples (fewer when a sequence runs out).
    pub fn take(&mut self, n: usize) -> Vec<Sample> {
        let remaining = self
            .total()
            .map_or(u64::MAX, |len| len - self.next_seq.min(len));
        let n = (n as u64).min(remaining) as usize;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let value = match self.source {
                Source::Sequence(s) => (s.first + self.next_seq as i64) as f64,
                Source::Random(d) => d.draw(&mut self.rng),
            };
            out.push(Sample {
                seq: self.next_seq,
                value,
            });
            self.next_seq += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_parse_within_exact_integers() {
        assert_eq!("1..=80".parse(), Ok(Sequence { first: 1, last: 80 }));
        assert!("80..=1".parse::<Sequence>().is_err());
        assert!("1..80".parse::<Sequence>().is_err());
        assert!("-9223372036854775808..=9223372036854775807"
            .parse::<Sequence>()
            .is_err());
        assert!("0..=9007199254740992".parse::<Sequence>().is_ok());
    }

    #[test]
    fn same_seed_same_samples_and_sequences_end() {
        let source = Source::Random(Distribution::default());
        let a = Sampler::new(source, Some(7)).take(100);
        assert_eq!(a, Sampler::new(source, Some(7)).take(100));
        assert_ne!(a, Sampler::new(source, Some(8)).take(100));
        let mut seq = Sampler::new(Source::Sequence("1..=80".parse().unwrap()), None);
        let values: Vec<f64> = seq.take(1000).iter().map(|s| s.value).collect();
        assert_eq!(values, (1..=80).map(f64::from).collect::<Vec<_>>());
        assert!(seq.take(10).is_empty());
    }
}
