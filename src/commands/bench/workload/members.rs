//! The consumers of a worker's share: a member of its subscription's consumer group
//! each, reading into an Aggregator of its own that records what it reads.

use super::{Error, Result, Run};
use crate::actors::aggregator::{Aggregator, Options, TakeSummary};
use crate::kafka::fetch::Fetch;
use crate::kafka::Error as KafkaError;
use crate::membership::{self, GroupReading};
use crate::metrics::Health;
use crate::pipeline::{ConsumeSettings, JobError};
use actix::prelude::*;
use chrono::Utc;
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// A member's reading, ending when it left its group.
type Reading = tokio::task::JoinHandle<Result<(), JobError>>;

pub struct Members {
    members: Vec<(Addr<Aggregator>, Reading)>,
    /// Every group of the workload (this worker's members' and the others').
    groups: Vec<String>,
    /// Pauses every member's fetching (a backlog being built).
    pub paused: Arc<AtomicBool>,
    stop: watch::Sender<bool>,
}

impl Members {
    /// Start this worker's members: the workload's consumers, numbered topic by topic
    /// and subscription by subscription, that its share holds.
    pub fn start(run: &Run) -> Self {
        let (session, w) = (run.session, run.workload);
        let config = &session.config;
        let paused = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = watch::channel(false);
        let (mut members, mut groups, mut n) = (Vec::new(), Vec::new(), 0);
        for (t, topic) in run.topics.iter().enumerate() {
            for s in 0..w.subscriptions_per_topic {
                let group = format!("sub-{s:03}-{t:07}-{}", run.token);
                for _ in 0..w.consumer_per_subscription {
                    n += 1;
                    if !run.args.worker.holds(n - 1) {
                        continue;
                    }
                    let recording = Rc::clone(run.recording);
                    let aggregator = Aggregator::new(Options {
                        inspect: Some(Box::new(move |records| {
                            let now = Utc::now();
                            let mut recording = recording.borrow_mut();
                            for record in records {
                                let sent = record.sent().unwrap_or(now);
                                let latency = (now - sent).to_std().unwrap_or_default();
                                recording.received(record.volume().values, latency);
                            }
                        })),
                        ..Options::default()
                    })
                    .start();
                    let mut stopped = stopped.clone();
                    let reading = membership::read(
                        Arc::clone(&session.kafka),
                        membership::member(&session.kafka, config, &group, topic),
                        GroupReading::new(&config.consumer, config.consumer.start, false),
                        ConsumeSettings {
                            topic: topic.clone(),
                            fetch: Fetch::from(&config.consumer),
                            retry_forever: None,
                            paused: Arc::clone(&paused),
                            health: Health::default(),
                        },
                        aggregator.clone(),
                        async move {
                            let _ = stopped.wait_for(|stop| *stop).await;
                        },
                    );
                    members.push((aggregator, actix::spawn(reading)));
                }
                groups.push(group);
            }
        }
        Self {
            members,
            groups,
            paused,
            stop,
        }
    }

    /// Wait until every group of the workload has all its members and is stable (a
    /// minute at most).
    pub async fn ready(&self, run: &Run<'_>) -> Result<()> {
        let members = run.workload.consumer_per_subscription as usize;
        let deadline = Instant::now() + Duration::from_secs(60);
        for group in &self.groups {
            loop {
                let (state, found) = match run.session.kafka.describe_group(group).await {
                    Ok(found) => (found.state, found.members.len()),
                    Err(KafkaError::UnknownGroup { .. }) => ("not made yet".into(), 0),
                    Err(e) => return Err(e.into()),
                };
                if state == "Stable" && found == members {
                    break;
                }
                if Instant::now() >= deadline {
                    return Err(Error::Check(format!(
                        "consumers not ready within 60 s: group {group} has {found} of {members} members ({state})"
                    )));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        Ok(())
    }

    /// An error if a member has stopped (they read until told to stop).
    pub async fn check(&mut self) -> Result<()> {
        let Some(ended) = self.members.iter().position(|(_, r)| r.is_finished()) else {
            return Ok(());
        };
        let (_, reading) = self.members.swap_remove(ended);
        Err(match reading.await {
            Ok(Err(e)) => e.into(),
            _ => Error::Check("a consumer stopped".into()),
        })
    }

    /// Stop reading: every member commits and leaves. Returns the records lost and
    /// duplicated by their sequence numbers (of the members that read to the end),
    /// and the first member's failure.
    pub async fn finish(self) -> (u64, u64, Result<()>) {
        let _ = self.stop.send(true);
        let (mut lost, mut duplicated, mut outcome) = (0, 0, Ok(()));
        for (aggregator, reading) in self.members {
            let read = match reading.await {
                Ok(read) => read.map_err(Error::from),
                Err(e) => Err(Error::Check(format!("a consumer failed: {e}"))),
            };
            let summary = aggregator.send(TakeSummary).await;
            match (read, summary) {
                (Ok(()), Ok(summary)) => {
                    for p in summary.partitions.values() {
                        lost += p.lost;
                        duplicated += p.duplicated;
                    }
                }
                (Err(e), _) => outcome = outcome.and(Err(e)),
                (_, Err(e)) => outcome = outcome.and(Err(Error::Check(e.to_string()))),
            }
        }
        (lost, duplicated, outcome)
    }
}
