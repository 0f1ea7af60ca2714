//! The pipeline in-process against the broker under test (see `common`): several
//! produce requests in flight per partition, bounded by `producer.max_in_flight`, with
//! every record acknowledged at the offset the consumer then finds it; and the
//! consumer's accounting of lost, duplicated and out-of-order records, exact on
//! sequences kafka-python wrote with gaps, repeats and reordering.

mod common;

use actix::System;
use common::*;
use kafka_lab::actors::aggregator::{Options, Summary};
use kafka_lab::config::Config;
use kafka_lab::kafka::configs::NewTopic;
use kafka_lab::kafka::Kafka;
use kafka_lab::pipeline::{self, ConsumeJob, ProduceJob};
use kafka_lab::record::Consumed;
use kafka_lab::sample::{Sequence, Source};
use kafka_lab::start::StartAt;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

const RECORDS: u64 = 20_000;

/// Produce `RECORDS` integers in batches of 50 to a new one-partition topic with at
/// most `max_in_flight` requests outstanding; what was acknowledged, and what a
/// consumer then reads.
fn produce_and_read(max_in_flight: usize) -> (Summary, Vec<Consumed>) {
    let mut config = Config::default();
    config.kafka.brokers = vec![brokers().to_string()];
    config.producer.batch_size = 50;
    config.producer.max_in_flight = max_in_flight;
    System::new().block_on(async move {
        let kafka = Arc::new(Kafka::connect(&config.kafka).await.unwrap());
        let topic = random_topic("in-flight");
        kafka.create_topic(&NewTopic::new(&topic, 1)).await.unwrap();
        let numbers: Sequence = format!("1..={RECORDS}").parse().unwrap();
        let job = ProduceJob::new(&config, &topic, Source::Sequence(numbers), None, None);
        let produced = pipeline::produce(&kafka, job, Options::default())
            .await
            .unwrap();
        let records = Rc::new(RefCell::new(Vec::new()));
        let kept = Rc::clone(&records);
        let read = ConsumeJob {
            options: Options {
                inspect: Some(Box::new(move |r| kept.borrow_mut().extend_from_slice(r))),
                ..Options::default()
            },
            ..ConsumeJob::new(&config, &topic, StartAt::Earliest)
        };
        pipeline::consume(&kafka, read).await.unwrap();
        kafka.delete_topic(&topic).await.unwrap();
        let consumed = records.take();
        (produced, consumed)
    })
}

#[test]
fn several_produce_requests_are_in_flight_per_partition_and_stay_in_order() {
    for max_in_flight in [1, 5] {
        let (produced, consumed) = produce_and_read(max_in_flight);
        let p = &produced.partitions[&0];
        assert_eq!(p.produced, RECORDS);
        assert_eq!(
            (p.first_acked_offset, p.last_acked_offset),
            (Some(0), Some(RECORDS as i64 - 1))
        );
        assert!(
            p.max_in_flight <= max_in_flight,
            "{} requests in flight, limit {max_in_flight}",
            p.max_in_flight
        );
        if max_in_flight > 1 {
            assert!(
                p.max_in_flight > 1,
                "batch N+1 is sent before batch N is acknowledged"
            );
        }
        // The log holds 1..=RECORDS in order: offset o holds o + 1.
        assert_eq!(consumed.len() as u64, RECORDS);
        for record in &consumed {
            assert_eq!(record.value, Some((record.offset + 1) as f64));
            let partition_seq = record.tracking().map(|t| t.partition_seq);
            assert_eq!(partition_seq, Some(record.offset as u64));
        }
    }
}

/// A run's records as kafka-python writes them (with tests/py/tracking.py), each
/// `(partition seq, seq)`, with a gap, repeats and a reordering; the Aggregator must
/// count exactly what the comments say. Another run's record in the text headers of
/// older kafka-lab versions is read too.
#[test]
fn lost_duplicated_and_out_of_order_are_counted_exactly() {
    let Some(python) = python() else {
        available("python3 with kafka-python", false);
        return;
    };
    const RUN: &str = "0193a3b4-0000-7000-8000-00000000000a";
    const OTHER: &str = "0193a3b4-0000-7000-8000-00000000000b";
    let records = [
        "0/0", "1/2", "2/4",  // in order
        "5/10", // partition seqs 3 and 4 never came: 2 lost
        "5/10", "4/8", // read again, and late: 2 duplicated
        "6/6", // new to the partition, but older than seq 10: 1 out of order
        "7/14",
    ];
    let config = Config {
        kafka: kafka_lab::config::KafkaConfig {
            brokers: vec![brokers().into()],
            ..Default::default()
        },
        ..Config::default()
    };
    let topic = random_topic("accounting");
    ok(kafka_lab_on_broker().args(["topic", "create", &topic, "--partitions", "1"]));
    let mut args = vec![brokers(), topic.as_str(), "0", "--run", RUN];
    args.extend(records);
    python_script(&python, "produce.py", &args);
    // Another run (another daemon, another `produce`) is counted on its own: its first
    // record is neither a gap nor a repeat of this run's.
    python_script(
        &python,
        "produce.py",
        &[
            brokers(),
            &topic,
            "0",
            "--old-headers",
            "--run",
            OTHER,
            "0/99",
        ],
    );
    let summary = System::new().block_on(async {
        let kafka = Arc::new(Kafka::connect(&config.kafka).await.unwrap());
        let job = ConsumeJob::new(&config, &topic, StartAt::Earliest);
        pipeline::consume(&kafka, job).await.unwrap()
    });
    let p = &summary.partitions[&0];
    assert_eq!(
        (p.lost, p.duplicated, p.out_of_order),
        (2, 2, 1),
        "lost, duplicated, out of order"
    );
    assert_eq!(p.consumed.count, records.len() as u64 + 1);
    let runs = &p.sequences.consumed;
    assert_eq!(runs[RUN].next, 8);
    assert_eq!((runs[OTHER].next, runs[OTHER].last_seq), (1, 99));
    ok(kafka_lab_on_broker().args(["topic", "delete", &topic]));
}
