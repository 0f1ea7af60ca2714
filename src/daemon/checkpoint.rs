//! What the daemon saves on drain and resumes from: the run, the next sequence
//! number, and each partition's consumer position and sequences.

use super::Error;
use crate::actors::aggregator::Sequences;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What the daemon saves on drain and resumes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub topic: String,
    /// The run whose sequence numbers continue across restarts.
    pub run_id: uuid::Uuid,
    /// Global sequence number of the next sample.
    pub next_seq: u64,
    pub partitions: BTreeMap<i32, PartitionCheckpoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PartitionCheckpoint {
    /// Next offset the consumer reads.
    pub position: i64,
    pub sequences: Sequences,
}

impl Checkpoint {
    pub(super) fn load(path: &Path) -> Result<Option<Self>, Error> {
        let fail = |reason: String| Error::Checkpoint {
            path: path.into(),
            reason,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| fail(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(fail(e.to_string())),
        }
    }

    /// Replace the file whole ([`crate::replace`]): a crash never leaves half a
    /// checkpoint.
    pub(super) fn save(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(self).expect("serializable");
        crate::replace::write(path, text).map_err(|e| Error::Checkpoint {
            path: path.into(),
            reason: e.to_string(),
        })
    }
}
