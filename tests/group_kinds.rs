//! Groups of Kafka 4's other kinds, as Kafka 4.4's own tools show them, line for line:
//! a consumer group of the KIP-848 protocol (Kafka's console consumer with
//! `group.protocol=consumer`) as `kafka-consumer-groups` describes it, and a share
//! group (Kafka's console share consumer) as `kafka-share-groups` describes it; each
//! in every view (`--offsets`, `--members`, `--state`, each `--verbose`), listed with
//! its type, and again once its member left.

mod common;

use common::groups::*;
use common::java::JavaClient;
use common::*;
use std::time::Duration;

/// For a test against Apache Kafka 4's tools: a new 4-partition topic named after
/// `name` holding 1000 records (250 in each partition), and a group name.
fn with_kafka_4(name: &str) -> (String, String) {
    let version = needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka 4 from scripts/kafka.sh and its group tools",
    );
    assert_eq!(
        version, "4",
        "consumer-protocol and share groups need Kafka 4"
    );
    let topic = random_topic(name);
    let group = random_topic(&format!("{name}-group"));
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "4"]));
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "1000"]));
    (topic, group)
}

/// The words of the line of `group` in a `--list` table.
fn listed(table: &str, group: &str) -> Vec<String> {
    table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(group))
        .unwrap_or_else(|| panic!("{group} is not listed:\n{table}"))
        .split_whitespace()
        .map(String::from)
        .collect()
}

#[test]
#[ignore = "needs Apache Kafka 4 from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION=4); CI runs it"]
fn a_consumer_protocol_group_is_described_as_kafka_consumer_groups_describes_it() {
    let (topic, group) = with_kafka_4("kip848");
    let consumer = JavaClient::start(
        "4",
        &[
            "console-consumer",
            "--bootstrap-server",
            brokers(),
            "--topic",
            &topic,
            "--group",
            &group,
            "--from-beginning",
            "--consumer-property",
            "group.protocol=consumer",
            "--consumer-property",
            "client.id=java-kip848",
            "--consumer-property",
            "auto.commit.interval.ms=500",
        ],
    );
    consumer.printed(1000, Duration::from_secs(60));
    eventually("every record committed", Duration::from_secs(60), || {
        let json =
            ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let committed: i64 = json["partitions"]
            .as_array()?
            .iter()
            .filter_map(|p| p["current_offset"].as_i64())
            .sum();
        (committed == 1000).then_some(())
    });
    every_view_agrees("consumer-groups", &group);

    let json = ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["type"], "Consumer", "{json}");
    assert_eq!(json["state"], "Stable", "{json}");
    assert_eq!(json["protocol"], "uniform", "{json}");
    let member = &json["members"][0];
    assert_eq!(member["client_id"], "java-kip848", "{json}");
    assert!(member["member_epoch"].as_i64().unwrap() > 0, "{json}");
    assert_eq!(member["assignment"].as_array().unwrap().len(), 4, "{json}");

    // Listed with its type, as `--list --type --state` lists it.
    let list = |tool: &[&str], ours: &[&str]| {
        let mut args = vec!["consumer-groups", "--bootstrap-server", brokers(), "--list"];
        args.extend(tool);
        let theirs = kafka_tool("4", &args);
        let ours = ok(kafka_lab_on_broker().args(["group", "list"]).args(ours));
        assert_eq!(listed(&ours, &group), listed(&theirs, &group));
        ours
    };
    let ours = list(&["--type", "--state"], &[]);
    assert_eq!(
        listed(&ours, &group),
        [group.as_str(), "Consumer", "Stable"]
    );
    assert_eq!(
        ours.lines()
            .next()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["GROUP", "TYPE", "STATE"]
    );
    list(
        &["--type", "consumer", "--state", "stable"],
        &["--type", "consumer", "--state", "stable"],
    );
    let shares = ok(kafka_lab_on_broker().args(["group", "list", "--type", "share,classic"]));
    assert!(
        !shares.contains(&group),
        "not a share or classic group:\n{shares}"
    );

    // The member leaves: the group is empty, its commits stay, owned by no one.
    consumer.stop();
    eventually("the group is empty", Duration::from_secs(30), || {
        let json =
            ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
        (serde_json::from_str::<serde_json::Value>(&json).unwrap()["state"] == "Empty")
            .then_some(())
    });
    let (table, said) = described_by_us(&group, &[]);
    assert_eq!(table, described_by_kafka("consumer-groups", &group, &[]));
    assert!(
        said.contains(&format!("Consumer group '{group}' has no active members.")),
        "{said}"
    );
    let (table, _) = described_by_us(&group, &["--state", "--verbose"]);
    assert_eq!(
        table,
        described_by_kafka("consumer-groups", &group, &["--state", "--verbose"])
    );
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}

#[test]
#[ignore = "needs Apache Kafka 4 from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION=4); CI runs it"]
fn a_share_group_is_described_as_kafka_share_groups_describes_it() {
    let (topic, group) = with_kafka_4("share");
    // A share group starts at the log end unless its config says otherwise.
    alter_group_config(&group, "share.auto.offset.reset=earliest");
    let consumer = JavaClient::start(
        "4",
        &[
            "console-share-consumer",
            "--bootstrap-server",
            brokers(),
            "--topic",
            &topic,
            "--group",
            &group,
            "--consumer-property",
            "client.id=java-share",
        ],
    );
    consumer.printed(1000, Duration::from_secs(60));
    every_view_agrees("share-groups", &group);

    let json = ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["type"], "Share", "{json}");
    assert_eq!(json["members"][0]["client_id"], "java-share", "{json}");
    assert_eq!(json["partitions"].as_array().unwrap().len(), 4, "{json}");
    let ours = ok(kafka_lab_on_broker().args(["group", "list", "--type", "share"]));
    assert_eq!(listed(&ours, &group), [group.as_str(), "Share", "Stable"]);
    let theirs = kafka_tool(
        "4",
        &[
            "share-groups",
            "--bootstrap-server",
            brokers(),
            "--list",
            "--state",
        ],
    );
    assert_eq!(listed(&theirs, &group), [group.as_str(), "Stable"]);

    consumer.stop();
    eventually("the share group is empty", Duration::from_secs(30), || {
        let json =
            ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
        (serde_json::from_str::<serde_json::Value>(&json).unwrap()["state"] == "Empty")
            .then_some(())
    });
    let (table, said) = described_by_us(&group, &["--state", "--verbose"]);
    assert_eq!(
        table,
        described_by_kafka("share-groups", &group, &["--state", "--verbose"])
    );
    assert!(
        said.contains(&format!("Share group '{group}' has no active members.")),
        "{said}"
    );
    let (table, _) = described_by_us(&group, &[]);
    assert_eq!(table, described_by_kafka("share-groups", &group, &[]));

    let err = fails(
        kafka_lab_on_broker().args(["group", "describe", "no-such-share-group"]),
        1,
    );
    assert!(
        err.contains("group 'no-such-share-group' does not exist"),
        "{err}"
    );
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}
