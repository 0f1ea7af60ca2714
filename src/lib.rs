//! kafka-lab: the classic hands-on Kafka lab as a Rust program.
//!
//! # Layout
//!
//! ```text
//!  main.rs ── cli.rs (clap) ── commands/ ── one file per command; lab.rs walks them all
//!                                  │
//!             config.rs ◀──────────┤  defaults ← file ← KAFKA_LAB_* env ← flags
//!             embedded.rs ◀────────┤  Tansu broker in-process when no brokers are set
//!                                  ▼
//!             pipeline.rs: builds the actor graph for a job (produce, consume)
//!             daemon.rs:   the same graph, persistent, with checkpoint, drain, resume;
//!                          metrics.rs: names, Prometheus recorder, /metrics /readyz
//!
//!   actors/generator ──Samples──▶ actors/partitioner ──Batch──▶ actors/producer ──▶ Kafka
//!      sample.rs                     partition.rs                  record.rs (wire format)
//!   Kafka ──▶ actors/consumer ──Records──▶ actors/aggregator ◀──Acked── actors/producer
//!                                            stats.rs, plot.rs (histograms)
//!
//!             kafka/ (over rskafka): deadlines, retries, partition clients
//!               ├── admin.rs     topics: create, list, describe, delete
//!               └── metadata.rs  leaders, replicas, ISR (Metadata v9)
//! ```

pub mod actors;
pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod kafka;
pub mod logging;
pub mod metrics;
pub mod partition;
pub mod pipeline;
pub mod plot;
pub mod record;
pub mod sample;
pub mod start;
pub mod stats;
