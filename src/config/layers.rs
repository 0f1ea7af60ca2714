//! Layers of configuration: built-in defaults, then a TOML file, then `KAFKA_LAB_*`
//! environment variables, then flags, applied one key at a time so that each bad key
//! is reported on its own, with where it came from.

use super::{Config, ENV_BROKERS, ENV_PREFIX};
use std::fmt;
use std::path::Path;

/// `producer.linger_ms` on the embedded broker when no layer sets it. Each produce
/// request costs the embedded broker a SQLite transaction and wakes the fetches waiting
/// on its partition: at 1,000 records/s over 2 partitions, 25 ms instead of 10 halves
/// the requests and the daemon's CPU (about 45% of a core to 22%). End-to-end latency
/// counts from the send, so it does not change; the schedule delay grows by the linger.
pub const EMBEDDED_LINGER_MS: u64 = 25;
const LINGER_KEY: &str = "producer.linger_ms";

/// One thing wrong with the configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted key, e.g. `kafka.request_timeout_ms`.
    pub key: String,
    /// Where the value came from: a file path, an environment variable or a flag.
    pub origin: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.key, self.origin, self.message)
    }
}

/// Every problem found while loading a configuration.
#[derive(Debug, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid configuration, {} problem(s):", self.0.len())?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

/// Values to lay over the defaults, each with its origin.
#[derive(Debug, Default)]
pub struct Overrides(Vec<(String, String, Value)>);

/// An override's value: typed (a file, a flag), or text from the environment, read as
/// its key's type only when laid over the defaults: a text key keeps the text as it is
/// (a password `123` or `"x"` stays that), another key reads it as TOML (`5000`, `true`).
#[derive(Debug)]
enum Value {
    Typed(toml::Value),
    Text(String),
}

impl Overrides {
    /// Add `section.key = value`, coming from `origin`.
    pub fn set(&mut self, key: &str, origin: &str, value: toml::Value) {
        self.0
            .push((key.into(), origin.into(), Value::Typed(value)));
    }

    /// Every key of a TOML document (read from `origin`).
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, Problem> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| Problem {
            key: "(file)".into(),
            origin: origin.into(),
            message: format!("not valid TOML: {}", e.message()),
        })?;
        let mut out = Self::default();
        for (section, value) in table {
            match value {
                toml::Value::Table(keys) => {
                    for (key, value) in keys {
                        out.set(&format!("{section}.{key}"), origin, value);
                    }
                }
                other => out.set(&section, origin, other),
            }
        }
        Ok(out)
    }

    /// `KAFKA_LAB_SECTION__KEY` variables, and `KAFKA_LAB_BROKERS`.
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut out = Self::default();
        for (name, raw) in vars {
            let key = if name == ENV_BROKERS {
                "kafka.brokers".to_string()
            } else if let Some((section, key)) = name
                .strip_prefix(ENV_PREFIX)
                .and_then(|rest| rest.split_once("__"))
            {
                format!("{}.{}", section.to_lowercase(), key.to_lowercase())
            } else {
                continue;
            };
            out.0.push((key, format!("env {name}"), Value::Text(raw)));
        }
        out
    }
}

/// Text as TOML if it reads as a TOML scalar (`5000`, `true`), else as text.
fn scalar(raw: &str) -> toml::Value {
    format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.into()))
}

impl Config {
    /// Load the file at `path` (if any), then the environment, then `flags`.
    pub fn load(
        path: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Overrides,
    ) -> Result<Self, Problems> {
        let mut layers = Vec::new();
        if let Some(path) = path {
            let origin = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| {
                Problems(vec![Problem {
                    key: "(file)".into(),
                    origin: origin.clone(),
                    message: format!("cannot read: {e}"),
                }])
            })?;
            layers.push(Overrides::from_toml(&text, &origin).map_err(|p| Problems(vec![p]))?);
        }
        layers.push(Overrides::from_env(env));
        layers.push(flags);
        Self::from_overrides(layers.into_iter().flat_map(|o| o.0))
    }

    /// Apply overrides one key at a time, so that each bad key is reported on its own.
    fn from_overrides(
        overrides: impl IntoIterator<Item = (String, String, Value)>,
    ) -> Result<Self, Problems> {
        let defaults = toml::Table::try_from(Self::default()).expect("defaults serialize");
        let mut accepted = defaults.clone();
        let mut origins = std::collections::HashMap::new();
        let mut problems = Vec::new();
        for (key, origin, value) in overrides {
            let known = key
                .split_once('.')
                .and_then(|(s, k)| Some((s, k, defaults.get(s)?.as_table()?.get(k)?)));
            let Some((section, name, default)) = known else {
                let message = "unknown key (see config/default.toml for the keys)".into();
                problems.push(Problem {
                    key,
                    origin,
                    message,
                });
                continue;
            };
            let value = match value {
                Value::Typed(value) => value,
                Value::Text(text) if default.is_str() => toml::Value::String(text),
                Value::Text(text) => scalar(&text),
            };
            let mut candidate = accepted.clone();
            candidate[section]
                .as_table_mut()
                .expect("sections are tables")
                .insert(name.into(), value);
            match toml::Value::Table(candidate.clone()).try_into::<Self>() {
                Ok(_) => {
                    accepted = candidate;
                    origins.insert(key, origin);
                }
                Err(e) => problems.push(Problem {
                    key,
                    origin,
                    message: e.message().to_string(),
                }),
            }
        }
        let mut config: Self = toml::Value::Table(accepted)
            .try_into()
            .expect("every accepted key deserialized on its own");
        if config.kafka.brokers.is_empty() && !origins.contains_key(LINGER_KEY) {
            config.producer.linger_ms = EMBEDDED_LINGER_MS;
        }
        problems.extend(config.validate().into_iter().map(|(key, message)| {
            let origin = origins
                .get(&key)
                .cloned()
                .unwrap_or_else(|| "default".into());
            Problem {
                key,
                origin,
                message,
            }
        }));
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Problems(problems))
        }
    }
}
