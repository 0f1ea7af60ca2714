//! The distributions the Generator draws from, parsed once from `normal:MEAN,STDDEV`,
//! `uniform:LO,HI`, `exponential:LAMBDA`, `lognormal:MU,SIGMA` or `poisson:LAMBDA` into
//! rand_distr's laws: a parameter rand_distr would refuse, or one whose values or
//! density would overflow an f64, is refused when parsed.

use rand::rngs::StdRng;
use rand::RngExt;
use rand_distr::{Distribution as _, Exp, LogNormal, Normal, Poisson, Uniform};
use std::f64::consts::PI;
use std::fmt;
use std::str::FromStr;

/// A distribution to sample from, with parameters rand_distr accepts: only parsing
/// (or `Default`) makes one, so drawing from it cannot fail.
#[derive(Debug, Clone, Copy)]
pub struct Distribution {
    params: Params,
    law: Law,
}

/// The parameters, as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Params {
    Normal { mean: f64, std_dev: f64 },
    Uniform { lo: f64, hi: f64 },
    Exponential { lambda: f64 },
    LogNormal { mu: f64, sigma: f64 },
    Poisson { lambda: f64 },
}

/// The rand_distr distribution the parameters make.
#[derive(Debug, Clone, Copy)]
enum Law {
    Normal(Normal<f64>),
    Uniform(Uniform<f64>),
    Exponential(Exp<f64>),
    LogNormal(LogNormal<f64>),
    Poisson(Poisson<f64>),
}

impl PartialEq for Distribution {
    fn eq(&self, other: &Self) -> bool {
        self.params == other.params
    }
}

impl Default for Distribution {
    /// The lab's: normal, mean 0, variance 1.
    fn default() -> Self {
        "normal:0,1"
            .parse()
            .expect("the lab's distribution is valid")
    }
}

impl Params {
    /// The rand_distr distribution, or why these parameters make none: every
    /// parameter must be finite, and the distribution's own rules hold.
    fn law(self) -> Result<Law, String> {
        let finite = |v: f64, what: &str| {
            if v.is_finite() {
                Ok(v)
            } else {
                Err(format!("{what} must be a finite number, got {}", Number(v)))
            }
        };
        let positive = |v: f64, what: &str| match finite(v, what)? {
            v if v > 0.0 => Ok(v),
            v => Err(format!(
                "{what} must be a positive number, got {}",
                Number(v)
            )),
        };
        let rejected = |e: &dyn fmt::Display| format!("{self}: {e}");
        let law = match self {
            Self::Normal { mean, std_dev } => Law::Normal(
                Normal::new(
                    finite(mean, "the mean")?,
                    positive(std_dev, "the standard deviation")?,
                )
                .map_err(|e| rejected(&e))?,
            ),
            Self::Uniform { lo, hi } => {
                let (lo, hi) = (finite(lo, "LO")?, finite(hi, "HI")?);
                if lo >= hi {
                    return Err(format!("uniform needs LO < HI, got {}", self));
                }
                Law::Uniform(Uniform::new(lo, hi).map_err(|e| rejected(&e))?)
            }
            Self::Exponential { lambda } => {
                Law::Exponential(Exp::new(positive(lambda, "lambda")?).map_err(|e| rejected(&e))?)
            }
            Self::LogNormal { mu, sigma } => Law::LogNormal(
                LogNormal::new(finite(mu, "mu")?, positive(sigma, "sigma")?)
                    .map_err(|e| rejected(&e))?,
            ),
            Self::Poisson { lambda } => {
                let lambda = positive(lambda, "lambda")?;
                if lambda > MAX_POISSON_LAMBDA {
                    return Err(format!(
                        "poisson's lambda must be at most {MAX_POISSON_LAMBDA:e}, got {}",
                        Number(lambda)
                    ));
                }
                Law::Poisson(Poisson::new(lambda).map_err(|e| rejected(&e))?)
            }
        };
        // Values beyond 40 standard deviations (or 40 means) never come up.
        let reach = match self {
            Self::Normal { mean, std_dev } => mean.abs() + 40.0 * std_dev,
            Self::Exponential { lambda } => 40.0 / lambda,
            Self::LogNormal { mu, sigma } => (mu + 40.0 * sigma).exp(),
            Self::Uniform { .. } | Self::Poisson { .. } => 0.0,
        };
        if !reach.is_finite() {
            return Err(format!("{self}: its values would overflow a 64-bit float"));
        }
        // Nor so narrow that its density (about 1 / width) overflows.
        let narrowest = match self {
            Self::Normal { std_dev, .. } => std_dev,
            Self::Uniform { lo, hi } => hi - lo,
            Self::Exponential { lambda } => 1.0 / lambda,
            Self::LogNormal { mu, sigma } => sigma * (mu - 40.0 * sigma).exp().min(1.0),
            Self::Poisson { .. } => 1.0,
        };
        if narrowest < MIN_WIDTH {
            return Err(format!(
                "{self}: narrower than {MIN_WIDTH:e}, its density would overflow a 64-bit float"
            ));
        }
        Ok(law)
    }
}

/// Narrowest spread a distribution may have.
const MIN_WIDTH: f64 = 1e-300;

/// Largest Poisson mean: its values are exact integers in an f64 (below 2^53) and far
/// inside what rand_distr accepts.
const MAX_POISSON_LAMBDA: f64 = 1e15;

