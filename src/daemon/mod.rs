//! `kafka-lab run`: the pipeline as a long-running service.
//!
//! Generator (at `generator.rate`) → Partitioner → Producers → Kafka → Consumers →
//! Aggregator, all persistent (a broker fault is counted, retried and reported through
//! `/readyz`, never fatal), with the offsets poller and the snapshot writer beside
//! them. SIGTERM or SIGINT drains: the Generator stops, every batch in flight is
//! produced and acknowledged, the Consumers stop after their fetch, and their
//! positions and the sequence numbers go to `checkpoint.json`, from which the next
//! start resumes. A second signal exits at once. SIGUSR1 pauses the Consumers,
//! SIGUSR2 resumes them.
//!
//! - `checkpoint`: what a drain saves and a start resumes from;
//! - `offsets`: the offsets poller (log ends, lag in records and seconds);
//! - `reading`: the Consumers, on every partition or as a consumer group member;
//! - `snapshots`: the histogram image now and then;
//! - `topic`: the topic, created with a retention that bounds the disk.

mod checkpoint;
mod offsets;
mod reading;
mod snapshots;
mod topic;

pub use checkpoint::{Checkpoint, PartitionCheckpoint};
use reading::Reading;

use crate::actors::aggregator::{Aggregator, Options, Peek};
use crate::actors::PipelineError;
use crate::broker::BrokerKind;
use crate::config::Config;
use crate::kafka::admin::default_topic_name;
use crate::kafka::fetch::Fetch;
use crate::kafka::{Error as KafkaError, Kafka};
use crate::metrics::{self as m, Health};
use crate::pipeline::{ConsumeSettings, JobError, ProduceJob, Producing};
use crate::sample::Source;
use crate::stats::Histogram;
use crate::web;
use actix::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::signal::unix::{signal, SignalKind};

