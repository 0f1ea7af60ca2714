//! kafka-lab: the classic hands-on Kafka lab as a Rust program.
//!
//! # Layout
//!
//! ```text
//!  main.rs ── cli.rs (clap) ── commands/ ── one function per command
//!                                  │
//!             config.rs ◀──────────┤  defaults ← file ← KAFKA_LAB_* env ← flags
//!                                  │
//!             embedded.rs ◀────────┤  Tansu broker in-process when no brokers are set
//!                                  ▼
//!             kafka/ (over rskafka): deadlines, retries, partition clients
//!               ├── admin.rs     topics: create, list, describe, delete
//!               └── metadata.rs  leaders, replicas, ISR (Metadata v9)
//! ```
//!
//! The actor pipeline (Generator → Partitioner → Producer → Kafka → Consumer →
//! Aggregator, see `DESIGN.md`) builds on `kafka/`.

pub mod actors;
pub mod cli;
pub mod commands;
pub mod config;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod kafka;
pub mod logging;
pub mod partition;
pub mod pipeline;
pub mod plot;
pub mod record;
pub mod sample;
pub mod stats;
