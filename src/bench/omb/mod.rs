//! OpenMessaging Benchmark (OMB) workloads (`bench workload`, `bench merge`): its
//! workload and Kafka driver files, its result file, HdrHistogram interval logs, the
//! search for the highest sustained rate, and several workers' results merged exactly.

pub mod backlog;
pub mod driver;
pub mod hlog;
pub mod latencies;
pub mod rate;
pub mod results;
pub mod stats;
pub mod test_result;
pub mod workload;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Worker `index` of `count` (`--worker I/N`, I from 0): the producers and consumers
/// numbered `index`, `index + count`, ... of the workload's, each list taken in order
/// (topic by topic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Share {
    pub index: u32,
    pub count: u32,
}

impl Default for Share {
    fn default() -> Self {
        Self { index: 0, count: 1 }
    }
}

impl Share {
    /// Whether the `n`th item of a list split among the workers is this worker's.
    pub fn holds(&self, n: u32) -> bool {
        n % self.count == self.index
    }
}

impl FromStr for Share {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not I/N (worker I of N, I from 0 to N-1)");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (i.parse().map_err(|_| bad())?, n.parse().map_err(|_| bad())?);
        match index < count {
            true => Ok(Self { index, count }),
            false => Err(bad()),
        }
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_split_every_item_once() {
        let shares: Vec<Share> = ["0/3", "1/3", "2/3"].map(|s| s.parse().unwrap()).into();
        for n in 0..10 {
            assert_eq!(shares.iter().filter(|s| s.holds(n)).count(), 1);
        }
        let held = |s: &Share| (0..10).filter(|n| s.holds(*n)).count();
        assert_eq!(shares.iter().map(held).collect::<Vec<_>>(), [4, 3, 3]);
        for bad in ["3/3", "1", "a/2", "-1/2"] {
            assert!(bad.parse::<Share>().is_err(), "{bad}");
        }
    }
}
