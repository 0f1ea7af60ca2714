//! Consumer groups: `kafka-lab group` as Kafka's own `kafka-consumer-groups`
//! (ConsumerGroupCommand) shows them, field by field, for a group of Kafka's standard
//! clients (kafka-python) and for daemons sharing a topic; and the daemons' handover
//! of partitions when one drains or dies.

mod common;

use common::daemon::{Broker, Daemon};
use common::groups::every_view_agrees;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

/// A kafka-python member of `group` (tests/py/member.py) that read `count` records of
/// `topic` and committed; it leaves when its stdin closes.
fn python_member(python: &str, brokers: &str, topic: &str, group: &str, count: &str) -> Child {
    let mut member = Command::new(python)
        .arg(repo().join("tests/py/member.py"))
        .args([brokers, topic, group, count])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    BufReader::new(member.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(
        ready.trim(),
        "ready",
        "the member read {count} records and committed"
    );
    member
}

/// For a test against Apache Kafka's tools: the Kafka version, kafka-python, and a new
/// 2-partition topic (named after `name`) holding 100 records, with a group name.
fn with_kafka(name: &str) -> (String, String, String, String) {
    let version = needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka from scripts/kafka.sh and its ConsumerGroupCommand",
    );
    let python = python().expect("kafka-python (KAFKA_LAB_TEST_PYTHON)");
    let topic = random_topic(name);
    let group = random_topic(&format!("{name}-group"));
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "2"]));
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "100"]));
    (version, python, topic, group)
}

