//! The actor pipeline. Messages carry batches, every mailbox is bounded, and each
//! stage awaits `send` to the next one, so a slow stage holds the Generator back
//! (backpressure) instead of growing memory. What may be on its way at once: up to
//! `pipeline.mailbox_capacity` batches from the Generator, up to
//! `producer.max_in_flight` produce requests per partition, one fetched batch per
//! Consumer while it fetches the next.
//!
//! ```text
//! Generator ──Samples──▶ Partitioner ──Batch (one per partition)──▶ Producer ──▶ Kafka
//!                                                                     │ Acked
//!                                                                     ▼
//! Kafka ──▶ Consumer (one per partition) ──Records──────────────▶ Aggregator
//! ```
//!
//! Each stage sends to a `Recipient` of the next, so a test can plug in a stub.

pub mod aggregator;
pub mod consumer;
pub mod generator;
pub mod partitioner;
pub mod producer;

use crate::kafka;
use crate::partition::PlaceError;

/// Why a pipeline stage failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error(transparent)]
    Place(#[from] PlaceError),
    #[error("{message}")]
    Kafka { kind: &'static str, message: String },
    #[error("pipeline stage stopped: {0}")]
    Mailbox(String),
    #[error("cannot encode a record batch: {0}")]
    Encode(String),
}

impl From<kafka::Error> for PipelineError {
    fn from(e: kafka::Error) -> Self {
        Self::Kafka {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl From<actix::MailboxError> for PipelineError {
    fn from(e: actix::MailboxError) -> Self {
        Self::Mailbox(e.to_string())
    }
}

impl PipelineError {
    /// A short label for metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Place(_) => "placement",
            Self::Kafka { kind, .. } => kind,
            Self::Mailbox(_) => "mailbox",
            Self::Encode(_) => "encode",
        }
    }
}

/// What a data-path handler returns.
pub type Flow = Result<(), PipelineError>;

/// Flatten the result of `send`ing a message whose handler returns a [`Flow`].
pub(crate) fn flow(sent: Result<Flow, actix::MailboxError>) -> Flow {
    sent?
}
