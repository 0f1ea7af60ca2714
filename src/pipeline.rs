//! Builds the actor graph, for the one-shot commands and the daemon alike:
//!
//! - [`Producing`]: Generator → Partitioner → Producers → Kafka, acknowledgements to
//!   an Aggregator; the Producers write on connections of their own ([`Writer`]);
//! - [`Consuming`]: Kafka → Consumers → Aggregator, each Consumer on connections of
//!   its own ([`Reader`]), so no fetch long-poll waits behind another partition's;
//! - [`produce`] and [`consume`]: a job run to its end, for the commands.
//!
//! Settings come from [`Config`] in one place ([`ProduceJob::new`], [`ConsumeJob::new`]).
//! (Just over 400 lines: the producing and consuming halves of the graph, and their
//! jobs, read best side by side.)

use crate::actors::aggregator::{Acked, Aggregator, Options, Records, Summary, TakeSummary};
use crate::actors::consumer::{self, Consumer, ConsumerSettings, Until};
use crate::actors::generator::{self, Generator, OnLate, Plan};
use crate::actors::partitioner::{Drain, Partitioner};
use crate::actors::producer::{Flush, Producer, ProducerSettings};
use crate::actors::{flow, PipelineError};
use crate::config::Config;
use crate::kafka::fetch::{Fetch, Reader};
use crate::kafka::produce::Writer;
use crate::kafka::{Error, Kafka};
use crate::metrics::Health;
use crate::partition::{PlaceError, Rule};
use crate::sample::{Sampler, Source};
use crate::start::StartAt;
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

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

/// Where an actor reports its result when it stops.
type Finished<T> = oneshot::Receiver<Result<T, PipelineError>>;

fn vanished(what: &str) -> PipelineError {
    PipelineError::Mailbox(format!("{what} vanished"))
}

/// What to produce, and how.
pub struct ProduceJob {
    pub topic: String,
    pub source: Source,
    pub seed: Option<u64>,
    /// Sequence number of the first sample (the daemon's resume).
    pub first_seq: u64,
    pub rule: Rule,
    pub plan: Plan,
    pub compression: crate::kafka::batch::Compression,
    /// Every value exactly this many bytes (`bench --record-size`); `None`: as long as
    /// its text.
    pub value_size: Option<usize>,
    /// Values from this pool instead of the samples' text (`bench workload`'s
    /// payloads).
    pub payloads: Option<Arc<[bytes::Bytes]>>,
    /// Capacity of the Partitioner's and Producers' mailboxes.
    pub mailbox: usize,
    /// Produce requests outstanding per partition at most.
    pub max_in_flight: usize,
    /// Idempotent produce: a producer id and per-partition sequence numbers.
    pub idempotence: bool,
    /// The run whose tracking header the records carry; `None`: untracked records.
    pub run_id: Option<uuid::Uuid>,
    /// Partition sequence number of each partition's next record (the daemon's resume).
    pub next_partition_seqs: BTreeMap<i32, u64>,
    /// Retry failed batches forever, pausing this long (the daemon).
    pub retry_forever: Option<Duration>,
    pub health: Health,
    /// Told of each batch's schedule delay (`bench e2e`).
    pub on_late: Option<OnLate>,
}

impl ProduceJob {
    /// A job for `topic` with the configured batching, compression and windows; `count`
    /// samples (`None`: until stopped) at `rate` per second (`None`: as fast as possible).
    pub fn new(
        config: &Config,
        topic: &str,
        source: Source,
        count: Option<u64>,
        rate: Option<f64>,
    ) -> Self {
        Self {
            topic: topic.into(),
            source,
            seed: None,
            first_seq: 0,
            rule: Rule::RoundRobin,
            plan: Plan {
                count,
                batch_size: config.producer.batch_size,
                rate,
                linger: Duration::from_millis(config.producer.linger_ms),
                window: config.pipeline.mailbox_capacity,
                topic: topic.into(),
            },
            compression: config.producer.compression.into(),
            value_size: None,
            payloads: None,
            mailbox: config.pipeline.mailbox_capacity,
            max_in_flight: config.producer.max_in_flight,
            idempotence: config.producer.idempotence,
            run_id: config.producer.tracking.run(uuid::Uuid::now_v7()),
            next_partition_seqs: BTreeMap::new(),
            retry_forever: None,
            health: Health::default(),
            on_late: None,
        }
    }
}

