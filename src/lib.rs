//! kafka-lab: the classic hands-on Kafka lab as a Rust program.
//!
//! # Layout
//!
//! ```text
//!  main.rs ── cli.rs (clap) ── commands/ ── one file per command; lab.rs walks them all
//!                                  │
//!             config/ ◀────────────┤  sections ← layers (file, env, flags) ← validate
//!             embedded.rs ◀────────┤  Nisshi broker in-process when no brokers are set
//!             broker.rs ◀──────────┤  which broker the figures are from
//!                                  ▼
//!             pipeline.rs: builds the actor graph, for the commands and the daemon
//!             membership.rs: Consumers as a consumer group member (daemon, consume --group)
//!             daemon/:     the graph, persistent: checkpoint, drain, resume, the
//!                          offsets poller, snapshots; signals.rs: SIGTERM/SIGINT;
//!                          metrics.rs: names, Prometheus recorder, readiness;
//!                          web/: the HTTP port: live page, snapshot, /metrics, /readyz
//!             bench/:      load experiments: perf-test output, HDR latencies;
//!                          bench/omb/: OpenMessaging Benchmark workloads, results, merge
//!
//!   actors/generator ──Samples──▶ actors/partitioner ──Batch──▶ actors/producer ──▶ Kafka
//!      sample.rs                     partition.rs, keys.rs         record.rs (wire format)
//!                                                                  tracking.rs (its header)
//!                                                                  volume.rs (its bytes)
//!                                                                  varint.rs (LEB128)
//!   Kafka ──▶ actors/consumer ──Records──▶ actors/aggregator ◀──Acked── actors/producer
//!                                            stats.rs, plot.rs (histograms), replace.rs
//!
//!             kafka/: deadlines, retries, the connections of each role
//!               ├── wire.rs      our own connections: framing, pipelining, TCP_NODELAY
//!               ├── leaders.rs   one role's connections to the partition leaders
//!               ├── batch.rs     record batches: encoded once, decoded without copies
//!               ├── produce.rs   produce requests (idempotent)   fetch.rs  fetch requests
//!               ├── bootstrap.rs requests any broker answers (Metadata, InitProducerId)
//!               ├── admin.rs     topics: create, list, describe, delete
//!               ├── configs.rs   topic configs: CreateTopics, DescribeConfigs
//!               ├── groups.rs    groups of every kind: list, describe (classic_group.rs,
//!               │     consumer_group.rs KIP-848, share_group.rs); group_offsets.rs commits
//!               ├── member.rs    a group member, either protocol: join, heartbeat, commit, leave
//!               │     classic_member.rs  JoinGroup, SyncGroup  consumer_member.rs  KIP-848
//!               ├── assign.rs    the consumer protocol: subscriptions, range, roundrobin
//!               ├── metadata.rs  leaders, replicas, ISR (Metadata v9)
//!               └── client.rs    Kafka: deadlines, rskafka for admin and offsets;
//!                                error.rs what can go wrong, what is retriable
//! ```

pub mod actors;
pub mod bench;
pub mod broker;
pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod distribution;
#[cfg(feature = "embedded")]
pub mod embedded;
pub mod fields;
pub mod kafka;
pub mod keys;
pub mod logging;
pub mod membership;
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
pub mod tracking;
pub mod varint;
pub mod volume;
pub mod web;
