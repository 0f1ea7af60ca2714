//! Shared test helpers: which broker to use, the kafka-lab binary, random topic names.
//!
//! Tests talk to a real broker over TCP: `KAFKA_LAB_TEST_BROKERS=host:port` names one
//! (Apache Kafka in CI); otherwise an embedded broker is started once per test binary.
//! Cross-checks with other tools (kafka-python, Kafka's own tools) are skipped when
//! the tool is missing, unless `KAFKA_LAB_TEST_STRICT=1` (CI), where that is a failure.
#![allow(dead_code)] // each test binary uses its own part of these helpers

pub mod daemon;
pub mod grafana;
pub mod groups;
pub mod java;
pub mod prometheus;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Bootstrap servers of the broker under test.
pub fn brokers() -> &'static str {
    static BROKERS: OnceLock<String> = OnceLock::new();
    BROKERS.get_or_init(|| match std::env::var("KAFKA_LAB_TEST_BROKERS") {
        Ok(brokers) if !brokers.is_empty() => brokers,
        _ => embedded_broker(),
    })
}

fn embedded_broker() -> String {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    // A free port can be taken by someone else before the broker binds it: try another.
    let embedded = (0..5)
        .find_map(|_| {
            let config = kafka_lab::config::EmbeddedConfig {
                listen: format!("127.0.0.1:{}", free_port()),
                data_dir: dir.path().to_path_buf(),
            };
            match kafka_lab::embedded::ensure(&config) {
                Err(kafka_lab::embedded::Error::Listen { .. }) => None,
                started => Some(started.expect("embedded broker starts")),
            }
        })
        .expect("a free port for the embedded broker within 5 tries");
    let addr = embedded.addr().to_string();
    // The broker thread lives as long as the test process; keep its lock too.
    std::mem::forget(embedded);
    addr
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind port 0")
        .port()
}

/// Status and body of an HTTP/1.0 GET (None when nobody answers as HTTP).
pub fn http_get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8(response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

/// Each partition's log-end offset, as `lab` (a kafka-lab command with its broker)
/// prints them with `offsets TOPIC`.
pub fn log_ends(mut lab: Command, topic: &str) -> Vec<i64> {
    ok(lab.args(["offsets", topic]))
        .lines()
        .map(|l| l.rsplit_once("LatestOffset: ").unwrap().1.parse().unwrap())
        .collect()
}

/// A topic name no other test uses.
pub fn random_topic(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::now_v7().simple())
}

/// The kafka-lab binary with a clean environment (no `KAFKA_LAB_*` from outside).
pub fn kafka_lab() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kafka-lab"));
    for (name, _) in std::env::vars() {
        if name.starts_with("KAFKA_LAB_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("RUST_LOG", "warn");
    cmd
}

/// The kafka-lab binary pointed at the broker under test.
pub fn kafka_lab_on_broker() -> Command {
    let mut cmd = kafka_lab();
    cmd.args(["--brokers", brokers()]);
    cmd
}

/// Run and return the output, whatever the exit code.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("kafka-lab runs")
}

/// Run, assert success, return stdout.
pub fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Run, assert failure with `code`, return stderr.
pub fn fails(cmd: &mut Command, code: i32) -> String {
    let out = run(cmd);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}: expected exit {code}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("utf-8 output")
}

/// Skip a cross-check (return false) when its tool is missing, unless strict (CI), with
/// a SKIP line that `cargo test` shows (written past the test harness's capture).
pub fn available(what: &str, present: bool) -> bool {
    if !present {
        assert!(
            std::env::var("KAFKA_LAB_TEST_STRICT").as_deref() != Ok("1"),
            "{what} is required with KAFKA_LAB_TEST_STRICT=1"
        );
        let test = std::thread::current().name().unwrap_or("?").to_string();
        let line = format!("SKIP {test}: cross-check skipped, {what} is not available\n");
        std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes()).ok();
    }
    present
}

/// The value of `variable`, which an `#[ignore]`d test needs: run without it (with
/// `--ignored`), the test fails and says what to set up.
pub fn needs(variable: &str, setup: &str) -> String {
    match std::env::var(variable) {
        Ok(value) if !value.is_empty() => value,
        _ => panic!("this test needs {setup}, named by {variable}"),
    }
}

/// The program named by `variable`, else `default`, if `--version` runs (else a SKIP
/// line, or a failure when strict); `what` says where it comes from.
pub fn program(variable: &str, default: &str, what: &str) -> Option<String> {
    let program = std::env::var(variable).unwrap_or_else(|_| default.into());
    let runs = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    available(&format!("{program} ({what}, or {variable})"), runs).then_some(program)
}