/// A running production: stop it with [`Producing::stop`], wait for it with
/// [`Producing::finish`].
pub struct Producing {
    generator: Addr<Generator>,
    generated: Finished<u64>,
    partitioner: Addr<Partitioner>,
    producers: Vec<Addr<Producer>>,
}

impl Producing {
    /// Start producing `job` to the partitions of its topic; acknowledgements go to `acks`.
    pub async fn start(
        kafka: &Arc<Kafka>,
        job: ProduceJob,
        acks: Recipient<Acked>,
    ) -> Result<Self, JobError> {
        let partitions = kafka.partitions(&job.topic).await?;
        let count = partitions.len() as i32;
        if job.rule == Rule::Parity && !job.source.is_integral() {
            return Err(JobError::Invalid(
                "the parity rule needs integer values: use --sequence A..=B or poisson".into(),
            ));
        }
        if let Rule::Fixed(partition) = job.rule {
            if partition >= count {
                let e = PlaceError::NoSuchPartition {
                    partition,
                    partitions: count,
                };
                return Err(JobError::Invalid(e.to_string()));
            }
        }
        let settings = ProducerSettings {
            writer: Arc::new(Writer::open(Arc::clone(kafka), &job.topic, job.idempotence).await?),
            compression: job.compression,
            value_size: job.value_size,
            payloads: job.payloads,
            rule: job.rule,
            run_id: job.run_id,
            acks,
            mailbox: job.mailbox,
            max_in_flight: job.max_in_flight,
            retry_forever: job.retry_forever,
            health: job.health,
        };
        let producers: Vec<_> = partitions
            .iter()
            .map(|p| {
                let next = job.next_partition_seqs.get(p).copied().unwrap_or(0);
                Producer::new(settings.clone(), *p, next).start()
            })
            .collect();
        let recipients = producers.iter().map(|p| p.clone().recipient()).collect();
        let partitioner =
            Partitioner::new(job.rule, recipients, job.plan.batch_size, job.mailbox).start();
        let (done, generated) = oneshot::channel();
        let sampler = Sampler::new(job.source, job.seed).starting_at(job.first_seq);
        let generator = Generator::new(sampler, job.plan, partitioner.clone().recipient(), done)
            .observing(job.on_late)
            .start();
        Ok(Self {
            generator,
            generated,
            partitioner,
            producers,
        })
    }

    /// Ask the Generator to stop after the batch it is on.
    pub fn stop(&self) {
        self.control().stop();
    }

    /// Stops this production or changes its rate, also once `finish` has taken it.
    pub fn control(&self) -> ProducingControl {
        ProducingControl(self.generator.clone())
    }

    /// Wait until the Generator stopped and Kafka acknowledged everything it generated;
    /// returns the number of samples generated.
    pub async fn finish(self) -> Result<u64, PipelineError> {
        let generated = self.generated.await.map_err(|_| vanished("generator"))??;
        flow(self.partitioner.send(Drain).await)?;
        for producer in self.producers {
            flow(producer.send(Flush).await)?;
        }
        Ok(generated)
    }
}

/// Stops a [`Producing`] or changes its rate.
#[derive(Clone)]
pub struct ProducingControl(Addr<Generator>);

impl ProducingControl {
    /// Ask the Generator to stop after the batch it is on.
    pub fn stop(&self) {
        self.0.do_send(generator::Stop);
    }

    /// Produce at `rate` records per second from now on.
    pub fn set_rate(&self, rate: f64) {
        self.0.do_send(generator::SetRate(rate));
    }
}

/// What to consume, and how.
pub struct ConsumeJob {
    pub topic: String,
    /// Partitions to read (`None`: all).
    pub partitions: Option<Vec<i32>>,
    pub start: StartAt,
    /// `None`: stop at the log end as it was when the job started.
    pub idle_timeout: Option<Duration>,
    pub fetch: Fetch,
    pub options: Options,
}

impl ConsumeJob {
    /// A job reading every partition of `topic` from `start` with the configured fetch
    /// sizes, stopping at the log end.
    pub fn new(config: &Config, topic: &str, start: StartAt) -> Self {
        Self {
            topic: topic.into(),
            partitions: None,
            start,
            idle_timeout: None,
            fetch: Fetch::from(&config.consumer),
            options: Options::default(),
        }
    }
}

impl ConsumeJob {
    /// The job's Aggregator, with its options; the receiver fires when it took the
    /// record limit.
    pub fn aggregator(&mut self) -> (Addr<Aggregator>, oneshot::Receiver<()>) {
        let (limit_tx, limit_reached) = oneshot::channel();
        let mut options = std::mem::take(&mut self.options);
        options.limit_reached = Some(limit_tx);
        (Aggregator::new(options).start(), limit_reached)
    }

