//! `kafka-lab bench workload`: an OpenMessaging Benchmark workload run as OMB runs it.
//! Its topics are made; each subscription is a consumer group whose members (Consumers
//! → an Aggregator each) join and settle ([`members`]); the producers (Generator →
//! Partitioner → Producers each) start on schedule ([`producers`]); a warm-up is run
//! and forgotten; a backlog is built with the consumers paused and drained; then every
//! interval's rates, backlog and latencies are recorded for the test's duration.
//! Afterwards what was produced is read to its end, so that records lost or duplicated
//! are counted, and the results are written: OMB's result file, kafka-lab's, and an
//! HdrHistogram interval log.

mod members;
mod producers;

use super::{Error, Result, Session};
use crate::actors::generator;
use crate::bench::omb::backlog::Backlog;
use crate::bench::omb::driver::Driver;
use crate::bench::omb::rate::{RateController, Step, CONTROL_PERIOD, INITIAL_RATE};
use crate::bench::omb::results::RunResults;
use crate::bench::omb::stats::{published_rate, Interval, Recording};
use crate::bench::omb::test_result::{aggregated_line, interval_line};
use crate::bench::omb::workload::Workload;
use crate::bench::results::Environment;
use crate::cli::BenchWorkloadArgs;
use crate::config::Overrides;
use crate::kafka::configs::NewTopic;
use crate::kafka::Error as KafkaError;
use chrono::Utc;
use members::Members;
use producers::Producers;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use tokio::time::{interval_at, Instant, MissedTickBehavior};

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
        if workload.consumer_backlog_size_gb > 0.0 && args.worker.count > 1 {
            return Err(Error::Usage(format!(
                "{}: consumerBacklogSizeGB needs one worker: a worker only sees its own share of what waits",
                path.display()
            )));
        }
        if workload.producer_rate > 0.0 {
            let each = workload.producer_rate / f64::from(workload.producers());
            generator::rate(each).map_err(|e| {
                Error::Usage(format!(
                    "{}: producerRate: each producer's share {e}",
                    path.display()
                ))
            })?;
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

/// What the parts of a run share.
pub struct Run<'a> {
    session: &'a Session,
    workload: &'a Workload,
    args: &'a BenchWorkloadArgs,
    /// The run's name in its topics and groups: from `--start-at` (so that workers
    /// given the same time share them), else random.
    token: String,
    topics: Vec<String>,
    recording: &'a Rc<RefCell<Recording>>,
}

impl<'a> Run<'a> {
    fn new(
        session: &'a Session,
        workload: &'a Workload,
        args: &'a BenchWorkloadArgs,
        recording: &'a Rc<RefCell<Recording>>,
    ) -> Self {
        let token = match args.start_at {
            Some(at) => format!("{:x}", at.timestamp()),
            None => uuid::Uuid::now_v7().simple().to_string()[24..].to_string(),
        };
        let topics = (0..workload.topics)
            .map(|i| format!("{}-{i:07}-{token}", args.topic_prefix))
            .collect();
        Self {
            session,
            workload,
            args,
            token,
            topics,
            recording,
        }
    }

    /// Messages the subscriptions have yet to read.
    fn waiting(&self) -> u64 {
        let totals = self.recording.borrow().totals();
        totals.backlog(self.workload.subscriptions_per_topic)
    }

