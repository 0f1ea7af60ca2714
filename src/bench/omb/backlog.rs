//! A backlog built and drained (`consumerBacklogSizeGB`, `backlogDrainRatio`), as OMB's
//! `buildAndDrainBacklog`: the consumers pause until that many bytes wait for them,
//! then read while the producers go on, until at most `max(1000, (1 - ratio) ×
//! backlog)` messages wait; the test then runs its whole duration from there.

use super::workload::Workload;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, PartialEq)]
pub enum Backlog {
    /// None asked, or drained and the test's duration run since.
    Done,
    /// Consumers paused until this many bytes wait for them.
    Building { bytes: f64 },
    /// Consumers read until at most this many messages wait.
    Draining { messages: u64 },
    /// Drained: the test runs on until then.
    Holding { until: Instant },
}

impl Backlog {
    /// At the test's start: pause the consumers if `w` asks for a backlog.
    pub fn new(w: &Workload, paused: &AtomicBool) -> Self {
        if w.consumer_backlog_size_gb <= 0.0 {
            return Self::Done;
        }
        paused.store(true, Ordering::Relaxed);
        Self::Building {
            bytes: w.consumer_backlog_size_gb * 1024f64.powi(3),
        }
    }

    pub fn is_done(&self) -> bool {
        *self == Self::Done
    }

    /// The next state, given the messages waiting for the subscriptions now, and what
    /// changed, to tell the user.
    pub fn step(
        self,
        w: &Workload,
        waiting: u64,
        paused: &AtomicBool,
        test: Duration,
    ) -> (Self, Option<String>) {
        match self {
            Self::Building { bytes } if waiting as f64 * f64::from(w.message_size) >= bytes => {
                paused.store(false, Ordering::Relaxed);
                let capacity = bytes / f64::from(w.message_size);
                let messages = (((1.0 - w.backlog_drain_ratio) * capacity) as u64).max(1000);
                let news =
                    format!("Backlog of {waiting} messages built; draining it to {messages}");
                (Self::Draining { messages }, Some(news))
            }
            Self::Draining { messages } if waiting <= messages => {
                let until = Instant::now() + test;
                let news = format!(
                    "Backlog drained to {waiting} messages; the test runs {test:?} from here"
                );
                (Self::Holding { until }, Some(news))
            }
            Self::Holding { until } if Instant::now() >= until => (Self::Done, None),
            other => (other, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_with_consumers_paused_then_drains_then_holds_for_the_test() {
        let text = "name: b\ntopics: 1\npartitionsPerTopic: 1\nmessageSize: 1024\n\
            subscriptionsPerTopic: 1\nconsumerPerSubscription: 1\nproducersPerTopic: 1\n\
            producerRate: 1000\nconsumerBacklogSizeGB: 0.01\nbacklogDrainRatio: 0.5\n\
            testDurationMinutes: 1\n";
        let w = Workload::parse(text, std::path::Path::new("w.yaml")).unwrap();
        let paused = AtomicBool::new(false);
        let backlog = Backlog::new(&w, &paused);
        assert!(paused.load(Ordering::Relaxed), "paused while building");
        // 0.01 GiB of 1 KiB messages: 10,486 messages.
        let (backlog, news) = backlog.step(&w, 10_000, &paused, Duration::ZERO);
        assert!(news.is_none() && paused.load(Ordering::Relaxed));
        let (backlog, news) = backlog.step(&w, 10_486, &paused, Duration::ZERO);
        assert_eq!(
            backlog,
            Backlog::Draining { messages: 5_242 },
            "half of it drained"
        );
        assert!(news.is_some() && !paused.load(Ordering::Relaxed));
        let (backlog, _) = backlog.step(&w, 6_000, &paused, Duration::ZERO);
        let (backlog, _) = backlog.step(&w, 5_000, &paused, Duration::ZERO);
        assert!(matches!(backlog, Backlog::Holding { .. }));
        let (backlog, _) = backlog.step(&w, 5_000, &paused, Duration::ZERO);
        assert!(backlog.is_done());
    }
}