#[test]
#[ignore = "needs Apache Kafka from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION) and kafka-python; CI runs it"]
fn group_list_and_describe_agree_with_kafka_consumer_groups() {
    let (version, python, topic, group) = with_kafka("group");
    let mut member = python_member(&python, brokers(), &topic, &group, "100");
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "30"]));

    // Listed with its type and state, as `--list --type --state` lists it.
    let theirs = kafka_tool(
        &version,
        &[
            "consumer-groups",
            "--bootstrap-server",
            brokers(),
            "--list",
            "--type",
            "--state",
        ],
    );
    let ours = ok(kafka_lab_on_broker().args(["group", "list"]));
    let line = |table: &str| -> Vec<String> {
        let found = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(&*group));
        found
            .unwrap_or_else(|| panic!("{group} not listed:\n{table}"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(line(&ours), [group.as_str(), "Classic", "Stable"]);
    assert_eq!(line(&ours), line(&theirs));

    let theirs = describe_with_kafka(&version, brokers(), &group);
    let ours = ok(kafka_lab_on_broker().args(["group", "describe", &group]));
    println!("theirs:{theirs}\nours:{ours}");
    let expected = rows(&theirs);
    assert_eq!(expected.len(), 2, "one row per partition: {theirs}");
    assert!(expected.iter().all(|r| r[8] == "lab-member"), "{theirs}");
    assert_eq!(rows(&ours), expected);
    let lag: i64 = expected.iter().map(|r| r[5].parse::<i64>().unwrap()).sum();
    assert_eq!(lag, 30, "what was produced after the commit");
    if version == "4" {
        // Every view, line for line (Kafka 3.9's tool has other columns).
        every_view_agrees("consumer-groups", &group);
    }
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
    let theirs = describe_with_kafka(&version, brokers(), &group);
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

/// `kafka-consumer-groups --describe --group GROUP` at `brokers` (Kafka `version`'s tool).
fn describe_with_kafka(version: &str, brokers: &str, group: &str) -> String {
    let args = [
        "consumer-groups",
        "--bootstrap-server",
        brokers,
        "--describe",
        "--group",
        group,
    ];
    kafka_tool(version, &args)
}

/// The rows of a `--reset-offsets` table, sorted, each `GROUP TOPIC PARTITION
/// NEW-OFFSET`: read as words, since Kafka 3.9's tool prints the rows on one line.
fn reset_rows(table: &str) -> Vec<Vec<String>> {
    let words: Vec<String> = table.split_whitespace().map(String::from).collect();
    assert_eq!(
        words[..4],
        ["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"],
        "{table}"
    );
    let mut rows: Vec<Vec<String>> = words[4..].chunks(4).map(<[String]>::to_vec).collect();
    rows.sort();
    rows
}

/// Partitions the group assigned to `daemon` (its `kafka_lab_group_assigned_partitions`).
fn assigned(daemon: &Daemon) -> f64 {
    daemon
        .scrape()
        .iter()
        .find(|(series, _)| series.starts_with(kafka_lab::metrics::GROUP_ASSIGNED_PARTITIONS))
        .map_or(0.0, |(_, v)| *v)
}

/// Wait until the daemons own `shares` partitions each (`when`: at which step);
/// returns how long it took.
fn owning(when: &str, daemons: &[&Daemon], shares: &[f64], within: Duration) -> Duration {
    let began = Instant::now();
    eventually(
        &format!("{when}, the daemons own {shares:?} partitions"),
        within,
        || (daemons.iter().map(|d| assigned(d)).collect::<Vec<_>>() == shares).then_some(()),
    );
    began.elapsed()
}

/// Two daemons in one group share a 4-partition topic, two partitions each; Kafka's
/// `kafka-consumer-groups` sees the group as `kafka-lab group describe` does. Then,
/// while `kafka-lab produce` writes on: one drains (SIGTERM, LeaveGroup) and the other
/// owns all four within seconds; a new one joins and is killed (SIGKILL), and the other
/// takes over after the session timeout. In the end every record was read and
/// committed, the survivor counted nothing lost, and kafka-python finds each run's
/// sequence numbers in every partition with no gap or repeat.
#[test]
fn daemons_of_one_group_share_the_partitions_and_take_over() {
    let broker = Broker::new();
    let topic = random_topic("shared");
    let group = random_topic("daemons");
    ok(broker
        .lab()
        .args(["topic", "create", &topic, "--partitions", "4"]));
    let (_a_dir, a_state) = temp_dir();
    let (_b_dir, b_state) = temp_dir();
    let session = Duration::from_secs(10);
    let session_ms = session.as_millis().to_string();
    let settings = [
        ("KAFKA_LAB_CONSUMER__GROUP", group.as_str()),
        (
            "KAFKA_LAB_CONSUMER__SESSION_TIMEOUT_MS",
            session_ms.as_str(),
        ),
        ("KAFKA_LAB_CONSUMER__HEARTBEAT_INTERVAL_MS", "500"),
        ("KAFKA_LAB_CONSUMER__COMMIT_INTERVAL_MS", "300"),
        ("KAFKA_LAB_GENERATOR__RATE", "1000"),
        ("KAFKA_LAB_GENERATOR__COUNT", "2000"),
    ];
    let a = Daemon::start(&broker, &topic, &a_state, &settings);
    owning("a alone", &[&a], &[4.0], Duration::from_secs(30));
    let b = Daemon::start(&broker, &topic, &b_state, &settings);
    owning("b joined", &[&a, &b], &[2.0, 2.0], Duration::from_secs(30));

    if let Ok(version) = std::env::var("KAFKA_LAB_TEST_KAFKA_VERSION") {
        // Once both generated their 2000 and committed what they read, the offsets
        // stand still and the two tools' answers can be compared.
        let (theirs, ours) = eventually("both tools agree", Duration::from_secs(60), || {
            let theirs = describe_with_kafka(&version, &broker.addr, &group);
            let ours = ok(broker.lab().args(["group", "describe", &group]));
            let lags: Vec<_> = rows(&ours).iter().map(|r| r[5].clone()).collect();
            (lags == ["0"; 4] && rows(&theirs) == rows(&ours)).then_some((theirs, ours))
        });
        println!("theirs:{theirs}\nours:{ours}");
        let table = rows(&ours);
        let members: std::collections::BTreeSet<_> = table.iter().map(|r| &r[6]).collect();
        assert_eq!(members.len(), 2, "two members, two partitions each: {ours}");
        let committed: i64 = table.iter().map(|r| r[3].parse::<i64>().unwrap()).sum();
        assert_eq!(committed, 4000, "every record read and committed: {ours}");
    }

    let mut writer = broker
        .lab()
        .args(["produce", &topic, "--count", "30000", "--rate", "1000"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (code, _, _) = a.stop();
    assert_eq!(code, Some(0));
    let handover = owning("a drained", &[&b], &[4.0], Duration::from_secs(30));
    assert!(
        handover < session / 2,
        "LeaveGroup: b took over in {handover:?}"
    );

    let mut a = Daemon::start(&broker, &topic, &a_state, &settings);
    owning("a is back", &[&a, &b], &[2.0, 2.0], Duration::from_secs(30));
    eventually("a reads and commits", Duration::from_secs(30), || {
        (a.sum(&a.scrape(), kafka_lab::metrics::RECORDS_CONSUMED) > 1000.0).then_some(())
    });
    if std::env::var("KAFKA_LAB_TEST_BROKERS").is_ok() {
        a.child.kill().unwrap();
        a.child.wait().unwrap();
        let takeover = owning("a was killed", &[&b], &[4.0], session * 3);
        assert!(
            takeover >= session / 2,
            "the session ran out first: {takeover:?}"
        );
    } else {
        // Tansu 0.6 (the embedded broker) never hands a dead member's partitions on:
        // after its session it answers REBALANCE_IN_PROGRESS, but the rejoin gets the
        // old generation and the old assignment back. So a drains here.
        assert_eq!(a.stop().0, Some(0));
        owning("a drained again", &[&b], &[4.0], Duration::from_secs(30));
    }
    assert!(writer.wait().unwrap().success());
    let scraped = eventually(
        "b read and committed everything",
        Duration::from_secs(120),
        || {
            let s = b.scrape();
            (b.sum(&s, kafka_lab::metrics::CONSUMER_LAG) == 0.0
                && b.sum(&s, kafka_lab::metrics::CURRENT_OFFSET) >= 34000.0)
                .then_some(s)
        },
    );
    assert_eq!(b.sum(&scraped, kafka_lab::metrics::RECORDS_LOST), 0.0);
    let rebalances = scraped
        .iter()
        .find(|(s, _)| s.starts_with(kafka_lab::metrics::GROUP_REBALANCES))
        .map_or(0.0, |(_, v)| *v);
    assert!(
        rebalances >= 3.0,
        "b gave partitions up or took them {rebalances} times"
    );
    let (code, _, _) = b.stop();
    assert_eq!(code, Some(0));

    let Some(python) = python() else {
        available("python3 with kafka-python", false);
        return;
    };
    // a's run (resumed from its checkpoint after the drain), b's, and produce's.
    assert_eq!(
        numbered_without_gap(&python, &broker.addr, &topic),
        3 * 4,
        "three runs in four partitions"
    );
    ok(broker.lab().args(["topic", "delete", &topic]));
}

/// A kafka-python consumer joins a daemon's group: the group is a standard consumer
/// group, so it gets its share of the partitions (whoever leads computes the
/// assignment), and gives it back when it leaves.
#[test]
fn a_kafka_python_member_shares_the_partitions_with_a_daemon() {
    let Some(python) = python() else {
        available("python3 with kafka-python", false);
        return;
    };
    let broker = Broker::new();
    let topic = random_topic("mixed");
    let group = random_topic("mixed-group");
    ok(broker
        .lab()
        .args(["topic", "create", &topic, "--partitions", "4"]));
    let (_dir, state) = temp_dir();
    let daemon = Daemon::start(
        &broker,
        &topic,
        &state,
        &[
            ("KAFKA_LAB_CONSUMER__GROUP", group.as_str()),
            ("KAFKA_LAB_CONSUMER__HEARTBEAT_INTERVAL_MS", "500"),
            ("KAFKA_LAB_GENERATOR__RATE", "200"),
        ],
    );
    owning(
        "the daemon alone",
        &[&daemon],
        &[4.0],
        Duration::from_secs(30),
    );
    let mut member = python_member(&python, broker.addr.as_str(), &topic, &group, "10");
    owning(
        "kafka-python joined",
        &[&daemon],
        &[2.0],
        Duration::from_secs(30),
    );
    if std::env::var("KAFKA_LAB_TEST_KAFKA_VERSION").is_ok() {
        let json = ok(broker
            .lab()
            .args(["group", "describe", &group, "--format", "json"]));
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut shares: Vec<_> = json["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["client_id"].as_str().unwrap().to_string(),
                    m["assignment"].as_array().unwrap().len(),
                )
            })
            .collect();
        shares.sort();
        assert_eq!(
            shares,
            [("kafka-lab".to_string(), 2), ("lab-member".to_string(), 2)],
            "{json}"
        );
    }
    drop(member.stdin.take());
    assert!(member.wait().unwrap().success());
    owning(
        "kafka-python left",
        &[&daemon],
        &[4.0],
        Duration::from_secs(30),
    );
    assert_eq!(daemon.stop().0, Some(0));
    ok(broker.lab().args(["topic", "delete", &topic]));
}

/// `consume --group` reads the group's share from its committed offsets and commits
/// what it printed, like `kafka-console-consumer --group`; `group reset-offsets`
/// moves the commits as `kafka-consumer-groups --reset-offsets` computes them, and is
/// refused while the group has a member.
#[test]
#[ignore = "needs Apache Kafka from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION) and kafka-python; CI runs it"]
fn consume_group_commits_and_reset_offsets_moves_the_commits() {
    let (version, python, topic, group) = with_kafka("committed");
    let consume = |extra: &[&str]| {
        let out = run(kafka_lab_on_broker()
            .args(["consume", &topic, "--group", &group])
            .args(extra));
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    assert_eq!(consume(&[]), 100);
    assert_eq!(consume(&[]), 0, "the group committed what it read");
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "30"]));
    assert_eq!(consume(&["--max-messages", "10"]), 10);
    assert_eq!(consume(&[]), 20, "it committed exactly what it printed");

    let theirs = describe_with_kafka(&version, brokers(), &group);
    let committed: i64 = rows(&theirs)
        .iter()
        .map(|r| r[3].parse::<i64>().unwrap())
        .sum();
    assert_eq!(committed, 130, "{theirs}");

    // Kafka's tool computes the same new offsets (a dry run: nothing moves).
    let reset = |to: &[&str]| {
        let ours = ok(kafka_lab_on_broker()
            .args(["group", "reset-offsets", &group, "--topic", &topic])
            .args(to));
        let mut args = vec![
            "consumer-groups",
            "--bootstrap-server",
            brokers(),
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            "--dry-run",
        ];
        args.extend(to);
        let theirs = kafka_tool(&version, &args);
        assert_eq!(
            reset_rows(&ours),
            reset_rows(&theirs),
            "ours:{ours}\ntheirs:{theirs}"
        );
        if version == "4" {
            // Line for line, widths included (Kafka orders the rows as it likes).
            let lines = |t: &str| {
                let mut lines: Vec<String> = t.lines().map(String::from).collect();
                lines.sort();
                lines
            };
            assert_eq!(lines(&ours), lines(&theirs), "as Kafka 4's tool prints it");
        }
        reset_rows(&ours)
    };
    assert!(reset(&["--to-earliest"]).iter().all(|r| r[3] == "0"));
    assert_eq!(consume(&[]), 130, "read again from the start");
    assert!(reset(&["--to-offset", "10"]).iter().all(|r| r[3] == "10"));
    assert_eq!(consume(&[]), 110);
    reset(&["--to-latest"]);
    assert_eq!(consume(&[]), 0);

    // A member holds the group (it reads one new record and commits): no reset.
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "1"]));
    let mut member = python_member(&python, brokers(), &topic, &group, "1");
    let err = fails(
        kafka_lab_on_broker().args(["group", "reset-offsets", &group, "--to-earliest"]),
        1,
    );
    assert!(
        err.contains(&format!(
            "Assignments can only be reset if the group '{group}' is inactive, but the current state is Stable."
        )),
        "{err}"
    );
    drop(member.stdin.take());
    assert!(member.wait().unwrap().success());
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}

