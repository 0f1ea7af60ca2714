//! The access layer survives a leader that stops or hangs: a cached partition client
//! whose leader went away is rebuilt from fresh metadata, and a broker that keeps its
//! connections open but never answers (SIGSTOP, the half-open case rskafka 0.6.0
//! hangs on) costs one request timeout, not the whole operation; the same for the
//! producer's own connections, which give a silent leader up after one request timeout
//! and find the new leader; daemons of a consumer group find the group's new
//! coordinator when its broker stops. Needs the three-node
//! cluster of `scripts/kafka.sh start --mode cluster`, named by `KAFKA_LAB_TEST_CLUSTER`
//! (the instance name), with its brokers in `KAFKA_LAB_TEST_BROKERS`: the tests are
//! `#[ignore]`d without it, and CI runs them with `--ignored`.

mod common;

use common::daemon::{Broker, Daemon};
use common::*;
use kafka_lab::actors::aggregator::Options;
use kafka_lab::config::{Config, KafkaConfig};
use kafka_lab::kafka::configs::NewTopic;
use kafka_lab::kafka::Kafka;
use kafka_lab::pipeline::{self, ProduceJob};
use kafka_lab::sample::Source;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

const RECORDS: u64 = 1000;
const CLUSTER: &str = "the three-node cluster of scripts/kafka.sh start --mode cluster";

fn harness(args: &[&str]) {
    ok(Command::new(repo().join("scripts/kafka.sh")).args(args));
}

