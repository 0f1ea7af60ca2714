//! The checks types cannot express: ranges, relations between keys, addresses.

use super::{Config, KafkaConfig, SecurityProtocol};
use std::net::SocketAddr;

/// Batches in flight per partition an idempotent producer may have: Kafka brokers
/// remember the last 5 batches of each producer to recognise a retried one.
const MAX_IDEMPOTENT_IN_FLIGHT: usize = 5;

impl Config {
    /// Checks that types cannot express: every failing key with what is wrong.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &str, message: String| {
            if !ok {
                problems.push((key.to_string(), message));
            }
        };
        let k = &self.kafka;
        for broker in &k.brokers {
            check(
                is_host_port(broker),
                "kafka.brokers",
                format!("'{broker}' is not host:port"),
            );
        }
        check(
            k.api_timeout_ms > 0,
            "kafka.api_timeout_ms",
            "must be at least 1".into(),
        );
        check(
            k.request_timeout_ms > 0,
            "kafka.request_timeout_ms",
            "must be at least 1".into(),
        );
        check(
            k.retry_backoff_ms > 0,
            "kafka.retry_backoff_ms",
            "must be at least 1".into(),
        );
        check(
            k.retry_backoff_max_ms >= k.retry_backoff_ms,
            "kafka.retry_backoff_max_ms",
            format!(
                "must be at least kafka.retry_backoff_ms ({})",
                k.retry_backoff_ms
            ),
        );
        check(
            !k.client_id.is_empty(),
            "kafka.client_id",
            "must not be empty".into(),
        );
        security(k, &mut check);
        check(
            self.embedded.listen.parse::<SocketAddr>().is_ok(),
            "embedded.listen",
            format!("'{}' is not ip:port", self.embedded.listen),
        );
        check(
            self.producer.batch_size > 0,
            "producer.batch_size",
            "must be at least 1".into(),
        );
        check(
            (1..=u32::MAX as usize).contains(&self.producer.max_in_flight),
            "producer.max_in_flight",
            "must be at least 1".into(),
        );
        check(
            !self.producer.idempotence || self.producer.max_in_flight <= MAX_IDEMPOTENT_IN_FLIGHT,
            "producer.max_in_flight",
            format!(
                "must be at most {MAX_IDEMPOTENT_IN_FLIGHT} with producer.idempotence (the \
                 batches a broker remembers per producer), is {}",
                self.producer.max_in_flight
            ),
        );
        check(
            i32::try_from(self.consumer.max_wait_ms).is_ok(),
            "consumer.max_wait_ms",
            format!("must be at most {}", i32::MAX),
        );
        check(
            (1..=i32::MAX as u64).contains(&self.consumer.max_bytes),
            "consumer.max_bytes",
            format!("must be between 1 and {}", i32::MAX),
        );
        let c = &self.consumer;
        check(
            c.commit_interval_ms > 0,
            "consumer.commit_interval_ms",
            "must be at least 1".into(),
        );
        check(
            (1..=i32::MAX as u64).contains(&c.session_timeout_ms),
            "consumer.session_timeout_ms",
            format!("must be between 1 and {}", i32::MAX),
        );
        check(
            c.heartbeat_interval_ms > 0 && c.heartbeat_interval_ms < c.session_timeout_ms,
            "consumer.heartbeat_interval_ms",
            format!(
                "must be at least 1 and less than consumer.session_timeout_ms ({})",
                c.session_timeout_ms
            ),
        );
        check(
            matches!(c.group_remote_assignor.as_str(), "" | "uniform" | "range"),
            "consumer.group_remote_assignor",
            format!(
                "'{}' is not an assignor Kafka's coordinator has: uniform or range (empty: the broker's default)",
                c.group_remote_assignor
            ),
        );
        check(
            self.pipeline.mailbox_capacity > 0,
            "pipeline.mailbox_capacity",
            "must be at least 1".into(),
        );
        if self.generator.rate != 0.0 {
            if let Err(e) = crate::actors::generator::rate(self.generator.rate) {
                check(
                    false,
                    "generator.rate",
                    format!("{e} (0: as fast as possible)"),
                );
            }
        }
        check(
            self.pipeline.partitions >= 1,
            "pipeline.partitions",
            "must be at least 1".into(),
        );
        check(
            self.pipeline.replication_factor >= 1,
            "pipeline.replication_factor",
            "must be at least 1".into(),
        );
        for (value, key) in [
            (self.pipeline.retention_ms, "pipeline.retention_ms"),
            (self.pipeline.retention_bytes, "pipeline.retention_bytes"),
        ] {
            check(
                value == -1 || value >= 1,
                key,
                format!("must be at least 1, or -1 for no limit; got {value}"),
            );
        }
        let h = &self.histogram;
        check(
            h.lo.is_finite(),
            "histogram.lo",
            format!("must be a finite number, got {}", h.lo),
        );
        check(
            h.hi.is_finite() && h.hi > h.lo && (h.hi - h.lo).is_finite(),
            "histogram.hi",
            format!(
                "must be a finite number above histogram.lo ({}), got {}",
                h.lo, h.hi
            ),
        );
        if let Err(e) = crate::stats::bins(h.bins) {
            check(false, "histogram.bins", e);
        }
        check(
            self.metrics.listen.parse::<SocketAddr>().is_ok(),
            "metrics.listen",
            format!("'{}' is not ip:port", self.metrics.listen),
        );
        check(
            self.metrics.offsets_interval_ms > 0,
            "metrics.offsets_interval_ms",
            "must be at least 1".into(),
        );
        check(
            self.snapshot.interval_secs > 0,
            "snapshot.interval_secs",
            "must be at least 1".into(),
        );
        check(
            !self.embedded.data_dir.as_os_str().is_empty(),
            "embedded.data_dir",
            "must not be empty".into(),
        );
        problems
    }
}

