//! `kafka-lab group`: consumer groups as Kafka's own `kafka-consumer-groups`
//! (ConsumerGroupCommand) shows them, for a group of Kafka's standard clients
//! (kafka-python), field by field.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// The rows of a `--describe` table (header and blank lines dropped), each split into
/// its columns, sorted (Kafka's tool prints them in no fixed order).
fn rows(table: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("GROUP "))
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect();
    rows.sort();
    rows
}

#[test]
#[ignore = "needs Apache Kafka from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION) and kafka-python; CI runs it"]
fn group_list_and_describe_agree_with_kafka_consumer_groups() {
    let version = needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka from scripts/kafka.sh and its ConsumerGroupCommand",
    );
    let python = python().expect("kafka-python (KAFKA_LAB_TEST_PYTHON)");
    let topic = random_topic("group");
    let group = random_topic("lab-group");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "2"]));
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "100"]));
    let mut member = Command::new(&python)
        .arg(repo().join("tests/py/member.py"))
        .args([brokers(), &topic, &group, "100"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    BufReader::new(member.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(ready.trim(), "ready", "the member committed");
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "30"]));

    let theirs = kafka_tool(
        &version,
        &["consumer-groups", "--bootstrap-server", brokers(), "--list"],
    );
    assert!(theirs.lines().any(|l| l.trim() == group), "{theirs}");
    let ours = ok(kafka_lab_on_broker().args(["group", "list"]));
    assert!(ours.lines().any(|l| l == group), "{ours}");

    let describe = [
        "consumer-groups",
        "--bootstrap-server",
        brokers(),
        "--describe",
        "--group",
        &group,
    ];
    let theirs = kafka_tool(&version, &describe);
    let ours = ok(kafka_lab_on_broker().args(["group", "describe", &group]));
    println!("theirs:{theirs}\nours:{ours}");
    let expected = rows(&theirs);
    assert_eq!(expected.len(), 2, "one row per partition: {theirs}");
    assert!(expected.iter().all(|r| r[8] == "lab-member"), "{theirs}");
    assert_eq!(rows(&ours), expected);
    let lag: i64 = expected.iter().map(|r| r[5].parse::<i64>().unwrap()).sum();
    assert_eq!(lag, 30, "what was produced after the commit");
    let header = ours.lines().nth(1).unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        [
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID"
        ]
    );

    // The member leaves: the committed offsets stay, with no consumer.
    drop(member.stdin.take());
    assert!(member.wait().unwrap().success());
    let theirs = kafka_tool(&version, &describe);
    let out = run(kafka_lab_on_broker().args(["group", "describe", &group]));
    assert!(out.status.success());
    let ours = String::from_utf8(out.stdout).unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains(&format!("Consumer group '{group}' has no active members.")),
        "{said}"
    );
    assert_eq!(rows(&ours), rows(&theirs));
    assert!(
        rows(&ours).iter().all(|r| r[6..] == ["-", "-", "-"]),
        "{ours}"
    );

    let json = ok(kafka_lab_on_broker().args(["group", "describe", &group, "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["state"], "Empty");
    assert_eq!(json["partitions"].as_array().unwrap().len(), 2);

    let err = fails(
        kafka_lab_on_broker().args(["group", "describe", "no-such-group-here"]),
        1,
    );
    assert!(
        err.contains("consumer group 'no-such-group-here' does not exist"),
        "{err}"
    );
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}