const CHECKPOINT: &str = "checkpoint.json";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Kafka(#[from] KafkaError),
    #[error("metrics.listen {addr}: {source}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("metrics: {0}")]
    Metrics(String),
    #[error("metrics.web_config_file {}: {} problem(s):\n  - {}", path.display(), problems.len(), problems.join("\n  - "))]
    WebConfig {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("checkpoint {path}: {reason}")]
    Checkpoint { path: PathBuf, reason: String },
    #[error("drain did not finish within {0:?}")]
    Drain(Duration),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Job(#[from] JobError),
}

/// The parts of the running pipeline that drain needs.
struct Running {
    producing: Producing,
    reading: Reading,
    aggregator: Addr<Aggregator>,
    run_id: uuid::Uuid,
    first_seq: u64,
}

/// What the daemon's parts share: the topic's partitions, readiness, the Consumers'
/// pause switch, the running histogram's bins.
struct Shared {
    partitions: Vec<i32>,
    health: Health,
    paused: Arc<AtomicBool>,
    values: Histogram,
}

/// Run the daemon until SIGTERM/SIGINT, then drain; `kafka` reaches the brokers.
pub async fn run(kafka: Arc<Kafka>, config: Config, broker: BrokerKind) -> Result<(), Error> {
    let topic = match config.pipeline.topic.as_str() {
        "" => default_topic_name(),
        name => name.to_string(),
    };
    tracing::info!(config = %serde_json::to_string(&config).expect("serializable"), "kafka-lab run: effective configuration");
    let values = Histogram::new(
        config.histogram.lo,
        config.histogram.hi,
        config.histogram.bins,
    );
    let handle = m::install(&values.upper_bounds()).map_err(|e| Error::Metrics(e.to_string()))?;
    let listen_error = |source| Error::Listen {
        addr: config.metrics.listen.clone(),
        source,
    };
    let secure = match &config.metrics.web_config_file {
        path if path.as_os_str().is_empty() => web::WebConfig::default(),
        path => web::WebConfig::read(path).map_err(|problems| Error::WebConfig {
            path: path.clone(),
            problems,
        })?,
    };
    let listener = std::net::TcpListener::bind(&config.metrics.listen).map_err(listen_error)?;
    let health = Health::default();
    metrics::gauge!(m::READY).set(0.0);
    // Error counters exist from the start, at 0, so dashboards and alerts see them.
    for name in [m::PRODUCE_ERRORS, m::FETCH_ERRORS] {
        for kind in ["timeout", "unreachable", "broker"] {
            metrics::counter!(name, "topic" => topic.clone(), "kind" => kind).absolute(0);
        }
    }
    let distribution = config.generator.distribution;
    let (mean, variance) = distribution.moments();
    let labels = [
        ("topic", topic.clone()),
        ("distribution", distribution.to_string()),
    ];
    metrics::gauge!(m::EXPECTED_MEAN, &labels).set(mean);
    metrics::gauge!(m::EXPECTED_VARIANCE, &labels).set(variance);
    let members = web::GroupView::default();
    let about = web::About {
        topic: topic.clone(),
        distribution,
        broker: broker.describe().into(),
        group: config.consumer.group.clone(),
        protocol: config.consumer.group_protocol.as_str().into(),
        members: Arc::clone(&members),
    };
    let history = Arc::new(web::History::default());
    actix::spawn(web::keep_history(
        Arc::clone(&history),
        handle.clone(),
        topic.clone(),
    ));
    let server = web::serve(
        listener,
        web::State {
            handle,
            health: health.clone(),
            about,
            history,
        },
        secure,
    )
    .map_err(listen_error)?;
    actix::spawn(server);
    tracing::info!(
        listen = config.metrics.listen,
        "serving the live page /, /api/snapshot, /api/history, /metrics, /healthz, /readyz"
    );
    if let Some(notice) = broker.notice() {
        tracing::warn!("on the embedded broker: {notice}");
    }

    topic::ensure(&kafka, &config, &topic).await?;
    let shared = Shared {
        partitions: kafka.partitions(&topic).await?,
        health: health.clone(),
        paused: Arc::new(AtomicBool::new(config.consumer.paused)),
        values,
    };
    let checkpoint_path = config.pipeline.state_dir.join(CHECKPOINT);
    let checkpoint = Checkpoint::load(&checkpoint_path)?.filter(|c| c.topic == topic);
    let running = start(&kafka, &config, &topic, checkpoint, &shared).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let poller = offsets::Poller {
        kafka: Arc::clone(&kafka),
        topic: topic.clone(),
        partitions: shared.partitions.clone(),
        aggregator: running.aggregator.clone(),
        group: Some(config.consumer.group.clone()).filter(|g| !g.is_empty()),
        members,
        interval: Duration::from_millis(config.metrics.offsets_interval_ms),
        stop: Arc::clone(&stop),
    };
    actix::spawn(poller.run());
    if !config.snapshot.path.as_os_str().is_empty() {
        actix::spawn(snapshots::snapshots(
            running.aggregator.clone(),
            topic.clone(),
            config.snapshot.path.clone(),
            Duration::from_secs(config.snapshot.interval_secs),
            Some(config.generator.distribution),
        ));
    }

    wait_for_stop(&shared.paused).await;
    stop.store(true, Ordering::Relaxed);
    tracing::info!("draining: stopping the generator, producing what is in flight");
    let deadline = Duration::from_millis(config.pipeline.drain_timeout_ms);
    let drained = tokio::time::timeout(deadline, drain(running, &topic, &checkpoint_path));
    tokio::select! {
        result = drained => result.map_err(|_| Error::Drain(deadline))?,
        _ = crate::signals::stop_requested() => {
            tracing::warn!("second signal: exiting at once");
            std::process::exit(130);
        }
    }
}

/// Build the actor graph from `config`, resuming from `checkpoint` when it fits.
async fn start(
    kafka: &Arc<Kafka>,
    config: &Config,
    topic: &str,
    checkpoint: Option<Checkpoint>,
    shared: &Shared,
) -> Result<Running, Error> {
    let checkpoint = checkpoint.unwrap_or_else(|| Checkpoint {
        topic: topic.into(),
        run_id: uuid::Uuid::now_v7(),
        ..Checkpoint::default()
    });
    let retry = Some(Duration::from_millis(config.kafka.retry_backoff_max_ms));
    let aggregator = Aggregator::new(Options {
        metrics_topic: Some(topic.into()),
        running: Some(shared.values.clone()),
        sequences: checkpoint
            .partitions
            .iter()
            .map(|(p, c)| (*p, c.sequences.clone()))
            .collect(),
        ..Options::default()
    })
    .start();

    let settings = ConsumeSettings {
        topic: topic.into(),
        fetch: Fetch::from(&config.consumer),
        retry_forever: retry,
        paused: Arc::clone(&shared.paused),
        health: shared.health.clone(),
    };
    let reading = Reading::start(
        kafka,
        config,
        &checkpoint,
        &shared.partitions,
        settings,
        &aggregator,
    )
    .await?;

    let distribution = config.generator.distribution;
    let count = (config.generator.count > 0).then_some(config.generator.count);
    let rate = (config.generator.rate > 0.0).then_some(config.generator.rate);
    let job = ProduceJob {
        rule: config.generator.partitioner,
        first_seq: checkpoint.next_seq,
        run_id: config.producer.tracking.run(checkpoint.run_id),
        next_partition_seqs: checkpoint
            .partitions
            .iter()
            .map(|(p, c)| (*p, c.sequences.next_produced))
            .collect(),
        retry_forever: retry,
        health: shared.health.clone(),
        ..ProduceJob::new(config, topic, Source::Random(distribution), count, rate)
    };
    let producing = Producing::start(kafka, job, aggregator.clone().recipient()).await?;
    tracing::info!(
        topic,
        run_id = %checkpoint.run_id,
        next_seq = checkpoint.next_seq,
        "pipeline started"
    );
    Ok(Running {
        producing,
        reading,
        aggregator,
        run_id: checkpoint.run_id,
        first_seq: checkpoint.next_seq,
    })
}

/// Stop the Generator and wait until Kafka acknowledged what it generated, then stop
/// the Consumers (a group member commits and leaves), and save where everything stands.
async fn drain(running: Running, topic: &str, path: &Path) -> Result<(), Error> {
    running.producing.stop();
    let generated = running.producing.finish().await?;
    running.reading.stop().await?;
    let (observed, _) = running
        .aggregator
        .send(Peek)
        .await
        .map_err(PipelineError::from)?;
    let checkpoint = Checkpoint {
        topic: topic.into(),
        run_id: running.run_id,
        next_seq: running.first_seq + generated,
        partitions: observed
            .into_iter()
            .map(|(p, seen)| {
                let position = PartitionCheckpoint {
                    position: seen.position.unwrap_or_default(),
                    sequences: seen.sequences,
                };
                (p, position)
            })
            .collect(),
    };
    checkpoint.save(path)?;
    tracing::info!(path = %path.display(), generated, next_seq = checkpoint.next_seq, "drained; checkpoint saved");
    Ok(())
}

/// Until SIGTERM or SIGINT; SIGUSR1 pauses the consumers, SIGUSR2 resumes them.
async fn wait_for_stop(paused: &AtomicBool) {
    let mut pause = signal(SignalKind::user_defined1()).expect("SIGUSR1 handler");
    let mut resume = signal(SignalKind::user_defined2()).expect("SIGUSR2 handler");
    loop {
        tokio::select! {
            _ = crate::signals::stop_requested() => return,
            _ = pause.recv() => {
                paused.store(true, Ordering::Relaxed);
                tracing::info!("consumers paused (SIGUSR1)");
            }
            _ = resume.recv() => {
                paused.store(false, Ordering::Relaxed);
                tracing::info!("consumers resumed (SIGUSR2)");
            }
        }
    }
}
