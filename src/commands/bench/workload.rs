//! `kafka-lab bench workload`: an OpenMessaging Benchmark workload run as OMB runs it.
//! Its topics are made; each subscription is a consumer group whose members (Consumers
//! → an Aggregator each) join and settle; the producers (Generator → Partitioner →
//! Producers each) start on schedule; a warm-up is run and forgotten; a backlog is
//! built with the consumers paused and drained; then every interval's rates, backlog
//! and latencies are recorded for the test's duration. Afterwards what was produced
//! is read to its end, so that records lost or duplicated are counted, and the results
//! are written: OMB's result file, kafka-lab's, and an HdrHistogram interval log.
//! `bench merge` combines several workers' results.

use super::{Error, Result, Session};
use crate::actors::aggregator::{Acked, Aggregator, Options, TakeSummary};
use crate::bench::omb::driver::Driver;
use crate::bench::omb::rate::{RateController, Step, CONTROL_PERIOD, INITIAL_RATE};
use crate::bench::omb::results::{self, RunResults};
use crate::bench::omb::stats::{Interval, Recording};
use crate::bench::omb::test_result::{aggregated_line, interval_line};
use crate::bench::omb::workload::{KeyDistributor, Workload};
use crate::bench::results::Environment;
use crate::cli::{BenchMergeArgs, BenchWorkloadArgs};
use crate::config::Overrides;
use crate::kafka::configs::NewTopic;
use crate::kafka::fetch::Fetch;
use crate::kafka::Error as KafkaError;
use crate::membership::{self, GroupReading};
use crate::metrics::Health;
use crate::partition::{KeyOrder, Rule};
use crate::pipeline::{ConsumeSettings, JobError, ProduceJob, Producing};
use crate::sample::Source;
use actix::prelude::*;
use chrono::Utc;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::{interval_at, sleep_until, Instant};

/// A workload and its driver, read and checked before connecting (the driver's
/// client settings are part of the configuration).
pub struct Spec {
    pub workload: Workload,
    pub driver: Driver,
    pub overrides: Overrides,
}

impl Spec {
    /// Read `args`' workload and driver files; every problem of both, named.
    pub fn read(args: &BenchWorkloadArgs) -> Result<Self> {
        let in_file = |path: &Path, problems: Vec<String>| {
            let list: Vec<_> = problems.iter().map(|p| format!("  {p}")).collect();
            Error::Usage(format!("{}:\n{}", path.display(), list.join("\n")))
        };
        let path = &args.workload;
        let text = std::fs::read_to_string(path).map_err(|e| in_file(path, vec![e.to_string()]))?;
        let workload = Workload::parse(&text, path).map_err(|p| in_file(path, p))?;
        let (driver, overrides) = match &args.driver {
            None => (Driver::default(), Overrides::default()),
            Some(path) => {
                let driver = Driver::read(path).map_err(|p| in_file(path, p))?;
                let origin = path.display().to_string();
                let overrides = driver
                    .overrides(&origin, workload.message_size)
                    .map_err(|p| in_file(path, p))?;
                (driver, overrides)
            }
        };
        if workload.producer_rate == 0.0 && args.worker.count > 1 {
            return Err(Error::Usage(format!(
                "{}: producerRate: 0 searches for the highest rate within one process; give several workers a rate",
                path.display()
            )));
        }
        if args.worker.count > 1 && args.start_at.is_none() {
            return Err(Error::Usage(
                "--worker I/N needs --start-at, the same for every worker (it lines their intervals up and names their topics)".into(),
            ));
        }
        Ok(Self {
            workload,
            driver,
            overrides,
        })
    }
}

