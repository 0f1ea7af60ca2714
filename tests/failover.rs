//! The access layer survives a leader that stops or hangs: a cached partition client
//! whose leader went away is rebuilt from fresh metadata, and a broker that keeps its
//! connections open but never answers (SIGSTOP, the half-open case rskafka 0.6.0
//! hangs on) costs one request timeout, not the whole operation. Needs the three-node
//! cluster of `scripts/kafka.sh start --mode cluster`, named by `KAFKA_LAB_TEST_CLUSTER`
//! (the instance name), with its brokers in `KAFKA_LAB_TEST_BROKERS`.

mod common;

use common::*;
use kafka_lab::config::KafkaConfig;
use kafka_lab::kafka::Kafka;
use std::process::Command;

fn harness(args: &[&str]) {
    ok(Command::new(repo().join("scripts/kafka.sh")).args(args));
}

/// Create a topic with one partition on three replicas, read its offsets (caching the
/// leader's client), then `fault` the leader and read them again.
fn offsets_survive(fault: &str, recover: &str) {
    let Ok(cluster) = std::env::var("KAFKA_LAB_TEST_CLUSTER") else {
        // CI runs this file on its own against the cluster (see .ci/run).
        eprintln!("skipped: no three-node cluster (KAFKA_LAB_TEST_CLUSTER)");
        return;
    };
    let config = KafkaConfig {
        brokers: brokers().split(',').map(String::from).collect(),
        api_timeout_ms: 60_000,
        request_timeout_ms: 2_000,
        ..KafkaConfig::default()
    };
    let topic = random_topic(fault);
    actix::System::new().block_on(async {
        let kafka = Kafka::connect(&config).await.unwrap();
        kafka.create_topic(&topic, 1, 3).await.unwrap();
        assert_eq!(kafka.offsets(&topic, 0).await.unwrap(), (0, 0));
        let leader = kafka.describe_topic(&topic).await.unwrap().partitions[0]
            .placement
            .leader
            .to_string();

        harness(&[fault, "--name", &cluster, "--node", &leader]);
        let offsets = kafka.offsets(&topic, 0).await;
        harness(&[recover, "--name", &cluster, "--node", &leader]);

        assert_eq!(offsets.unwrap(), (0, 0));
        kafka.delete_topic(&topic).await.unwrap();
    });
}

#[test]
fn offsets_follow_the_leader_when_it_stops() {
    offsets_survive("stop-broker", "start-broker");
}

#[test]
fn offsets_follow_the_leader_when_it_hangs() {
    offsets_survive("pause-broker", "resume-broker");
}