/// More daemons than partitions: the one the group gives nothing reads nothing, on
/// purpose, and is ready all the same (Daemon::start waits for `/readyz`). Member ids
/// begin with the client id and `range` gives the partition to the first id, so the
/// second daemon, `kafka-lab-b`, is the one that never fetches.
#[test]
fn a_daemon_the_group_gives_no_partition_is_ready() {
    let broker = Broker::new();
    let topic = random_topic("one-partition");
    let group = random_topic("crowded");
    ok(broker
        .lab()
        .args(["topic", "create", &topic, "--partitions", "1"]));
    let settings = |client| {
        [
            ("KAFKA_LAB_CONSUMER__GROUP", group.clone()),
            ("KAFKA_LAB_CONSUMER__HEARTBEAT_INTERVAL_MS", "500".into()),
            ("KAFKA_LAB_GENERATOR__RATE", "100".into()),
            ("KAFKA_LAB_KAFKA__CLIENT_ID", client),
        ]
    };
    let start = |client: &str, state: &std::path::Path| {
        let owned = settings(client.to_string());
        let env: Vec<_> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Daemon::start(&broker, &topic, state, &env)
    };
    let (_a_dir, a_state) = temp_dir();
    let (_b_dir, b_state) = temp_dir();
    let a = start("kafka-lab-a", &a_state);
    owning("a alone", &[&a], &[1.0], Duration::from_secs(30));
    let b = start("kafka-lab-b", &b_state);
    owning("b joined", &[&a, &b], &[1.0, 0.0], Duration::from_secs(30));
    assert_eq!(b.get("/readyz").0, 200);
    assert_eq!(a.stop().0, Some(0));
    assert_eq!(b.stop().0, Some(0));
    ok(broker.lab().args(["topic", "delete", &topic]));
}
