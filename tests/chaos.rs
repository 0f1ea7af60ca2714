//! Network partitions and process faults, as Kafka's Trogdor makes them, on a
//! three-node Kafka cluster whose brokers live in network namespaces of their own
//! (`scripts/kafka.sh start --mode cluster --netns`; `scripts/kafka.sh fault` drops
//! the packets between nodes with iptables, or stops, kills and restarts them). The
//! daemon produces at 2,000 records/s to a topic with replication factor 3 and
//! `min.insync.replicas=2` (acks=all, idempotent) through each fault; then it drains,
//! and kafka-python audits the topic on its own (`tests/py/audit.py`): every
//! acknowledged record present once, in order, and the daemon's lost and duplicated
//! counters agree. Needs the cluster, named by `KAFKA_LAB_TEST_CHAOS` (the instance
//! name) with its brokers in `KAFKA_LAB_TEST_BROKERS`, and root: the tests are
//! `#[ignore]`d without it, and CI runs them with `--ignored --test-threads 1`.

mod common;

use common::daemon::{Broker, Daemon};
use common::*;
use kafka_lab::metrics as m;
use serde_json::Value;
use std::process::Command;
use std::time::{Duration, Instant};

const CLUSTER: &str = "the cluster of scripts/kafka.sh start --mode cluster --netns";
const RATE: &str = "2000";
/// Readiness must come back within this long of the last heal.
const READY_AGAIN: Duration = Duration::from_secs(10);
const SAMPLE_EVERY: Duration = Duration::from_millis(200);

/// The cluster under test; on drop (also after a failed assertion) every fault is
/// removed and every node runs, for the tests after.
struct Cluster {
    name: String,
    brokers: Vec<String>,
}

impl Cluster {
    fn new() -> Self {
        let name = needs("KAFKA_LAB_TEST_CHAOS", CLUSTER);
        let brokers = needs("KAFKA_LAB_TEST_BROKERS", CLUSTER);
        let cluster = Self {
            name,
            brokers: brokers.split(',').map(String::from).collect(),
        };
        cluster.repair();
        cluster
    }

    fn fault(&self, args: &[&str]) {
        eprintln!("{:>8} fault {}", clock(), args.join(" "));
        ok(Command::new(repo().join("scripts/kafka.sh"))
            .args(["fault", "--name", &self.name])
            .args(args));
    }

    /// Heal every partition, thaw and start every node (whatever state they are in).
    fn repair(&self) {
        let harness = repo().join("scripts/kafka.sh");
        let _ = Command::new(&harness)
            .args(["fault", "--name", &self.name, "heal"])
            .output();
        for node in 1..=self.brokers.len() {
            let node = node.to_string();
            for kind in ["cont", "restart"] {
                let _ = Command::new(&harness)
                    .args(["fault", "--name", &self.name, kind, &node])
                    .output();
            }
        }
        // A node fenced or restarted registers again before a topic can have three
        // replicas.
        let config = kafka_lab::config::KafkaConfig {
            brokers: self.brokers.clone(),
            ..Default::default()
        };
        let count = || {
            actix::System::new().block_on(async {
                let kafka = kafka_lab::kafka::Kafka::connect(&config).await.ok()?;
                kafka.metadata(None).await.ok().map(|m| m.brokers.len())
            })
        };
        eventually(
            "the cluster lists every broker",
            Duration::from_secs(90),
            || (count() == Some(self.brokers.len())).then_some(()),
        );
    }

    /// kafka-lab, asking the brokers of `via` (all when empty) only: a node cut off
    /// from the client would cost a request timeout.
    fn lab(&self, via: &[i32]) -> Command {
        let brokers: Vec<_> = match via {
            [] => self.brokers.clone(),
            nodes => nodes.iter().map(|n| self.addr(*n).to_string()).collect(),
        };
        let mut cmd = kafka_lab();
        cmd.args(["--brokers", &brokers.join(",")]);
        cmd
    }

    fn addr(&self, node: i32) -> &str {
        &self.brokers[node as usize - 1]
    }

    fn nodes(&self) -> Vec<i32> {
        (1..=self.brokers.len() as i32).collect()
    }

