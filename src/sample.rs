//! What the Generator draws: samples from a distribution (rand_distr), or a sequence.
//!
//! Parsed from the command line: `normal:MEAN,STDDEV`, `uniform:LO,HI`,
//! `exponential:LAMBDA`, `lognormal:MU,SIGMA`, `poisson:LAMBDA`, or `A..=B`.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution as _, Exp, LogNormal, Normal, Poisson, Uniform};
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// One generated value with its sequence number (0, 1, 2, ... within a run).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub seq: u64,
    pub value: f64,
}

/// A distribution to sample from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    Normal { mean: f64, std_dev: f64 },
    Uniform { lo: f64, hi: f64 },
    Exponential { lambda: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Poisson { lambda: f64 },
}

impl Default for Distribution {
    /// The lab's: normal, mean 0, variance 1.
    fn default() -> Self {
        Self::Normal {
            mean: 0.0,
            std_dev: 1.0,
        }
    }
}

impl Distribution {
    /// Whether every value it draws is an integer (so `parity` can place it).
    pub fn is_integral(&self) -> bool {
        matches!(self, Self::Poisson { .. })
    }

    /// Mean and variance of the distribution.
    pub fn moments(&self) -> (f64, f64) {
        match *self {
            Self::Normal { mean, std_dev } => (mean, std_dev * std_dev),
            Self::Uniform { lo, hi } => ((lo + hi) / 2.0, (hi - lo).powi(2) / 12.0),
            Self::Exponential { lambda } => (1.0 / lambda, 1.0 / (lambda * lambda)),
            Self::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                (
                    (mu + s2 / 2.0).exp(),
                    (s2.exp() - 1.0) * (2.0 * mu + s2).exp(),
                )
            }
            Self::Poisson { lambda } => (lambda, lambda),
        }
    }

    /// Probability density at `x` (for Poisson, the mass at the nearest integer).
    pub fn density(&self, x: f64) -> f64 {
        match *self {
            Self::Normal { mean, std_dev } => {
                let z = (x - mean) / std_dev;
                (-0.5 * z * z).exp() / (std_dev * (2.0 * PI).sqrt())
            }
            Self::Uniform { lo, hi } if (lo..hi).contains(&x) => 1.0 / (hi - lo),
            Self::Uniform { .. } => 0.0,
            Self::Exponential { lambda } if x >= 0.0 => lambda * (-lambda * x).exp(),
            Self::Exponential { .. } => 0.0,
            Self::LogNormal { mu, sigma } if x > 0.0 => {
                let z = (x.ln() - mu) / sigma;
                (-0.5 * z * z).exp() / (x * sigma * (2.0 * PI).sqrt())
            }
            Self::LogNormal { .. } => 0.0,
            Self::Poisson { lambda } => {
                let k = x.round();
                if k < 0.0 {
                    return 0.0;
                }
                // ln(λ^k e^-λ / k!), with ln k! summed: k is small for a lab.
                let ln_fact: f64 = (1..=k as u64).map(|i| (i as f64).ln()).sum();
                (k * lambda.ln() - lambda - ln_fact).exp()
            }
        }
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Normal { mean, std_dev } => write!(f, "normal:{mean},{std_dev}"),
            Self::Uniform { lo, hi } => write!(f, "uniform:{lo},{hi}"),
            Self::Exponential { lambda } => write!(f, "exponential:{lambda}"),
            Self::LogNormal { mu, sigma } => write!(f, "lognormal:{mu},{sigma}"),
            Self::Poisson { lambda } => write!(f, "poisson:{lambda}"),
        }
    }
}

