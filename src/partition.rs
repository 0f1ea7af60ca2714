//! Partitioner rules: which partition a sample goes to.
//!
//! - `parity`: integer `n` goes to `n mod partitions` (even → 0, odd → 1 on two
//!   partitions: the lab's exercise 3);
//! - `hash`: murmur2 of the record key, as Kafka's Java client (and kafka-python)
//!   place keyed records: `(murmur2(key) & 0x7fffffff) % partitions`;
//! - `round-robin`: partitions in turn;
//! - `sticky`: partitions in turn, a Generator batch at a time (as Kafka's clients
//!   place records without a key: a batch to one partition, then the next);
//! - `fixed:P`: always partition P;
//! - `keys:round-robin` / `keys:random`: each record keyed with one of the key pool's
//!   10,000 short keys ([`crate::keys`]), in turn or at random, and placed by the key's
//!   hash (OMB's `KEY_ROUND_ROBIN` and `RANDOM_NANO` key distributors).

use crate::keys::{pool_key, KeyOrder, Keys};
use crate::record::ValueText;
use crate::sample::Sample;
use std::fmt;
use std::str::FromStr;

/// A rule, as given with `--partitioner`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Parity,
    Hash,
    RoundRobin,
    /// Partitions in turn, a Generator batch each (the Partitioner moves `turn` on).
    Sticky,
    Fixed(i32),
    /// A key from the key pool, placed by its hash.
    Pool(KeyOrder),
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "parity" => Ok(Self::Parity),
            "hash" => Ok(Self::Hash),
            "round-robin" => Ok(Self::RoundRobin),
            "sticky" => Ok(Self::Sticky),
            "keys:round-robin" => Ok(Self::Pool(KeyOrder::Turn)),
            "keys:random" => Ok(Self::Pool(KeyOrder::Random)),
            _ => match s.strip_prefix("fixed:").map(str::parse::<i32>) {
                Some(Ok(p)) if p >= 0 => Ok(Self::Fixed(p)),
                _ => Err(format!(
                    "unknown partitioner '{s}': use parity, hash, round-robin, sticky, fixed:P, keys:round-robin or keys:random"
                )),
            },
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parity => f.write_str("parity"),
            Self::Hash => f.write_str("hash"),
            Self::RoundRobin => f.write_str("round-robin"),
            Self::Sticky => f.write_str("sticky"),
            Self::Fixed(p) => write!(f, "fixed:{p}"),
            Self::Pool(KeyOrder::Turn) => f.write_str("keys:round-robin"),
            Self::Pool(KeyOrder::Random) => f.write_str("keys:random"),
        }
    }
}

/// Why a sample cannot be placed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceError {
    #[error("the parity rule needs integer values, got {value}")]
    NotInteger { value: f64 },
    #[error("fixed:{partition} but the topic has {partitions} partition(s)")]
    NoSuchPartition { partition: i32, partitions: i32 },
}

impl Rule {
    /// The partition of `sample` among `partitions`; `turn` counts round-robin calls.
    pub fn place(
        &self,
        sample: &Sample,
        partitions: i32,
        turn: &mut u64,
    ) -> Result<i32, PlaceError> {
        match *self {
            Self::Parity => {
                let v = sample.value;
                if v.fract() != 0.0 || !v.is_finite() || v.abs() > 2f64.powi(53) {
                    return Err(PlaceError::NotInteger { value: v });
                }
                Ok((v as i64).rem_euclid(i64::from(partitions)) as i32)
            }
            Self::Hash => {
                let mut text = ValueText::default();
                Ok(hash_partition(
                    text.format(sample.value).as_bytes(),
                    partitions,
                ))
            }
            Self::RoundRobin => {
                let p = (*turn % partitions as u64) as i32;
                *turn += 1;
                Ok(p)
            }
            Self::Sticky => Ok((*turn % partitions as u64) as i32),
            Self::Pool(order) => Ok(hash_partition(&pool_key(order, sample.seq), partitions)),
            Self::Fixed(partition) if partition < partitions => Ok(partition),
            Self::Fixed(partition) => Err(PlaceError::NoSuchPartition {
                partition,
                partitions,
            }),
        }
    }

    /// What the records this rule places are keyed with.
    pub fn keys(&self) -> Keys {
        match *self {
            Self::Hash => Keys::Value,
            Self::Pool(order) => Keys::Pool(order),
            _ => Keys::None,
        }
    }

