//! The Kafka access layer that every command and actor uses, so that no call can hang
//! and every error says where it happened. Records travel on connections of our own
//! ([`wire`], [`produce`], [`fetch`]); topics and offsets go through rskafka.
//!
//! rskafka 0.6.0 has no connect or request timeout and retries forever by default
//! (see `DESIGN.md`). Here every operation runs under the configured deadline
//! (`kafka.request_timeout_ms`), rskafka's own backoff gets the same deadline, and a
//! partition client that timed out or lost its leader is dropped and built again
//! after a metadata refresh.
//!
//! - [`admin`]: topics (create, list, describe, delete), and [`configs`], their
//!   configs (CreateTopics to the controller, DescribeConfigs);
//! - [`metadata`]: the Metadata request rskafka keeps private (leader, replicas, ISR);
//! - [`wire`]: a connection of our own, for what rskafka does not offer;
//! - `security`: [`Security`], the one place that opens connections (TCP, TLS, and
//!   `sasl`), and hands rskafka the same TLS and credentials;
//! - [`batch`]: record batches encoded once, sent as they are (and again on retry),
//!   and decoded without copying;
//! - [`leaders`]: one role's connections to the partition leaders;
//! - [`produce`]: produce requests (idempotent); [`fetch`]: fetch requests;
//! - `bootstrap`: requests any broker answers (Metadata, InitProducerId);
//! - [`versions`]: what each broker serves (ApiVersions), for results files;
//! - [`groups`]: groups of every kind, their members and assignments;
//!   [`classic_group`], [`consumer_group`] (KIP-848) and [`share_group`] describe
//!   each kind; [`group_offsets`]: committed offsets, fetched and committed;
//! - [`member`]: a member of a group (join, heartbeats, commits, leave), the seam
//!   over [`classic_member`] (the classic protocol, with [`assign`], the `consumer`
//!   protocol type's encodings and assignors) and [`consumer_member`] (KIP-848);
//! - `error`: what can go wrong, and what is worth another try;
//! - `client`: [`Kafka`], the deadlines and the rskafka client behind admin and
//!   offsets.

pub mod admin;
pub mod assign;
pub mod batch;
mod bootstrap;
pub mod classic_group;
pub mod classic_member;
mod client;
pub mod configs;
pub mod consumer_group;
pub mod consumer_member;
mod error;
pub mod fetch;
pub mod group_offsets;
pub mod groups;
pub mod leaders;
pub mod member;
pub mod metadata;
pub mod produce;
mod sasl;
mod security;
pub mod share_group;
pub mod versions;
pub mod wire;

pub use client::Kafka;
pub(crate) use error::protocol_error;
pub use error::{Error, Result};
pub use security::Security;
pub(crate) use security::{certificates, roots_of};