    /// Create the topics (each worker tries; one that exists is fine).
    async fn create_topics(&self, driver: &Driver) -> Result<()> {
        for topic in &self.topics {
            let new = NewTopic {
                replication_factor: driver.replication_factor,
                configs: driver.topic_config.clone(),
                ..NewTopic::new(topic, self.workload.partitions_per_topic as i32)
            };
            match self.session.kafka.create_topic(&new).await {
                Ok(()) | Err(KafkaError::TopicExists { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// With `--start-at`, wait for it.
    async fn start_at(&self) -> Result<()> {
        if let Some(at) = self.args.start_at {
            let wait = (at - Utc::now()).to_std().map_err(|_| {
                Error::Usage(format!(
                    "--start-at {at} has passed (the consumers were ready at {})",
                    Utc::now()
                ))
            })?;
            println!("Starting at {at}");
            tokio::time::sleep(wait).await;
        }
        Ok(())
    }

    /// The warm-up (forgotten) and the test, with the backlog and the rate search;
    /// the test's intervals and the search's steps.
    async fn measure(
        &self,
        members: &mut Members,
        producers: &mut Producers,
    ) -> Result<(Vec<Interval>, Vec<Step>)> {
        let w = self.workload;
        let searching = w.producer_rate == 0.0;
        let mut rate = initial_rate(w);
        let mut controller = RateController::new(w.subscriptions_per_topic > 0);
        let (mut steps, mut intervals) = (Vec::new(), Vec::new());
        // A loop that fell behind takes the missed ticks late, not in a burst (which
        // would make intervals and rate steps of no length).
        let mut control = interval_at(Instant::now() + CONTROL_PERIOD, CONTROL_PERIOD);
        control.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last_control = Instant::now();
        let mut poll = tokio::time::interval(Duration::from_millis(100));
        poll.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let every = Duration::from_secs_f64(self.args.interval_secs);
        let phases = [
            ("Warm-up", minutes(w.warmup_duration_minutes)),
            ("Test", minutes(w.test_duration_minutes)),
        ];
        for (phase, length) in phases {
            if length.is_zero() {
                continue;
            }
            println!("----- {phase}: {:.0} s", length.as_secs_f64());
            let testing = phase == "Test";
            let started = Instant::now();
            let mut backlog = Backlog::Done;
            {
                let mut recording = self.recording.borrow_mut();
                recording.interval(0, 0);
                if testing {
                    recording.reset_latencies();
                    backlog = Backlog::new(w, &members.paused);
                }
            }
            let mut ticks = interval_at(started + every, every);
            ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
            let mut last = now_ms();
            loop {
                tokio::select! {
                    _ = ticks.tick() => {
                        let now = now_ms();
                        let interval = self.recording.borrow_mut().interval(last, now);
                        last = now;
                        let line = interval_line(&interval, w.subscriptions_per_topic);
                        println!("{}", line.map_err(Error::Check)?);
                        producers.check().await?;
                        members.check().await?;
                        if testing {
                            intervals.push(interval);
                        }
                        if started.elapsed() >= length && backlog.is_done() {
                            break;
                        }
                    }
                    _ = poll.tick(), if !backlog.is_done() => {
                        let (next, news) = backlog.step(w, self.waiting(), &members.paused, length);
                        backlog = next;
                        if let Some(news) = news {
                            println!("{news}");
                        }
                    }
                    _ = control.tick(), if searching => {
                        let t = self.recording.borrow().totals();
                        let subscriptions = u64::from(w.subscriptions_per_topic.max(1));
                        let totals = (t.messages_sent as i64, (t.messages_received / subscriptions) as i64);
                        let step = controller.next(now_ms(), rate, last_control.elapsed(), totals);
                        last_control = Instant::now();
                        rate = step.next_rate;
                        producers.set_rate(rate);
                        steps.push(step);
                    }
                }
            }
        }
        Ok((intervals, steps))
    }

    /// After the producers stopped: read until the subscriptions have every record
    /// (one worker: it knows them all) or until none came for `--timeout-ms` (several
    /// workers, which read each other's: 2 s at most).
    async fn read_to_end(&self) -> Result<()> {
        if self.workload.subscriptions_per_topic == 0 {
            return Ok(());
        }
        let alone = self.args.worker.count == 1;
        let timeout = self.args.timeout_ms;
        let idle = Duration::from_millis(if alone { timeout } else { timeout.min(2000) });
        let received = || self.recording.borrow().totals().messages_received;
        let mut last = (received(), Instant::now());
        loop {
            let waiting = self.waiting();
            if alone && waiting == 0 {
                return Ok(());
            }
            if received() > last.0 {
                last = (received(), Instant::now());
            } else if last.1.elapsed() >= idle {
                return match alone {
                    true => Err(Error::Check(format!(
                        "{waiting} records not read: none came for {timeout} ms"
                    ))),
                    false => Ok(()),
                };
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The rate producers start at: the workload's, or the search's first.
fn initial_rate(w: &Workload) -> f64 {
    match w.producer_rate {
        0.0 => INITIAL_RATE,
        rate => rate,
    }
}

pub async fn workload(session: &Session, args: BenchWorkloadArgs, spec: Spec) -> Result<()> {
    let Spec {
        workload, driver, ..
    } = spec;
    let recording = Rc::new(RefCell::new(Recording::default()));
    let run = Run::new(session, &workload, &args, &recording);
    run.create_topics(&driver).await?;
    let outcome = run_created(&run, driver).await;
    // Topics go on every way out, unless several workers share them.
    if args.worker.count == 1 && !args.keep_topics {
        for topic in &run.topics {
            session.kafka.delete_topic(topic).await?;
        }
    } else {
        println!("Topics kept: {}", run.topics.join(", "));
    }
    outcome
}

/// Run the workload on its topics and write its results.
async fn run_created(run: &Run<'_>, driver: Driver) -> Result<()> {
    let (session, w, args) = (run.session, run.workload, run.args);
    let broker = super::broker_kind(session).await?;
    let versions = session.kafka.broker_versions().await?;
    let environment = serde_json::json!({
        "worker": args.worker,
        "environment": Environment::new(&session.brokers, broker, versions),
        "producer": session.config.producer,
        "consumer": session.config.consumer,
    });
    let mut members = Members::start(run);
    let ready = match members.ready(run).await {
        Ok(()) => run.start_at().await,
        not => not,
    };
    let started = match ready {
        Ok(()) => Producers::start(run, initial_rate(w)).await,
        Err(e) => Err(e),
    };
    let mut producers = match started {
        Ok(producers) => producers,
        Err(e) => {
            // The members leave; what they read does not matter any more.
            let _ = members.finish().await;
            return Err(e);
        }
    };
    let measured = run.measure(&mut members, &mut producers).await;
    let produced = producers.finish().await;
    let caught_up = match (&measured, &produced) {
        (Ok(_), Ok(())) => run.read_to_end().await,
        _ => Ok(()),
    };
    let (lost, duplicated, read) = members.finish().await;
    let (intervals, steps) = measured?;
    produced?;
    let test = run.recording.borrow().test_latencies().clone();
    println!("{}", aggregated_line(&test));
    if w.producer_rate == 0.0 {
        println!(
            "Rate search: {} steps of {} s (up while on schedule and read; back to the achieved rate when behind by over 1000 messages or 5% of a step, and never again halfway to a rate that failed); the test published {:.1} msg/s",
            steps.len(),
            CONTROL_PERIOD.as_secs(),
            published_rate(&intervals)
        );
    }
    let results = RunResults {
        workload: w.clone(),
        driver,
        workers: vec![args.worker],
        environments: vec![environment],
        topics: run.topics.clone(),
        interval_secs: args.interval_secs,
        intervals,
        aggregated: test.encode(),
        rate_search: steps,
        lost,
        duplicated,
    };
    super::write_omb(&results, &args.out)?;
    println!(
        "{lost} records lost, {duplicated} duplicated; results in {}",
        args.out.display()
    );
    read?;
    caught_up?;
    match lost {
        0 => Ok(()),
        lost => Err(Error::Check(format!("{lost} records lost"))),
    }
}
