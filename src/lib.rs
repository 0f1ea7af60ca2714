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
//!             pipeline.rs: builds the actor graph, for the commands and the daemon
//!             daemon.rs:   the graph, persistent, with checkpoint, drain, resume;
//!                          metrics.rs: names, Prometheus recorder, /metrics /readyz
//!
//!   actors/generator ──Samples──▶ actors/partitioner ──Batch──▶ actors/producer ──▶ Kafka
//!      sample.rs                     partition.rs                  record.rs (wire format)
//!   Kafka ──▶ actors/consumer ──Records──▶ actors/aggregator ◀──Acked── actors/producer
//!                                            stats.rs, plot.rs (histograms), replace.rs
//!
//!             kafka/: deadlines, retries, the connections of each role
//!               ├── wire.rs      our own connections: framing, pipelining, TCP_NODELAY
//!               ├── leaders.rs   one role's connections to the partition leaders
//!               ├── batch.rs     record batches: encoded once, decoded without copies
//!               ├── produce.rs   produce requests      fetch.rs  fetch requests
//!               ├── admin.rs     topics (rskafka): create, list, describe, delete
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
pub mod replace;
pub mod sample;
pub mod signals;
pub mod start;
pub mod stats;
