//! Consumers as a member of a consumer group, for the daemon and `consume --group`.
//!
//! The member joins and gets its partitions; a Consumer per partition reads from the
//! group's committed offset (else from the configured start) and hands its records
//! to the Aggregator. Heartbeats go on their own timer; what the Aggregator took is
//! committed every commit interval, each partition with its sequences as metadata, so
//! that the next owner counts on from there. When a classic group rebalances every
//! Consumer stops after its fetch, their positions are committed, and the member
//! joins again; in the consumer protocol (KIP-848) only the partitions that move stop
//! (committed first), the new ones start, and the others read on
//! (`partitions` keeps one Consumer per partition). At the end (stopped, or every
//! partition read to its end) it commits and leaves the group. (About 400 lines: the
//! one reading loop and the steps it shares, join, take, commit, leave.)

mod partitions;

use crate::actors::aggregator::{Aggregator, Expected, Peek, Position, Summary, TakeSummary};
use crate::actors::consumer::Until;
use crate::actors::PipelineError;
use crate::config::{Config, ConsumerConfig};
use crate::kafka::group_offsets::Committed;
use crate::kafka::member::{Beat, Member, MemberConfig};
use crate::kafka::Kafka;
use crate::metrics::{self as m, Outcome, Request};
use crate::pipeline::{ConsumeJob, ConsumeSettings, JobError};
use crate::start::StartAt;
use actix::prelude::*;
use partitions::Partitions;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The member of `group` reading `topic` that `config` describes: its session
/// timeout, and as long to rejoin in a rebalance as the daemon takes to drain.
pub fn member(kafka: &Arc<Kafka>, config: &Config, group: &str, topic: &str) -> Member {
    let assignor = &config.consumer.group_remote_assignor;
    Member::new(
        Arc::clone(kafka),
        MemberConfig {
            group: group.into(),
            topic: topic.into(),
            session_timeout: Duration::from_millis(config.consumer.session_timeout_ms),
            rebalance_timeout: Duration::from_millis(config.pipeline.drain_timeout_ms),
            protocol: config.consumer.group_protocol,
            assignor: (!assignor.is_empty()).then(|| assignor.clone()),
        },
    )
}

/// How a member reads.
pub struct GroupReading {
    pub heartbeat_interval: Duration,
    pub commit_interval: Duration,
    /// Where to read a partition the group has no (usable) committed offset for.
    pub start: StartAt,
    /// Read each partition up to its log end as it was when assigned, then commit and
    /// leave (`consume --group`); else read until stopped (the daemon).
    pub to_log_end: bool,
}

impl GroupReading {
    /// With `config`'s heartbeat and commit intervals.
    pub fn new(config: &ConsumerConfig, start: StartAt, to_log_end: bool) -> Self {
        Self {
            heartbeat_interval: Duration::from_millis(config.heartbeat_interval_ms),
            commit_interval: Duration::from_millis(config.commit_interval_ms),
            start,
            to_log_end,
        }
    }
}

/// `consume --group`: read `job.topic` as a member of `group`, each assigned partition
/// up to its log end (or `job.options.limit` records), commit what was read, leave.
pub async fn consume(
    kafka: &Arc<Kafka>,
    config: &Config,
    group: &str,
    mut job: ConsumeJob,
) -> Result<Summary, JobError> {
    let (aggregator, limit_reached) = job.aggregator();
    let reached = async {
        let _ = limit_reached.await;
    };
    read(
        Arc::clone(kafka),
        member(kafka, config, group, &job.topic),
        GroupReading::new(&config.consumer, job.start, true),
        job.settings(),
        aggregator.clone(),
        reached,
    )
    .await?;
    Ok(aggregator
        .send(TakeSummary)
        .await
        .map_err(PipelineError::from)?)
}

/// Why one generation of reading ended.
enum Ended {
    /// Every partition was read to its end.
    Read,
    /// The group rebalances: rejoin.
    Rebalance(String),
    /// Asked to stop.
    Stopped,
}

