//! Experiment presets (`config/experiments/*.toml`), run by `kafka-lab bench run`: one
//! `bench produce` or `bench e2e` per step, its flags written as TOML keys (the flag's
//! name without `--`), each step's over the preset's:
//!
//! ```toml
//! description = "Producer throughput against latency at rising target rates"
//! bench = "produce"                # or "e2e"
//! [flags]                          # every step's
//! records = 300000
//! record-size = 100
//! [[steps]]
//! name = "10k"                     # results in OUT/10k.json
//! throughput = 10000
//! ```
//!
//! A step's topic is `topic` if given, else `kafka-lab-<preset>-<step>`, so steps with
//! other partition counts never share one. Each step becomes a command line that the
//! command line parser checks like any other, every step before the first runs.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Which bench command the steps run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Produce,
    E2e,
}

/// One step: its name and its flags.
#[derive(Debug, Deserialize)]
pub struct Step {
    pub name: String,
    #[serde(flatten)]
    pub flags: toml::Table,
}

/// A preset as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub description: Option<String>,
    pub bench: Kind,
    #[serde(default)]
    pub flags: toml::Table,
    pub steps: Vec<Step>,
}

/// One step ready to run: its name, the arguments after `kafka-lab`, its results file.
#[derive(Debug, Clone)]
pub struct Planned {
    pub name: String,
    pub args: Vec<String>,
    pub results: PathBuf,
}

impl Preset {
    /// Read the preset at `path`.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let preset: Self = toml::from_str(&text).map_err(|e| e.to_string())?;
        if preset.steps.is_empty() {
            return Err("no [[steps]]".into());
        }
        let mut names = BTreeSet::new();
        for step in &preset.steps {
            let safe = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
            if step.name.is_empty() || !step.name.chars().all(safe) {
                return Err(format!(
                    "step name '{}': use ASCII letters, digits, '.', '_', '-' (it names a file)",
                    step.name
                ));
            }
            if !names.insert(&step.name) {
                return Err(format!("two steps are named '{}'", step.name));
            }
        }
        Ok(preset)
    }

    /// The steps' command lines (after `kafka-lab` and its global flags), their results
    /// going to `out`; `stem` names the default topics.
    pub fn plan(&self, stem: &str, out: &Path) -> Result<Vec<Planned>, String> {
        self.steps
            .iter()
            .map(|step| {
                let mut flags = self.flags.clone();
                flags.extend(step.flags.clone());
                let topic = match flags.remove("topic") {
                    Some(toml::Value::String(topic)) => topic,
                    Some(other) => {
                        return Err(format!(
                            "step '{}': topic = {other} is not a string",
                            step.name
                        ))
                    }
                    None => format!("kafka-lab-{stem}-{}", step.name),
                };
                let kind = match self.bench {
                    Kind::Produce => "produce",
                    Kind::E2e => "e2e",
                };
                let mut args = vec!["bench".to_string(), kind.into(), topic];
                for (key, value) in flags {
                    let value = match value {
                        toml::Value::String(s) => s,
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(f) => f.to_string(),
                        other => {
                            return Err(format!(
                                "step '{}': {key} = {other}: a flag takes a string or a number",
                                step.name
                            ))
                        }
                    };
                    args.push(format!("--{key}"));
                    args.push(value);
                }
                let results = out.join(format!("{}.json", step.name));
                args.push("--output".into());
                args.push(results.display().to_string());
                Ok(Planned {
                    name: step.name.clone(),
                    args,
                    results,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(text: &str) -> Result<Preset, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn steps_override_the_presets_flags_and_get_topics_and_results() {
        let p = preset(
            r#"
            bench = "produce"
            [flags]
            records = 1000
            record-size = 100
            [[steps]]
            name = "slow"
            throughput = 10.5
            [[steps]]
            name = "big"
            records = 5
            topic = "mine"
            "#,
        )
        .unwrap();
        let plan = p.plan("sweep", Path::new("/out")).unwrap();
        assert_eq!(
            plan[0].args.join(" "),
            "bench produce kafka-lab-sweep-slow --record-size 100 --records 1000 --throughput 10.5 --output /out/slow.json"
        );
        assert_eq!(
            plan[1].args.join(" "),
            "bench produce mine --record-size 100 --records 5 --output /out/big.json"
        );
        assert_eq!(plan[1].results, Path::new("/out/big.json"));
    }

    #[test]
    fn unknown_keys_and_flag_values_that_are_not_numbers_or_text_are_refused() {
        let err = preset("bench = \"produce\"\nflgs = 1\n[[steps]]\nname = \"a\"").unwrap_err();
        assert!(err.contains("flgs"), "{err}");
        let err = preset("bench = \"sideways\"\n[[steps]]\nname = \"a\"").unwrap_err();
        assert!(err.contains("sideways"), "{err}");
        let p = preset("bench = \"e2e\"\n[[steps]]\nname = \"a\"\nthroughput = [1]").unwrap();
        let err = p.plan("x", Path::new(".")).unwrap_err();
        assert!(err.contains("step 'a': throughput"), "{err}");
    }
}
