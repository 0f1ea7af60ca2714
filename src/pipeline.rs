//! Builds the actor graph for a job and runs it to the end: `produce` (Generator →
//! Partitioner → Producers → Kafka, acknowledgements → Aggregator) and `consume`
//! (Kafka → Consumers → Aggregator). The commands and the lab are thin front ends.

use crate::actors::aggregator::{Aggregator, Options, Summary, TakeSummary};
use crate::actors::consumer::{Consumer, ConsumerConfig, Fetch, Until};
use crate::actors::generator::{Generator, Plan};
use crate::actors::partitioner::Partitioner;
use crate::actors::producer::{Producer, ProducerConfig};
use crate::actors::PipelineError;
use crate::kafka::{Error, Kafka};
use crate::metrics::Health;
use crate::partition::{PlaceError, Rule};
use crate::sample::{Sampler, Source};
use actix::prelude::*;
use rskafka::client::partition::Compression;
use std::sync::Arc;
use tokio::sync::oneshot;

/// A production job.
pub struct ProduceJob {
    pub topic: String,
    pub source: Source,
    pub seed: Option<u64>,
    pub rule: Rule,
    pub plan: Plan,
    pub compression: Compression,
    pub mailbox: usize,
    /// Aggregator options (progress bar).
    pub options: Options,
}

/// Where consumers start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    Earliest,
    Latest,
    Offset(i64),
}

impl std::str::FromStr for StartAt {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "earliest" => Ok(Self::Earliest),
            "latest" => Ok(Self::Latest),
            n => n
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Self::Offset)
                .ok_or_else(|| format!("'{s}' is not earliest, latest or an offset >= 0")),
        }
    }
}

impl StartAt {
    /// The offset to start from in a partition whose log spans `earliest..latest`
    /// (an explicit offset outside it is clamped into it).
    pub fn resolve(self, earliest: i64, latest: i64) -> i64 {
        match self {
            Self::Earliest => earliest,
            Self::Latest => latest,
            Self::Offset(n) => n.clamp(earliest, latest),
        }
    }
}

/// A consumption job.
pub struct ConsumeJob {
    pub topic: String,
    /// Partitions to read (`None`: all).
    pub partitions: Option<Vec<i32>>,
    pub start: StartAt,
    /// `None`: stop at the log end as it was when the job started.
    pub idle_timeout: Option<std::time::Duration>,
    pub fetch: Fetch,
    pub options: Options,
}

/// Why a job could not run or failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobError {
    #[error(transparent)]
    Kafka(#[from] Error),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("{0}")]
    Invalid(String),
}

/// Produce `job` to its topic; returns what the Aggregator saw acknowledged.
pub async fn produce(kafka: Arc<Kafka>, job: ProduceJob) -> Result<Summary, JobError> {
    let partitions = kafka.partitions(&job.topic).await?;
    let count = partitions.len() as i32;
    if job.rule == Rule::Parity && !job.source.is_integral() {
        return Err(JobError::Invalid(
            "the parity rule needs integer values: use --sequence A..=B or poisson".into(),
        ));
    }
    if let Rule::Fixed(partition) = job.rule {
        if partition >= count {
            return Err(PipelineError::from(PlaceError::NoSuchPartition {
                partition,
                partitions: count,
            })
            .into());
        }
    }
    let aggregator = Aggregator::new(job.options).start();
    let shared = ProducerConfig {
        kafka,
        topic: job.topic,
        compression: job.compression,
        rule: job.rule,
        run_id: uuid::Uuid::now_v7().to_string(),
        acks: aggregator.clone().recipient(),
        mailbox: job.mailbox,
        retry_forever: None,
        health: Health::default(),
    };
    let producers = (0..count)
        .map(|p| Producer::new(shared.clone(), p, 0).start().recipient())
        .collect();
    let partitioner = Partitioner::new(job.rule, producers, job.mailbox).start();
    let (done, finished) = oneshot::channel();
    let sampler = Sampler::new(job.source, job.seed);
    Generator::new(sampler, job.plan, partitioner.recipient(), done).start();
    finished
        .await
        .map_err(|_| PipelineError::Mailbox("generator vanished".into()))??;
    Ok(aggregator
        .send(TakeSummary)
        .await
        .map_err(PipelineError::from)?)
}

/// Consume `job`; returns what the Aggregator observed.
pub async fn consume(kafka: Arc<Kafka>, mut job: ConsumeJob) -> Result<Summary, JobError> {
    let all = kafka.partitions(&job.topic).await?;
    let partitions = match job.partitions.take() {
        None => all,
        Some(wanted) => {
            if let Some(p) = wanted.iter().find(|p| !all.contains(p)) {
                return Err(JobError::Invalid(format!(
                    "topic '{}' has no partition {p} (it has {})",
                    job.topic,
                    all.len()
                )));
            }
            wanted
        }
    };
    let (limit_tx, limit_reached) = oneshot::channel();
    job.options.limit_reached = Some(limit_tx);
    let aggregator = Aggregator::new(job.options).start();
    let mut finished = Vec::new();
    for partition in partitions {
        let (earliest, latest) = kafka.offsets(&job.topic, partition).await?;
        let start = job.start.resolve(earliest, latest);
        let config = ConsumerConfig {
            kafka: Arc::clone(&kafka),
            topic: job.topic.clone(),
            until: job.idle_timeout.map_or(Until::Offset(latest), Until::Idle),
            fetch: job.fetch,
            sink: aggregator.clone().recipient(),
            retry_forever: None,
            paused: Arc::default(),
            health: Health::default(),
        };
        let (done, rx) = oneshot::channel();
        Consumer::new(config, partition, start, done).start();
        finished.push(rx);
    }
    let all_done = async {
        for rx in finished {
            rx.await
                .map_err(|_| PipelineError::Mailbox("consumer vanished".into()))??;
        }
        Ok::<_, PipelineError>(())
    };
    tokio::select! {
        result = all_done => result?,
        Ok(()) = limit_reached => {}
    }
    Ok(aggregator
        .send(TakeSummary)
        .await
        .map_err(PipelineError::from)?)
}