fn minutes(m: f64) -> Duration {
    Duration::from_secs_f64(m * 60.0)
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// The run's name in its topics and groups: from `--start-at` (so that workers given
/// the same time share them), else random.
fn run_token(args: &BenchWorkloadArgs) -> String {
    match args.start_at {
        Some(at) => format!("{:x}", at.timestamp()),
        None => uuid::Uuid::now_v7().simple().to_string()[24..].to_string(),
    }
}

/// A member's reading, ending when it left its group.
type Reading = tokio::task::JoinHandle<Result<(), JobError>>;

/// The consumers of this worker: a member of its subscription's group each, reading
/// into an Aggregator that records what it reads.
struct Consumers {
    members: Vec<(Addr<Aggregator>, Reading)>,
    groups: Vec<String>,
    paused: Arc<AtomicBool>,
    stop: watch::Sender<bool>,
}

impl Consumers {
    fn start(
        session: &Session,
        w: &Workload,
        args: &BenchWorkloadArgs,
        topics: &[String],
        token: &str,
        recording: &Rc<RefCell<Recording>>,
    ) -> Self {
        let config = &session.config;
        let paused = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = watch::channel(false);
        let (mut members, mut groups, mut n) = (Vec::new(), Vec::new(), 0);
        for (t, topic) in topics.iter().enumerate() {
            for s in 0..w.subscriptions_per_topic {
                let group = format!("sub-{s:03}-{t:07}-{token}");
                for _ in 0..w.consumer_per_subscription {
                    n += 1;
                    if !args.worker.holds(n - 1) {
                        continue;
                    }
                    let recording = Rc::clone(recording);
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

    /// Wait until every group of the workload has all its members and is stable.
    async fn ready(&self, session: &Session, members: usize) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        for group in &self.groups {
            loop {
                let (state, found) = match session.kafka.describe_group(group).await {
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

    /// Stop reading: every member commits and leaves. Returns the records lost and
    /// duplicated by their sequence numbers.
    async fn finish(self) -> Result<(u64, u64)> {
        let _ = self.stop.send(true);
        let (mut lost, mut duplicated) = (0, 0);
        for (aggregator, reading) in self.members {
            reading
                .await
                .map_err(|e| Error::Check(format!("a consumer failed: {e}")))??;
            let summary = aggregator
                .send(TakeSummary)
                .await
                .map_err(|e| Error::Check(e.to_string()))?;
            for p in summary.partitions.values() {
                lost += p.lost;
                duplicated += p.duplicated;
            }
        }
        Ok((lost, duplicated))
    }
}

fn rule(keys: KeyDistributor) -> Rule {
    match keys {
        KeyDistributor::NoKey => Rule::RoundRobin,
        KeyDistributor::KeyRoundRobin => Rule::Keys(KeyOrder::Turn),
        KeyDistributor::RandomNano => Rule::Keys(KeyOrder::Random),
    }
}

/// Start this worker's producers, each at `rate_each` messages per second.
async fn start_producers(
    session: &Session,
    w: &Workload,
    args: &BenchWorkloadArgs,
    topics: &[String],
    rate_each: f64,
    recording: &Rc<RefCell<Recording>>,
) -> Result<Vec<Producing>> {
    let payloads = w
        .payloads()
        .map_err(|e| Error::Usage(format!("payloadFile: {e}")))?;
    let on_acked = Rc::clone(recording);
    let acks = Aggregator::new(Options {
        on_acked: Some(Box::new(move |acked: &Acked| {
            on_acked
                .borrow_mut()
                .acked(acked.count, acked.bytes.values, acked.latency);
        })),
        ..Options::default()
    })
    .start();
    let mut producers = Vec::new();
    let mut n = 0;
    for topic in topics {
        for _ in 0..w.producers_per_topic {
            n += 1;
            if !args.worker.holds(n - 1) {
                continue;
            }
            let on_late = Rc::clone(recording);
            let source = Source::Random("normal:0,1".parse().expect("a distribution"));
            let job = ProduceJob {
                value_size: Some(w.message_size as usize),
                payloads: payloads.clone(),
                rule: rule(w.key_distributor),
                on_late: Some(Box::new(move |late, records| {
                    on_late.borrow_mut().late(late, records);
                })),
                ..ProduceJob::new(&session.config, topic, source, None, Some(rate_each))
            };
            producers.push(Producing::start(&session.kafka, job, acks.clone().recipient()).await?);
        }
    }
    Ok(producers)
}

/// Where building and draining a backlog stands (`consumerBacklogSizeGB`).
enum Backlog {
    /// None asked, or drained and the test's time run since.
    Done,
    /// Consumers paused until this many bytes wait for them.
    Building { bytes: f64 },
    /// Consumers read until at most this many messages wait.
    Draining { messages: u64 },
    /// Drained: the test runs on until then.
    Holding { until: Instant },
}

impl Backlog {
    fn new(w: &Workload, paused: &AtomicBool) -> Self {
        if w.consumer_backlog_size_gb <= 0.0 {
            return Self::Done;
        }
        paused.store(true, Ordering::Relaxed);
        Self::Building {
            bytes: w.consumer_backlog_size_gb * 1024f64.powi(3),
        }
    }

    /// The next state, given the messages waiting for the subscriptions.
    fn step(self, w: &Workload, waiting: u64, paused: &AtomicBool, test: Duration) -> Self {
        match self {
            Self::Building { bytes } if waiting as f64 * f64::from(w.message_size) >= bytes => {
                println!("Backlog of {waiting} messages built; draining it");
                paused.store(false, Ordering::Relaxed);
                let capacity = bytes / f64::from(w.message_size);
                let messages = ((1.0 - w.backlog_drain_ratio) * capacity) as u64;
                Self::Draining {
                    messages: messages.max(1000),
                }
            }
            Self::Draining { messages } if waiting <= messages => {
                println!("Backlog drained to {waiting} messages");
                Self::Holding {
                    until: Instant::now() + test,
                }
            }
            Self::Holding { until } if Instant::now() >= until => Self::Done,
            other => other,
        }
    }
}

/// Messages the subscriptions have yet to read.
fn waiting(recording: &RefCell<Recording>, subscriptions: u32) -> u64 {
    let t = recording.borrow().totals();
    (u64::from(subscriptions) * t.messages_sent).saturating_sub(t.messages_received)
}

pub async fn workload(session: &Session, args: BenchWorkloadArgs, spec: Spec) -> Result<()> {
    let Spec {
        workload: w,
        driver,
        ..
    } = spec;
    let kafka = &session.kafka;
    let token = run_token(&args);
    let topics: Vec<String> = (0..w.topics)
        .map(|i| format!("{}-{i:07}-{token}", args.topic_prefix))
        .collect();
    for topic in &topics {
        let new = NewTopic {
            replication_factor: driver.replication_factor,
            configs: driver.topic_config.clone(),
            ..NewTopic::new(topic, w.partitions_per_topic as i32)
        };
        match kafka.create_topic(&new).await {
            Ok(()) | Err(KafkaError::TopicExists { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let broker = super::broker_kind(session).await?;
    let environment = Environment::new(&session.brokers, broker, kafka.broker_versions().await?);
    let environment = serde_json::json!({
        "worker": args.worker,
        "environment": environment,
        "producer": session.config.producer,
        "consumer": session.config.consumer,
    });
    let recording = Rc::new(RefCell::new(Recording::default()));
    let subscriptions = w.subscriptions_per_topic;
    let consumers = Consumers::start(session, &w, &args, &topics, &token, &recording);
    consumers
        .ready(session, w.consumer_per_subscription as usize)
        .await?;
    if let Some(at) = args.start_at {
        let wait = (at - Utc::now()).to_std().map_err(|_| {
            Error::Usage(format!(
                "--start-at {at} has passed (the consumers were ready at {})",
                Utc::now()
            ))
        })?;
        println!("Starting at {at}");
        tokio::time::sleep(wait).await;
    }
    let searching = w.producer_rate == 0.0;
    let mut rate = if searching {
        INITIAL_RATE
    } else {
        w.producer_rate
    };
    let producers_total = f64::from(w.producers());
    let producers = start_producers(
        session,
        &w,
        &args,
        &topics,
        rate / producers_total,
        &recording,
    )
    .await?;
    let every = Duration::from_secs_f64(args.interval_secs);
    let mut controller = RateController::new(subscriptions > 0);
    let mut steps: Vec<Step> = Vec::new();
    let mut control = tokio::time::interval_at(Instant::now() + CONTROL_PERIOD, CONTROL_PERIOD);
    let mut last_control = Instant::now();
    // Warm-up and test, each its own intervals; the warm-up's are forgotten.
    let mut intervals: Vec<Interval> = Vec::new();
    let mut backlog = Backlog::Done;
    let mut poll = tokio::time::interval(Duration::from_millis(100));
    for (phase, length) in [
        ("Warm-up", minutes(w.warmup_duration_minutes)),
        ("Test", minutes(w.test_duration_minutes)),
    ] {
        if length.is_zero() {
            continue;
        }
        println!("----- {phase}: {:.0} s", length.as_secs_f64());
        let started = Instant::now();
        recording.borrow_mut().interval(0, 0);
        if phase == "Test" {
            recording.borrow_mut().reset_latencies();
            backlog = Backlog::new(&w, &consumers.paused);
        }
        let mut ticks = interval_at(started + every, every);
        let mut last = now_ms();
        let end = sleep_until(started + length);
        tokio::pin!(end);
        loop {
            tokio::select! {
                _ = ticks.tick() => {
                    let now = now_ms();
                    let interval = recording.borrow_mut().interval(last, now);
                    last = now;
                    println!("{}", interval_line(&interval, subscriptions).map_err(Error::Check)?);
                    if phase == "Test" {
                        intervals.push(interval);
                        if started.elapsed() >= length && matches!(backlog, Backlog::Done) {
                            break;
                        }
                    }
                }
                () = &mut end, if phase == "Warm-up" => break,
                _ = poll.tick(), if !matches!(backlog, Backlog::Done) => {
                    let waiting = waiting(&recording, subscriptions);
                    backlog = backlog.step(&w, waiting, &consumers.paused, length);
                }
                _ = control.tick(), if searching => {
                    let t = recording.borrow().totals();
                    let received = t.messages_received / u64::from(subscriptions.max(1));
                    let totals = (t.messages_sent as i64, received as i64);
                    let step = controller.next(now_ms(), rate, last_control.elapsed(), totals);
                    last_control = Instant::now();
                    rate = step.next_rate;
                    for p in &producers {
                        p.set_rate(rate / producers_total);
                    }
                    steps.push(step);
                }
            }
        }
    }
    let aggregated = recording.borrow().test_latencies().encode();
    println!("{}", aggregated_line(recording.borrow().test_latencies()));
    if searching {
        let sent: u64 = intervals.iter().map(|i| i.counters.messages_sent).sum();
        let seconds: f64 = intervals
            .iter()
            .map(|i| (i.end_ms - i.start_ms) as f64 / 1000.0)
            .sum();
        println!(
            "Rate search: {} steps of {} s (ramp up while on schedule and read; back to the achieved rate when over 1000 messages behind); the test published {:.1} msg/s",
            steps.len(),
            CONTROL_PERIOD.as_secs(),
            sent as f64 / seconds.max(1e-3)
        );
    }
    for p in &producers {
        p.stop();
    }
    for p in producers {
        p.finish().await.map_err(JobError::from)?;
    }
    let caught_up = read_to_end(&recording, subscriptions, &args).await;
    let (lost, duplicated) = consumers.finish().await?;
    let run = RunResults {
        workload: w,
        driver,
        workers: vec![args.worker],
        environments: vec![environment],
        topics,
        interval_secs: args.interval_secs,
        intervals,
        aggregated,
        rate_search: steps,
        lost,
        duplicated,
    };
    run.write_to(&args.out).map_err(|(path, e)| Error::Output {
        path,
        source: std::io::Error::other(e),
    })?;
    println!(
        "{lost} records lost, {duplicated} duplicated; results in {}",
        args.out.display()
    );
    match (caught_up, lost) {
        (Err(e), _) => Err(e),
        (Ok(()), 0) => Ok(()),
        (Ok(()), lost) => Err(Error::Check(format!("{lost} records lost"))),
    }
}

/// After the producers stopped: read until the subscriptions have every record
/// (one worker: it knows them all) or until none came for `--timeout-ms` (several
/// workers: they read each other's).
async fn read_to_end(
    recording: &RefCell<Recording>,
    subscriptions: u32,
    args: &BenchWorkloadArgs,
) -> Result<()> {
    if subscriptions == 0 {
        return Ok(());
    }
    let alone = args.worker.count == 1;
    let idle = Duration::from_millis(if alone {
        args.timeout_ms
    } else {
        2000.min(args.timeout_ms)
    });
    let mut last = (
        recording.borrow().totals().messages_received,
        Instant::now(),
    );
    loop {
        let waiting = waiting(recording, subscriptions);
        if alone && waiting == 0 {
            return Ok(());
        }
        let received = recording.borrow().totals().messages_received;
        if received > last.0 {
            last = (received, Instant::now());
        } else if last.1.elapsed() >= idle {
            return match alone {
                true => Err(Error::Check(format!(
                    "{waiting} records not read: none came for {} ms",
                    args.timeout_ms
                ))),
                false => Ok(()),
            };
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `bench merge`: the workers' results as one.
pub fn merge(args: BenchMergeArgs) -> Result<()> {
    let parts = args
        .results
        .iter()
        .map(|dir| RunResults::read(&dir.join(results::RESULTS_FILE)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Usage)?;
    let merged = results::merge(parts).map_err(Error::Usage)?;
    let count = merged.workers[0].count as usize;
    if merged.workers.len() < count {
        eprintln!(
            "kafka-lab: note: {} of {count} workers' results merged",
            merged.workers.len()
        );
    }
    merged
        .write_to(&args.out)
        .map_err(|(path, e)| Error::Output {
            path,
            source: std::io::Error::other(e),
        })?;
    let aggregated = merged.aggregated().map_err(Error::Usage)?;
    let total: u64 = merged
        .intervals
        .iter()
        .map(|i| i.counters.messages_sent)
        .sum();
    let seconds: f64 = merged
        .intervals
        .iter()
        .map(|i| (i.end_ms - i.start_ms) as f64 / 1000.0)
        .sum();
    println!(
        "Merged {} workers: {total} messages published in the test, {:.1} msg/s; {} lost, {} duplicated",
        merged.workers.len(),
        total as f64 / seconds.max(1e-3),
        merged.lost,
        merged.duplicated
    );
    println!("{}", aggregated_line(&aggregated));
    Ok(())
}
