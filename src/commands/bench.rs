//! `kafka-lab bench produce`: the pipeline (Generator → Partitioner → Producers →
//! Kafka) producing a number of records as fast as it can or at a rate, reported in
//! `kafka-producer-perf-test`'s format.

use super::{Result, Session};
use crate::actors::aggregator::{Acked, Options};
use crate::bench::perf::ProduceStats;
use crate::cli::BenchProduceArgs;
use crate::config::Overrides;
use crate::kafka::admin::default_topic_name;
use crate::kafka::Error as KafkaError;
use crate::pipeline::{self, ProduceJob};
use crate::sample::Source;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

impl BenchProduceArgs {
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
        flags
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
    let stats = Rc::new(RefCell::new(ProduceStats::new(Duration::from_millis(
        args.report_interval_ms,
    ))));
    let on_acked = Rc::clone(&stats);
    let options = Options {
        on_acked: Some(Box::new(move |acked: &Acked| {
            let line = on_acked
                .borrow_mut()
                .record(acked.count, acked.bytes, acked.latency);
            if let Some(line) = line {
                println!("{line}");
            }
        })),
        ..Options::default()
    };
    pipeline::produce(&session.kafka, job, options).await?;
    println!("{}", stats.borrow().totals().line());
    Ok(())
}