    /// How the job's Consumers behave: a failure ends the job.
    pub fn settings(&self) -> ConsumeSettings {
        ConsumeSettings {
            topic: self.topic.clone(),
            fetch: self.fetch,
            retry_forever: None,
            paused: Arc::default(),
            health: Health::default(),
        }
    }
}

/// Running Consumers, one per partition.
pub struct Consuming {
    consumers: Vec<(i32, Addr<Consumer>, Finished<i64>)>,
}

/// Stops the Consumers of a [`Consuming`] (whose `finish` takes it).
#[derive(Clone)]
pub struct StopConsumers(Vec<Addr<Consumer>>);

impl StopConsumers {
    /// Ask every Consumer to stop after its fetch in flight.
    pub fn stop(&self) {
        for consumer in &self.0 {
            consumer.do_send(consumer::Stop);
        }
    }
}

/// How the Consumers of a [`Consuming`] behave.
#[derive(Clone)]
pub struct ConsumeSettings {
    pub topic: String,
    pub fetch: Fetch,
    pub retry_forever: Option<Duration>,
    pub paused: Arc<AtomicBool>,
    pub health: Health,
}

impl Consuming {
    /// One Consumer per partition of `starts`, reading from its offset until its
    /// [`Until`], each on connections of its own, handing what it reads to `sink`.
    pub fn start(
        kafka: &Arc<Kafka>,
        settings: ConsumeSettings,
        starts: &BTreeMap<i32, (i64, Until)>,
        sink: Recipient<Records>,
    ) -> Self {
        let mut consumers = Vec::new();
        for (&partition, &(offset, until)) in starts {
            let (done, finished) = oneshot::channel();
            let consumer = Consumer::new(
                ConsumerSettings {
                    reader: Arc::new(Reader::new(Arc::clone(kafka), &settings.topic)),
                    topic: settings.topic.clone(),
                    until,
                    fetch: settings.fetch,
                    sink: sink.clone(),
                    retry_forever: settings.retry_forever,
                    paused: Arc::clone(&settings.paused),
                    health: settings.health.clone(),
                },
                partition,
                offset,
                done,
            )
            .start();
            consumers.push((partition, consumer, finished));
        }
        Self { consumers }
    }

    /// Ask every Consumer to stop after its fetch in flight.
    pub fn stop(&self) {
        self.stopper().stop();
    }

    pub fn stopper(&self) -> StopConsumers {
        StopConsumers(self.consumers.iter().map(|(_, c, _)| c.clone()).collect())
    }

    /// Wait until every Consumer stopped; returns where each stopped.
    pub async fn finish(self) -> Result<BTreeMap<i32, i64>, PipelineError> {
        let mut positions = BTreeMap::new();
        for (partition, _, finished) in self.consumers {
            let position = finished.await.map_err(|_| vanished("consumer"))??;
            positions.insert(partition, position);
        }
        Ok(positions)
    }
}

/// Produce `job` to its topic; returns what the Aggregator saw acknowledged.
pub async fn produce(
    kafka: &Arc<Kafka>,
    job: ProduceJob,
    options: Options,
) -> Result<Summary, JobError> {
    let aggregator = Aggregator::new(options).start();
    Producing::start(kafka, job, aggregator.clone().recipient())
        .await?
        .finish()
        .await?;
    Ok(aggregator
        .send(TakeSummary)
        .await
        .map_err(PipelineError::from)?)
}

/// Consume `job`; returns what the Aggregator observed.
pub async fn consume(kafka: &Arc<Kafka>, mut job: ConsumeJob) -> Result<Summary, JobError> {
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
    let (aggregator, limit_reached) = job.aggregator();
    let mut starts = BTreeMap::new();
    for partition in partitions {
        let (earliest, latest) = kafka.offsets(&job.topic, partition).await?;
        let until = job.idle_timeout.map_or(Until::Offset(latest), Until::Idle);
        starts.insert(partition, (job.start.resolve(earliest, latest), until));
    }
    let consuming = Consuming::start(
        kafka,
        job.settings(),
        &starts,
        aggregator.clone().recipient(),
    );
    let all_done = consuming.finish();
    tokio::select! {
        result = all_done => { result?; }
        Ok(()) = limit_reached => {}
    }
    Ok(aggregator
        .send(TakeSummary)
        .await
        .map_err(PipelineError::from)?)
}
