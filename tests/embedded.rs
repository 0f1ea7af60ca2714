//! The embedded broker: state persists between processes, a second process uses the
//! broker another one serves instead of starting its own, and a client's mistake is
//! not logged as the broker's error.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

#[test]
fn topics_persist_across_processes_without_any_broker_configured() {
    let (_dir, data) = temp_dir();
    let cmd = || {
        let mut cmd = kafka_lab();
        cmd.env("USER", "paulagili")
            .env(
                "KAFKA_LAB_EMBEDDED__LISTEN",
                format!("127.0.0.1:{}", free_port()),
            )
            .env("KAFKA_LAB_EMBEDDED__DATA_DIR", &data);
        cmd
    };
    assert_eq!(
        ok(cmd().args(["topic", "create"])),
        "Created topic paulagiliTopic.\n"
    );
    assert_eq!(ok(cmd().args(["topic", "list"])), "paulagiliTopic\n");
    let described = ok(cmd().args(["topic", "describe"]));
    assert!(
        described.starts_with(
            "Topic: paulagiliTopic\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n"
        ),
        "{described}"
    );
}

/// Creating a topic that exists is the client's error (exit 1, said once), not the
/// broker's: with warnings shown (`RUST_LOG=warn`) the embedded broker logs no ERROR.
#[test]
fn a_topic_that_exists_is_no_broker_error() {
    let (_dir, data) = temp_dir();
    let listen = format!("127.0.0.1:{}", free_port());
    let cmd = || {
        let mut cmd = kafka_lab();
        cmd.env("KAFKA_LAB_EMBEDDED__LISTEN", &listen)
            .env("KAFKA_LAB_EMBEDDED__DATA_DIR", &data)
            .env("RUST_LOG", "warn");
        cmd
    };
    ok(cmd().args(["topic", "create", "twice"]));
    let err = fails(cmd().args(["topic", "create", "twice"]), 1);
    assert_eq!(err, "kafka-lab: error: topic 'twice' already exists\n");
}

/// A state folder of Tansu 0.6 (the embedded broker before Nisshi): its `header`
/// table lacks the column Nisshi reads, so every fetch would fail. It is moved aside,
/// said once, and a fresh broker starts in its place.
#[test]
fn a_tansu_state_file_is_set_aside_with_a_warning() {
    let (_dir, data) = temp_dir();
    let db = data.join("broker.db");
    // Python's sqlite3 writes the old file (kafka-lab's own SQLite is the broker's).
    let made = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute('create table header (topition integer, offset_id integer, k blob, v blob)'); \
             c.commit()",
        ])
        .arg(&db)
        .status()
        .unwrap();
    assert!(made.success());
    let cmd = || {
        let mut cmd = kafka_lab();
        cmd.env(
            "KAFKA_LAB_EMBEDDED__LISTEN",
            format!("127.0.0.1:{}", free_port()),
        )
        .env("KAFKA_LAB_EMBEDDED__DATA_DIR", &data);
        cmd
    };
    let out = cmd()
        .args(["topic", "create", "after-tansu"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("written by Tansu 0.6"), "{stderr}");
    assert!(data.join("broker.db.tansu-0.6").exists(), "moved aside");
    ok(cmd().args(["produce", "after-tansu", "--count", "10"]));
    let read = ok(cmd().args(["consume", "after-tansu"]));
    assert_eq!(read.lines().count(), 10, "{read}");
}

#[test]
fn a_second_process_uses_the_running_embedded_broker() {
    let (_dir, data) = temp_dir();
    let listen = format!("127.0.0.1:{}", free_port());
    let mut broker = kafka_lab()
        .args(["broker", "--listen", &listen, "--data-dir"])
        .arg(&data)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(broker.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    assert!(banner.contains(&listen), "{banner}");

    // Same data dir, another listen address: it must find and use the running broker.
    let topic = random_topic("shared");
    let other = format!("127.0.0.1:{}", free_port());
    let cmd = || {
        let mut cmd = kafka_lab();
        cmd.env("KAFKA_LAB_EMBEDDED__LISTEN", &other)
            .env("KAFKA_LAB_EMBEDDED__DATA_DIR", &data);
        cmd
    };
    ok(cmd().args(["topic", "create", &topic]));
    // Visible through the running broker's own address.
    let listed = ok(kafka_lab().args(["--brokers", &listen, "topic", "list"]));
    assert!(listed.lines().any(|l| l == topic), "{listed}");
    assert!(
        std::net::TcpStream::connect(&other).is_err(),
        "no second broker on {other}"
    );

    // A second `broker` on the same data dir refuses, naming the running one.
    let err = fails(kafka_lab().args(["broker", "--data-dir"]).arg(&data), 2);
    assert!(err.contains(&listen), "{err}");

    broker.kill().unwrap();
    broker.wait().unwrap();
    // Once it is gone the next command serves the data dir itself, topic intact.
    let listed = eventually("lock released", Duration::from_secs(10), || {
        let out = run(cmd().args(["topic", "list"]));
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap())
    });
    assert!(listed.lines().any(|l| l == topic), "{listed}");
}
