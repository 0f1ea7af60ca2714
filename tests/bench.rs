//! `kafka-lab bench`: its output parses like Kafka's own perf tools' (the patterns are
//! checked against the real tool's output first), and what it reports is what the topic
//! received.

mod common;

use common::*;
use regex_lite::Regex;

/// `kafka-producer-perf-test`'s interval line.
const INTERVAL: &str = r"^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency\.$";
/// Its final line, with the percentiles.
const FINAL: &str = r"^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$";

/// Each line of `output` matching `pattern`, with its captures.
fn matches(pattern: &str, output: &str) -> Vec<Vec<String>> {
    let re = Regex::new(pattern).unwrap();
    output
        .lines()
        .filter_map(|line| re.captures(line.trim()))
        .map(|c| {
            c.iter()
                .map(|m| m.map_or("", |m| m.as_str()).to_string())
                .collect()
        })
        .collect()
}

/// Sum of the partitions' log-end offsets.
fn log_end(topic: &str) -> u64 {
    ok(kafka_lab_on_broker().args(["offsets", topic]))
        .lines()
        .map(|l| {
            l.rsplit_once("LatestOffset: ")
                .unwrap()
                .1
                .parse::<u64>()
                .unwrap()
        })
        .sum()
}

#[test]
#[ignore = "needs Apache Kafka from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION); CI runs it"]
fn bench_produce_reports_like_kafka_producer_perf_test_and_what_the_topic_got() {
    let version = needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka from scripts/kafka.sh and its ProducerPerformance",
    );
    // Kafka's tool, long enough (6 s at 5,000/s) for one interval line.
    let theirs_topic = random_topic("perf-java");
    ok(kafka_lab_on_broker().args(["topic", "create", &theirs_topic]));
    let theirs = kafka_tool(
        &version,
        &[
            "producer-perf",
            "--topic",
            &theirs_topic,
            "--num-records",
            "30000",
            "--record-size",
            "100",
            "--throughput",
            "5000",
            "--producer-props",
            &format!("bootstrap.servers={}", brokers()),
            "acks=all",
        ],
    );
    println!("ProducerPerformance:\n{theirs}");
    assert!(
        !matches(INTERVAL, &theirs).is_empty(),
        "the interval pattern fits Kafka's tool"
    );
    assert_eq!(
        matches(FINAL, &theirs).len(),
        1,
        "the final pattern fits Kafka's tool"
    );

    let topic = random_topic("perf-lab");
    let ours = ok(kafka_lab_on_broker().args([
        "bench",
        "produce",
        &topic,
        "--records",
        "30000",
        "--record-size",
        "100",
        "--throughput",
        "10000",
        "--partitions",
        "2",
        "--report-interval-ms",
        "500",
    ]));
    println!("kafka-lab bench produce:\n{ours}");
    let intervals = matches(INTERVAL, &ours);
    assert!(intervals.len() >= 2, "interval lines: {ours}");
    let last = ours.lines().last().unwrap();
    let total = matches(FINAL, last);
    assert_eq!(total.len(), 1, "the last line is the final line: {last}");
    let total = &total[0];
    assert_eq!(total[1], "30000");
    assert_eq!(
        log_end(&topic),
        30000,
        "the topic grew by what was reported"
    );
    let interval_records: u64 = intervals.iter().map(|i| i[1].parse::<u64>().unwrap()).sum();
    assert!(interval_records <= 30000);
    // 100-byte values: MB/sec is records/sec × 100 / 2^20.
    let (per_sec, mb): (f64, f64) = (total[2].parse().unwrap(), total[3].parse().unwrap());
    assert!((per_sec * 100.0 / 1048576.0 - mb).abs() < 0.01, "{last}");
    let percentiles: Vec<u64> = (6..=9).map(|i| total[i].parse().unwrap()).collect();
    assert!(percentiles.windows(2).all(|w| w[0] <= w[1]), "{last}");
    for t in [&topic, &theirs_topic] {
        ok(kafka_lab_on_broker().args(["topic", "delete", t]));
    }
}

/// The values stay numbers at any record size: a consumer reads each as its sample.
#[test]
fn padded_values_read_back_as_numbers() {
    let topic = random_topic("perf-size");
    ok(kafka_lab_on_broker().args([
        "bench",
        "produce",
        &topic,
        "--records",
        "500",
        "--record-size",
        "64",
    ]));
    let out = run(kafka_lab_on_broker().args(["consume", &topic]));
    let (records, summary) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let values: Vec<&str> = records
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    assert_eq!(values.len(), 500);
    for value in values {
        assert_eq!(value.len(), 64, "{value:?}");
        assert!(value.trim().parse::<f64>().is_ok(), "{value:?}");
    }
    let all = summary
        .lines()
        .find(|l| l.trim_start().starts_with("All"))
        .unwrap();
    assert!(
        all.contains("Count: 500") && all.ends_with("Invalid: 0"),
        "{all}"
    );
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}
