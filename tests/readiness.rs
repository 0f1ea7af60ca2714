//! What `/readyz` and `kafka_lab_ready` mean: the latest produce request and the latest
//! fetch request both succeeded (fetches may be paused instead). Against Apache Kafka
//! from `scripts/kafka.sh`, whose tools set the topic config that refuses produce.

mod common;

use common::daemon::*;
use common::*;
use kafka_lab::metrics as m;
use std::time::Duration;

/// Produce refused (the topic takes no batch over 64 bytes: a batch's header is 61, a
/// tracked record about 45 more) while fetches and
/// offsets succeed: not ready. Refusal lifted: ready. Consumers paused: still ready.
#[test]
#[ignore = "needs Apache Kafka from scripts/kafka.sh (KAFKA_LAB_TEST_KAFKA_INSTANCE); CI runs it"]
fn broker_refusing_produce_keeps_the_daemon_not_ready_until_produce_succeeds() {
    needs(
        "KAFKA_LAB_TEST_KAFKA_INSTANCE",
        "Apache Kafka 4 from scripts/kafka.sh, whose tools change topic configs",
    );
    let broker = Broker::new();
    let topic = random_topic("ready");
    let max_message_bytes = |bytes: &str| {
        kafka_tool(
            "4",
            &[
                "org.apache.kafka.tools.ConfigCommand",
                "--bootstrap-server",
                &broker.addr,
                "--alter",
                "--entity-type",
                "topics",
                "--entity-name",
                &topic,
                "--add-config",
                &format!("max.message.bytes={bytes}"),
            ],
        )
    };
    ok(broker
        .lab()
        .args(["topic", "create", &topic, "--partitions", "2"]));
    max_message_bytes("64");
    let (_dir, state) = temp_dir();
    let daemon = Daemon::spawn(
        &broker,
        &topic,
        &state,
        &[
            ("KAFKA_LAB_GENERATOR__RATE", "200"),
            ("KAFKA_LAB_KAFKA__RETRY_BACKOFF_MAX_MS", "200"),
        ],
    );
    eventually("the daemon serves", Duration::from_secs(30), || {
        (daemon.get("/healthz").0 == 200).then_some(())
    });
    let refused = eventually(
        "produce is refused again and again",
        Duration::from_secs(60),
        || {
            let s = daemon.scrape();
            let offsets_polled = s.keys().any(|k| k.starts_with(m::CURRENT_OFFSET));
            (daemon.sum(&s, m::PRODUCE_ERRORS) >= 5.0 && offsets_polled).then_some(s)
        },
    );
    assert_eq!(daemon.sum(&refused, m::RECORDS_PRODUCED), 0.0);
    assert_eq!(
        daemon.sum(&refused, m::FETCH_ERRORS),
        0.0,
        "fetches succeed"
    );
    assert_eq!(refused.get(m::READY), Some(&0.0));
    assert_eq!(
        daemon.get("/readyz").0,
        503,
        "not ready while produce fails"
    );

    max_message_bytes("1048588");
    eventually(
        "ready once produce succeeds",
        Duration::from_secs(60),
        || (daemon.get("/readyz").0 == 200).then_some(()),
    );
    let s = daemon.scrape();
    assert!(daemon.sum(&s, m::RECORDS_PRODUCED) > 0.0);
    assert_eq!(s.get(m::READY), Some(&1.0));

    daemon.signal("USR1");
    eventually("lag grows while paused", Duration::from_secs(60), || {
        let s = daemon.scrape();
        (daemon.sum(&s, m::CONSUMER_LAG) >= 400.0).then_some(())
    });
    assert_eq!(daemon.get("/readyz").0, 200, "paused consumers are ready");
    assert_eq!(daemon.stop().0, Some(0));
    ok(broker.lab().args(["topic", "delete", &topic]));
}
