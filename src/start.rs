//! Where consumers start reading a partition: `earliest`, `latest` or an offset.

/// Where consumers start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    Earliest,
    Latest,
    Offset(i64),
}

impl std::str::FromStr for StartAt {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "earliest" => Ok(Self::Earliest),
            "latest" => Ok(Self::Latest),
            n => n
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Self::Offset)
                .ok_or_else(|| format!("'{s}' is not earliest, latest or an offset >= 0")),
        }
    }
}

impl std::fmt::Display for StartAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Earliest => f.write_str("earliest"),
            Self::Latest => f.write_str("latest"),
            Self::Offset(n) => write!(f, "{n}"),
        }
    }
}

impl StartAt {
    /// The offset to start from in a partition whose log spans `earliest..latest`
    /// (an explicit offset outside it is clamped into it).
    pub fn resolve(self, earliest: i64, latest: i64) -> i64 {
        match self {
            Self::Earliest => earliest,
            Self::Latest => latest,
            Self::Offset(n) => n.clamp(earliest, latest),
        }
    }

    /// Where to resume a partition whose log spans `earliest..latest`: at `saved` (a
    /// checkpoint's position, a group's committed offset) while the log still holds
    /// it, else where this start resolves. Says whether `saved` was taken.
    pub fn resume(self, saved: Option<i64>, earliest: i64, latest: i64) -> (i64, bool) {
        match saved {
            Some(position) if (earliest..=latest).contains(&position) => (position, true),
            _ => (self.resolve(earliest, latest), false),
        }
    }
}
