//! `kafka-lab bench`: `produce`, the pipeline (Generator → Partitioner → Producers →
//! Kafka) producing a number of records as fast as it can or at a rate, reported in
//! `kafka-producer-perf-test`'s format; `consume`, Kafka → Consumers → Aggregator
//! reading them back, reported in `kafka-consumer-perf-test`'s. In files of their own:
//! `e2e`, both at once at a fixed rate; `plot`, results files drawn; `run`, an
//! experiment preset's steps; `workload` and `merge`, OpenMessaging Benchmark
//! workloads and several workers' results.

pub use e2e::e2e;
pub use merge::merge;
pub use plot::draw as plot;
pub use run::run;
pub use workload::{workload, Spec as WorkloadSpec};

mod e2e;
mod merge;
mod plot;
mod run;
mod workload;

use super::{Error, Result, Session};
use crate::actors::aggregator::{Acked, Options};
use crate::bench::consume::{ConsumeTotals, CONSUME_HEADER};
use crate::bench::perf::ProduceStats;
use crate::bench::results::{write_csv, Environment, ProduceRun, Results};
use crate::broker::BrokerKind;
use crate::cli::{BenchConsumeArgs, BenchProduceArgs, ProducerFlags};
use crate::commands::produce::progress_bar;
use crate::config::Overrides;
use crate::kafka::admin::default_topic_name;
use crate::kafka::configs::NewTopic;
use crate::kafka::Error as KafkaError;
use crate::pipeline::{self, ConsumeJob, ProduceJob};
use crate::sample::Source;
use crate::start::StartAt;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

impl BenchProduceArgs {
    /// The producer settings given as flags, as configuration keys; an error for flags
    /// that contradict each other.
    pub fn overrides(&self) -> Result<Overrides> {
        if self.warmup_records >= self.records {
            return Err(Error::Usage(format!(
                "--warmup-records ({}) must be fewer than --records ({})",
                self.warmup_records, self.records
            )));
        }
        Ok(self.producer.overrides())
    }
}

impl ProducerFlags {
    /// The producer settings given as flags, as configuration keys.
    pub fn overrides(&self) -> Overrides {
        let mut flags = Overrides::default();
        let numbers = [
            ("producer.batch_size", "--batch-size", self.batch_size),
            ("producer.linger_ms", "--linger-ms", self.linger_ms),
            (
                "producer.max_in_flight",
                "--max-in-flight",
                self.max_in_flight,
            ),
        ];
        for (key, flag, value) in numbers {
            if let Some(value) = value {
                flags.set(key, flag, value.into());
            }
        }
        if let Some(compression) = &self.compression {
            flags.set(
                "producer.compression",
                "--compression",
                compression.as_str().into(),
            );
        }
        if let Some(value) = (self.tracking).and_then(|t| clap::ValueEnum::to_possible_value(&t)) {
            flags.set("producer.tracking", "--tracking", value.get_name().into());
        }
        flags
    }

    /// The job producing to `topic` with these flags, `count` records at `rate`.
    fn job(
        &self,
        session: &Session,
        topic: &str,
        count: Option<u64>,
        rate: Option<f64>,
    ) -> ProduceJob {
        ProduceJob {
            value_size: self.record_size.map(|size| size as usize),
            ..ProduceJob::new(
                &session.config,
                topic,
                Source::Random(self.distribution),
                count,
                rate,
            )
        }
    }
}