    /// Whether a record's place can be checked on its own (round-robin and sticky
    /// depend on order).
    pub fn is_checkable(&self) -> bool {
        !matches!(self, Self::RoundRobin | Self::Sticky)
    }
}

/// The partition Kafka's Java client's default partitioner picks for a keyed record.
pub fn hash_partition(key: &[u8], partitions: i32) -> i32 {
    (murmur2(key) & 0x7fff_ffff) % partitions
}

/// MurmurHash2, 32-bit, seed 0x9747b28c: `org.apache.kafka.common.utils.Utils.murmur2`.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h = SEED ^ data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let rest = chunks.remainder();
    if rest.len() >= 3 {
        h ^= u32::from(rest[2]) << 16;
    }
    if rest.len() >= 2 {
        h ^= u32::from(rest[1]) << 8;
    }
    if !rest.is_empty() {
        h ^= u32::from(rest[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(value: f64) -> Sample {
        Sample { seq: 0, value }
    }

    #[test]
    fn parity_puts_even_in_0_and_odd_in_1() {
        let mut turn = 0;
        for n in 1..=80 {
            let p = Rule::Parity
                .place(&sample(f64::from(n)), 2, &mut turn)
                .unwrap();
            assert_eq!(p, n % 2);
        }
        assert_eq!(Rule::Parity.place(&sample(-3.0), 2, &mut turn), Ok(1));
        assert_eq!(
            Rule::Parity.place(&sample(0.5), 2, &mut turn),
            Err(PlaceError::NotInteger { value: 0.5 })
        );
    }

    #[test]
    fn round_robin_and_fixed() {
        let mut turn = 0;
        let ps: Vec<_> = (0..6)
            .map(|_| Rule::RoundRobin.place(&sample(1.0), 3, &mut turn).unwrap())
            .collect();
        assert_eq!(ps, [0, 1, 2, 0, 1, 2]);
        assert_eq!(Rule::Fixed(1).place(&sample(1.0), 2, &mut turn), Ok(1));
        assert!(Rule::Fixed(2).place(&sample(1.0), 2, &mut turn).is_err());
        for r in [
            "parity",
            "hash",
            "round-robin",
            "sticky",
            "fixed:3",
            "keys:round-robin",
            "keys:random",
        ] {
            assert_eq!(r.parse::<Rule>().unwrap().to_string(), r);
        }
        assert!("fixed:-1".parse::<Rule>().is_err());
        let mut turn = 7;
        let sticky: Vec<_> = (0..4)
            .map(|_| Rule::Sticky.place(&sample(1.0), 3, &mut turn).unwrap())
            .collect();
        assert_eq!(
            (sticky, turn),
            (vec![1; 4], 7),
            "the Partitioner moves it on"
        );
    }

    #[test]
    fn pool_keys_spread_over_partitions() {
        for order in [KeyOrder::Turn, KeyOrder::Random] {
            let mut counts = [0u32; 16];
            let mut turn = 0;
            for seq in 0..16_000 {
                let s = Sample { seq, value: 0.0 };
                counts[Rule::Pool(order).place(&s, 16, &mut turn).unwrap() as usize] += 1;
            }
            assert!(
                counts.iter().all(|c| (700..1300).contains(c)),
                "{order:?}: {counts:?}"
            );
        }
    }

    /// Vectors from Kafka's own implementation (`Utils.murmur2`, checked with the
    /// kafka-clients jar of Kafka 4.1.2; see tests/partitions.rs for the live
    /// cross-check with kafka-python's default partitioner).
    #[test]
    fn murmur2_matches_kafka_java_client() {
        for (key, hash) in MURMUR2_VECTORS {
            assert_eq!(murmur2(key.as_bytes()), *hash, "{key:?}");
        }
    }

    const MURMUR2_VECTORS: &[(&str, i32)] = &[
        ("", 275646681),
        ("a", -1563381124),
        ("ab", 316155434),
        ("abc", 479470107),
        ("abcd", -1323649548),
        ("abcde", 461995741),
        ("21", -973932308),
        ("foobar", -790332482),
        ("a-little-bit-long-string", -985981536),
        ("a-little-bit-longer-string", -1486304829),
        (
            "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
            -58897971,
        ),
        ("1", -1993445489),
        ("80", -307894097),
        ("0.5", -823086571),
        ("-1.25", -1708074833),
        ("paulagiliTopic", 1801154032),
        ("été", -2101193575),
    ];
}
