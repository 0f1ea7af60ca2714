//! kafka-lab's own members of the consumer protocol (KIP-848) on Kafka 4: daemons with
//! `consumer.group_protocol = "consumer"` share a topic; Kafka's `kafka-consumer-groups`
//! lists them as a `Consumer` group whose members own what each daemon says it owns;
//! a joining member takes partitions from the first without making it give up the
//! others; a killed member's partitions go to the survivor after the group's session
//! timeout, with nothing lost. And a commit after a move (of a partition the member
//! gave up) is refused as STALE_MEMBER_EPOCH: the member then joins again, and the
//! partition's new owner reads on from the last commit, nothing lost.

mod common;

use common::daemon::{Broker, Daemon};
use common::groups::{alter_group_config, described_by_kafka, described_by_us};
use common::*;
use kafka_lab::config::{GroupProtocol, KafkaConfig};
use kafka_lab::kafka::group_offsets::Committed;
use kafka_lab::kafka::member::{Beat, Member, MemberConfig};
use kafka_lab::kafka::Kafka;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The group's session timeout and heartbeat interval (group configs; the harness's
/// brokers lower the bounds for them, `scripts/kafka.sh`).
const SESSION: Duration = Duration::from_secs(6);
const HEARTBEAT_MS: &str = "500";

fn kafka_4() {
    let version = needs(
        "KAFKA_LAB_TEST_KAFKA_VERSION",
        "Apache Kafka 4 from scripts/kafka.sh (the consumer protocol)",
    );
    assert_eq!(version, "4", "the consumer protocol needs Kafka 4");
}

/// Give `group` a short session and heartbeat interval.
fn quick_group(group: &str) {
    alter_group_config(
        group,
        &format!(
            "consumer.session.timeout.ms={},consumer.heartbeat.interval.ms={HEARTBEAT_MS}",
            SESSION.as_millis()
        ),
    );
}

/// The partitions `daemon` says it owns (`kafka_lab_group_partition_owned` at 1).
fn owned(daemon: &Daemon) -> BTreeSet<i32> {
    daemon
        .scrape()
        .iter()
        .filter(|(series, v)| {
            series.starts_with(kafka_lab::metrics::GROUP_PARTITION_OWNED) && **v == 1.0
        })
        .filter_map(|(series, _)| {
            let at = series.find("partition=\"")? + "partition=\"".len();
            series[at..].split('"').next()?.parse().ok()
        })
        .collect()
}

/// Wait until the daemons own `shares` partitions each; returns what each owns.
fn owning(
    when: &str,
    daemons: &[&Daemon],
    shares: &[usize],
    within: Duration,
) -> Vec<BTreeSet<i32>> {
    eventually(
        &format!("{when}, the daemons own {shares:?} partitions"),
        within,
        || {
            let owned: Vec<_> = daemons.iter().map(|d| owned(d)).collect();
            let counts: Vec<_> = owned.iter().map(BTreeSet::len).collect();
            (counts == shares).then_some(owned)
        },
    )
}

