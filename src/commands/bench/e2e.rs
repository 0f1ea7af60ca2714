//! `kafka-lab bench e2e`: the whole pipeline at once, Generator → Partitioner →
//! Producers → Kafka → Consumers → Aggregator, producing at a fixed rate for a while
//! and reading from the log end as it goes. Every interval a line with what was sent,
//! what was read and its end-to-end latency, the schedule delay and the backlog; at the
//! end the achieved rate against the target and the percentiles.

use super::{ensure_topic, environment, progress_bar, write_results, Error, Result, Session};
use crate::actors::aggregator::{Acked, Aggregator, Options};
use crate::actors::consumer::Until;
use crate::bench::e2e::E2eStats;
use crate::bench::results::E2eRun;
use crate::cli::BenchE2eArgs;
use crate::kafka::admin::default_topic_name;
use crate::kafka::fetch::Fetch;
use crate::metrics::Health;
use crate::pipeline::{ConsumeSettings, Consuming, JobError, ProduceJob, Producing};
use actix::Actor;
use chrono::Utc;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;
use tokio::time::{interval_at, sleep_until, Instant};

pub async fn e2e(session: &Session, args: BenchE2eArgs) -> Result<()> {
    let topic = args.topic.clone().unwrap_or_else(default_topic_name);
    let flags = &args.producer;
    ensure_topic(session, &topic, flags.partitions).await?;
    let environment = environment(session, flags.output.as_ref()).await?;
    let kafka = &session.kafka;
    let mut starts = BTreeMap::new();
    for partition in kafka.partitions(&topic).await? {
        let (_, log_end) = kafka.offsets(&topic, partition).await?;
        starts.insert(partition, (log_end, Until::Stopped));
    }
    let duration = Duration::from_secs(args.duration_secs);
    let bar = progress_bar((args.throughput * duration.as_secs_f64()) as u64);
    let stats = Rc::new(RefCell::new(E2eStats::new(args.throughput)));
    let (on_acked, on_records, on_late) = (Rc::clone(&stats), Rc::clone(&stats), Rc::clone(&stats));
    let acked_bar = bar.clone();
    let aggregator = Aggregator::new(Options {
        on_acked: Some(Box::new(move |acked: &Acked| {
            on_acked.borrow_mut().acked(acked.count, acked.bytes);
            acked_bar.inc(acked.count);
        })),
        inspect: Some(Box::new(move |records| {
            let now = Utc::now();
            let mut stats = on_records.borrow_mut();
            for record in records {
                let sent = record.sent().unwrap_or(now);
                let latency = (now - sent).to_std().unwrap_or_default();
                stats.received(record.volume(), latency);
            }
        })),
        ..Options::default()
    })
    .start();
    let consuming = Consuming::start(
        kafka,
        ConsumeSettings {
            topic: topic.clone(),
            fetch: Fetch::from(&session.config.consumer),
            retry_forever: None,
            paused: Default::default(),
            health: Health::default(),
        },
        &starts,
        aggregator.clone().recipient(),
    );
    let job = ProduceJob {
        on_late: Some(Box::new(move |late, records| {
            on_late.borrow_mut().late(late, records);
        })),
        ..flags.job(session, &topic, None, Some(args.throughput))
    };
    let producing = Producing::start(kafka, job, aggregator.recipient()).await?;
    // The clock starts with the Generator's, which runs from the next await on.
    *stats.borrow_mut() = E2eStats::new(args.throughput);
    let started = Instant::now();
    let every = Duration::from_millis(flags.report_interval_ms);
    let mut ticks = interval_at(started + every, every);
    let report = |stats: &RefCell<E2eStats>| {
        let line = stats.borrow_mut().interval().line();
        bar.suspend(|| println!("{line}"));
    };
    let end = sleep_until(started + duration);
    tokio::pin!(end);
    loop {
        tokio::select! {
            _ = ticks.tick() => report(&stats),
            () = &mut end => break,
        }
    }
    producing.stop();
    producing.finish().await.map_err(JobError::from)?;
    let produced_for = started.elapsed();
    // Read what was acknowledged, while records keep coming.
    let idle = Duration::from_millis(args.timeout_ms);
    let mut last = (stats.borrow().counts().1, Instant::now());
    let caught_up = loop {
        let (acked, received) = stats.borrow().counts();
        if received >= acked {
            break true;
        }
        if received > last.0 {
            last = (received, Instant::now());
        } else if last.1.elapsed() >= idle {
            break false;
        }
        tokio::select! {
            _ = ticks.tick() => report(&stats),
            () = tokio::time::sleep(Duration::from_millis(10)) => {}
        }
    };
    consuming.stop();
    consuming.finish().await.map_err(JobError::from)?;
    bar.finish_and_clear();
    let stats = stats.borrow();
    let totals = stats.totals(produced_for);
    println!("{}", totals.lines());
    if let (Some(path), Some(environment)) = (args.producer.output, &environment) {
        let run = E2eRun {
            duration_secs: duration.as_secs_f64(),
            intervals: stats.intervals(),
            totals: &totals,
        };
        write_results(session, ("e2e", environment, &topic), run, path)?;
    }

    match caught_up {
        true => Ok(()),
        false => Err(Error::Check(format!(
            "read {} of {} records: none came for {} ms",
            totals.received, totals.totals.records, args.timeout_ms
        ))),
    }
}
