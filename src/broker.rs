//! Which broker the figures are from. The embedded broker (SQLite, in this process)
//! is there so the lab runs with nothing installed; its latency and throughput are
//! not Apache Kafka's, and everything that reports numbers says so.

use serde::Serialize;

/// The cluster id the embedded broker gives itself; Kafka's are random (22 characters
/// of base64), so a broker saying this one is kafka-lab's own, whether this process
/// serves it or `kafka-lab broker` does.
pub const EMBEDDED_CLUSTER_ID: &str = "kafka-lab";

/// The broker a command talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BrokerKind {
    /// kafka-lab's embedded broker.
    Embedded,
    /// Any other: Apache Kafka or compatible.
    Configured,
}

/// What to tell a reader of figures measured on the embedded broker.
pub const EMBEDDED_NOTICE: &str = "these figures are the embedded broker's (SQLite, in this \
    process), not Apache Kafka's: for Kafka's, point kafka-lab at a Kafka with --brokers \
    HOST:9092 (scripts/kafka.sh start runs one here)";

impl BrokerKind {
    /// The kind of the cluster whose Metadata says `cluster_id`.
    pub fn of_cluster(cluster_id: Option<&str>) -> Self {
        match cluster_id {
            Some(EMBEDDED_CLUSTER_ID) => Self::Embedded,
            _ => Self::Configured,
        }
    }

    /// The broker in a few words, for pages and logs.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Embedded => "the embedded broker (SQLite): not Apache Kafka's figures",
            Self::Configured => "the configured brokers",
        }
    }

    /// The notice to print beside figures, if any.
    pub fn notice(self) -> Option<&'static str> {
        (self == Self::Embedded).then_some(EMBEDDED_NOTICE)
    }
}