/// What each member owns, as `kafka-consumer-groups --describe --members --verbose`
/// says (its CURRENT-ASSIGNMENT column, `topic:0,1`).
fn owned_says_kafka(group: &str) -> BTreeSet<BTreeSet<i32>> {
    let table = kafka_tool(
        "4",
        &[
            "consumer-groups",
            "--bootstrap-server",
            brokers(),
            "--describe",
            "--group",
            group,
            "--members",
            "--verbose",
        ],
    );
    table
        .lines()
        .filter(|l| l.starts_with(group))
        .map(|l| {
            let assignment = l.split_whitespace().nth(6).unwrap_or("-");
            assignment
                .split_once(':')
                .map(|(_, ps)| ps.split(',').map(|p| p.parse().unwrap()).collect())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
#[ignore = "needs Apache Kafka 4 from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION=4) and kafka-python; CI runs it"]
fn consumer_protocol_daemons_share_the_topic_and_take_over_a_killed_member() {
    kafka_4();
    let python = python().expect("kafka-python (KAFKA_LAB_TEST_PYTHON)");
    let broker = Broker::new();
    let topic = random_topic("kip848-daemons");
    let group = random_topic("kip848-members");
    ok(broker
        .lab()
        .args(["topic", "create", &topic, "--partitions", "4"]));
    quick_group(&group);
    let (_a_dir, a_state) = temp_dir();
    let (_b_dir, b_state) = temp_dir();
    let settings = [
        ("KAFKA_LAB_CONSUMER__GROUP", group.as_str()),
        ("KAFKA_LAB_CONSUMER__GROUP_PROTOCOL", "consumer"),
        ("KAFKA_LAB_CONSUMER__COMMIT_INTERVAL_MS", "300"),
        ("KAFKA_LAB_GENERATOR__RATE", "1000"),
    ];
    let a = Daemon::start(&broker, &topic, &a_state, &settings);
    let alone = owning("a alone", &[&a], &[4], Duration::from_secs(30));
    let mut b = Daemon::start(&broker, &topic, &b_state, &settings);
    let shared = owning("b joined", &[&a, &b], &[2, 2], Duration::from_secs(30));
    assert!(
        shared[0].is_subset(&alone[0]),
        "a kept two of its own: {shared:?}"
    );
    assert!(shared[0].is_disjoint(&shared[1]), "{shared:?}");

    // Kafka's tool sees a consumer-protocol group whose members own what the daemons
    // say they own.
    let list = ok(broker.lab().args(["group", "list", "--type", "consumer"]));
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [group.as_str(), "Consumer", "Stable"]),
        "{list}"
    );
    let theirs = kafka_tool(
        "4",
        &[
            "consumer-groups",
            "--bootstrap-server",
            brokers(),
            "--list",
            "--type",
        ],
    );
    assert!(
        theirs
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == [group.as_str(), "Consumer"]),
        "{theirs}"
    );
    let says: BTreeSet<BTreeSet<i32>> = shared.iter().cloned().collect();
    eventually(
        "Kafka's tool agrees with the daemons",
        Duration::from_secs(30),
        || (owned_says_kafka(&group) == says).then_some(()),
    );
    // The members and the group, as Kafka's tool describes them (the offsets move
    // on while the daemons run).
    for view in [&["--members", "--verbose"][..], &["--state", "--verbose"]] {
        eventually(&format!("{view:?} agrees"), Duration::from_secs(30), || {
            let theirs = described_by_kafka("consumer-groups", &group, view);
            (described_by_us(&group, view).0 == theirs).then_some(())
        });
    }
    // a gave two partitions up, once.
    let scraped = a.scrape();
    let rebalances = scraped
        .iter()
        .find(|(s, _)| s.starts_with(kafka_lab::metrics::GROUP_REBALANCES))
        .map_or(0.0, |(_, v)| *v);
    assert_eq!(rebalances, 1.0, "a's partitions moved once");

    // b dies: its partitions go to a once the group's session ran out.
    let killed = Instant::now();
    b.child.kill().unwrap();
    b.child.wait().unwrap();
    owning("b was killed", &[&a], &[4], SESSION * 4);
    let took = killed.elapsed();
    assert!(took >= SESSION / 2, "the session ran out first: {took:?}");
    println!("a owned b's partitions {took:?} after the kill (session {SESSION:?})");

    // a caught up with all four partitions: none of its Consumers is a second behind.
    let scraped = eventually(
        "a caught up with b's partitions",
        Duration::from_secs(60),
        || {
            let s = a.scrape();
            let behind: Vec<f64> = s
                .iter()
                .filter(|(n, _)| n.starts_with(kafka_lab::metrics::CONSUMER_LAG_SECONDS))
                .map(|(_, v)| *v)
                .collect();
            (behind.len() == 4 && behind.iter().all(|b| *b < 1.0)).then_some(s)
        },
    );
    assert_eq!(a.sum(&scraped, kafka_lab::metrics::RECORDS_LOST), 0.0);
    let (code, _, _) = a.stop();
    assert_eq!(code, Some(0));
    // a's run and b's, in four partitions.
    assert_eq!(numbered_without_gap(&python, &broker.addr, &topic), 2 * 4);
    ok(broker.lab().args(["topic", "delete", &topic]));
}

/// A member of `group` reading `topic`, in the consumer protocol.
fn member(kafka: &Arc<Kafka>, group: &str, topic: &str) -> Member {
    Member::new(
        Arc::clone(kafka),
        MemberConfig {
            group: group.into(),
            topic: topic.into(),
            session_timeout: SESSION,
            rebalance_timeout: Duration::from_secs(10),
            protocol: GroupProtocol::Consumer,
            assignor: None,
        },
    )
}

fn at(offset: i64) -> Committed {
    Committed {
        offset,
        metadata: String::new(),
        leader_epoch: None,
    }
}

