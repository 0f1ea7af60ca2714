//! The daemon's HTTP port: the live page drawn by a real browser (headless Chromium),
//! its JSON snapshot, and clients that never finish a request.

mod common;

use common::daemon::*;
use common::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

/// Chromium's command line for one headless look at `url` (JavaScript run for 3 s).
fn headless(chromium: &str, url: &str, what: &[&str]) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--virtual-time-budget=3000",
    ])
    .args(what)
    .arg(url);
    cmd
}

/// The text of the element `id="{id}"` in `dom` (its first text node).
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let start = dom.find(&format!("id=\"{id}\"")).expect(id);
    let text = &dom[start..];
    let text = &text[text.find('>').unwrap() + 1..];
    &text[..text.find('<').unwrap()]
}

/// The table rows of the partitions, each as its cells' texts.
fn partition_rows(dom: &str) -> Vec<Vec<String>> {
    dom.split("<tr data-partition=")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap()];
            row.split("<td>")
                .skip(1)
                .map(|cell| cell[..cell.find("</td>").unwrap()].to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_live_page_draws_the_histogram_and_the_offsets_and_keeps_them_current() {
    let Some(chromium) = program("KAFKA_LAB_TEST_CHROMIUM", "chromium", "Debian's chromium") else {
        return;
    };
    let broker = Broker::new();
    let topic = random_topic("live");
    let (_dir, state) = temp_dir();
    let daemon = Daemon::start(
        &broker,
        &topic,
        &state,
        &[("KAFKA_LAB_GENERATOR__RATE", "500")],
    );
    let url = format!("http://{}/", daemon.metrics);
    let read = || ok(&mut headless(&chromium, &url, &["--dump-dom"]));

    let first = eventually("the page shows records", Duration::from_secs(60), || {
        let dom = read();
        (text_of(&dom, "total-consumed") != "–" && text_of(&dom, "total-consumed") != "0")
            .then_some(dom)
    });
    assert_eq!(text_of(&first, "topic"), topic);
    assert_eq!(text_of(&first, "ready"), "ready");
    let bars = first.matches("class=\"bar\"").count();
    assert_eq!(bars, 32, "one bar per bin of [histogram]");
    assert!(first.contains("class=\"expected\""), "the expected density");
    let rows = partition_rows(&first);
    assert_eq!(rows.len(), 2, "a row per partition: {rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 9, "{row:?}");
        assert!(
            row[2].replace(',', "").parse::<u64>().is_ok(),
            "log end: {row:?}"
        );
    }

    let second = eventually("the numbers move", Duration::from_secs(60), || {
        let dom = read();
        (partition_rows(&dom) != rows
            && text_of(&dom, "total-consumed") != text_of(&first, "total-consumed"))
        .then_some(dom)
    });
    println!(
        "consumed {} then {}; partitions {rows:?} then {:?}",
        text_of(&first, "total-consumed"),
        text_of(&second, "total-consumed"),
        partition_rows(&second)
    );

    let shot = repo().join("target/artifacts/live-page.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    ok(&mut headless(
        &chromium,
        &url,
        &[
            "--window-size=1280,900",
            &format!("--screenshot={}", shot.display()),
        ],
    ));
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot"
    );
    println!("screenshot: {}", shot.display());
    assert_eq!(daemon.stop().0, Some(0));
}

#[test]
fn the_snapshot_is_json_of_the_daemons_topic() {
    let broker = Broker::new();
    let topic = random_topic("snapshot");
    let (_dir, state) = temp_dir();
    let daemon = Daemon::start(
        &broker,
        &topic,
        &state,
        &[("KAFKA_LAB_GENERATOR__DISTRIBUTION", "uniform:0,2")],
    );
    let snapshot = eventually("records consumed", Duration::from_secs(60), || {
        let (status, body) = daemon.get("/api/snapshot");
        assert_eq!(status, 200);
        let snapshot: Value = serde_json::from_str(&body).expect("JSON");
        (snapshot["totals"]["consumed"].as_f64() > Some(0.0)).then_some(snapshot)
    });
    assert_eq!(snapshot["topic"], topic.as_str());
    assert_eq!(snapshot["distribution"], "uniform:0,2");
    assert_eq!(snapshot["expected"]["mean"], 1.0);
    assert_eq!(snapshot["ready"], true);
    assert_eq!(snapshot["partitions"].as_array().unwrap().len(), 2);
    let consumed: f64 = snapshot["histogram"]["consumed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_f64().unwrap())
        .sum();
    assert_eq!(
        consumed + snapshot["histogram"]["consumed_above"].as_f64().unwrap(),
        snapshot["totals"]["consumed"].as_f64().unwrap()
            - snapshot["totals"]["invalid"].as_f64().unwrap()
    );
    let (status, body) = daemon.get("/nothing-here");
    assert_eq!(status, 404);
    assert!(body.contains("/api/snapshot"), "{body}");
    assert_eq!(daemon.stop().0, Some(0));
}

/// A hundred clients that open a connection and send half a request: the port still
/// answers at once, and drops them once their time to send the request is over.
#[test]
fn clients_that_never_finish_a_request_neither_stall_nor_hold_the_port() {
    let broker = Broker::new();
    let (_dir, state) = temp_dir();
    let daemon = Daemon::start(&broker, &random_topic("slow"), &state, &[]);
    let mut stalled: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = TcpStream::connect(&daemon.metrics).unwrap();
            s.write_all(b"GET /metrics HT").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    assert_eq!(daemon.get("/healthz").0, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered in {:?} beside 100 stalled clients",
        started.elapsed()
    );
    let deadline = started + Duration::from_secs(15);
    for s in &mut stalled {
        let left = deadline.saturating_duration_since(Instant::now());
        s.set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .unwrap();
        // The server answers 408 or just closes; either way the connection ends.
        let mut rest = Vec::new();
        if let Err(e) = s.read_to_end(&mut rest) {
            panic!("a stalled client still connected after 15 s: {e}");
        }
    }
    let waited = started.elapsed();
    println!("100 stalled clients dropped after {waited:?}");
    assert_eq!(daemon.stop().0, Some(0));
}