    /// Leader and in-sync replicas of each partition, as the brokers of `via` say.
    /// `topic describe` also reads each partition's offsets from its leader, which
    /// fails while a leader that went away is still named: it is asked again.
    fn placement(&self, topic: &str, via: &[i32]) -> Vec<(i32, Vec<i32>)> {
        let described = eventually("topic describe succeeds", Duration::from_secs(30), || {
            let out = run(self.lab(via).args(["topic", "describe", topic]));
            out.status
                .success()
                .then(|| String::from_utf8(out.stdout).unwrap())
        });
        described
            .lines()
            .filter(|l| l.contains("Partition: "))
            .map(|l| {
                let field = |name: &str| l.split(name).nth(1).unwrap().split('\t').next().unwrap();
                let isr = field("Isr: ").split(',').map(|n| n.parse().unwrap());
                (field("Leader: ").parse().unwrap(), isr.collect())
            })
            .collect()
    }

    fn leader(&self, topic: &str, partition: usize, via: &[i32]) -> i32 {
        self.placement(topic, via)[partition].0
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.repair();
    }
}

/// Seconds since the test binary started, for the printed timeline.
fn clock() -> String {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    format!(
        "{:.1}s",
        START.get_or_init(Instant::now).elapsed().as_secs_f64()
    )
}

/// What the daemon showed at one moment of a fault.
#[derive(Clone, Copy, Debug)]
struct Sample {
    at: Duration,
    ready: bool,
    /// Records acknowledged, per partition.
    produced: [f64; 2],
    /// Records the daemon's consumer read, per partition.
    consumed: [f64; 2],
}

fn sample(daemon: &Daemon, since: Instant) -> Sample {
    let ready = daemon.get("/readyz").0 == 200;
    let scraped = daemon.scrape();
    let per_partition = |name| [0, 1].map(|p| daemon.partition_metric(&scraped, name, p));
    Sample {
        at: since.elapsed(),
        ready,
        produced: per_partition(m::RECORDS_PRODUCED),
        consumed: per_partition(m::RECORDS_CONSUMED),
    }
}

/// The daemon, sampled every 200 ms for `span` from `since`.
fn observe(daemon: &Daemon, since: Instant, span: Duration) -> Vec<Sample> {
    let end = Instant::now() + span;
    let mut samples = vec![];
    while Instant::now() < end {
        samples.push(sample(daemon, since));
        std::thread::sleep(SAMPLE_EVERY);
    }
    samples
}

/// How long the daemon was not ready in `samples`.
fn not_ready_for(samples: &[Sample]) -> Duration {
    SAMPLE_EVERY * samples.iter().filter(|s| !s.ready).count() as u32
}

/// When partition `p` produced again after its first not-ready sample: the first
/// later sample with more records acknowledged than then.
fn produced_again(samples: &[Sample], p: usize) -> Option<Duration> {
    again(samples, |s| s.produced[p])
}

/// When the daemon's consumer read partition `p` again after the first not-ready
/// sample.
fn consumed_again(samples: &[Sample], p: usize) -> Option<Duration> {
    again(samples, |s| s.consumed[p])
}

/// The first sample after the first not-ready one where `count` grew.
fn again(samples: &[Sample], count: impl Fn(&Sample) -> f64) -> Option<Duration> {
    let stalled = samples.iter().position(|s| !s.ready)?;
    let then = count(&samples[stalled]);
    samples[stalled..]
        .iter()
        .find(|s| count(s) > then)
        .map(|s| s.at)
}

/// Heal every partition and wait up to `within` for `/readyz` to say 200 again: how
/// long it took.
fn heal_and_wait_ready(cluster: &Cluster, daemon: &Daemon, within: Duration) -> Duration {
    cluster.fault(&["heal"]);
    let healed = Instant::now();
    eventually("/readyz 200 again after the heal", within, || {
        (daemon.get("/readyz").0 == 200).then_some(())
    });
    healed.elapsed()
}

