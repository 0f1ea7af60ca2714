//! Reading a YAML mapping field by field, so that a file with several mistakes gets
//! them all named at once (serde stops at the first): each field is taken with its
//! type, a wrong type or a missing required field is noted with its key, and what is
//! left at the end is an unknown key.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

pub struct Fields {
    map: Mapping,
    pub problems: Vec<String>,
}

impl Fields {
    /// The mapping of a YAML document; a document that is not one is the only problem.
    pub fn parse(text: &str) -> Result<Self, Vec<String>> {
        match serde_yaml::from_str::<Value>(text) {
            Ok(Value::Mapping(map)) => Ok(Self::of(map)),
            Ok(_) => Err(vec!["not a YAML mapping of keys to values".into()]),
            Err(e) => Err(vec![format!("not valid YAML: {e}")]),
        }
    }

    /// The fields of a mapping read from a larger document.
    pub fn of(map: Mapping) -> Self {
        Self {
            map,
            problems: Vec::new(),
        }
    }

    /// The field `key` as a `T`; `None` when it is absent (or null) or of another type
    /// (noted).
    pub fn optional<T: DeserializeOwned>(&mut self, key: &str, kind: &str) -> Option<T> {
        match self.map.remove(key) {
            None | Some(Value::Null) => None,
            Some(value) => match serde_yaml::from_value(value) {
                Ok(value) => Some(value),
                Err(_) => {
                    self.problems.push(format!("{key}: must be {kind}"));
                    None
                }
            },
        }
    }

    /// The field `key`, which must be present.
    pub fn required<T: DeserializeOwned>(&mut self, key: &str, kind: &str) -> Option<T> {
        let present = self.map.get(key).is_some_and(|v| !v.is_null());
        let value = self.optional(key, kind);
        if !present {
            self.problems.push(format!("{key}: missing ({kind})"));
        }
        value
    }

    /// Note `key`, when present, as refused with `message` (a key the format has and
    /// the reader does not do).
    pub fn refuse(&mut self, key: &str, message: &str) {
        if self.map.remove(key).is_some() {
            self.problems.push(format!("{key}: {message}"));
        }
    }

    /// Note a problem with `key` unless `ok`.
    pub fn check(&mut self, ok: bool, key: &str, message: &str) {
        if !ok {
            self.problems.push(format!("{key}: {message}"));
        }
    }

    /// The problems, with every key not taken named as unknown (`why` says why that is
    /// an error).
    pub fn finish(mut self, why: &str) -> Vec<String> {
        for key in self.map.keys() {
            let key = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), String::from);
            self.problems.push(format!("{key}: unknown key ({why})"));
        }
        self.problems
    }
}
