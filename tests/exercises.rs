//! Exercises 2-4 and the lab, against a real broker (see `common`), cross-checked
//! with kafka-python, the original lab's client.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

fn create(topic: &str, partitions: u32) {
    ok(kafka_lab_on_broker().args([
        "topic",
        "create",
        topic,
        "--partitions",
        &partitions.to_string(),
    ]));
}

fn delete(topic: &str) {
    ok(kafka_lab_on_broker().args(["topic", "delete", topic]));
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// `consume --format json` records, and the summary it prints on stderr.
fn consume(topic: &str, extra: &[&str]) -> (Vec<Value>, String) {
    let out = run(kafka_lab_on_broker()
        .args(["consume", topic, "--format", "json"])
        .args(extra));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    (json_lines(&stdout), String::from_utf8(out.stderr).unwrap())
}

fn values(records: &[Value]) -> Vec<f64> {
    records
        .iter()
        .map(|r| r["value"].as_f64().unwrap())
        .collect()
}

/// A `Name: value` field of the summary line starting with `prefix`.
fn field(summary: &str, prefix: &str, name: &str) -> f64 {
    let line = summary
        .lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no '{prefix}' line in {summary}"));
    line.split('\t')
        .find_map(|f| f.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
        .parse()
        .unwrap()
}

/// Records per partition from `produce`'s report.
fn produced(report: &str) -> BTreeMap<i64, i64> {
    report
        .lines()
        .filter(|l| l.trim_start().starts_with("Partition:"))
        .map(|l| {
            (
                field(l, "Partition", "Partition") as i64,
                field(l, "Partition", "Records") as i64,
            )
        })
        .collect()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn exercise_2_normal_samples_read_back_with_their_histograms() {
    let topic = random_topic("ex2");
    create(&topic, 1);
    let report =
        ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "10000", "--seed", "42"]));
    assert_eq!(produced(&report), BTreeMap::from([(0, 10000)]), "{report}");

    let (dir, path) = temp_dir();
    let png = path.join("h.png");
    let (records, summary) = consume(
        &topic,
        &[
            "--histogram",
            png.to_str().unwrap(),
            "--bins",
            "40",
            "--distribution",
            "normal:0,1",
        ],
    );
    assert_eq!(records.len(), 10000);
    let (mean, variance) = (
        field(&summary, "All", "Mean"),
        field(&summary, "All", "Variance"),
    );
    assert!(mean.abs() < 0.05, "mean {mean}");
    assert!((variance - 1.0).abs() < 0.05, "variance {variance}");
    // The summary agrees with the records themselves.
    let xs = values(&records);
    let m = xs.iter().sum::<f64>() / xs.len() as f64;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64;
    assert!(
        (m - mean).abs() < 1e-6 && (v - variance).abs() < 1e-6,
        "{m} {v} vs {summary}"
    );

    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(png_size(&bytes), (1024, 768));
    let svg = path.join("h.svg");
    consume(&topic, &["--histogram", svg.to_str().unwrap()]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains(r#"width="1024""#) && text.contains(r#"height="768""#),
        "svg size"
    );
    assert!(
        text.contains(&format!("{topic}: 10000 values")),
        "svg title"
    );
    drop(dir);
    delete(&topic);
}

#[test]
fn the_same_seed_gives_the_same_samples() {
    let runs: Vec<Vec<f64>> = ["7", "7", "8"]
        .iter()
        .map(|seed| {
            let topic = random_topic("seed");
            create(&topic, 1);
            ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "300", "--seed", seed]));
            let (records, _) = consume(&topic, &[]);
            delete(&topic);
            values(&records)
        })
        .collect();
    assert_eq!(runs[0].len(), 300);
    assert_eq!(runs[0], runs[1]);
    assert_ne!(runs[0], runs[2]);
}

