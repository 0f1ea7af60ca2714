//! `kafka-lab bench workload` and `bench merge`: an OpenMessaging Benchmark workload
//! runs to the end on the broker under test; its OMB result file has every field of
//! OMB's `TestResult` with plausible values; its interval log reads back with the
//! `hdrhistogram` crate and with HdrHistogram's own Java reader; OMB's own chart
//! script draws it; three workers' results merge into counts that are their sums; `producerRate: 0` finds a rate;
//! bad workload and driver files are refused with every key named.

mod common;

use common::*;
use hdrhistogram::serialization::interval_log::{IntervalLogIterator, LogEntry};
use hdrhistogram::serialization::Deserializer;
use hdrhistogram::Histogram;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every field of OMB's `TestResult.java`, in its order.
const OMB_FIELDS: &[&str] = &[
    "workload",
    "driver",
    "messageSize",
    "topics",
    "partitions",
    "producersPerTopic",
    "consumersPerTopic",
    "publishRate",
    "publishErrorRate",
    "consumeRate",
    "backlog",
    "publishLatencyAvg",
    "publishLatency50pct",
    "publishLatency75pct",
    "publishLatency95pct",
    "publishLatency99pct",
    "publishLatency999pct",
    "publishLatency9999pct",
    "publishLatencyMax",
    "publishDelayLatencyAvg",
    "publishDelayLatency50pct",
    "publishDelayLatency75pct",
    "publishDelayLatency95pct",
    "publishDelayLatency99pct",
    "publishDelayLatency999pct",
    "publishDelayLatency9999pct",
    "publishDelayLatencyMax",
    "aggregatedPublishLatencyAvg",
    "aggregatedPublishLatency50pct",
    "aggregatedPublishLatency75pct",
    "aggregatedPublishLatency95pct",
    "aggregatedPublishLatency99pct",
    "aggregatedPublishLatency999pct",
    "aggregatedPublishLatency9999pct",
    "aggregatedPublishLatencyMax",
    "aggregatedPublishDelayLatencyAvg",
    "aggregatedPublishDelayLatency50pct",
    "aggregatedPublishDelayLatency75pct",
    "aggregatedPublishDelayLatency95pct",
    "aggregatedPublishDelayLatency99pct",
    "aggregatedPublishDelayLatency999pct",
    "aggregatedPublishDelayLatency9999pct",
    "aggregatedPublishDelayLatencyMax",
    "aggregatedPublishLatencyQuantiles",
    "aggregatedPublishDelayLatencyQuantiles",
    "endToEndLatencyAvg",
    "endToEndLatency50pct",
    "endToEndLatency75pct",
    "endToEndLatency95pct",
    "endToEndLatency99pct",
    "endToEndLatency999pct",
    "endToEndLatency9999pct",
    "endToEndLatencyMax",
    "aggregatedEndToEndLatencyQuantiles",
    "aggregatedEndToEndLatencyAvg",
    "aggregatedEndToEndLatency50pct",
    "aggregatedEndToEndLatency75pct",
    "aggregatedEndToEndLatency95pct",
    "aggregatedEndToEndLatency99pct",
    "aggregatedEndToEndLatency999pct",
    "aggregatedEndToEndLatency9999pct",
    "aggregatedEndToEndLatencyMax",
];

/// A workload in OMB's schema, small enough for a test: 15 s at `rate` msg/s after a
/// 3 s warm-up, reported every 5 s.
fn workload(rate: u32) -> String {
    format!(
        "name: test workload
topics: 1
partitionsPerTopic: 4
keyDistributor: KEY_ROUND_ROBIN
messageSize: 100
useRandomizedPayloads: true
randomBytesRatio: 0.5
randomizedPayloadPoolSize: 50
subscriptionsPerTopic: 1
consumerPerSubscription: 2
producersPerTopic: 2
producerRate: {rate}
consumerBacklogSizeGB: 0
testDurationMinutes: 0.25
warmupDurationMinutes: 0.05
"
    )
}

const INTERVALS: usize = 3;

