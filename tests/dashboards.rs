//! The Grafana dashboards (`grafana/dashboards/*.json`) and provisioning files, checked
//! without a broker: they parse, panel ids are unique, every panel queries the
//! provisioned Prometheus, grid positions do not overlap, every panel says what it shows
//! and in which unit, queries use only variables the dashboard defines, and every
//! metric of the README's table and of `kafka_lab::metrics::ALL` is drawn by some panel
//! (directly or through a recording rule of `prometheus/rules.yml`). `tests/panels.rs`
//! runs the same queries against a Prometheus scraping a daemon.

mod common;

use common::grafana::{self, Dashboard, BUILTIN_VALUES, DATASOURCE_UID, GRID_WIDTH};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

fn dashboards() -> Vec<Dashboard> {
    let dashboards = grafana::dashboards();
    assert!(!dashboards.is_empty(), "no grafana/dashboards/*.json");
    dashboards
}

/// Every `key: value` line of the YAML files of `grafana/provisioning/<kind>/`.
fn provisioning_values(kind: &str, key: &str) -> Vec<String> {
    let folder = common::repo().join("grafana/provisioning").join(kind);
    let mut values = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
    {
        let path = entry.expect("provisioning entry").path();
        if !path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("provisioning file");
        values.extend(text.lines().filter_map(|line| {
            let line = line.split('#').next().unwrap_or("").trim();
            let value = line.trim_start_matches("- ").strip_prefix(key)?;
            Some(
                value
                    .strip_prefix(':')?
                    .trim()
                    .trim_matches('"')
                    .to_string(),
            )
        }));
    }
    values
}