impl FromStr for Distribution {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, args) = s.split_once(':').unwrap_or((s, ""));
        let args: Vec<f64> = if args.is_empty() {
            Vec::new()
        } else {
            args.split(',')
                .map(|a| {
                    a.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("'{a}' is not a number"))
                })
                .collect::<Result<_, _>>()?
        };
        let positive = |v: f64, what: &str| {
            if v > 0.0 && v.is_finite() {
                Ok(v)
            } else {
                Err(format!("{what} must be a positive number, got {v}"))
            }
        };
        let d = match (name, args.as_slice()) {
            ("normal", []) => Self::default(),
            ("normal", [mean, std_dev]) => Self::Normal {
                mean: *mean,
                std_dev: positive(*std_dev, "the standard deviation")?,
            },
            ("uniform", [lo, hi]) if lo < hi => Self::Uniform { lo: *lo, hi: *hi },
            ("uniform", [lo, hi]) => return Err(format!("uniform needs LO < HI, got {lo},{hi}")),
            ("exponential", [lambda]) => Self::Exponential {
                lambda: positive(*lambda, "lambda")?,
            },
            ("lognormal", [mu, sigma]) => Self::LogNormal {
                mu: *mu,
                sigma: positive(*sigma, "sigma")?,
            },
            ("poisson", [lambda]) => Self::Poisson {
                lambda: positive(*lambda, "lambda")?,
            },
            _ => {
                return Err(format!(
                    "unknown distribution '{s}': use normal:MEAN,STDDEV, uniform:LO,HI, \
                     exponential:LAMBDA, lognormal:MU,SIGMA or poisson:LAMBDA"
                ))
            }
        };
        Ok(d)
    }
}

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
                Source::Random(d) => self.draw(d),
            };
            out.push(Sample {
                seq: self.next_seq,
                value,
            });
            self.next_seq += 1;
        }
        out
    }

    fn draw(&mut self, d: Distribution) -> f64 {
        let rng = &mut self.rng;
        // Parameters were validated when parsed, so construction cannot fail.
        match d {
            Distribution::Normal { mean, std_dev } => {
                Normal::new(mean, std_dev).expect("valid").sample(rng)
            }
            Distribution::Uniform { lo, hi } => rng.sample(Uniform::new(lo, hi).expect("valid")),
            Distribution::Exponential { lambda } => Exp::new(lambda).expect("valid").sample(rng),
            Distribution::LogNormal { mu, sigma } => {
                LogNormal::new(mu, sigma).expect("valid").sample(rng)
            }
            Distribution::Poisson { lambda } => Poisson::new(lambda).expect("valid").sample(rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_distribution_and_rejects_nonsense() {
        assert_eq!(
            "normal".parse::<Distribution>(),
            Ok(Distribution::default())
        );
        assert_eq!(
            "uniform:0,10".parse(),
            Ok(Distribution::Uniform { lo: 0.0, hi: 10.0 })
        );
        for ok in [
            "normal:5,2",
            "exponential:0.5",
            "lognormal:0,0.5",
            "poisson:3",
        ] {
            assert_eq!(ok.parse::<Distribution>().unwrap().to_string(), ok);
        }
        for bad in [
            "normal:0,-1",
            "uniform:3,1",
            "poisson:x",
            "cauchy:0,1",
            "exponential:",
        ] {
            assert!(bad.parse::<Distribution>().is_err(), "{bad}");
        }
        assert_eq!("1..=80".parse(), Ok(Sequence { first: 1, last: 80 }));
        assert!("80..=1".parse::<Sequence>().is_err());
        assert!("1..80".parse::<Sequence>().is_err());
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

    #[test]
    fn densities_integrate_to_one() {
        for d in [
            "normal:1,2",
            "uniform:-1,3",
            "exponential:2",
            "lognormal:0,0.5",
        ] {
            let d: Distribution = d.parse().unwrap();
            let step = 0.001;
            let total: f64 = (-20_000..40_000)
                .map(|i| d.density(i as f64 * step) * step)
                .sum();
            assert!((total - 1.0).abs() < 1e-2, "{d}: {total}");
        }
        let p: Distribution = "poisson:3".parse().unwrap();
        let total: f64 = (0..50).map(|k| p.density(k as f64)).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}