/// Read `settings.topic` as `member` until `stop` resolves (or, with
/// [`GroupReading::to_log_end`], until the assignment is read); records go to
/// `aggregator`. Then commit and leave. With `settings.retry_forever` a failed join
/// is tried again after that pause (the daemon); else it ends the reading.
pub async fn read(
    kafka: Arc<Kafka>,
    mut member: Member,
    reading: GroupReading,
    settings: ConsumeSettings,
    aggregator: Addr<Aggregator>,
    stop: impl Future<Output = ()>,
) -> Result<(), JobError> {
    let labels = [
        ("group", member.group().to_string()),
        ("topic", settings.topic.clone()),
    ];
    // Counters exist from the start, at 0, so dashboards and alerts see them.
    for name in [
        m::GROUP_REBALANCES,
        m::GROUP_JOIN_FAILURES,
        m::GROUP_COMMIT_FAILURES,
    ] {
        metrics::counter!(name, &labels).absolute(0);
    }
    tokio::pin!(stop);
    let mut partitions = Partitions::new(Arc::clone(&kafka), settings.clone(), aggregator.clone());
    loop {
        let mut assigned = tokio::select! {
            joined = member.join() => match (joined, settings.retry_forever) {
                (Ok(partitions), _) => partitions,
                (Err(e), Some(pause)) => {
                    metrics::counter!(m::GROUP_JOIN_FAILURES, &labels).increment(1);
                    tracing::warn!(group = member.group(), error = %e, "joining the group failed; retrying");
                    tokio::time::sleep(pause).await;
                    continue;
                }
                (Err(e), None) => return Err(e.into()),
            },
            () = &mut stop => return leave(&mut member).await,
        };
        tracing::info!(
            group = member.group(),
            member = member.id(),
            epoch = member.epoch(),
            partitions = ?assigned,
            "joined the group"
        );
        let taken = take(
            &kafka,
            &member,
            &reading,
            &aggregator,
            &mut partitions,
            &assigned,
        )
        .await;
        match (taken, settings.retry_forever) {
            (Ok(()), _) => {}
            (Err(e), Some(_)) => {
                tracing::warn!(group = member.group(), error = %e, "reading the committed offsets failed; joining again");
                continue;
            }
            (Err(e), None) => return Err(e),
        }
        owning(&member, &settings, (&assigned, &[]), &labels);
        let mut beat = member.reconciled(&assigned).await;
        let mut heartbeats = ticks(member.heartbeat_interval(reading.heartbeat_interval));
        let mut commits = ticks(reading.commit_interval);
        let ended = loop {
            match std::mem::replace(&mut beat, Beat::Stable) {
                Beat::Stable => {}
                Beat::Rejoin(why) => break Ended::Rebalance(why),
                // The consumer protocol: only what moves stops, the rest reads on.
                Beat::Assigned(new) => {
                    let gone: Vec<i32> = assigned
                        .iter()
                        .copied()
                        .filter(|p| !new.contains(p))
                        .collect();
                    let added: Vec<i32> = new
                        .iter()
                        .copied()
                        .filter(|p| !assigned.contains(p))
                        .collect();
                    partitions.stop(&gone).await?;
                    // What was read of them is committed before they are given up.
                    match commit(&mut member, &aggregator, &assigned, &labels).await {
                        Err(JobError::Kafka(_)) => {}
                        other => other?,
                    }
                    let taken = take(
                        &kafka,
                        &member,
                        &reading,
                        &aggregator,
                        &mut partitions,
                        &added,
                    )
                    .await;
                    match (taken, settings.retry_forever) {
                        (Ok(()), _) => {}
                        // The daemon gives everything up and joins again.
                        (Err(e), Some(_)) => {
                            break Ended::Rebalance(format!(
                                "reading the committed offsets of {added:?} failed: {e}"
                            ))
                        }
                        (Err(e), None) => return Err(e),
                    }
                    assigned = new;
                    if !gone.is_empty() || !added.is_empty() {
                        metrics::counter!(m::GROUP_REBALANCES, &labels).increment(1);
                        tracing::info!(
                            group = member.group(),
                            epoch = member.epoch(),
                            ?gone,
                            ?added,
                            "partitions moved"
                        );
                    }
                    owning(&member, &settings, (&assigned, &gone), &labels);
                    beat = member.reconciled(&assigned).await;
                    heartbeats = ticks(member.heartbeat_interval(reading.heartbeat_interval));
                    continue;
                }
            }
            if reading.to_log_end && partitions.is_empty() {
                break Ended::Read;
            }
            tokio::select! {
                (_, stopped) = partitions.next(), if reading.to_log_end => {
                    stopped?;
                }
                _ = heartbeats.tick() => beat = member.heartbeat().await,
                _ = commits.tick() => match commit(&mut member, &aggregator, &assigned, &labels).await {
                    // Counted and reported; the next commit covers it.
                    Err(JobError::Kafka(_)) => {}
                    other => other?,
                },
                () = &mut stop => break Ended::Stopped,
            }
        };
        partitions.stop_all().await?;
        match commit(&mut member, &aggregator, &assigned, &labels).await {
            // After a rebalance the next owner reads on from the last commit: records
            // read twice, none lost. The daemon goes on too.
            Err(JobError::Kafka(_))
                if matches!(ended, Ended::Rebalance(_)) || settings.retry_forever.is_some() => {}
            other => other?,
        }
        owning(&member, &settings, (&[], &assigned), &labels);
        match ended {
            Ended::Read | Ended::Stopped => return leave(&mut member).await,
            Ended::Rebalance(why) => {
                metrics::counter!(m::GROUP_REBALANCES, &labels).increment(1);
                tracing::info!(
                    group = member.group(),
                    reason = why,
                    "the group rebalances: partitions given up, joining again"
                );
            }
        }
    }
}

