//! Every panel of every dashboard (`grafana/dashboards/*.json`) shows data: a daemon runs
//! on a real broker, a real Prometheus scrapes it with the repo's `prometheus.yml` (its
//! target and intervals changed for the test) and evaluates the repo's `rules.yml`, and
//! each panel query, its variables substituted, returns at least one series; so does
//! each on a second Prometheus that only scrapes the daemon (no rule files), as where
//! the dashboard is imported without the rules. The
//! dashboards' template variables offer the daemon's topic and partitions, and every
//! recording rule returns a series. Needs a broker and the `prometheus` binary
//! (Debian's package; `KAFKA_LAB_TEST_PROMETHEUS` names another).

mod common;

use common::daemon::*;
use common::grafana::{self, BUILTIN_VALUES};
use common::prometheus::{url_encode, Prometheus};
use common::*;

use std::time::{Duration, Instant};

/// How long the queries have to return series once Prometheus scrapes the daemon.
const DEADLINE: Duration = Duration::from_secs(60);

/// The repo's `prometheus/prometheus.yml` made to scrape `scrape` every second,
/// evaluate rules every second, and load the repo's rule files by absolute path, or,
/// without `rules`, none (a Prometheus that only scrapes the daemon).
fn prometheus_config(scrape: &str, rules: bool) -> String {
    let template_path = repo().join("prometheus/prometheus.yml");
    let template = std::fs::read_to_string(&template_path).expect("prometheus/prometheus.yml");
    let (mut intervals, mut rule_files, mut in_rule_files) = (0, 0, false);
    let mut config: Vec<String> = Vec::new();
    for line in template.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("scrape_interval:") || trimmed.starts_with("evaluation_interval:") {
            let key = trimmed.split(':').next().unwrap_or_default();
            config.push(format!("{indent}{key}: 1s"));
            intervals += 1;
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with('-') && !trimmed.is_empty() {
            in_rule_files = trimmed.starts_with("rule_files:");
        }
        match trimmed.strip_prefix("- ") {
            Some(_) if in_rule_files && !rules => rule_files += 1,
            Some(file) if in_rule_files => {
                let path = repo()
                    .join("prometheus")
                    .join(file.trim().trim_matches('"'));
                config.push(format!("{indent}- {:?}", path.display().to_string()));
                rule_files += 1;
            }
            _ if in_rule_files && !rules => {}
            _ => config.push(line.to_string()),
        }
    }
    let config = config.join("\n");
    assert_eq!(
        intervals, 2,
        "{template_path:?}: scrape_interval and evaluation_interval"
    );
    assert!(rule_files > 0, "{template_path:?}: no rule_files");
    assert_eq!(
        config.matches("kafka-lab:9464").count(),
        1,
        "{template_path:?}: one scrape target kafka-lab:9464"
    );
    config.replace("kafka-lab:9464", scrape)
}

/// One query the test waits on: a panel's target or a recording rule, on one of the
/// Prometheus servers.
struct Query {
    on: usize,
    what: String,
    expr: String,
    series: usize,
}