/// Two members: the first owns all four partitions and commits; the second joins and
/// the first gives two up, but the answer to the heartbeat that said so is lost. Its
/// commit of the moved partitions, at the old epoch, is refused as
/// STALE_MEMBER_EPOCH; the member asks again, is fenced, and joins again. The moved
/// partitions' new owner starts from the last commit that stood: nothing lost.
#[test]
#[ignore = "needs Apache Kafka 4 from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_VERSION=4); CI runs it"]
fn a_commit_after_a_move_is_stale_and_the_member_joins_again() {
    kafka_4();
    let topic = random_topic("kip848-stale");
    let group = random_topic("kip848-stale-group");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "4"]));
    quick_group(&group);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let config = KafkaConfig {
            brokers: vec![brokers().to_string()],
            ..KafkaConfig::default()
        };
        let kafka = Arc::new(Kafka::connect(&config).await.unwrap());
        let mut first = member(&kafka, &group, &topic);
        let all = first.join().await.unwrap();
        assert_eq!(all, [0, 1, 2, 3]);
        assert_eq!(first.reconciled(&all).await, Beat::Stable);
        let offsets: BTreeMap<i32, Committed> = all.iter().map(|&p| (p, at(10))).collect();
        first.commit(&offsets).await.unwrap();

        let mut second = member(&kafka, &group, &topic);
        second.join().await.unwrap();
        // The first learns it gives two partitions up.
        let epoch = first.epoch();
        let kept = assignment(&mut first).await;
        assert_eq!(kept.len(), 2, "{kept:?}");
        let moved: Vec<i32> = all.iter().copied().filter(|p| !kept.contains(p)).collect();
        // Its heartbeat saying so reaches the coordinator, which moves the two
        // partitions and bumps the member's epoch, but the answer is lost: sent here
        // on the member's behalf.
        acknowledge(&kafka, &group, &topic, first.id(), epoch, &kept).await;
        // The first commits what it read of the moved partitions, at its old epoch.
        let late: BTreeMap<i32, Committed> = moved.iter().map(|&p| (p, at(20))).collect();
        let refused = first.commit(&late).await.unwrap_err().to_string();
        println!("the commit after the move: {refused}");
        assert!(refused.contains("StaleMemberEpoch"), "{refused}");
        assert!(matches!(first.heartbeat().await, Beat::Rejoin(_)));
        // The moved partitions' next owner reads on from the last commit.
        let committed = kafka.committed_offsets(&group).await.unwrap();
        for p in &moved {
            assert_eq!(
                committed[&(topic.clone(), *p)].offset,
                10,
                "the new owner starts where the last commit stands: nothing lost"
            );
        }
        let mut taken = Vec::new();
        let mut beat = second.reconciled(&taken).await;
        let end = Instant::now() + Duration::from_secs(30);
        while taken != moved && Instant::now() < end {
            beat = match beat {
                Beat::Assigned(now) => {
                    taken = now;
                    second.reconciled(&taken).await
                }
                _ => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    second.heartbeat().await
                }
            };
        }
        assert_eq!(taken, moved, "the second member owns the moved partitions");
        // The first joins again and gets its share.
        let again = first.join().await.unwrap();
        println!("the first joined again with {again:?}");
        first.leave().await.unwrap();
        second.leave().await.unwrap();
    });
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}

/// A heartbeat of member `id` at `epoch` saying it owns `owned`, sent as the member
/// would, on a connection of the test's own.
async fn acknowledge(kafka: &Kafka, group: &str, topic: &str, id: &str, epoch: i32, owned: &[i32]) {
    use kafka_protocol::messages::consumer_group_heartbeat_request::TopicPartitions;
    use kafka_protocol::messages::{ConsumerGroupHeartbeatRequest, GroupId};
    use kafka_protocol::protocol::StrBytes;
    let request = ConsumerGroupHeartbeatRequest::default()
        .with_group_id(GroupId(StrBytes::from_string(group.into())))
        .with_member_id(StrBytes::from_string(id.into()))
        .with_member_epoch(epoch)
        .with_rebalance_timeout_ms(-1)
        .with_topic_partitions(Some(vec![TopicPartitions::default()
            .with_topic_id(kafka.topic_id(topic).await.unwrap())
            .with_partitions(owned.to_vec())]));
    let coordinator = kafka.coordinator(group).await.unwrap();
    let answer = coordinator
        .call(1, &request, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(answer.error_code, 0, "{answer:?}");
    assert!(
        answer.member_epoch > epoch,
        "the coordinator bumped the epoch: {answer:?}"
    );
}

/// Heartbeat until a beat brings an assignment (within 30 s).
async fn assignment(member: &mut Member) -> Vec<i32> {
    let end = Instant::now() + Duration::from_secs(30);
    loop {
        if let Beat::Assigned(partitions) = member.heartbeat().await {
            return partitions;
        }
        assert!(Instant::now() < end, "no assignment within 30 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