/// The security keys that do not go together, and the files they name that cannot be
/// read or used, to `check`.
fn security(k: &KafkaConfig, check: &mut impl FnMut(bool, &str, String)) {
    let protocol = k.security_protocol;
    check(
        !k.brokers.is_empty() || protocol == SecurityProtocol::Plaintext,
        "kafka.security_protocol",
        format!("is {protocol}, but the embedded broker (kafka.brokers empty) is PLAINTEXT"),
    );
    let path_set = |p: &std::path::Path| !p.as_os_str().is_empty();
    let mut unused = |set: bool, key: &str, needs: &str| {
        let message =
            format!("is set, but kafka.security_protocol {protocol} does not use {needs}");
        check(!set, key, message);
    };
    if !protocol.sasl() {
        unused(k.sasl_mechanism.is_some(), "kafka.sasl_mechanism", "SASL");
        unused(!k.sasl_username.is_empty(), "kafka.sasl_username", "SASL");
        unused(!k.sasl_password.is_empty(), "kafka.sasl_password", "SASL");
        let file = path_set(&k.sasl_password_file);
        unused(file, "kafka.sasl_password_file", "SASL");
    }
    if !protocol.tls() {
        unused(path_set(&k.ssl_ca_location), "kafka.ssl_ca_location", "TLS");
        let cert = path_set(&k.ssl_certificate_location);
        unused(cert, "kafka.ssl_certificate_location", "TLS");
        unused(
            path_set(&k.ssl_key_location),
            "kafka.ssl_key_location",
            "TLS",
        );
    }
    if protocol.sasl() {
        check(
            k.sasl_mechanism.is_some(),
            "kafka.sasl_mechanism",
            format!("{protocol} needs one: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"),
        );
        check(
            !k.sasl_username.is_empty(),
            "kafka.sasl_username",
            format!("{protocol} needs the SASL user"),
        );
        let (password, file) = (!k.sasl_password.is_empty(), path_set(&k.sasl_password_file));
        check(
            password || file,
            "kafka.sasl_password",
            format!("{protocol} needs the SASL password (or kafka.sasl_password_file)"),
        );
        check(
            !(password && file),
            "kafka.sasl_password_file",
            "is set, and so is kafka.sasl_password: keep one".into(),
        );
    }
    if protocol.tls() {
        let cert = path_set(&k.ssl_certificate_location);
        let key = path_set(&k.ssl_key_location);
        check(
            cert || !key,
            "kafka.ssl_certificate_location",
            "is needed with kafka.ssl_key_location (mutual TLS needs both)".into(),
        );
        check(
            key || !cert,
            "kafka.ssl_key_location",
            "is needed with kafka.ssl_certificate_location (mutual TLS needs both)".into(),
        );
    }
    for (key, message) in crate::kafka::Security::new(k).err().unwrap_or_default() {
        check(false, &key, message);
    }
}

fn is_host_port(s: &str) -> bool {
    matches!(s.rsplit_once(':'), Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok())
}
