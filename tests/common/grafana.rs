//! The Grafana dashboards of `grafana/dashboards/*.json` as the tests read them: their
//! panels (those nested in collapsed rows too), the PromQL of their targets, their
//! template variables, Grafana's `$variable` substitution, and the recording rules of
//! `prometheus/rules.yml` that panels query by name.

use super::repo;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The uid every panel's datasource has: the Prometheus of
/// `grafana/provisioning/datasources/`.
pub const DATASOURCE_UID: &str = "kafka-lab-prometheus";

/// Width of Grafana's grid, in columns.
pub const GRID_WIDTH: u64 = 24;

/// Grafana's own variables that the dashboards may use, with the values the panel test
/// (`tests/panels.rs`) gives them; `tests/dashboards.rs` refuses any other.
pub const BUILTIN_VALUES: &[(&str, &str)] = &[
    ("__rate_interval", "15s"),
    ("__interval", "5s"),
    ("__range", "1m"),
];

/// One dashboard file.
pub struct Dashboard {
    pub path: PathBuf,
    pub json: Value,
}

/// Every `grafana/dashboards/*.json`, parsed, sorted by path; panics naming a file that
/// is not JSON.
pub fn dashboards() -> Vec<Dashboard> {
    let folder = repo().join("grafana/dashboards");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("dashboard folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let json = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            Dashboard { path, json }
        })
        .collect()
}

impl Dashboard {
    /// The file name, for messages.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// The panels laid out together on the grid: the top-level ones (rows included)
    /// first, then the panels of each collapsed row, one group per row.
    pub fn panel_groups(&self) -> Vec<Vec<&Value>> {
        let top: Vec<&Value> = array(&self.json["panels"]).collect();
        let nested = top
            .iter()
            .filter(|panel| is_row(panel))
            .map(|row| array(&row["panels"]).collect::<Vec<_>>())
            .filter(|group| !group.is_empty());
        std::iter::once(top.clone()).chain(nested).collect()
    }

    /// Every panel, rows included, with the panels nested in collapsed rows.
    pub fn panels(&self) -> Vec<&Value> {
        self.panel_groups().into_iter().flatten().collect()
    }

    /// Every panel that shows data (not a row).
    pub fn data_panels(&self) -> Vec<&Value> {
        self.panels().into_iter().filter(|p| !is_row(p)).collect()
    }

    /// The template variables.
    pub fn variables(&self) -> Vec<&Value> {
        array(&self.json["templating"]["list"]).collect()
    }
}

fn array(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

pub fn is_row(panel: &Value) -> bool {
    panel["type"] == "row"
}

pub fn title(panel: &Value) -> &str {
    panel["title"].as_str().unwrap_or("(untitled)")
}

/// The targets (queries) of a panel.
pub fn targets(panel: &Value) -> Vec<&Value> {
    array(&panel["targets"]).collect()
}

/// The PromQL of each target of a panel (empty when a target has none).
pub fn exprs(panel: &Value) -> Vec<&str> {
    targets(panel)
        .into_iter()
        .map(|target| target["expr"].as_str().unwrap_or(""))
        .collect()
}

/// The query of a template variable: Grafana stores it as a string, or (since 10) as
/// an object with a `query` field.
pub fn variable_query(variable: &Value) -> Option<&str> {
    match &variable["query"] {
        Value::String(query) => Some(query.as_str()),
        query => query["query"].as_str(),
    }
    .filter(|q| !q.is_empty())
}

/// `label_values(SELECTOR, LABEL)` or `label_values(LABEL)`: the selector (if any) and
/// the label a template variable offers the values of.
pub fn label_values(query: &str) -> Option<(Option<&str>, &str)> {
    let args = query
        .trim()
        .strip_prefix("label_values(")?
        .strip_suffix(')')?;
    Some(match args.rsplit_once(',') {
        Some((selector, label)) => (Some(selector.trim()), label.trim()),
        None => (None, args.trim()),
    })
}

/// The names of the variables `text` refers to: `$name`, `${name}` and
/// `${name:format}`, Grafana's own (`__rate_interval`, ...) included.
pub fn references(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    scan(text, |name, _| {
        names.insert(name.to_string());
        None
    });
    names
}

/// `text` with each variable of `values` (name without `$`, value) replaced by its
/// value, in the `$name`, `${name}` and `${name:format}` forms; other variables stay.
/// `$__range` is not a prefix match: `$__range_s` is another variable.
pub fn substitute(text: &str, values: &[(&str, &str)]) -> String {
    scan(text, |name, _| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    })
}

/// Walk `text`, calling `replace(name, original)` on each variable reference; its
/// `Some` replaces the reference, `None` keeps it.
fn scan(text: &str, mut replace: impl FnMut(&str, &str) -> Option<String>) -> String {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => {
                    let inner = &braced[..end];
                    (inner.split(':').next().unwrap_or(inner), end + 2)
                }
                None => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            (&after[..end], end)
        };
        let original = &rest[at..at + 1 + len];
        match (!name.is_empty())
            .then(|| replace(name, original))
            .flatten()
        {
            Some(value) => out.push_str(&value),
            None => out.push_str(original),
        }
        rest = &rest[at + 1 + len..];
    }
    out.push_str(rest);
    out
}

/// The names a PromQL expression mentions outside its string literals and range
/// brackets: metric names, recording rules, functions and keywords alike (callers
/// look for the names they know).
pub fn names_in(expr: &str) -> BTreeSet<String> {
    let mut bare = String::with_capacity(expr.len());
    let mut quote = None;
    let mut in_range = false;
    let mut escaped = false;
    for c in expr.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                bare.push(' ');
            }
            None if in_range => {
                in_range = c != ']';
                bare.push(' ');
            }
            None => {
                match c {
                    '"' | '\'' | '`' => quote = Some(c),
                    '[' => in_range = true,
                    _ => {}
                }
                bare.push(if quote.is_some() || in_range { ' ' } else { c });
            }
        }
    }
    bare.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .filter(|token| token.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// The recording rules of `prometheus/rules.yml`, (record, expr), read line by line:
/// each `record:` with the `expr:` that follows it (one-line expressions, as there).
pub fn recording_rules() -> Vec<(String, String)> {
    let path = repo().join("prometheus/rules.yml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rules = Vec::new();
    let mut record: Option<String> = None;
    for line in text.lines() {
        let line = line.trim().trim_start_matches("- ");
        if let Some(name) = line.strip_prefix("record:") {
            record = Some(unquote(name));
        } else if let Some(expr) = line.strip_prefix("expr:") {
            if let Some(name) = record.take() {
                rules.push((name, unquote(expr)));
            }
        } else if line.starts_with("alert:") {
            record = None;
        }
    }
    rules
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
        .to_string()
}
