//! How many bytes records take: as sent (key, value and headers) and their values
//! alone, for the MB/s of `bench` (the perf tools count values only).

use crate::kafka::batch::Header;

/// Bytes of records: as sent (key, value and headers) and of their values alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Volume {
    pub sent: u64,
    pub values: u64,
}

impl Volume {
    /// Of records: `key`, `value` and `headers` (keys and values).
    pub fn of(key: Option<&[u8]>, value: Option<&[u8]>, headers: &[Header<'_>]) -> Self {
        let len = |b: Option<&[u8]>| b.map_or(0, |b| b.len() as u64);
        let headers: usize = headers.iter().map(|(k, v)| k.len() + v.len()).sum();
        Self {
            sent: len(key) + len(value) + headers as u64,
            values: len(value),
        }
    }

    /// `part` records' share of the bytes of `whole` records.
    pub fn share(self, part: u64, whole: u64) -> Self {
        let of =
            |bytes: u64| (u128::from(bytes) * u128::from(part) / u128::from(whole.max(1))) as u64;
        Self {
            sent: of(self.sent),
            values: of(self.values),
        }
    }
}

impl std::ops::AddAssign for Volume {
    fn add_assign(&mut self, other: Self) {
        self.sent += other.sent;
        self.values += other.values;
    }
}

impl std::ops::Sub for Volume {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        Self {
            sent: self.sent - other.sent,
            values: self.values - other.values,
        }
    }
}
