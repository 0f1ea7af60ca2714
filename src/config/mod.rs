//! Typed configuration: built-in defaults, then a TOML file, then `KAFKA_LAB_*`
//! environment variables, then command-line flags.
//!
//! Loading never stops at the first mistake: every unknown key and every bad value is
//! collected as a [`Problem`] naming its key and where it came from, so a user fixes
//! them all in one go. `config/default.toml` documents every key; a test keeps it equal
//! to [`Config::default`].
//!
//! - `sections`: the schema, one struct per `[section]`, with its defaults;
//! - `layers`: defaults, file, environment and flags laid over each other, one key
//!   at a time;
//! - `security`: the keys of secured clusters, and [`Secret`];
//! - `validate`: the checks types cannot express.

mod layers;
mod sections;
mod security;
mod validate;

pub use layers::{Overrides, Problem, Problems, EMBEDDED_LINGER_MS};
pub use sections::*;
pub use security::{SaslMechanism, Secret, SecurityProtocol, HIDDEN};

/// Environment variables starting with this prefix and naming `SECTION__KEY`
/// override config keys, e.g. `KAFKA_LAB_KAFKA__API_TIMEOUT_MS=5000`.
pub const ENV_PREFIX: &str = "KAFKA_LAB_";
/// Shorthand for `kafka.brokers`, as a comma-separated list.
pub const ENV_BROKERS: &str = "KAFKA_LAB_BROKERS";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn default_toml_documents_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml");
        let loaded = Config::load(Some(&path), [], Overrides::default()).unwrap();
        assert_eq!(loaded, Config::default());
        let text = std::fs::read_to_string(&path).unwrap();
        let file: toml::Table = text.parse().unwrap();
        let defaults = toml::Table::try_from(Config::default()).unwrap();
        for (section, keys) in &defaults {
            for key in keys.as_table().unwrap().keys() {
                assert!(
                    file.get(section).and_then(|s| s.get(key)).is_some(),
                    "config/default.toml lacks {section}.{key}"
                );
            }
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let text =
            "[kafka]\nrequest_timout_ms = 5\nretry_backoff_ms = \"fast\"\n[embeded]\nx = 1\n";
        let flags = Overrides::from_toml(text, "bad.toml").unwrap();
        let err = Config::load(None, [], flags).unwrap_err();
        let keys: Vec<_> = err.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "embeded.x",
                "kafka.request_timout_ms",
                "kafka.retry_backoff_ms"
            ]
        );
        assert!(err.0.iter().all(|p| p.origin == "bad.toml"));
    }

    #[test]
    fn env_overrides_and_brokers_shorthand() {
        let vars = env(&[
            ("KAFKA_LAB_BROKERS", "a:1, b:2"),
            ("KAFKA_LAB_KAFKA__API_TIMEOUT_MS", "2500"),
            ("KAFKA_LAB_TEST_BROKERS", "ignored:1"),
            ("HOME", "/root"),
        ]);
        let c = Config::load(None, vars, Overrides::default()).unwrap();
        assert_eq!(c.kafka.brokers, ["a:1", "b:2"]);
        assert_eq!(c.kafka.api_timeout_ms, 2500);
    }

    #[test]
    fn the_embedded_broker_lingers_longer_unless_told() {
        let linger = |pairs: &[(&str, &str)]| {
            let c = Config::load(None, env(pairs), Overrides::default()).unwrap();
            c.producer.linger_ms
        };
        assert_eq!(linger(&[]), EMBEDDED_LINGER_MS);
        assert_eq!(linger(&[("KAFKA_LAB_BROKERS", "k:9092")]), 10);
        assert_eq!(linger(&[("KAFKA_LAB_PRODUCER__LINGER_MS", "10")]), 10);
    }

    #[test]
    fn security_keys_that_do_not_go_together_are_reported() {
        let keys = |text: &str| -> Vec<String> {
            let flags = Overrides::from_toml(text, "f").unwrap();
            let err = Config::load(None, [], flags).unwrap_err();
            err.0.into_iter().map(|p| p.key).collect()
        };
        let cases: [(&str, &[&str]); 5] = [
            // SASL without a mechanism or credentials; a key without its certificate.
            (
                "brokers = \"k:9093\"\nsecurity_protocol = \"SASL_SSL\"\nssl_key_location = \"k.pem\"",
                &[
                    "kafka.sasl_mechanism",
                    "kafka.sasl_username",
                    "kafka.sasl_password",
                    "kafka.ssl_certificate_location",
                ],
            ),
            // SASL and TLS keys where the protocol uses neither.
            (
                "sasl_mechanism = \"PLAIN\"\nssl_ca_location = \"ca.pem\"",
                &["kafka.sasl_mechanism", "kafka.ssl_ca_location"],
            ),
            // Both password sources (and the file missing).
            (
                "brokers = \"k:9093\"\nsecurity_protocol = \"sasl_plaintext\"\n\
                 sasl_mechanism = \"SCRAM-SHA-256\"\nsasl_username = \"u\"\n\
                 sasl_password = \"p\"\nsasl_password_file = \"p.txt\"",
                &["kafka.sasl_password_file", "kafka.sasl_password_file"],
            ),
            (
                "security_protocol = \"TLS\"\nsasl_mechanism = \"GSSAPI\"",
                &["kafka.sasl_mechanism", "kafka.security_protocol"],
            ),
            // The embedded broker speaks PLAINTEXT only.
            ("security_protocol = \"SSL\"", &["kafka.security_protocol"]),
        ];
        for (text, expected) in cases {
            assert_eq!(keys(&format!("[kafka]\n{text}\n")), expected, "{text}");
        }
    }

    #[test]
    fn env_text_keys_keep_the_text_as_it_is() {
        for password in ["123", "\"quoted\"", "true", "a = b"] {
            let vars = env(&[
                ("KAFKA_LAB_BROKERS", "k:9093"),
                ("KAFKA_LAB_KAFKA__SECURITY_PROTOCOL", "SASL_SSL"),
                ("KAFKA_LAB_KAFKA__SASL_MECHANISM", "PLAIN"),
                ("KAFKA_LAB_KAFKA__SASL_USERNAME", "007"),
                ("KAFKA_LAB_KAFKA__SASL_PASSWORD", password),
            ]);
            let c = Config::load(None, vars, Overrides::default()).unwrap();
            assert_eq!(c.kafka.sasl_password.expose(), password);
            assert_eq!(c.kafka.sasl_username, "007");
        }
    }

    #[test]
    fn flags_win_over_env_and_bad_env_names_its_variable() {
        let mut flags = Overrides::default();
        flags.set("kafka.brokers", "--brokers", "c:3".into());
        let vars = env(&[
            ("KAFKA_LAB_BROKERS", "a:1"),
            ("KAFKA_LAB_KAFKA__RETRY_BACKOFF_MS", "soon"),
        ]);
        let err = Config::load(None, vars, flags).unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert_eq!(err.0[0].origin, "env KAFKA_LAB_KAFKA__RETRY_BACKOFF_MS");
        let mut flags = Overrides::default();
        flags.set("kafka.brokers", "--brokers", "c:3".into());
        let c = Config::load(None, env(&[("KAFKA_LAB_BROKERS", "a:1")]), flags).unwrap();
        assert_eq!(c.kafka.brokers, ["c:3"]);
    }

    #[test]
    fn semantic_checks_report_every_key() {
        let text = "[kafka]\nbrokers = [\"nohost\"]\nretry_backoff_ms = 50\nretry_backoff_max_ms = 10\n[embedded]\nlisten = \"x\"\n";
        let err = Config::load(None, [], Overrides::from_toml(text, "f").unwrap()).unwrap_err();
        let keys: Vec<_> = err.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "kafka.brokers",
                "kafka.retry_backoff_max_ms",
                "embedded.listen"
            ]
        );
    }
}
