//! A broker for one daemon test at a time, and a running `kafka-lab run` with its own
//! topic, metrics port and state folder: HTTP GETs on its metrics port, its scraped
//! metrics, signals and a draining stop.

use super::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const DRAIN: Duration = Duration::from_secs(10);
/// The daemon's stderr, in its state folder.
pub const LOG: &str = "daemon.log";

/// One daemon at a time: they load the machine.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The broker of one test: `KAFKA_LAB_TEST_BROKERS`, or else an embedded broker of
/// its own (`kafka-lab broker` on a fresh data dir). Tansu 0.6 could be left stuck by a
/// client that exits mid-request (a panic in its SQLite engine, lite.rs:503, inside a
/// transaction), so one test's daemon exiting must not stall the next test.
pub struct Broker {
    pub addr: String,
    pub child: Option<Child>,
    /// The embedded broker's state folder (`None`: a broker someone else started).
    pub data_dir: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
    _serial: std::sync::MutexGuard<'static, ()>,
}

impl Broker {
    pub fn new() -> Self {
        if let Ok(addr) = std::env::var("KAFKA_LAB_TEST_BROKERS") {
            return Self::at(&addr);
        }
        let serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let (dir, path) = temp_dir();
        let addr = format!("127.0.0.1:{}", free_port());
        let child = kafka_lab()
            .args(["broker", "--listen", &addr, "--data-dir"])
            .arg(&path)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        eventually(
            "the embedded broker listens",
            Duration::from_secs(30),
            || TcpStream::connect(&addr).ok(),
        );
        Self {
            addr,
            child: Some(child),
            data_dir: Some(path),
            _dir: Some(dir),
            _serial: serial,
        }
    }

    /// The broker at `addr`, started by someone else.
    pub fn at(addr: &str) -> Self {
        Self {
            addr: addr.into(),
            child: None,
            data_dir: None,
            _dir: None,
            _serial: ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    pub fn lab(&self) -> Command {
        let mut cmd = kafka_lab();
        cmd.args(["--brokers", &self.addr]);
        cmd
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A running `kafka-lab run` with its own topic, metrics port and state folder.
pub struct Daemon {
    pub child: Child,
    pub metrics: String,
    pub topic: String,
    pub state: PathBuf,
}

impl Daemon {
    /// Start a daemon and wait until `/readyz` says ready.
    pub fn start(
        broker: &Broker,
        topic: &str,
        state: &std::path::Path,
        settings: &[(&str, &str)],
    ) -> Self {
        let daemon = Self::spawn(broker, topic, state, settings);
        eventually("the daemon is ready", Duration::from_secs(60), || {
            (daemon.get("/readyz").0 == 200).then_some(())
        });
        daemon
    }

    /// Start a daemon; `settings` are `KAFKA_LAB_*` variables. Its stderr goes to
    /// [`LOG`] in `state`.
    pub fn spawn(
        broker: &Broker,
        topic: &str,
        state: &std::path::Path,
        settings: &[(&str, &str)],
    ) -> Self {
        let metrics = format!("127.0.0.1:{}", free_port());
        let mut cmd = broker.lab();
        cmd.arg("run")
            .env("KAFKA_LAB_PIPELINE__TOPIC", topic)
            .env("KAFKA_LAB_PIPELINE__STATE_DIR", state)
            .env("KAFKA_LAB_METRICS__LISTEN", &metrics)
            .env("KAFKA_LAB_METRICS__OFFSETS_INTERVAL_MS", "200")
            .env("KAFKA_LAB_PRODUCER__BATCH_SIZE", "100")
            // A group of its own: no rebalance waits on another test's daemon.
            .env("KAFKA_LAB_CONSUMER__GROUP", format!("kafka-lab-{topic}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(state.join(LOG)).expect("a log file"));
        for (key, value) in settings {
            cmd.env(key, value);
        }
        Self {
            child: cmd.spawn().expect("kafka-lab run starts"),
            metrics,
            topic: topic.into(),
            state: state.into(),
        }
    }

    /// Status and body of an HTTP GET on the metrics port (0 when nobody answers).
    pub fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.metrics, path).unwrap_or((0, String::new()))
    }

    /// Every sample of `/metrics`: series (name and labels as written) → value.
    pub fn scrape(&self) -> BTreeMap<String, f64> {
        let (status, body) = self.get("/metrics");
        assert_eq!(status, 200, "/metrics answers");
        body.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| l.rsplit_once(' '))
            .map(|(series, value)| (series.to_string(), value.parse().unwrap()))
            .collect()
    }

    /// The value of `name` for `partition` of this daemon's topic (0 if not exported yet).
    pub fn partition_metric(
        &self,
        scraped: &BTreeMap<String, f64>,
        name: &str,
        partition: i32,
    ) -> f64 {
        let series = format!(
            "{name}{{topic=\"{}\",partition=\"{partition}\"}}",
            self.topic
        );
        scraped.get(&series).copied().unwrap_or(0.0)
    }

    /// The sum of `name` over the partitions.
    pub fn sum(&self, scraped: &BTreeMap<String, f64>, name: &str) -> f64 {
        scraped
            .iter()
            .filter(|(s, _)| {
                s.starts_with(&format!("{name}{{"))
                    && s.contains(&format!("topic=\"{}\"", self.topic))
            })
            .map(|(_, v)| v)
            .sum()
    }

    pub fn signal(&self, signal: &str) {
        ok(Command::new("kill").args([&format!("-{signal}"), &self.child.id().to_string()]));
    }

    /// SIGTERM, and the exit code and how long the drain took.
    pub fn stop(mut self) -> (Option<i32>, Duration, Value) {
        let started = Instant::now();
        self.signal("TERM");
        let status = eventually("the daemon exits", DRAIN * 2, || {
            self.child.try_wait().unwrap()
        });
        let checkpoint =
            std::fs::read_to_string(self.state.join("checkpoint.json")).unwrap_or_default();
        (
            status.code(),
            started.elapsed(),
            serde_json::from_str(&checkpoint).unwrap_or(Value::Null),
        )
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
