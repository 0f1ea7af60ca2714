//! One of Kafka's own console clients (`scripts/kafka.sh tool ...`) running in the
//! background, its printed records counted.

use super::{eventually, ok, repo};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct JavaClient {
    child: Child,
    lines: Arc<AtomicUsize>,
}

impl JavaClient {
    /// Start Kafka `version`'s tool with `args` (e.g. `console-consumer ...`).
    pub fn start(version: &str, args: &[&str]) -> Self {
        let mut child = Command::new(repo().join("scripts/kafka.sh"))
            .args(["tool", "--version", version])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("scripts/kafka.sh runs");
        let lines = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&lines);
        let stdout = child.stdout.take().expect("piped");
        std::thread::spawn(move || {
            for _ in BufReader::new(stdout).lines().map_while(Result::ok) {
                counted.fetch_add(1, Ordering::Relaxed);
            }
        });
        Self { child, lines }
    }

    /// Wait until the client printed `count` lines (records) within `deadline`.
    pub fn printed(&self, count: usize, deadline: Duration) {
        eventually(
            &format!("the client printed {count} records"),
            deadline,
            || (self.lines.load(Ordering::Relaxed) >= count).then_some(()),
        );
    }

    /// SIGTERM (the client leaves its group in its shutdown hook); wait for the exit.
    pub fn stop(mut self) {
        ok(Command::new("kill").args(["-TERM", &self.child.id().to_string()]));
        eventually("the client exits", Duration::from_secs(30), || {
            self.child.try_wait().unwrap()
        });
    }
}

impl Drop for JavaClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