#[test]
fn dashboards_parse_with_a_uid_a_title_and_panels() {
    let mut uids = BTreeSet::new();
    for dashboard in dashboards() {
        let name = dashboard.name();
        let uid = dashboard.json["uid"].as_str().unwrap_or("");
        assert!(!uid.is_empty(), "{name}: no uid");
        assert!(uids.insert(uid.to_string()), "{name}: uid {uid} used twice");
        assert!(
            dashboard.json["title"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{name}: no title"
        );
        assert!(
            dashboard.json["schemaVersion"].as_u64().is_some(),
            "{name}: no schemaVersion"
        );
        assert!(!dashboard.data_panels().is_empty(), "{name}: no panel");
    }
}

#[test]
fn panel_ids_are_unique() {
    for dashboard in dashboards() {
        let mut seen = BTreeMap::new();
        for panel in dashboard.panels() {
            let title = grafana::title(panel);
            let id = panel["id"]
                .as_u64()
                .unwrap_or_else(|| panic!("{}: panel {title:?} has no id", dashboard.name()));
            if let Some(other) = seen.insert(id, title) {
                panic!(
                    "{}: panels {other:?} and {title:?} both have id {id}",
                    dashboard.name()
                );
            }
        }
    }
}

#[test]
fn provisioning_names_the_datasource_uid_and_the_dashboards_folder() {
    assert_eq!(
        provisioning_values("datasources", "uid"),
        [DATASOURCE_UID],
        "grafana/provisioning/datasources: one datasource, with the uid the panels use"
    );
    assert_eq!(provisioning_values("datasources", "type"), ["prometheus"]);
    assert_eq!(
        provisioning_values("dashboards", "path"),
        ["/var/lib/grafana/dashboards"],
        "grafana/provisioning/dashboards: loads where the compose file mounts grafana/dashboards"
    );
}

#[test]
fn every_panel_and_target_queries_the_provisioned_prometheus() {
    let datasource = json!({"type": "prometheus", "uid": DATASOURCE_UID});
    let mut wrong = Vec::new();
    for dashboard in dashboards() {
        let name = dashboard.name();
        for panel in dashboard.data_panels() {
            let title = grafana::title(panel);
            if panel["datasource"] != datasource {
                wrong.push(format!(
                    "{name}: panel {title:?}: datasource {}",
                    panel["datasource"]
                ));
            }
            let targets = grafana::targets(panel);
            if targets.is_empty() {
                wrong.push(format!("{name}: panel {title:?} has no target"));
            }
            for target in targets {
                let expr = target["expr"].as_str().unwrap_or("");
                if expr.trim().is_empty() {
                    wrong.push(format!("{name}: panel {title:?}: a target without expr"));
                }
                if target["datasource"] != datasource {
                    wrong.push(format!(
                        "{name}: panel {title:?}: target {expr:?}: datasource {}",
                        target["datasource"]
                    ));
                }
            }
        }
        for variable in dashboard.variables() {
            if variable["type"] == "query" && variable["datasource"] != datasource {
                wrong.push(format!(
                    "{name}: variable {}: datasource {}",
                    variable["name"], variable["datasource"]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "want datasource {datasource}:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn grid_positions_fit_the_grid_and_do_not_overlap() {
    for dashboard in dashboards() {
        let name = dashboard.name();
        for group in dashboard.panel_groups() {
            let boxes: Vec<(&str, [u64; 4])> = group
                .iter()
                .map(|panel| {
                    let title = grafana::title(panel);
                    let at = |key: &str| {
                        panel["gridPos"][key].as_u64().unwrap_or_else(|| {
                            panic!("{name}: panel {title:?}: gridPos.{key} missing")
                        })
                    };
                    let [x, y, w, h] = [at("x"), at("y"), at("w"), at("h")];
                    assert!(w > 0 && h > 0, "{name}: panel {title:?}: empty gridPos");
                    assert!(
                        x + w <= GRID_WIDTH,
                        "{name}: panel {title:?}: x {x} + w {w} is past the grid's {GRID_WIDTH} columns"
                    );
                    (title, [x, y, w, h])
                })
                .collect();
            for (i, (a, [ax, ay, aw, ah])) in boxes.iter().enumerate() {
                for (b, [bx, by, bw, bh]) in &boxes[i + 1..] {
                    let overlap =
                        ax < &(bx + bw) && bx < &(ax + aw) && ay < &(by + bh) && by < &(ay + ah);
                    assert!(!overlap, "{name}: panels {a:?} and {b:?} overlap");
                }
            }
        }
    }
}

#[test]
fn every_panel_has_a_description_a_unit_and_thresholds() {
    let mut missing = Vec::new();
    for dashboard in dashboards() {
        for panel in dashboard.data_panels() {
            let title = grafana::title(panel);
            let defaults = &panel["fieldConfig"]["defaults"];
            if panel["description"]
                .as_str()
                .is_none_or(|d| d.trim().is_empty())
            {
                missing.push(format!("{}: {title:?}: description", dashboard.name()));
            }
            if defaults["unit"].as_str().is_none_or(str::is_empty) {
                missing.push(format!(
                    "{}: {title:?}: fieldConfig.defaults.unit",
                    dashboard.name()
                ));
            }
            if defaults["thresholds"]["steps"]
                .as_array()
                .is_none_or(Vec::is_empty)
            {
                missing.push(format!(
                    "{}: {title:?}: fieldConfig.defaults.thresholds",
                    dashboard.name()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

/// The metric names of the README's table (its rows starting with "| `kafka_lab_").
fn readme_metrics() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README.md");
    let names = metric_table(&readme);
    assert!(!names.is_empty(), "README.md: no metric table");
    names
}

/// The names in backquotes in the first cell of the rows starting with "| `kafka_lab_".
fn metric_table(markdown: &str) -> BTreeSet<String> {
    markdown
        .lines()
        .filter(|line| line.starts_with("| `kafka_lab_"))
        .flat_map(|line| {
            let cell = line.split('|').nth(1).unwrap_or("");
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every name the panels' queries mention, and those of the recording rules they use.
fn names_drawn() -> BTreeSet<String> {
    let rules: BTreeMap<String, String> = grafana::recording_rules().into_iter().collect();
    let mut names = BTreeSet::new();
    for dashboard in dashboards() {
        for panel in dashboard.data_panels() {
            for expr in grafana::exprs(panel) {
                for name in grafana::names_in(expr) {
                    if let Some(rule) = rules.get(&name) {
                        names.extend(grafana::names_in(rule));
                    }
                    names.insert(name);
                }
            }
        }
    }
    names
}

#[test]
fn every_documented_metric_appears_in_a_panel() {
    let drawn = names_drawn();
    let exported: BTreeSet<String> = kafka_lab::metrics::ALL
        .iter()
        .map(|(name, _, _)| name.to_string())
        .collect();
    let missing: Vec<String> = readme_metrics()
        .union(&exported)
        .filter(|name| {
            !["", "_bucket", "_sum", "_count"]
                .iter()
                .any(|suffix| drawn.contains(&format!("{name}{suffix}")))
        })
        .cloned()
        .collect();
    assert!(
        missing.is_empty(),
        "metrics no panel draws (README table, kafka_lab::metrics::ALL): {missing:?}"
    );
}

#[test]
fn recording_rules_the_panels_query_exist() {
    let rules: BTreeSet<String> = grafana::recording_rules()
        .into_iter()
        .map(|(record, _)| record)
        .collect();
    assert!(!rules.is_empty(), "prometheus/rules.yml: no recording rule");
    for dashboard in dashboards() {
        for panel in dashboard.data_panels() {
            for expr in grafana::exprs(panel) {
                for name in grafana::names_in(expr) {
                    assert!(
                        !name.contains(':') || rules.contains(&name),
                        "{}: panel {:?} queries {name}, which prometheus/rules.yml does not record",
                        dashboard.name(),
                        grafana::title(panel)
                    );
                }
            }
        }
    }
}

#[test]
fn queries_use_only_the_dashboards_variables() {
    for dashboard in dashboards() {
        let mut known: BTreeSet<String> = BUILTIN_VALUES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect();
        for variable in dashboard.variables() {
            let name = variable["name"].as_str().expect("a variable has a name");
            let query = grafana::variable_query(variable);
            if variable["type"] == "query" {
                let query = query.unwrap_or_else(|| panic!("variable {name}: no query"));
                assert!(
                    grafana::label_values(query).is_some(),
                    "variable {name}: {query:?} is not label_values(...), which tests/panels.rs evaluates"
                );
                // A variable may refer to the ones defined before it.
                for used in grafana::references(query) {
                    assert!(
                        known.contains(&used),
                        "variable {name} uses ${used}, defined after it or not at all"
                    );
                }
            }
            known.insert(name.to_string());
        }
        for panel in dashboard.data_panels() {
            for expr in grafana::exprs(panel) {
                for used in grafana::references(expr) {
                    assert!(
                        known.contains(&used),
                        "{}: panel {:?} uses ${used}, which is neither a variable of the dashboard nor one of {BUILTIN_VALUES:?}",
                        dashboard.name(),
                        grafana::title(panel)
                    );
                }
            }
        }
    }
}

#[test]
fn variables_are_substituted_by_whole_names() {
    let values = [("topic", "t"), ("__range", "1m"), ("partition", ".*")];
    assert_eq!(
        grafana::substitute(
            r#"x{topic="$topic", partition=~"${partition}"}[$__range] $__range_s ${topic:raw} $"#,
            &values
        ),
        r#"x{topic="t", partition=~".*"}[1m] $__range_s t $"#
    );
    assert_eq!(
        grafana::references("rate(a[$__rate_interval]) / ${b} $c_d"),
        ["__rate_interval", "b", "c_d"]
            .map(String::from)
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        grafana::names_in(r#"sum by (le) (rate(a_bucket{topic="x:y"}[5m:1s])) - r:b:rate1m"#),
        ["a_bucket", "by", "le", "r:b:rate1m", "rate", "sum", "topic"]
            .map(String::from)
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        grafana::label_values(r#"label_values(m{topic="$topic"}, partition)"#),
        Some((Some(r#"m{topic="$topic"}"#), "partition"))
    );
    assert_eq!(
        grafana::label_values("label_values(topic)"),
        Some((None, "topic"))
    );
    let value: Value = json!({"query": {"query": "label_values(topic)"}});
    assert_eq!(grafana::variable_query(&value), Some("label_values(topic)"));
    let value: Value = json!({"query": "label_values(topic)"});
    assert_eq!(grafana::variable_query(&value), Some("label_values(topic)"));
}

#[test]
fn the_metric_table_is_read_from_the_first_cells() {
    let table = "| metric | type |\n| --- | --- |\n\
                 | `kafka_lab_a_total` | counter | `topic` |\n\
                 | `kafka_lab_b`, `kafka_lab_c` | gauge | |\n\
                 text `kafka_lab_d`\n";
    assert_eq!(
        metric_table(table),
        ["kafka_lab_a_total", "kafka_lab_b", "kafka_lab_c"]
            .map(String::from)
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
}
