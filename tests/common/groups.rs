//! Groups seen by kafka-lab and by Kafka 4's own group tools, view by view, and a
//! group's configs set with Kafka's ConfigCommand.

use super::*;
use std::time::Duration;

/// What `kafka-lab group describe GROUP VIEW...` prints: stdout, stderr.
pub fn described_by_us(group: &str, view: &[&str]) -> (String, String) {
    let out = run(kafka_lab_on_broker()
        .args(["group", "describe", group])
        .args(view));
    assert!(out.status.success(), "{out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// What Kafka 4's `tool` (`consumer-groups` or `share-groups`) prints for
/// `--describe --group GROUP VIEW...`.
pub fn described_by_kafka(tool: &str, group: &str, view: &[&str]) -> String {
    let mut args = vec![
        tool,
        "--bootstrap-server",
        brokers(),
        "--describe",
        "--group",
        group,
    ];
    args.extend(view);
    kafka_tool("4", &args)
}

/// Every view of `group`, as `tool` prints it and as kafka-lab does, until they agree
/// (a share group's start offsets move for a while after the records were read).
pub fn every_view_agrees(tool: &str, group: &str) {
    for view in [
        &[][..],
        &["--offsets", "--verbose"],
        &["--members"],
        &["--members", "--verbose"],
        &["--state"],
        &["--state", "--verbose"],
    ] {
        let (ours, theirs) = eventually(
            &format!("{view:?} agrees with kafka-{tool}"),
            Duration::from_secs(60),
            || {
                let theirs = described_by_kafka(tool, group, view);
                let (ours, _) = described_by_us(group, view);
                (ours == theirs).then_some((ours, theirs))
            },
        );
        println!("{view:?}\ntheirs:{theirs}\nours:{ours}");
        assert!(!ours.trim().is_empty(), "{view:?} shows a table");
    }
}

/// Set `configs` (`key=value,...`) of `group` with Kafka 4's ConfigCommand (a share
/// group's start, a consumer group's session timeout, ...).
pub fn alter_group_config(group: &str, configs: &str) {
    kafka_tool(
        "4",
        &[
            "configs",
            "--bootstrap-server",
            brokers(),
            "--alter",
            "--entity-type",
            "groups",
            "--entity-name",
            group,
            "--add-config",
            configs,
        ],
    );
}