/// Python 3 with kafka-python, the original lab's client.
pub fn python() -> Option<String> {
    let python = std::env::var("KAFKA_LAB_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let works = Command::new(&python)
        .args(["-c", "import kafka"])
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(python)
}

/// Run a helper script from `tests/py/` with kafka-python; returns its stdout.
pub fn python_script(python: &str, script: &str, args: &[&str]) -> String {
    let path = repo().join("tests/py").join(script);
    ok(Command::new(python).arg(path).args(args))
}

/// Read `topic` with kafka-python and check that each run's records in each partition
/// are numbered 0.. (the tracking header's partition sequence) with no gap or repeat;
/// returns how many (run, partition) there are.
pub fn numbered_without_gap(python: &str, brokers: &str, topic: &str) -> usize {
    let mut runs: std::collections::BTreeMap<(String, i64), Vec<u64>> = Default::default();
    for line in python_script(python, "read.py", &[brokers, topic]).lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (
            r["run"].as_str().unwrap().to_string(),
            r["partition"].as_i64().unwrap(),
        );
        runs.entry(key)
            .or_default()
            .push(r["partition_seq"].as_u64().unwrap());
    }
    for ((run, partition), seqs) in &mut runs {
        seqs.sort_unstable();
        assert!(
            seqs.iter().enumerate().all(|(i, s)| *s == i as u64),
            "run {run} partition {partition}: {} records, numbered 0.. with no gap or repeat",
            seqs.len()
        );
    }
    runs.len()
}

/// Run one of Apache Kafka's own tools through `scripts/kafka.sh tool`.
pub fn kafka_tool(version: &str, args: &[&str]) -> String {
    ok(Command::new(repo().join("scripts/kafka.sh"))
        .args(["tool", "--version", version])
        .args(args))
}

/// What Kafka's ConfigCommand (`kafka-configs --describe`) says of `topic`'s configs.
pub fn kafka_topic_configs(version: &str, topic: &str) -> String {
    kafka_tool(
        version,
        &[
            "configs",
            "--bootstrap-server",
            brokers(),
            "--describe",
            "--entity-type",
            "topics",
            "--entity-name",
            topic,
        ],
    )
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Poll `probe` until it returns `Some`, or panic after `deadline`.
pub fn eventually<T>(what: &str, deadline: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + deadline;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < end, "{what}: not within {deadline:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A fresh, empty folder that lives as long as the returned guard.
pub fn temp_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// For each TCP connection of process `pid` to `port`: whether TCP_NODELAY is set on
/// it, read back from the socket itself (duplicated into this process with
/// `pidfd_getfd`, which needs the rights of a debugger over `pid`).
pub fn nodelay_of_connections(pid: u32, port: u16) -> Vec<bool> {
    use std::mem::{size_of, zeroed};
    // SAFETY: plain system calls on descriptors this function owns and closes.
    unsafe {
        let pidfd = libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) as i32;
        assert!(
            pidfd >= 0,
            "pidfd_open: {}",
            std::io::Error::last_os_error()
        );
        let mut found = Vec::new();
        for entry in std::fs::read_dir(format!("/proc/{pid}/fd")).expect("/proc/PID/fd") {
            let entry = entry.expect("fd entry");
            let is_socket = std::fs::read_link(entry.path())
                .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"));
            let Some(fd) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            if !is_socket {
                continue;
            }
            let local = libc::syscall(libc::SYS_pidfd_getfd, pidfd, fd, 0) as i32;
            assert!(
                local >= 0,
                "pidfd_getfd: {}",
                std::io::Error::last_os_error()
            );
            let mut peer: libc::sockaddr_storage = zeroed();
            let mut len = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            let connected = libc::getpeername(local, (&raw mut peer).cast(), &mut len) == 0;
            let peer_port = match i32::from(peer.ss_family) {
                libc::AF_INET if connected => {
                    u16::from_be((*(&raw const peer).cast::<libc::sockaddr_in>()).sin_port)
                }
                libc::AF_INET6 if connected => {
                    u16::from_be((*(&raw const peer).cast::<libc::sockaddr_in6>()).sin6_port)
                }
                _ => 0,
            };
            if peer_port == port {
                let mut on: libc::c_int = 0;
                let mut size = size_of::<libc::c_int>() as libc::socklen_t;
                let got = libc::getsockopt(
                    local,
                    libc::IPPROTO_TCP,
                    libc::TCP_NODELAY,
                    (&raw mut on).cast(),
                    &mut size,
                );
                assert_eq!(got, 0, "getsockopt: {}", std::io::Error::last_os_error());
                found.push(on != 0);
            }
            libc::close(local);
        }
        libc::close(pidfd);
        found
    }
}

/// Run to success and return the process's peak resident memory in KiB (its own
/// `ru_maxrss`, from `wait4`), with stdout discarded.
#[allow(clippy::zombie_processes)] // wait4 reaps it, with its own rusage
pub fn peak_rss_kib(cmd: &mut Command) -> u64 {
    let stderr = tempfile::tempfile().expect("temp file");
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(stderr.try_clone().expect("dup"))
        .spawn()
        .expect("kafka-lab runs");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32, "wait4");
    let mut stderr = stderr;
    let mut err = String::new();
    std::io::Seek::rewind(&mut stderr).ok();
    std::io::Read::read_to_string(&mut stderr, &mut err).ok();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed ({status}): {err}"
    );
    usage.ru_maxrss as u64
}
