//! `consume --histogram` and `verify` read a topic of any size in memory that does not
//! grow with it: the same peak for 100 thousand records as for a million.

mod common;

use common::*;

/// Most a million records may cost over a hundred thousand: noise, not 900 thousand
/// values (7 MiB as f64) or records.
const SLACK_KIB: u64 = 4 * 1024;
/// Runs of each command on each topic.
const RUNS: usize = 5;

/// A topic holding 1..=n, even numbers in partition 0 and odd ones in 1.
fn topic_of(n: u64) -> String {
    let topic = random_topic("memory");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "2"]));
    ok(kafka_lab_on_broker().args([
        "produce",
        &topic,
        "--sequence",
        &format!("1..={n}"),
        "--partitioner",
        "parity",
    ]));
    topic
}

#[test]
#[ignore = "needs Apache Kafka (KAFKA_LAB_TEST_KAFKA_VERSION): a million records; CI runs it"]
fn consume_histogram_and_verify_memory_does_not_grow_with_the_topic() {
    needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka from scripts/kafka.sh",
    );
    let (_dir, path) = temp_dir();
    // The lowest peak of a few runs each: one run's peak varies by a few MiB with
    // the allocator and the fetches in flight, which only ever adds.
    let lowest = |run: &dyn Fn() -> u64| (0..RUNS).map(|_| run()).min().unwrap();
    let peaks = |n: u64| {
        let topic = topic_of(n);
        let png = path.join(format!("{n}.png"));
        let consume = lowest(&|| {
            peak_rss_kib(kafka_lab_on_broker().args([
                "consume",
                &topic,
                "--histogram",
                png.to_str().unwrap(),
            ]))
        });
        // One byte per expected number: 0.9 MiB more for the million.
        let verify = lowest(&|| {
            peak_rss_kib(kafka_lab_on_broker().args([
                "verify",
                &topic,
                "--rule",
                "parity",
                "--expect",
                &format!("1..={n}"),
            ]))
        });
        ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
        (consume, verify)
    };
    let small = peaks(100_000);
    let large = peaks(1_000_000);
    eprintln!("peak RSS KiB (consume, verify): 100k {small:?}, 1M {large:?}");
    assert!(
        large.0 <= small.0 + SLACK_KIB,
        "consume --histogram: {small:?} -> {large:?}"
    );
    assert!(
        large.1 <= small.1 + SLACK_KIB,
        "verify: {small:?} -> {large:?}"
    );
}