#[test]
#[ignore = "needs a Kafka broker (KAFKA_LAB_TEST_BROKERS) and Prometheus; CI runs it"]
fn every_panel_shows_series_of_a_running_daemon() {
    needs(
        "KAFKA_LAB_TEST_BROKERS",
        "a Kafka broker for a daemon at 2,000 records/s",
    );
    let Some(binary) = program(
        "KAFKA_LAB_TEST_PROMETHEUS",
        "prometheus",
        "Debian's prometheus package",
    ) else {
        return;
    };
    let broker = Broker::new();
    let topic = random_topic("panels");
    let (_state_dir, state) = temp_dir();
    // A target rate, so that the schedule delay is measured; two partitions.
    let mut daemon = Daemon::start(
        &broker,
        &topic,
        &state,
        &[
            ("KAFKA_LAB_GENERATOR__RATE", "2000"),
            ("KAFKA_LAB_PIPELINE__PARTITIONS", "2"),
        ],
    );
    // The panels show data with the repo's recording rules loaded and without them (a
    // Prometheus that only scrapes the daemon, as where the dashboard is imported alone).
    let servers = [("with rules.yml", true), ("without rules.yml", false)].map(|(name, rules)| {
        let config = prometheus_config(&daemon.metrics, rules);
        (name, Prometheus::start(&binary, &config))
    });
    let prometheus = &servers[0].1;

    let mut values: Vec<(&str, &str)> = vec![("topic", &topic), ("partition", ".*")];
    values.extend_from_slice(BUILTIN_VALUES);
    let dashboards = grafana::dashboards();
    let mut queries: Vec<Query> = Vec::new();
    for (on, (server, _)) in servers.iter().enumerate() {
        for dashboard in &dashboards {
            for panel in dashboard.data_panels() {
                for expr in grafana::exprs(panel) {
                    let expr = grafana::substitute(expr, &values);
                    assert!(
                        grafana::references(&expr).is_empty(),
                        "{}: panel {:?}: variables left in {expr}",
                        dashboard.name(),
                        grafana::title(panel)
                    );
                    queries.push(Query {
                        on,
                        what: format!("{server}: {}: {}", dashboard.name(), grafana::title(panel)),
                        expr,
                        series: 0,
                    });
                }
            }
        }
    }
    for (record, _) in grafana::recording_rules() {
        queries.push(Query {
            on: 0,
            what: format!("recording rule {record}"),
            expr: format!("{record}{{topic=\"{topic}\"}}"),
            series: 0,
        });
    }

    // Poll every query still empty until each returns a series, or the deadline.
    let end = Instant::now() + DEADLINE;
    loop {
        for query in queries.iter_mut().filter(|q| q.series == 0) {
            query.series = servers[query.on]
                .1
                .series(&query.expr)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", query.what, query.expr));
        }
        let empty: Vec<String> = queries
            .iter()
            .filter(|q| q.series == 0)
            .map(|q| format!("  {}: {}", q.what, q.expr))
            .collect();
        if empty.is_empty() {
            break;
        }
        if Instant::now() >= end {
            panic!(
                "no series within {DEADLINE:?} for:\n{}\nscrape targets: {}; {}\ndaemon: {}",
                empty.join("\n"),
                servers[0].1.scrape_health(),
                servers[1].1.scrape_health(),
                match daemon.child.try_wait() {
                    Ok(Some(status)) => format!("exited ({status})"),
                    _ => format!("running, /readyz {}", daemon.get("/readyz").0),
                }
            );
        }
        std::thread::sleep(Duration::from_millis(500));
    }

    // The template variables offer the daemon's topic and its partitions.
    for dashboard in &dashboards {
        for variable in dashboard.variables() {
            let Some(query) = grafana::variable_query(variable) else {
                continue;
            };
            let name = variable["name"].as_str().unwrap_or("?");
            let (selector, label) = grafana::label_values(query)
                .unwrap_or_else(|| panic!("variable {name}: {query} is not label_values(...)"));
            let selector = selector.map(|s| grafana::substitute(s, &values));
            let offered = eventually(
                &format!("variable {name} ({query}) offers values"),
                Duration::from_secs(30),
                || {
                    let offered = prometheus
                        .label_values(label, selector.as_deref())
                        .unwrap_or_else(|e| panic!("variable {name}: {query}: {e}"));
                    (!offered.is_empty()).then_some(offered)
                },
            );
            println!("variable {name}: {offered:?}");
            let wanted: Vec<&str> = match name {
                "topic" => vec![&topic],
                "partition" => vec!["0", "1"],
                _ => vec![],
            };
            for value in wanted {
                assert!(
                    offered.iter().any(|o| o == value),
                    "{}: variable {name} ({query}) does not offer {value}: {offered:?}",
                    dashboard.name()
                );
            }
        }
    }

    // What each panel shows now.
    let mut panel_series: Vec<(String, Vec<usize>)> = Vec::new();
    for query in &queries {
        let series = servers[query.on].1.series(&query.expr).unwrap_or(0);
        match panel_series.last_mut() {
            Some((what, counts)) if *what == query.what => counts.push(series),
            _ => panel_series.push((query.what.clone(), vec![series])),
        }
    }
    for (what, counts) in panel_series {
        let total: usize = counts.iter().sum();
        let each: Vec<String> = counts.iter().map(usize::to_string).collect();
        println!("{what}: {total} series ({})", each.join(" + "));
    }
}

#[test]
fn the_test_config_scrapes_the_daemon_every_second_with_the_repo_rules() {
    let config = prometheus_config("127.0.0.1:1234", true);
    assert!(config.contains("\"127.0.0.1:1234\""), "{config}");
    assert!(config.contains("scrape_interval: 1s"), "{config}");
    assert!(config.contains("evaluation_interval: 1s"), "{config}");
    let rules = repo().join("prometheus/rules.yml");
    assert!(rules.is_absolute());
    assert!(
        config.contains(&format!("{:?}", rules.display().to_string())),
        "{config}"
    );
    let bare = prometheus_config("127.0.0.1:1234", false);
    let rules_path = format!("{:?}", rules.display().to_string());
    assert!(
        !bare.contains("rule_files:") && !bare.contains(&rules_path),
        "{bare}"
    );
    assert!(bare.contains("\"127.0.0.1:1234\""), "{bare}");
}

#[test]
fn url_encoding_keeps_only_unreserved_bytes() {
    assert_eq!(
        url_encode(r#"sum(rate(a{t="x", p=~".*"}[1m])) + é"#),
        "sum%28rate%28a%7Bt%3D%22x%22%2C%20p%3D~%22.%2A%22%7D%5B1m%5D%29%29%20%2B%20%C3%A9"
    );
}