/// Wait until the cluster lists its three brokers again: one a test before stopped or
/// froze has to register again before a topic can have three replicas.
async fn all_brokers_up(kafka: &Kafka) {
    let end = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while kafka.metadata(None).await.map_or(0, |m| m.brokers.len()) < 3 {
        assert!(
            std::time::Instant::now() < end,
            "the cluster lists 3 brokers again within 90 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// The cluster's brokers, a request timeout of 2 s so that a silent broker is given up
/// soon, and a deadline long enough for a new leader to be elected.
fn cluster_config() -> (KafkaConfig, Config) {
    let kafka = KafkaConfig {
        brokers: brokers().split(',').map(String::from).collect(),
        api_timeout_ms: 60_000,
        request_timeout_ms: 2_000,
        ..KafkaConfig::default()
    };
    let config = Config {
        kafka: kafka.clone(),
        ..Config::default()
    };
    (kafka, config)
}

/// Create a topic with one partition on three replicas, read its offsets (caching the
/// leader's client), then `fault` the leader, read them again and produce to it.
fn offsets_and_produce_survive(fault: &str, recover: &str) {
    let cluster = needs("KAFKA_LAB_TEST_CLUSTER", CLUSTER);
    let (config, job_config) = cluster_config();
    let topic = random_topic(fault);
    actix::System::new().block_on(async {
        let kafka = Arc::new(Kafka::connect(&config).await.unwrap());
        all_brokers_up(&kafka).await;
        kafka
            .create_topic(&NewTopic {
                replication_factor: 3,
                ..NewTopic::new(&topic, 1)
            })
            .await
            .unwrap();
        assert_eq!(kafka.offsets(&topic, 0).await.unwrap(), (0, 0));
        let leader = kafka.describe_topic(&topic).await.unwrap().partitions[0]
            .placement
            .leader
            .to_string();

        harness(&[fault, "--name", &cluster, "--node", &leader]);
        let offsets = kafka.offsets(&topic, 0).await;
        let numbers = Source::Sequence(format!("1..={RECORDS}").parse().unwrap());
        let job = ProduceJob::new(&job_config, &topic, numbers, None, None);
        let produced = pipeline::produce(&kafka, job, Options::default()).await;
        // Read while the old leader is still down: once it is back it may answer for
        // a moment from its stale state before it learns it lost the partition.
        let after = kafka.offsets(&topic, 0).await;
        harness(&[recover, "--name", &cluster, "--node", &leader]);

        assert_eq!(offsets.unwrap(), (0, 0));
        assert_eq!(produced.unwrap().partitions[&0].produced, RECORDS);
        assert!(after.unwrap().1 >= RECORDS as i64);
        kafka.delete_topic(&topic).await.unwrap();
    });
}

#[test]
#[ignore = "needs a three-node cluster (KAFKA_LAB_TEST_CLUSTER); CI runs it"]
fn offsets_and_produce_follow_the_leader_when_it_stops() {
    offsets_and_produce_survive("stop-broker", "start-broker");
}

#[test]
#[ignore = "needs a three-node cluster (KAFKA_LAB_TEST_CLUSTER); CI runs it"]
fn offsets_and_produce_follow_the_leader_when_it_hangs() {
    offsets_and_produce_survive("pause-broker", "resume-broker");
}

/// A follower that hangs holds acks=all answers back until the cluster drops it from
/// the in-sync replicas: each batch is appended by the leader, times out, and is sent
/// again. Idempotent produce writes it once all the same.
#[test]
#[ignore = "needs a three-node cluster (KAFKA_LAB_TEST_CLUSTER); CI runs it"]
fn produce_writes_each_record_once_while_a_follower_hangs() {
    let cluster = needs("KAFKA_LAB_TEST_CLUSTER", CLUSTER);
    let (config, job_config) = cluster_config();
    let topic = random_topic("follower");
    actix::System::new().block_on(async {
        let kafka = Arc::new(Kafka::connect(&config).await.unwrap());
        all_brokers_up(&kafka).await;
        kafka
            .create_topic(&NewTopic {
                replication_factor: 3,
                ..NewTopic::new(&topic, 1)
            })
            .await
            .unwrap();
        let placement = &kafka.describe_topic(&topic).await.unwrap().partitions[0].placement;
        let follower = placement
            .replicas
            .iter()
            .find(|r| **r != placement.leader)
            .unwrap()
            .to_string();

        harness(&["pause-broker", "--name", &cluster, "--node", &follower]);
        let numbers = Source::Sequence(format!("1..={RECORDS}").parse().unwrap());
        let job = ProduceJob::new(&job_config, &topic, numbers, None, None);
        let produced = pipeline::produce(&kafka, job, Options::default()).await;
        let offsets = kafka.offsets(&topic, 0).await;
        harness(&["resume-broker", "--name", &cluster, "--node", &follower]);

        assert_eq!(produced.unwrap().partitions[&0].produced, RECORDS);
        assert_eq!(offsets.unwrap(), (0, RECORDS as i64), "each record once");
        kafka.delete_topic(&topic).await.unwrap();
    });
}

/// Partitions the group assigned to `daemon`, and the commits it made.
fn membership(daemon: &Daemon) -> (f64, f64) {
    let scraped = daemon.scrape();
    let value = |name: &str| {
        scraped
            .iter()
            .find(|(s, _)| s.starts_with(name))
            .map_or(0.0, |(_, v)| *v)
    };
    (
        value(kafka_lab::metrics::GROUP_ASSIGNED_PARTITIONS),
        value(&format!(
            "{}_count",
            kafka_lab::metrics::GROUP_COMMIT_LATENCY
        )),
    )
}

/// Three daemons of one group on the cluster; the broker that coordinates the group
/// stops: they find the new coordinator, keep their six partitions between them and
/// commit again, and count nothing lost.
#[test]
#[ignore = "needs a three-node cluster (KAFKA_LAB_TEST_CLUSTER); CI runs it"]
fn daemons_of_a_group_follow_the_coordinator_when_its_broker_stops() {
    let cluster = needs("KAFKA_LAB_TEST_CLUSTER", CLUSTER);
    let broker = Broker::new();
    let topic = random_topic("coordinated");
    let group = random_topic("coordinated-group");
    let (config, _) = cluster_config();
    let coordinator = actix::System::new().block_on(async {
        let kafka = Kafka::connect(&config).await.unwrap();
        all_brokers_up(&kafka).await;
        kafka
            .create_topic(&NewTopic {
                replication_factor: 3,
                ..NewTopic::new(&topic, 6)
            })
            .await
            .unwrap();
        kafka.coordinator(&group).await.unwrap().addr().to_string()
    });
    // scripts/kafka.sh numbers the nodes 1, 2, 3 in the order of their addresses.
    let node = config
        .brokers
        .iter()
        .position(|b| *b == coordinator)
        .unwrap()
        + 1;
    let settings = [
        ("KAFKA_LAB_CONSUMER__GROUP", group.as_str()),
        ("KAFKA_LAB_CONSUMER__SESSION_TIMEOUT_MS", "10000"),
        ("KAFKA_LAB_CONSUMER__HEARTBEAT_INTERVAL_MS", "500"),
        ("KAFKA_LAB_CONSUMER__COMMIT_INTERVAL_MS", "300"),
        ("KAFKA_LAB_KAFKA__REQUEST_TIMEOUT_MS", "2000"),
        ("KAFKA_LAB_GENERATOR__RATE", "300"),
    ];
    let dirs: Vec<_> = (0..3).map(|_| temp_dir()).collect();
    let daemons: Vec<_> = dirs
        .iter()
        .map(|(_, state)| Daemon::start(&broker, &topic, state, &settings))
        .collect();
    let shares = || daemons.iter().map(|d| membership(d).0).collect::<Vec<_>>();
    eventually("two partitions each", Duration::from_secs(60), || {
        (shares() == [2.0, 2.0, 2.0]).then_some(())
    });
    let commits: Vec<_> = daemons.iter().map(|d| membership(d).1).collect();

    harness(&[
        "stop-broker",
        "--name",
        &cluster,
        "--node",
        &node.to_string(),
    ]);
    // Polled here rather than with `eventually`: the broker must start again even
    // when the daemons fail, for the tests after this one.
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    let went_on = loop {
        let now: Vec<_> = daemons.iter().map(membership).collect();
        if now.iter().map(|m| m.0).sum::<f64>() == 6.0
            && now
                .iter()
                .zip(&commits)
                .all(|(m, before)| m.1 >= before + 10.0)
        {
            break true;
        }
        if std::time::Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    harness(&[
        "start-broker",
        "--name",
        &cluster,
        "--node",
        &node.to_string(),
    ]);
    assert!(
        went_on,
        "within 90 s every daemon committed again, the six partitions shared"
    );
    for daemon in daemons {
        let scraped = daemon.scrape();
        assert_eq!(daemon.sum(&scraped, kafka_lab::metrics::RECORDS_LOST), 0.0);
        assert_eq!(daemon.stop().0, Some(0));
    }
    ok(broker.lab().args(["topic", "delete", &topic]));
}