/// Start reading `taken` (newly the member's): each from the group's committed
/// offset, its sequences handed to the Aggregator first.
async fn take(
    kafka: &Kafka,
    member: &Member,
    reading: &GroupReading,
    aggregator: &Addr<Aggregator>,
    partitions: &mut Partitions,
    taken: &[i32],
) -> Result<(), JobError> {
    if taken.is_empty() {
        return Ok(());
    }
    let starts = starts(kafka, member, reading, partitions.topic(), taken).await?;
    for (&partition, (offset, _, committed)) in &starts {
        aggregator.do_send(Position {
            partition,
            offset: *offset,
            committed: Some(committed.clone()),
        });
    }
    partitions.start(
        starts
            .into_iter()
            .map(|(p, (offset, until, _))| (p, (offset, until)))
            .collect(),
    );
    Ok(())
}

/// The member's epoch and partitions (`assigned`, after giving `gone` up), in its
/// metrics and readiness.
fn owning(
    member: &Member,
    settings: &ConsumeSettings,
    (assigned, gone): (&[i32], &[i32]),
    labels: &[(&'static str, String); 2],
) {
    let owned = |partition: i32, yes: bool| {
        let mut labels = labels.to_vec();
        labels.push(("partition", partition.to_string()));
        metrics::gauge!(m::GROUP_PARTITION_OWNED, &labels).set(if yes { 1.0 } else { 0.0 });
    };
    gone.iter().for_each(|&p| owned(p, false));
    assigned.iter().for_each(|&p| owned(p, true));
    metrics::gauge!(m::GROUP_ASSIGNED_PARTITIONS, labels).set(assigned.len() as f64);
    metrics::gauge!(m::GROUP_GENERATION, labels).set(f64::from(member.epoch()));
    if assigned.is_empty() {
        // More members than partitions: this one fetches nothing, on purpose, and
        // stays ready.
        settings.health.record(Request::Fetch, Outcome::Paused);
    }
}

/// Each assigned partition's start (the committed offset if it is in the log, else
/// `reading.start`), where it stops, and the sequences committed with it.
async fn starts(
    kafka: &Kafka,
    member: &Member,
    reading: &GroupReading,
    topic: &str,
    partitions: &[i32],
) -> Result<BTreeMap<i32, (i64, Until, BTreeMap<String, Expected>)>, JobError> {
    let committed = kafka.committed_offsets(member.group()).await?;
    let mut starts = BTreeMap::new();
    for &partition in partitions {
        let (earliest, latest) = kafka.offsets(topic, partition).await?;
        let found = committed.get(&(topic.to_string(), partition));
        let (offset, resumed) = reading
            .start
            .resume(found.map(|c| c.offset), earliest, latest);
        // The sequences committed with the offset, when it is the one taken.
        let sequences = found
            .filter(|_| resumed)
            .and_then(|c| serde_json::from_str(&c.metadata).ok())
            .unwrap_or_default();
        let until = if reading.to_log_end {
            Until::Offset(latest)
        } else {
            Until::Stopped
        };
        tracing::info!(
            topic,
            partition,
            offset,
            committed = found.map(|c| c.offset),
            "consumer starts"
        );
        starts.insert(partition, (offset, until, sequences));
    }
    Ok(starts)
}

/// Commit where the Aggregator stands in each of `partitions`, with the sequences
/// there. A failure is counted and reported.
async fn commit(
    member: &mut Member,
    aggregator: &Addr<Aggregator>,
    partitions: &[i32],
    labels: &[(&'static str, String); 2],
) -> Result<(), JobError> {
    let (observed, _) = aggregator.send(Peek).await.map_err(PipelineError::from)?;
    let offsets: BTreeMap<_, _> = partitions
        .iter()
        .filter_map(|p| {
            let seen = observed.get(p)?;
            Some((
                *p,
                Committed {
                    offset: seen.position?,
                    metadata: serde_json::to_string(&seen.sequences.consumed)
                        .expect("serializable"),
                    leader_epoch: None,
                },
            ))
        })
        .collect();
    let began = Instant::now();
    match member.commit(&offsets).await {
        Ok(()) => {
            metrics::histogram!(m::GROUP_COMMIT_LATENCY, labels)
                .record(began.elapsed().as_secs_f64());
        }
        Err(e) => {
            metrics::counter!(m::GROUP_COMMIT_FAILURES, labels).increment(1);
            tracing::warn!(group = member.group(), error = %e, "commit failed");
            return Err(e.into());
        }
    }
    Ok(())
}

async fn leave(member: &mut Member) -> Result<(), JobError> {
    member.leave().await?;
    tracing::info!(group = member.group(), "left the group");
    Ok(())
}

/// A timer whose first tick is one `period` away.
fn ticks(period: Duration) -> tokio::time::Interval {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks
}