/// A fresh topic (2 partitions, 3 replicas, `min.insync.replicas=2`) and the daemon
/// producing to it at 2,000 records/s, ready and past its first records. The
/// daemon's bootstrap list names partition 0's leader first, the broker a client
/// would keep asking for metadata if nothing made it ask another.
fn start(cluster: &Cluster, prefix: &str, state: &std::path::Path) -> (Broker, Daemon) {
    let topic = random_topic(prefix);
    ok(cluster.lab(&[]).args([
        "topic",
        "create",
        &topic,
        "--partitions",
        "2",
        "--replication-factor",
        "3",
        "--config",
        "min.insync.replicas=2",
    ]));
    let leader = cluster.leader(&topic, 0, &[]);
    let mut bootstrap = vec![cluster.addr(leader)];
    bootstrap.extend(
        cluster
            .nodes()
            .into_iter()
            .filter(|n| *n != leader)
            .map(|n| cluster.addr(n)),
    );
    let broker = Broker::at(&bootstrap.join(","));
    let daemon = Daemon::start(
        &broker,
        &topic,
        state,
        &[("KAFKA_LAB_GENERATOR__RATE", RATE)],
    );
    eventually("the daemon produces", Duration::from_secs(30), || {
        let scraped = daemon.scrape();
        (daemon.sum(&scraped, m::RECORDS_PRODUCED) >= 2000.0).then_some(())
    });
    (broker, daemon)
}