fn bench_workload(dir: &Path, text: &str, extra: &[&str]) -> Command {
    let file = dir.join("workload.yaml");
    std::fs::write(&file, text).unwrap();
    let mut cmd = kafka_lab_on_broker();
    cmd.args(["bench", "workload"])
        .arg(&file)
        .arg("--out")
        .arg(dir.join("out"))
        .args(["--interval-secs", "5"])
        .args(extra);
    cmd
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// One run of the test workload at 1,000 msg/s, shared by the tests that read its
/// files: its output folder.
fn one_run() -> &'static Path {
    static RUN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &RUN.get_or_init(|| {
        let (guard, dir) = temp_dir();
        let out = ok(&mut bench_workload(&dir, &workload(1000), &[]));
        assert!(out.contains("0 records lost, 0 duplicated"), "{out}");
        (guard, dir.join("out"))
    })
    .1
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn a_workload_runs_and_its_omb_result_has_every_field_with_plausible_values() {
    let out = one_run();
    let omb = json(&out.join("omb-result.json"));
    let keys: Vec<&str> = omb
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = OMB_FIELDS.to_vec();
    let mut got = keys.clone();
    want.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, want, "the fields of OMB's TestResult");
    assert_eq!(omb["workload"], "test workload");
    assert_eq!(omb["driver"], "Kafka");
    assert_eq!(
        [
            &omb["messageSize"],
            &omb["topics"],
            &omb["partitions"],
            &omb["producersPerTopic"],
            &omb["consumersPerTopic"]
        ],
        [100, 1, 4, 2, 2]
    );
    for series in ["publishRate", "consumeRate"] {
        let rates = numbers(&omb[series]);
        assert_eq!(rates.len(), INTERVALS, "{series}: 15 s in intervals of 5 s");
        assert!(
            rates.iter().all(|r| (800.0..1200.0).contains(r)),
            "{series}: {rates:?}"
        );
    }
    assert!(numbers(&omb["publishErrorRate"]).iter().all(|r| *r == 0.0));
    assert_eq!(numbers(&omb["backlog"]).len(), INTERVALS);
    for latency in ["publishLatency", "publishDelayLatency", "endToEndLatency"] {
        let series: Vec<Vec<f64>> = [
            "50pct", "75pct", "95pct", "99pct", "999pct", "9999pct", "Max",
        ]
        .iter()
        .map(|p| numbers(&omb[format!("{latency}{p}")]))
        .collect();
        for i in 0..INTERVALS {
            let column: Vec<f64> = series.iter().map(|s| s[i]).collect();
            assert!(
                column[0] > 0.0 && column.is_sorted(),
                "{latency} interval {i}: {column:?}"
            );
        }
        let aggregated: Vec<f64> = [
            "50pct", "75pct", "95pct", "99pct", "999pct", "9999pct", "Max",
        ]
        .iter()
        .map(|p| {
            omb[format!("aggregated{}{p}", capitalized(latency))]
                .as_f64()
                .unwrap()
        })
        .collect();
        assert!(
            aggregated[0] > 0.0 && aggregated.is_sorted(),
            "{latency}: {aggregated:?}"
        );
        let avg = omb[format!("aggregated{}Avg", capitalized(latency))]
            .as_f64()
            .unwrap();
        assert!(avg > 0.0 && avg <= aggregated[6], "{latency} avg {avg}");
        let quantiles = omb[format!("aggregated{}Quantiles", capitalized(latency))]
            .as_object()
            .unwrap();
        // (serde_json's map orders keys as text: back to numbers.)
        let mut points: Vec<(f64, f64)> = quantiles
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), v.as_f64().unwrap()))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(points.len() > 100, "{latency}: {} quantiles", points.len());
        assert!(
            points
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{latency} quantiles ascend"
        );
        assert_eq!(
            points.last().unwrap(),
            &(100.0, aggregated[6]),
            "{latency}: 100% is the max"
        );
    }
    // Publish latency in ms, its delay in µs: the delay's figures are whole numbers.
    assert!(omb["aggregatedPublishDelayLatency50pct"].is_u64());
    let results = json(&out.join("results.json"));
    let topic = results["topics"][0].as_str().unwrap();
    let listed = ok(kafka_lab_on_broker().args(["topic", "list"]));
    assert!(
        !listed.lines().any(|t| t == topic),
        "a single worker deletes its topic"
    );
    assert_eq!(
        (results["lost"].as_u64(), results["duplicated"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(results["intervals"].as_array().unwrap().len(), INTERVALS);
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().unwrap().to_uppercase().chain(c).collect()
}

/// Per tag of the interval log as the `hdrhistogram` crate reads it: histograms, their
/// total count, their largest value.
fn read_hlog(path: &Path) -> BTreeMap<String, (u64, u64, u64)> {
    let bytes = std::fs::read(path).unwrap();
    let mut tags: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for entry in IntervalLogIterator::new(&bytes) {
        if let LogEntry::Interval(h) = entry.unwrap() {
            let decoded = base64_decode(h.encoded_histogram());
            let histogram: Histogram<u64> =
                Deserializer::new().deserialize(&mut &decoded[..]).unwrap();
            let tag = tags
                .entry(h.tag().unwrap().as_str().to_string())
                .or_default();
            tag.0 += 1;
            tag.1 += histogram.len();
            tag.2 = tag.2.max(histogram.max());
        }
    }
    tags
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

#[test]
fn the_interval_log_reads_back_with_the_hdrhistogram_crate() {
    let out = one_run();
    let tags = read_hlog(&out.join("latency.hlog"));
    assert_eq!(
        tags.keys().collect::<Vec<_>>(),
        ["end-to-end", "publish", "publish-delay"]
    );
    let results = json(&out.join("results.json"));
    let sum = |field: &str| -> u64 {
        results["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["counters"][field].as_u64().unwrap())
            .sum()
    };
    assert_eq!(tags["publish"].0, INTERVALS as u64);
    assert_eq!(
        tags["publish"].1,
        sum("messagesSent"),
        "a publish latency per message sent"
    );
    assert_eq!(
        tags["end-to-end"].1,
        sum("messagesReceived"),
        "an end-to-end latency per message read"
    );
}

#[test]
fn the_interval_log_reads_back_with_hdrhistograms_java_reader() {
    let jar = std::fs::read_dir(repo().join(".kafka/lib/kafka-4.4.0"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("HdrHistogram-"))
        });
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available(
        "Java with HdrHistogram's jar (scripts/kafka.sh fetch)",
        jar.is_some() && java,
    ) {
        return;
    }
    let out = one_run();
    let hlog = out.join("latency.hlog");
    let printed = ok(Command::new("java")
        .arg("-cp")
        .arg(jar.unwrap())
        .arg(repo().join("tests/java/ReadHlog.java"))
        .arg(&hlog));
    let theirs: BTreeMap<String, (u64, u64, u64)> = printed
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].to_string(),
                (
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    f[3].parse().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(
        theirs,
        read_hlog(&hlog),
        "Java's reader and the crate's agree"
    );
}

#[test]
fn omb_s_own_chart_script_draws_the_result() {
    let python = python().filter(|p| {
        let pygal = Command::new(p).args(["-c", "import pygal"]).output();
        pygal.is_ok_and(|o| o.status.success())
    });
    if !available(
        "Python with pygal (tests/py/requirements.txt)",
        python.is_some(),
    ) {
        return;
    }
    let out = one_run();
    let (_guard, charts) = temp_dir();
    let printed = ok(Command::new(python.unwrap())
        .arg(repo().join("tests/py/omb/create_charts.py"))
        .arg(out.join("omb-result.json"))
        .current_dir(&charts));
    assert!(
        printed.contains("Generating charts for test workload"),
        "{printed}"
    );
    let drawn: Vec<_> = std::fs::read_dir(&charts).unwrap().flatten().collect();
    assert_eq!(drawn.len(), 10, "OMB's ten charts: {drawn:?}");
    for chart in drawn {
        assert!(chart.metadata().unwrap().len() > 1000, "{chart:?} is drawn");
    }
}

#[test]
fn three_workers_results_merge_into_their_sums() {
    let (_guard, dir) = temp_dir();
    let start = chrono::Utc::now().timestamp() + 25;
    let workers: Vec<_> = (0..3)
        .map(|i| {
            let folder = dir.join(format!("w{i}"));
            std::fs::create_dir(&folder).unwrap();
            let mut cmd = bench_workload(
                &folder,
                &workload(3000),
                &[
                    "--worker",
                    &format!("{i}/3"),
                    "--start-at",
                    &start.to_string(),
                ],
            );
            (
                folder,
                cmd.stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap(),
            )
        })
        .collect();
    let mut parts = Vec::new();
    for (folder, child) in workers {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a worker failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        parts.push(folder.join("out"));
    }
    let merged_dir = dir.join("merged");
    let mut merge = kafka_lab();
    merge
        .args(["bench", "merge"])
        .args(&parts)
        .arg("--out")
        .arg(&merged_dir);
    let printed = ok(&mut merge);
    assert!(printed.contains("Merged 3 workers"), "{printed}");
    let merged = json(&merged_dir.join("results.json"));
    let parts: Vec<Value> = parts
        .iter()
        .map(|p| json(&p.join("results.json")))
        .collect();
    assert_eq!(merged["workers"].as_array().unwrap().len(), 3);
    assert_eq!(merged["lost"], 0);
    for i in 0..INTERVALS {
        for field in ["messagesSent", "messagesReceived", "bytesSent"] {
            let sum: u64 = parts
                .iter()
                .map(|p| p["intervals"][i]["counters"][field].as_u64().unwrap())
                .sum();
            assert_eq!(
                merged["intervals"][i]["counters"][field].as_u64().unwrap(),
                sum,
                "interval {i} {field}"
            );
        }
    }
    // The merged histograms hold every worker's samples.
    let tags = read_hlog(&merged_dir.join("latency.hlog"));
    let sent: u64 = (0..INTERVALS)
        .map(|i| {
            merged["intervals"][i]["counters"]["messagesSent"]
                .as_u64()
                .unwrap()
        })
        .sum();
    assert_eq!(tags["publish"].1, sent);
    let omb = json(&merged_dir.join("omb-result.json"));
    let rates = numbers(&omb["publishRate"]);
    assert!(
        rates.iter().all(|r| *r > 2000.0),
        "three workers of 1000 msg/s each: {rates:?}"
    );
}

#[test]
fn producer_rate_0_searches_for_the_highest_sustained_rate_and_reports_it() {
    let (_guard, dir) = temp_dir();
    let text = workload(0).replace("warmupDurationMinutes: 0.05", "warmupDurationMinutes: 0");
    let out = ok(&mut bench_workload(&dir, &text, &[]));
    assert!(out.contains("Rate search: "), "{out}");
    let results = json(&dir.join("out/results.json"));
    let steps = results["rateSearch"].as_array().unwrap();
    assert!(steps.len() >= 4, "a step every 3 s of 15 s: {steps:?}");
    // Each step starts from the rate the one before chose, and publishes at it.
    for pair in steps.windows(2) {
        assert_eq!(pair[1]["rate"], pair[0]["nextRate"], "{steps:?}");
        assert!(pair[1]["published"].as_i64().unwrap() > 0, "{steps:?}");
    }
    let rates: Vec<f64> = steps
        .iter()
        .map(|s| s["nextRate"].as_f64().unwrap())
        .collect();
    assert!(
        rates.iter().any(|r| *r != rates[0]),
        "the rate moves: {rates:?}"
    );
}

#[test]
fn bad_workload_and_driver_files_are_refused_with_every_key_named() {
    let (_guard, dir) = temp_dir();
    let text = workload(1000)
        .replace("topics: 1", "topics: none")
        .replace("producersPerTopic", "producerPerTopic")
        + "payloadFile: missing.data\n";
    let text = text.replace(
        "useRandomizedPayloads: true",
        "useRandomizedPayloads: false",
    );
    let err = fails(&mut bench_workload(&dir, &text, &[]), 2);
    for key in [
        "topics: must be",
        "producersPerTopic: missing",
        "producerPerTopic: unknown key",
        "payloadFile: missing.data not found",
    ] {
        assert!(err.contains(key), "{key} in {err}");
    }
    let backlog = workload(1000).replace("consumerBacklogSizeGB: 0", "consumerBacklogSizeGB: 1");
    let two = ["--worker", "1/2", "--start-at", "2099-01-01T00:00:00Z"];
    let err = fails(&mut bench_workload(&dir, &backlog, &two), 2);
    assert!(
        err.contains("consumerBacklogSizeGB needs one worker"),
        "{err}"
    );
    let driver = dir.join("driver.yaml");
    std::fs::write(
        &driver,
        "name: Kafka\nreplicationFactor: 1\nproducerConfig: |\n  acks=1\n  buffer.memory=1000\n",
    )
    .unwrap();
    let err = fails(
        &mut bench_workload(
            &dir,
            &workload(1000),
            &["--driver", driver.to_str().unwrap()],
        ),
        2,
    );
    assert!(
        err.contains("producerConfig: buffer.memory: kafka-lab has no setting for it"),
        "{err}"
    );
}

#[test]
fn a_backlog_is_built_with_the_consumers_paused_then_drained_before_the_test_ends() {
    let (_guard, dir) = temp_dir();
    // 1 MiB of 100-byte messages at 1,000 msg/s: about 10 s to build.
    let text = workload(1000)
        .replace("consumerBacklogSizeGB: 0", "consumerBacklogSizeGB: 0.001")
        .replace("warmupDurationMinutes: 0.05", "warmupDurationMinutes: 0");
    let out = ok(&mut bench_workload(&dir, &text, &[]));
    assert!(
        out.contains("Backlog of ") && out.contains("Backlog drained"),
        "{out}"
    );
    let omb = json(&dir.join("out/omb-result.json"));
    let backlog = numbers(&omb["backlog"]);
    assert!(
        backlog[0] >= 3000.0,
        "paused consumers: the backlog grows: {backlog:?}"
    );
    assert!(*backlog.last().unwrap() < 1000.0, "drained: {backlog:?}");
    assert!(
        backlog.len() > INTERVALS,
        "the test runs its duration after the drain: {backlog:?}"
    );
}

#[test]
fn the_shipped_workloads_and_driver_read() {
    use kafka_lab::bench::omb::{driver::Driver, workload::Workload};
    let dir = repo().join("config/workloads");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("driver-") {
            Driver::parse(&text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        } else {
            let w = Workload::parse(&text, &path).unwrap_or_else(|p| panic!("{name}: {p:?}"));
            let minutes = w.test_duration_minutes + w.warmup_duration_minutes;
            assert!(
                minutes <= 2.0,
                "{name}: small enough to run here ({minutes} min)"
            );
        }
        read += 1;
    }
    assert_eq!(read, 4);
}