/// Create `topic` with `partitions` unless it exists.
async fn ensure_topic(session: &Session, topic: &str, partitions: i32) -> Result<()> {
    let kafka = &session.kafka;
    match kafka.partitions(topic).await {
        Err(KafkaError::UnknownTopic { .. }) => {
            match kafka.create_topic(&NewTopic::new(topic, partitions)).await {
                Ok(()) | Err(KafkaError::TopicExists { .. }) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        found => found.map(drop).map_err(Error::from),
    }
}

/// Which broker the figures come from; on the embedded broker, a note on stderr
/// saying they are not Apache Kafka's (stdout keeps perf-test's lines alone).
async fn broker_kind(session: &Session) -> Result<BrokerKind> {
    let kind = session.kafka.broker_kind().await?;
    if let Some(notice) = kind.notice() {
        eprintln!("kafka-lab: note: {notice}");
    }
    Ok(kind)
}

/// What the run runs on, for its results file (asked only when one is written).
async fn environment(session: &Session, output: Option<&PathBuf>) -> Result<Option<Environment>> {
    let broker = broker_kind(session).await?;
    Ok(match output {
        Some(_) => Some(Environment::new(
            &session.brokers,
            broker,
            session.kafka.broker_versions().await?,
        )),
        None => None,
    })
}

/// Write a workload's results (OMB's, kafka-lab's, the interval log) into `dir`.
fn write_omb(
    results: &crate::bench::omb::results::RunResults,
    dir: &std::path::Path,
) -> Result<()> {
    results.write_to(dir).map_err(|(path, e)| Error::Output {
        path,
        source: std::io::Error::other(e),
    })
}

/// Write the results file of a `kind` run on `topic` to `path`.
fn write_results<R: Serialize>(
    session: &Session,
    (kind, environment, topic): (&'static str, &Environment, &str),
    run: R,
    path: PathBuf,
) -> Result<()> {
    let results = Results {
        kind,
        environment,
        topic,
        producer: &session.config.producer,
        run,
    };
    results
        .write(&path)
        .map_err(|source| Error::Output { path, source })
}

pub async fn produce(session: &Session, args: BenchProduceArgs) -> Result<()> {
    let topic = args.topic.clone().unwrap_or_else(default_topic_name);
    let flags = &args.producer;
    ensure_topic(session, &topic, flags.partitions).await?;
    let environment = environment(session, flags.output.as_ref()).await?;
    let job = flags.job(session, &topic, Some(args.records), args.throughput.0);
    let interval = Duration::from_millis(flags.report_interval_ms);
    let stats = Rc::new(RefCell::new(ProduceStats::new(
        interval,
        args.warmup_records,
    )));
    if args.warmup_records > 0 {
        println!(
            "Warmup first {} records. Steady state results will print after the complete test summary.",
            args.warmup_records
        );
    }
    let on_acked = Rc::clone(&stats);
    let bar = progress_bar(args.records);
    let acked_bar = bar.clone();
    let options = Options {
        on_acked: Some(Box::new(move |acked: &Acked| {
            let mut stats = on_acked.borrow_mut();
            acked_bar.inc(acked.count);
            if let Some(interval) = stats.record(acked.count, acked.bytes, acked.latency) {
                acked_bar.suspend(|| println!("{}", interval.line()));
            }
        })),
        ..Options::default()
    };
    pipeline::produce(&session.kafka, job, options).await?;
    bar.finish_and_clear();
    let stats = stats.borrow();
    let totals = stats.totals();
    println!("{}", totals.line());
    let steady = stats.steady();
    if let Some(steady) = &steady {
        println!("{}", steady.steady_line());
    }
    if let (Some(path), Some(environment)) = (args.producer.output, &environment) {
        let run = ProduceRun {
            intervals: stats.intervals(),
            totals: &totals,
            steady: steady.as_ref(),
        };
        write_results(session, ("produce", environment, &topic), run, path)?;
    }

    if let Some(path) = args.csv {
        write_csv(&path, stats.intervals()).map_err(|source| Error::Output { path, source })?;
    }
    Ok(())
}

pub async fn consume(session: &Session, args: BenchConsumeArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
    broker_kind(session).await?;
    let bytes = Rc::new(Cell::new(0));
    let counted = Rc::clone(&bytes);
    let job = ConsumeJob {
        idle_timeout: Some(Duration::from_millis(args.timeout_ms)),
        options: Options {
            inspect: Some(Box::new(move |records| {
                let size = |b: &Option<bytes::Bytes>| b.as_ref().map_or(0, |b| b.len() as u64);
                let batch: u64 = records.iter().map(|r| size(&r.key) + size(&r.raw)).sum();
                counted.set(counted.get() + batch);
            })),
            limit: Some(args.records),
            ..Options::default()
        },
        ..ConsumeJob::new(&session.config, &topic, StartAt::Earliest)
    };
    let start = chrono::Local::now();
    let summary = pipeline::consume(&session.kafka, job).await?;
    let records = summary.taken();
    let totals = ConsumeTotals {
        start,
        end: chrono::Local::now(),
        records,
        bytes: bytes.get(),
    };
    println!("{CONSUME_HEADER}\n{}", totals.row());
    match records < args.records {
        true => Err(Error::Check(format!(
            "read {records} of {} records: none came for {} ms",
            args.records, args.timeout_ms
        ))),
        false => Ok(()),
    }
}