/// Let the daemon produce a little more, drain it, and audit its topic with
/// kafka-python: every acknowledged record present exactly once and in order, and
/// the daemon's own lost and duplicated counters the same as the audit's.
fn drain_and_audit(daemon: Daemon) {
    let more = daemon.sum(&daemon.scrape(), m::RECORDS_PRODUCED) + 2000.0;
    eventually(
        "the daemon produces after the faults",
        Duration::from_secs(30),
        || (daemon.sum(&daemon.scrape(), m::RECORDS_PRODUCED) >= more).then_some(()),
    );
    // The counters are compared once the daemon's consumer has read up to the log
    // end of now: what it has not read, it has not counted.
    let ends = log_ends(kafka_lab_on_broker(), &daemon.topic);
    eventually(
        "the daemon's consumer reaches the log end",
        Duration::from_secs(30),
        || {
            let scraped = daemon.scrape();
            let read = |(p, end): (usize, &i64)| {
                daemon.partition_metric(&scraped, m::CONSUMER_POSITION, p as i32) >= *end as f64
            };
            ends.iter().enumerate().all(read).then_some(())
        },
    );
    let scraped = daemon.scrape();
    let counted = [
        m::RECORDS_LOST,
        m::RECORDS_DUPLICATED,
        m::RECORDS_OUT_OF_ORDER,
    ]
    .map(|name| daemon.sum(&scraped, name));
    let topic = daemon.topic.clone();
    let checkpoint = daemon.state.join("checkpoint.json");
    let (code, drain, _) = daemon.stop();
    assert_eq!(code, Some(0), "the daemon drains and exits 0 ({drain:?})");

    let Some(python) = python() else {
        available("kafka-python (the audit)", false);
        return;
    };
    let out = run(Command::new(python)
        .arg(repo().join("tests/py/audit.py"))
        .args([brokers(), &topic])
        .arg(&checkpoint));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let audit: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| {
        panic!(
            "the audit prints JSON: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let count = |key: &str| audit[key].as_f64().unwrap();
    eprintln!(
        "audit of {topic}: {} records read, {} acknowledged; lost {}, duplicated {}, \
         reordered {}; the daemon counted lost {}, duplicated {}, out of order {}",
        count("records"),
        count("acknowledged"),
        count("lost"),
        count("duplicated"),
        count("reordered"),
        counted[0],
        counted[1],
        counted[2],
    );
    assert!(
        count("acknowledged") >= 2000.0,
        "the run acknowledged records"
    );
    let audited = [count("lost"), count("duplicated"), count("reordered")];
    assert_eq!(
        counted, audited,
        "the daemon's counters agree with the audit"
    );
    assert_eq!(
        audited, [0.0; 3],
        "every acknowledged record once and in order: {audit}"
    );
    assert!(out.status.success(), "the audit exits 0");
}

/// The leader of partition 0 is cut off from both followers, and so from the
/// controller quorum (every node is a controller), while the client still reaches
/// it: its acks=all writes cannot reach `min.insync.replicas`, the quorum fences it
/// and elects another leader, and the daemon must find that leader, to write and to
/// read, although the old one still answers as if it led.
#[test]
#[ignore = "needs the --netns cluster (KAFKA_LAB_TEST_CHAOS) and root; CI runs it"]
fn a_leader_cut_off_from_its_followers_loses_the_partition_and_the_daemon_follows() {
    let cluster = Cluster::new();
    let (_dir, state) = temp_dir();
    let (_broker, daemon) = start(&cluster, "isolated-leader", &state);
    let old = cluster.leader(&daemon.topic, 0, &[]);
    let followers: Vec<_> = cluster.nodes().into_iter().filter(|n| *n != old).collect();
    let followers_list = format!("{},{}", followers[0], followers[1]);

    let cut = Instant::now();
    cluster.fault(&["partition", &old.to_string(), &followers_list]);
    let during = observe(&daemon, cut, Duration::from_secs(30));
    let new = cluster.leader(&daemon.topic, 0, &followers);
    let ready_again = heal_and_wait_ready(&cluster, &daemon, READY_AGAIN);

    let again = produced_again(&during, 0);
    let read_again = consumed_again(&during, 0);
    eprintln!(
        "leader {old} cut off from {followers_list} for 30 s: new leader {new}; not ready \
         for {:?}; partition 0 produced again {again:?} and read again {read_again:?} after \
         the cut; ready {ready_again:?} after the heal",
        not_ready_for(&during)
    );
    assert_ne!(new, old, "the quorum elected another leader");
    assert!(
        during.iter().any(|s| !s.ready),
        "/readyz said 503 while the partition could not take writes"
    );
    // Kafka's replica.lag.time.max.ms (30 s) bounds the ISR change; the broker is
    // fenced sooner (broker.session.timeout.ms, 9 s).
    assert!(
        again.is_some(),
        "partition 0 took writes again before the heal (within 30 s): {during:?}"
    );
    // The old leader's fetches answer nothing new but no error either: the consumer
    // moves because the producer learned of the new leader.
    assert!(
        read_again.is_some(),
        "the daemon's consumer read partition 0 again before the heal: {:?}",
        during.last()
    );
    drain_and_audit(daemon);
}

/// The client is cut off from the leader of partition 0 only, one way: the leader
/// gets the produce requests and appends them, but its answers never arrive (nor
/// does its SYN-ACK to a new connection). The cluster is whole, so Kafka keeps that
/// leader and the partition cannot be written; the daemon says so on `/readyz`,
/// sends again what went unanswered without writing it twice, and goes on within
/// seconds of the heal.
#[test]
#[ignore = "needs the --netns cluster (KAFKA_LAB_TEST_CHAOS) and root; CI runs it"]
fn the_client_cut_off_from_the_leader_waits_and_goes_on_after_the_heal() {
    let cluster = Cluster::new();
    let (_dir, state) = temp_dir();
    let (_broker, daemon) = start(&cluster, "client-cut", &state);
    let leader = cluster.leader(&daemon.topic, 0, &[]).to_string();

    let cut = Instant::now();
    cluster.fault(&["partition", &leader, "client", "--oneway"]);
    let during = observe(&daemon, cut, Duration::from_secs(30));
    let ready_again = heal_and_wait_ready(&cluster, &daemon, READY_AGAIN);

    eprintln!(
        "leader {leader}'s packets to the client dropped for 30 s: not ready for {:?}; ready \
         {ready_again:?} after the heal",
        not_ready_for(&during)
    );
    assert!(
        during.iter().skip_while(|s| s.ready).all(|s| !s.ready),
        "/readyz said 503 from the first failed request until the heal: {during:?}"
    );
    assert!(during.iter().any(|s| !s.ready), "/readyz said 503");
    drain_and_audit(daemon);
}

/// A follower of both partitions is cut off from every other node and the client for
/// 25 s: the quorum fences it, the in-sync replicas shrink to two (still
/// `min.insync.replicas`), and the daemon goes on producing while the fault lasts.
/// When it comes back, Kafka 4.4 may hold acks=all writes for about 10 s more while
/// the leaders add it back to the in-sync replicas (their AlterPartition request can
/// go to a controller that no longer leads the quorum first, server.log:
/// "alter-partition ... disconnect from node N"), so readiness is given 30 s here.
#[test]
#[ignore = "needs the --netns cluster (KAFKA_LAB_TEST_CHAOS) and root; CI runs it"]
fn a_follower_cut_off_shrinks_the_isr_and_produce_goes_on() {
    let cluster = Cluster::new();
    let (_dir, state) = temp_dir();
    let (_broker, daemon) = start(&cluster, "follower-cut", &state);
    let leaders: Vec<_> = cluster
        .placement(&daemon.topic, &[])
        .iter()
        .map(|p| p.0)
        .collect();
    let follower = cluster
        .nodes()
        .into_iter()
        .find(|n| !leaders.contains(n))
        .expect("a node that leads neither partition");
    let others: Vec<_> = cluster
        .nodes()
        .into_iter()
        .filter(|n| *n != follower)
        .collect();

    let cut = Instant::now();
    let from = format!("{},{},client", others[0], others[1]);
    cluster.fault(&["partition", &follower.to_string(), &from]);
    let during = observe(&daemon, cut, Duration::from_secs(25));
    let placement = cluster.placement(&daemon.topic, &others);
    let ready_again = heal_and_wait_ready(&cluster, &daemon, Duration::from_secs(30));

    let last = during.last().unwrap();
    let five_before = during
        .iter()
        .rev()
        .find(|s| last.at - s.at >= Duration::from_secs(5));
    eprintln!(
        "follower {follower} cut off for 25 s: in-sync replicas then {placement:?}; not \
         ready for {:?}; ready {ready_again:?} after the heal",
        not_ready_for(&during)
    );
    assert!(
        placement.iter().all(|(_, isr)| !isr.contains(&follower)),
        "the ISR shrank without {follower}: {placement:?}"
    );
    let five_before = five_before.expect("25 s of samples");
    assert!(
        (0..2).all(|p| last.produced[p] > five_before.produced[p]),
        "both partitions took writes in the fault's last 5 s: {during:?}"
    );
    drain_and_audit(daemon);
}

/// Faults in a row, so that partition 0's leader moves more than once: its leader
/// cut off from the others (20 s), heal; the new leader killed (SIGKILL) and
/// restarted; the leader after it frozen (SIGSTOP) for 12 s and thawed.
#[test]
#[ignore = "needs the --netns cluster (KAFKA_LAB_TEST_CHAOS) and root; CI runs it"]
fn faults_in_a_row_move_the_leader_twice_and_lose_nothing() {
    let cluster = Cluster::new();
    let (_dir, state) = temp_dir();
    let (_broker, daemon) = start(&cluster, "in-a-row", &state);
    let others =
        |node: i32| -> Vec<i32> { cluster.nodes().into_iter().filter(|n| *n != node).collect() };
    let list = |nodes: &[i32]| {
        nodes
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut leaders = vec![cluster.leader(&daemon.topic, 0, &[])];

    // 1. The leader cut off from the other two.
    let first = leaders[0];
    let cut = Instant::now();
    cluster.fault(&["partition", &first.to_string(), &list(&others(first))]);
    let during = observe(&daemon, cut, Duration::from_secs(20));
    leaders.push(cluster.leader(&daemon.topic, 0, &others(first)));
    let ready_again = heal_and_wait_ready(&cluster, &daemon, READY_AGAIN);
    eprintln!(
        "1. leader {first} cut off for 20 s: produced again {:?} after the cut, ready \
         {ready_again:?} after the heal",
        produced_again(&during, 0)
    );

    // 2. The new leader killed, then restarted.
    let second = *leaders.last().unwrap();
    cluster.fault(&["kill", &second.to_string()]);
    let killed = Instant::now();
    let moved = eventually(
        "a leader other than the killed one",
        Duration::from_secs(30),
        || {
            let leader = cluster.leader(&daemon.topic, 0, &others(second));
            (leader != second).then_some(leader)
        },
    );
    leaders.push(moved);
    let produced = daemon.partition_metric(&daemon.scrape(), m::RECORDS_PRODUCED, 0);
    eventually(
        "partition 0 takes writes without the killed leader",
        Duration::from_secs(30),
        || {
            (daemon.partition_metric(&daemon.scrape(), m::RECORDS_PRODUCED, 0) > produced)
                .then_some(())
        },
    );
    eprintln!(
        "2. leader {second} killed: partition 0 written again after {:?}",
        killed.elapsed()
    );
    cluster.fault(&["restart", &second.to_string()]);

    // 3. The leader now frozen, then thawed.
    let third = cluster.leader(&daemon.topic, 0, &[]);
    cluster.fault(&["stop", &third.to_string()]);
    let frozen = Instant::now();
    let during = observe(&daemon, frozen, Duration::from_secs(12));
    cluster.fault(&["cont", &third.to_string()]);
    let ready_again = heal_and_wait_ready(&cluster, &daemon, READY_AGAIN);
    leaders.push(cluster.leader(&daemon.topic, 0, &[]));
    eprintln!(
        "3. leader {third} frozen for 12 s: not ready for {:?}, ready {ready_again:?} after \
         the thaw; partition 0's leaders in turn: {leaders:?}",
        not_ready_for(&during)
    );

    let moves = leaders.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(moves >= 2, "the leader moved at least twice: {leaders:?}");
    drain_and_audit(daemon);
}

/// `bench e2e` at 2,000 records/s on a topic of one partition while its leader is cut
/// off from both followers for 20 s: the run rides it out (with an operation deadline
/// of 60 s, longer than the fault), receives every record it sent, and kafka-python
/// finds each of them once and in order.
#[test]
#[ignore = "needs the --netns cluster (KAFKA_LAB_TEST_CHAOS) and root; CI runs it"]
fn bench_e2e_rides_out_a_leader_cut_off_and_writes_each_record_once() {
    let cluster = Cluster::new();
    let topic = random_topic("bench-e2e");
    ok(cluster.lab(&[]).args([
        "topic",
        "create",
        &topic,
        "--replication-factor",
        "3",
        "--config",
        "min.insync.replicas=2",
    ]));
    let leader = cluster.leader(&topic, 0, &[]);
    let followers: Vec<_> = cluster
        .nodes()
        .into_iter()
        .filter(|n| *n != leader)
        .collect();
    let (_dir, dir) = temp_dir();
    let output = dir.join("e2e.json");
    let mut bench = cluster
        .lab(&[leader, followers[0], followers[1]])
        .args([
            "bench",
            "e2e",
            &topic,
            "--throughput",
            "2000",
            "--duration-secs",
            "40",
        ])
        .args(["--timeout-ms", "30000", "--output"])
        .arg(&output)
        .env("KAFKA_LAB_KAFKA__API_TIMEOUT_MS", "60000")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("bench e2e starts");
    eventually("bench e2e writes", Duration::from_secs(30), || {
        (log_ends(cluster.lab(&followers), &topic)[0] >= 2000).then_some(())
    });
    let list = format!("{},{}", followers[0], followers[1]);
    cluster.fault(&["partition", &leader.to_string(), &list]);
    std::thread::sleep(Duration::from_secs(20)); // the fault's length
    cluster.fault(&["heal"]);
    let status = eventually("bench e2e ends", Duration::from_secs(90), || {
        bench.try_wait().unwrap()
    });
    assert!(status.success(), "bench e2e exits 0 after the fault");

    let results: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let sent = results["totals"]["records"].as_u64().unwrap();
    let received = results["received"].as_u64().unwrap();
    let Some(python) = python() else {
        available("kafka-python (the audit)", false);
        return;
    };
    let numbers: Vec<u64> = python_script(&python, "read.py", &[brokers(), &topic])
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["partition_seq"]
                .as_u64()
                .unwrap()
        })
        .collect();
    eprintln!(
        "bench e2e through leader {leader} cut off for 20 s: {sent} acknowledged, {received} \
         received; kafka-python read {} records",
        numbers.len()
    );
    assert_eq!(received, sent, "every record sent was received");
    assert!(
        numbers.iter().copied().eq(0..sent),
        "kafka-python reads records 0..{sent} once each, in order"
    );
}