#[test]
fn exercise_3_parity_places_even_and_odd_as_kafka_python_sees() {
    let topic = random_topic("ex3");
    create(&topic, 2);
    let report = ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        "1..=80",
        "--partitioner",
        "parity",
    ]));
    assert_eq!(produced(&report), BTreeMap::from([(0, 40), (1, 40)]));
    let out =
        ok(kafka_lab_on_broker()
            .args(["verify", &topic, "--rule", "parity", "--expect", "1..=80"]));
    assert!(
        out.contains("\tPartition: 0\tRecords: 40\n\tPartition: 1\tRecords: 40\n"),
        "{out}"
    );

    if let Some(python) = python() {
        let read = json_lines(&python_script(&python, "read.py", &[brokers(), &topic]));
        // The tracking header reads the same with tests/py/tracking.py as in
        // kafka-lab's JSON: run, sequence numbers, send time.
        let (ours, _) = consume(&topic, &[]);
        let key = |r: &Value| {
            (
                r["partition"].as_i64().unwrap(),
                r["offset"].as_i64().unwrap(),
            )
        };
        let ours: BTreeMap<_, _> = ours.iter().map(|r| (key(r), &r["tracking"])).collect();
        assert_eq!(ours.len(), 80);
        for theirs in &read {
            let tracking = ours[&key(theirs)];
            for field in ["run", "seq", "partition_seq", "sent_us"] {
                assert!(!tracking[field].is_null(), "{field} of {theirs}");
                assert_eq!(tracking[field], theirs[field], "{field} of {theirs}");
            }
        }
        for (partition, wanted) in [(0, (2..=80).step_by(2)), (1, (1..=79).step_by(2))] {
            let got: Vec<f64> = read
                .iter()
                .filter(|r| r["partition"] == partition)
                .map(|r| r["value"].as_f64().unwrap())
                .collect();
            assert_eq!(
                got,
                wanted.map(f64::from).collect::<Vec<_>>(),
                "partition {partition}"
            );
        }
        // An odd number put in partition 0 by hand: verify names it.
        python_script(&python, "produce.py", &[brokers(), &topic, "0", "3"]);
        let err = fails(
            kafka_lab_on_broker()
                .args(["verify", &topic, "--rule", "parity", "--expect", "1..=80"]),
            1,
        );
        assert!(
            err.contains("misplaced: 3 at partition 0 offset 40 (parity puts it in partition 1)"),
            "{err}"
        );
        assert!(err.contains("duplicated: 3 (2 times)"), "{err}");
    } else {
        available("python3 with kafka-python", false);
    }
    delete(&topic);
}

#[test]
fn exercise_4_offsets_grow_by_what_was_sent_and_consume_from_30() {
    let topic = random_topic("ex4");
    create(&topic, 2);
    ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        "1..=80",
        "--partitioner",
        "parity",
    ]));
    let offsets = |topic: &str| -> BTreeMap<i64, (i64, i64)> {
        ok(kafka_lab_on_broker().args(["offsets", topic]))
            .lines()
            .map(|l| {
                let f = |n| field(l, "Topic", n) as i64;
                (f("Partition"), (f("EarliestOffset"), f("LatestOffset")))
            })
            .collect()
    };
    let before = offsets(&topic);
    assert_eq!(before, BTreeMap::from([(0, (0, 40)), (1, (0, 40))]));

    let report = ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        "81..=87",
        "--partitioner",
        "parity",
    ]));
    let sent = produced(&report);
    assert_eq!(sent, BTreeMap::from([(0, 3), (1, 4)]));
    let after = offsets(&topic);
    for (p, (_, latest)) in &after {
        assert_eq!(
            latest - before[p].1,
            sent[p],
            "partition {p} grew by what was sent"
        );
    }

    let (records, _) = consume(&topic, &["--partition", "0", "--offset", "30"]);
    assert_eq!(records[0]["offset"], 30);
    assert_eq!(records.len() as i64, after[&0].1 - 30);
    assert!(records.iter().all(|r| r["partition"] == 0));

    if let Some(python) = python() {
        let theirs: Value =
            serde_json::from_str(&python_script(&python, "describe.py", &[brokers(), &topic]))
                .unwrap();
        for p in theirs["partitions"].as_array().unwrap() {
            let partition = p["partition"].as_i64().unwrap();
            let ours = after[&partition];
            assert_eq!(
                (
                    p["earliest_offset"].as_i64().unwrap(),
                    p["latest_offset"].as_i64().unwrap()
                ),
                ours
            );
        }
        let read = json_lines(&python_script(
            &python,
            "read.py",
            &[brokers(), &topic, "0", "30"],
        ));
        assert_eq!(values(&read), values(&records));
    } else {
        available("python3 with kafka-python", false);
    }
    delete(&topic);
}

#[test]
fn kafka_python_and_kafka_lab_read_each_other() {
    let Some(python) = python() else {
        available("python3 with kafka-python", false);
        return;
    };
    let topic = random_topic("interop");
    create(&topic, 1);
    python_script(
        &python,
        "produce.py",
        &[brokers(), &topic, "0", "1.5", "2.5", "-4", "10"],
    );
    let (records, summary) = consume(&topic, &[]);
    assert_eq!(values(&records), [1.5, 2.5, -4.0, 10.0]);
    assert_eq!(field(&summary, "All", "Count"), 4.0);
    assert_eq!(field(&summary, "All", "Mean"), 2.5);

    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "100", "--seed", "1"]));
    let (ours, _) = consume(&topic, &["--offset", "4"]);
    let theirs = json_lines(&python_script(
        &python,
        "read.py",
        &[brokers(), &topic, "0", "4"],
    ));
    assert_eq!(theirs.len(), 100);
    assert_eq!(values(&theirs), values(&ours));
    delete(&topic);
}

