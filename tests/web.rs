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

/// Points drawn for `series` (the chart legend's `data-points`).
fn points_of(dom: &str, series: &str) -> usize {
    let at = dom
        .find(&format!("data-series=\"{series}\" data-points=\""))
        .unwrap_or_else(|| panic!("a legend entry for {series}"));
    let rest = &dom[at..];
    let rest = &rest[rest.find("data-points=\"").unwrap() + 13..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// The number in a table cell (`1,234` → 1234); `None` for `–`.
fn number(cell: &str) -> Option<f64> {
    cell.replace(',', "").parse().ok()
}

#[test]
fn the_live_page_draws_the_histogram_the_offsets_and_the_last_minutes() {
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

    let first = eventually(
        "the page shows records and curves",
        Duration::from_secs(60),
        || {
            let dom = read();
            // The committed lag comes with the group's first commit (every 5 s).
            let committed = partition_rows(&dom)
                .iter()
                .all(|row| row.len() == 10 && number(&row[5]).is_some());
            (text_of(&dom, "total-consumed") != "–"
                && text_of(&dom, "total-consumed") != "0"
                && points_of(&dom, "consumed") >= 3
                && text_of(&dom, "caught-up-at").starts_with("at ")
                && committed)
                .then_some(dom)
        },
    );
    assert_eq!(text_of(&first, "topic"), topic);
    assert_eq!(text_of(&first, "ready"), "ready");
    assert!(
        text_of(&first, "broker").starts_with("broker: "),
        "names the broker"
    );
    let bars = first.matches("class=\"bar\"").count();
    assert_eq!(bars, 32, "one bar per bin of [histogram]");
    assert!(first.contains("class=\"expected\""), "the expected density");
    for series in [
        "generated",
        "produced",
        "consumed",
        "produce_p99",
        "end_to_end_p99",
        "lag",
    ] {
        assert!(
            points_of(&first, series) >= 1,
            "the {series} curve has points"
        );
    }
    assert!(
        first.matches("class=\"series\"").count() >= 6,
        "lines drawn in the charts"
    );
    let rows = partition_rows(&first);
    assert_eq!(rows.len(), 2, "a row per partition: {rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 10, "{row:?}");
        let (log_end, position) = (number(&row[2]).unwrap(), number(&row[3]).unwrap());
        assert!(
            position <= log_end,
            "position never above the log end: {row:?}"
        );
        assert_eq!(
            number(&row[4]),
            Some(log_end - position),
            "consumer lag: {row:?}"
        );
        assert!(
            number(&row[5]).is_some(),
            "committed lag, in a group: {row:?}"
        );
    }
    assert!(
        first.contains("id=\"group-section\"") && !first.contains("id=\"group-section\" hidden"),
        "the group"
    );
    assert_eq!(text_of(&first, "group-name"), format!("kafka-lab-{topic}"));
    // What the member itself knows: both partitions, in the classic protocol.
    assert_eq!(text_of(&first, "group-owned"), "0, 1");
    assert_eq!(text_of(&first, "group-protocol"), "classic");
    // Latency since the Consumers caught up: the start and the join left out.
    let caught_up = first
        .split("id=\"latency-caught-up\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap();
    assert!(caught_up.contains("end to end"), "{caught_up}");

    let second = eventually("the numbers move", Duration::from_secs(60), || {
        let dom = read();
        (partition_rows(&dom) != rows
            && text_of(&dom, "total-consumed") != text_of(&first, "total-consumed"))
        .then_some(dom)
    });
    for row in partition_rows(&second) {
        assert!(
            number(&row[3]) <= number(&row[2]),
            "position ≤ log end: {row:?}"
        );
    }

    // Paused Consumers: the consumer lag curve goes up, point after point.
    let lag_now = |history: &Value| -> Vec<f64> {
        history
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["lag"].as_f64())
            .collect()
    };
    daemon.signal("USR1");
    let rising = eventually(
        "the lag curve rises while paused",
        Duration::from_secs(60),
        || {
            let history: Value = serde_json::from_str(&daemon.get("/api/history").1).unwrap();
            let lags = lag_now(&history);
            let tail = &lags[lags.len().saturating_sub(4)..];
            (tail.len() == 4 && tail.windows(2).all(|w| w[1] > w[0]) && tail[3] > 500.0)
                .then(|| tail.to_vec())
        },
    );
    let paused = read();
    let lag_cells: f64 = partition_rows(&paused)
        .iter()
        .filter_map(|row| number(&row[4]))
        .sum();
    assert!(
        lag_cells > 100.0,
        "the table shows the lag too: {lag_cells}"
    );
    println!("lag while paused: {rising:?}");

    let shot = repo().join("target/artifacts/live-page.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    ok(&mut headless(
        &chromium,
        &url,
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
        ],
    ));
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a screenshot"
    );
    println!("screenshot: {}", shot.display());
    daemon.signal("USR2");
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
