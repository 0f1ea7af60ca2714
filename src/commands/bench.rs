//! `kafka-lab bench`: `produce`, the pipeline (Generator → Partitioner → Producers →
//! Kafka) producing a number of records as fast as it can or at a rate, reported in
//! `kafka-producer-perf-test`'s format; `consume`, Kafka → Consumers → Aggregator
//! reading them back, reported in `kafka-consumer-perf-test`'s.

use super::{Error, Result, Session};
use crate::actors::aggregator::{Acked, Options};
use crate::bench::perf::{ConsumeTotals, ProduceStats, CONSUME_HEADER};
use crate::bench::results::{write_csv, ProduceResults};
use crate::cli::{BenchConsumeArgs, BenchProduceArgs};
use crate::config::Overrides;
use crate::kafka::admin::default_topic_name;
use crate::kafka::Error as KafkaError;
use crate::pipeline::{self, ConsumeJob, ProduceJob};
use crate::sample::Source;
use crate::start::StartAt;
use std::cell::{Cell, RefCell};
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
        Ok(flags)
    }
}

pub async fn produce(session: &Session, args: BenchProduceArgs) -> Result<()> {
    let topic = args.topic.clone().unwrap_or_else(default_topic_name);
    match session.kafka.create_topic(&topic, args.partitions, 1).await {
        Ok(()) | Err(KafkaError::TopicExists { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let source = Source::Random(args.distribution);
    let job = ProduceJob {
        value_size: args.record_size.map(|size| size as usize),
        ..ProduceJob::new(
            &session.config,
            &topic,
            source,
            Some(args.records),
            args.throughput.0,
        )
    };
    let interval = Duration::from_millis(args.report_interval_ms);
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
    let options = Options {
        on_acked: Some(Box::new(move |acked: &Acked| {
            let mut stats = on_acked.borrow_mut();
            if let Some(interval) = stats.record(acked.count, acked.bytes, acked.latency) {
                println!("{}", interval.line());
            }
        })),
        ..Options::default()
    };
    pipeline::produce(&session.kafka, job, options).await?;
    let stats = stats.borrow();
    let totals = stats.totals();
    println!("{}", totals.line());
    let steady = stats.steady();
    if let Some(steady) = &steady {
        println!("{}", steady.steady_line());
    }
    if let Some(path) = args.output {
        let results = ProduceResults {
            kind: "produce",
            command: std::env::args().collect(),
            kafka_lab_version: env!("CARGO_PKG_VERSION"),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            brokers: &session.brokers,
            topic: &topic,
            producer: &session.config.producer,
            intervals: stats.intervals(),
            totals: &totals,
            steady: steady.as_ref(),
        };
        results
            .write(&path)
            .map_err(|source| Error::Output { path, source })?;
    }
    if let Some(path) = args.csv {
        write_csv(&path, stats.intervals()).map_err(|source| Error::Output { path, source })?;
    }
    Ok(())
}

pub async fn consume(session: &Session, args: BenchConsumeArgs) -> Result<()> {
    let topic = args.topic.unwrap_or_else(default_topic_name);
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