#[test]
fn hash_partitioner_places_keys_as_kafkas_clients_do() {
    let Some(python) = python() else {
        available("python3 with kafka-python", false);
        return;
    };
    // kafka-lab places, kafka-python's murmur2 agrees.
    let topic = random_topic("hash");
    create(&topic, 3);
    ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        "1..=60",
        "--partitioner",
        "hash",
    ]));
    let read = json_lines(&python_script(&python, "read.py", &[brokers(), &topic]));
    assert_eq!(read.len(), 60);
    assert!(
        read.iter().all(|r| r["hash_partition"] == r["partition"]),
        "{read:?}"
    );
    let used: std::collections::BTreeSet<_> =
        read.iter().map(|r| r["partition"].as_i64()).collect();
    assert_eq!(used.len(), 3, "keys spread over every partition");
    ok(kafka_lab_on_broker().args(["verify", &topic, "--rule", "hash"]));
    delete(&topic);

    // kafka-python's default partitioner places keyed records, kafka-lab's rule agrees.
    let topic = random_topic("hash-py");
    create(&topic, 3);
    python_script(
        &python,
        "produce.py",
        &[brokers(), &topic, "-", "--keyed", "@50"],
    );
    ok(kafka_lab_on_broker().args(["verify", &topic, "--rule", "hash"]));
    delete(&topic);
}

#[test]
fn parity_on_non_integers_fails_before_sending() {
    let topic = random_topic("noparity");
    create(&topic, 2);
    let err = fails(
        kafka_lab_on_broker().args(["produce", &topic, "--partitioner", "parity"]),
        2,
    );
    assert!(err.contains("parity rule needs integer values"), "{err}");
    let offsets = ok(kafka_lab_on_broker().args(["offsets", &topic]));
    assert!(
        offsets.lines().all(|l| l.ends_with("LatestOffset: 0")),
        "{offsets}"
    );
    delete(&topic);
}

#[test]
fn lab_walks_all_four_exercises() {
    let user = format!("lab{}", uuid::Uuid::now_v7().simple());
    let (_dir, out) = temp_dir();
    let stdout = ok(kafka_lab_on_broker()
        .env("USER", &user)
        .args(["lab", "all", "--out"])
        .arg(&out));
    for observation in [
        "is listed, with 1 partition(s) and replication factor 1",
        "1000 values read back",
        "partition 0 holds 40 records, partition 1 holds 40",
        "each partition's latest offset grew by exactly the records sent to it",
        "partition 0 read from offset 30 to its end: 15 records",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("Observed: ") && l.contains(observation)),
            "{observation}\n{stdout}"
        );
    }
    assert!(stdout.ends_with("Every observation matches what the lab expects.\n"));
    assert_eq!(
        png_size(&std::fs::read(out.join("histogram.png")).unwrap()),
        (1024, 768)
    );
    delete(&format!("{user}Topic"));
}

#[test]
fn consume_stops_at_max_messages_or_when_idle() {
    let topic = random_topic("stop");
    create(&topic, 1);
    ok(kafka_lab_on_broker().args(["produce", &topic, "--count", "20"]));
    let (records, summary) = consume(&topic, &["--max-messages", "5"]);
    assert_eq!(records.len(), 5);
    assert!(
        summary.starts_with("Processed a total of 5 messages"),
        "{summary}"
    );
    let (records, _) = consume(&topic, &["--offset", "latest", "--timeout-ms", "300"]);
    assert!(records.is_empty());
    delete(&topic);
}

#[test]
fn offsets_watch_shows_each_partition_grow() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let topic = random_topic("watch");
    create(&topic, 2);
    let mut watch = kafka_lab_on_broker()
        .args(["offsets", &topic, "--watch", "--interval-ms", "100"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    let stdout = watch.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    // The first table, before anything is produced.
    for _ in 0..2 {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert!(line.ends_with("LatestOffset: 0"), "{line}");
    }
    ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        "1..=7",
        "--partitioner",
        "parity",
    ]));
    let grown = eventually(
        "a refresh shows the growth",
        std::time::Duration::from_secs(10),
        || {
            let line = lines
                .recv_timeout(std::time::Duration::from_secs(10))
                .ok()?;
            line.contains("Partition: 1\tEarliestOffset: 0\tLatestOffset: 4\tGrowth: +4")
                .then_some(line)
        },
    );
    watch.kill().unwrap();
    watch.wait().unwrap();
    assert!(grown.contains(&topic));
    delete(&topic);
}

/// `sticky` puts each Generator batch on one partition, the next batch on the next, as
/// Kafka's clients place records without a key (`bench workload`'s `NO_KEY`).
#[test]
fn sticky_places_each_batch_on_one_partition_in_turn() {
    let topic = random_topic("sticky");
    create(&topic, 4);
    // `count` records with the sticky rule, in Generator batches of `batch`.
    let produce = |count: &str, batch: &str| {
        let mut cmd = kafka_lab_on_broker();
        cmd.args([
            "produce",
            &topic,
            "--count",
            count,
            "--partitioner",
            "sticky",
        ])
        .env("KAFKA_LAB_PRODUCER__BATCH_SIZE", batch);
        ok(&mut cmd);
        log_ends(kafka_lab_on_broker(), &topic)
    };
    assert_eq!(produce("1000", "250"), [250, 250, 250, 250]);
    assert_eq!(
        produce("500", "500"),
        [750, 250, 250, 250],
        "one batch, one partition"
    );
}