impl Distribution {
    /// Whether every value it draws is an integer (so `parity` can place it).
    pub fn is_integral(&self) -> bool {
        matches!(self.params, Params::Poisson { .. })
    }

    /// Mean and variance of the distribution.
    pub fn moments(&self) -> (f64, f64) {
        match self.params {
            Params::Normal { mean, std_dev } => (mean, std_dev * std_dev),
            Params::Uniform { lo, hi } => ((lo + hi) / 2.0, (hi - lo).powi(2) / 12.0),
            Params::Exponential { lambda } => (1.0 / lambda, 1.0 / (lambda * lambda)),
            Params::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                (
                    (mu + s2 / 2.0).exp(),
                    (s2.exp() - 1.0) * (2.0 * mu + s2).exp(),
                )
            }
            Params::Poisson { lambda } => (lambda, lambda),
        }
    }

    /// Probability density at `x` (for Poisson, the mass at the nearest integer).
    pub fn density(&self, x: f64) -> f64 {
        match self.params {
            Params::Normal { mean, std_dev } => {
                let z = (x - mean) / std_dev;
                (-0.5 * z * z).exp() / (std_dev * (2.0 * PI).sqrt())
            }
            Params::Uniform { lo, hi } if (lo..hi).contains(&x) => 1.0 / (hi - lo),
            Params::Uniform { .. } => 0.0,
            Params::Exponential { lambda } if x >= 0.0 => lambda * (-lambda * x).exp(),
            Params::Exponential { .. } => 0.0,
            Params::LogNormal { mu, sigma } if x > 0.0 => {
                let z = (x.ln() - mu) / sigma;
                (-0.5 * z * z).exp() / (x * sigma * (2.0 * PI).sqrt())
            }
            Params::LogNormal { .. } => 0.0,
            Params::Poisson { lambda } => {
                let k = x.round();
                if !(0.0..=MAX_POISSON_LAMBDA * 2.0).contains(&k) {
                    return 0.0;
                }
                // ln(λ^k e^-λ / k!)
                (k * lambda.ln() - lambda - ln_factorial(k)).exp()
            }
        }
    }

    /// One value.
    pub(crate) fn draw(&self, rng: &mut StdRng) -> f64 {
        match &self.law {
            Law::Normal(d) => d.sample(rng),
            Law::Uniform(d) => rng.sample(d),
            Law::Exponential(d) => d.sample(rng),
            Law::LogNormal(d) => d.sample(rng),
            Law::Poisson(d) => d.sample(rng),
        }
    }
}

/// ln k!: summed for small k, Stirling's series beyond (relative error below 1e-12).
fn ln_factorial(k: f64) -> f64 {
    if k < 256.0 {
        (1..=k as u64).map(|i| (i as f64).ln()).sum()
    } else {
        k * k.ln() - k + 0.5 * (2.0 * PI * k).ln() + 1.0 / (12.0 * k) - 1.0 / (360.0 * k.powi(3))
    }
}

impl fmt::Display for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (Number, Number);
        match *self {
            Self::Normal { mean, std_dev } => write!(f, "normal:{},{}", a(mean), b(std_dev)),
            Self::Uniform { lo, hi } => write!(f, "uniform:{},{}", a(lo), b(hi)),
            Self::Exponential { lambda } => write!(f, "exponential:{}", a(lambda)),
            Self::LogNormal { mu, sigma } => write!(f, "lognormal:{},{}", a(mu), b(sigma)),
            Self::Poisson { lambda } => write!(f, "poisson:{}", a(lambda)),
        }
    }
}

/// A parameter as a user would write it: `0.5`, `3`, `1e-320`, `1e20`.
struct Number(f64);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.abs() {
            v if v == 0.0 || (1e-6..1e16).contains(&v) => write!(f, "{}", self.0),
            _ => write!(f, "{:e}", self.0),
        }
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.params.fmt(f)
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
        let params = match (name, args.as_slice()) {
            ("normal", []) => Params::Normal {
                mean: 0.0,
                std_dev: 1.0,
            },
            ("normal", [mean, std_dev]) => Params::Normal {
                mean: *mean,
                std_dev: *std_dev,
            },
            ("uniform", [lo, hi]) => Params::Uniform { lo: *lo, hi: *hi },
            ("exponential", [lambda]) => Params::Exponential { lambda: *lambda },
            ("lognormal", [mu, sigma]) => Params::LogNormal {
                mu: *mu,
                sigma: *sigma,
            },
            ("poisson", [lambda]) => Params::Poisson { lambda: *lambda },
            _ => {
                return Err(format!(
                    "unknown distribution '{s}': use normal:MEAN,STDDEV, uniform:LO,HI, \
                     exponential:LAMBDA, lognormal:MU,SIGMA or poisson:LAMBDA"
                ))
            }
        };
        Ok(Self {
            law: params.law()?,
            params,
        })
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
            "uniform:0,10".parse::<Distribution>().unwrap().to_string(),
            "uniform:0,10"
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
            "uniform:0,inf",
            "uniform:-1e308,1e308",
            "normal:inf,1",
            "normal:NaN,1",
            "lognormal:0,inf",
            "poisson:1e20",
            "poisson:nan",
            "exponential:-inf",
            "exponential:1e-320",
            "lognormal:700,1",
            "normal:0,1e307",
            "normal:0,5e-324",
            "uniform:0,1e-310",
            "lognormal:-745,1",
        ] {
            assert!(bad.parse::<Distribution>().is_err(), "{bad}");
        }
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
