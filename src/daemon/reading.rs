//! How the daemon's Consumers run: one per partition from the checkpoint's positions,
//! or as a member of `consumer.group` ([`crate::membership`]), and how they stop.

use super::{Checkpoint, Error};
use crate::actors::aggregator::{Aggregator, Position};
use crate::actors::consumer::Until;
use crate::actors::PipelineError;
use crate::config::Config;
use crate::kafka::Kafka;
use crate::membership::{self, GroupReading};
use crate::pipeline::{ConsumeSettings, Consuming, JobError};
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::oneshot;

/// How the daemon's Consumers run: every partition on its own, or the partitions its
/// consumer group assigns it.
pub(super) enum Reading {
    Alone(Consuming),
    Group {
        stop: oneshot::Sender<()>,
        member: tokio::task::JoinHandle<Result<(), JobError>>,
    },
}

impl Reading {
    /// Start the Consumers `config` asks for: with `consumer.group`, a member of it
    /// on its own task; else one per partition, from the checkpoint.
    pub(super) async fn start(
        kafka: &Arc<Kafka>,
        config: &Config,
        checkpoint: &Checkpoint,
        partitions: &[i32],
        settings: ConsumeSettings,
        aggregator: &Addr<Aggregator>,
    ) -> Result<Self, Error> {
        match config.consumer.group.as_str() {
            "" => Ok(Self::Alone(
                alone(kafka, config, checkpoint, partitions, settings, aggregator).await?,
            )),
            group => {
                let (stop, stopped) = oneshot::channel();
                let member = membership::member(kafka, config, group, &settings.topic);
                let reading = GroupReading::new(&config.consumer, config.consumer.start, false);
                let task = membership::read(
                    Arc::clone(kafka),
                    member,
                    reading,
                    settings,
                    aggregator.clone(),
                    async {
                        let _ = stopped.await;
                    },
                );
                Ok(Self::Group {
                    stop,
                    member: actix::spawn(task),
                })
            }
        }
    }

    /// Stop the Consumers after their fetch; a member also commits and leaves.
    pub(super) async fn stop(self) -> Result<(), Error> {
        match self {
            Self::Alone(consuming) => {
                consuming.stop();
                consuming.finish().await?;
            }
            Self::Group { stop, member } => {
                let _ = stop.send(());
                member
                    .await
                    .map_err(|_| PipelineError::Mailbox("the group member vanished".into()))??;
            }
        }
        Ok(())
    }
}

/// A Consumer for every partition, from the checkpoint's positions when they are in
/// the log, else from `consumer.start`.
async fn alone(
    kafka: &Arc<Kafka>,
    config: &Config,
    checkpoint: &Checkpoint,
    partitions: &[i32],
    settings: ConsumeSettings,
    aggregator: &Addr<Aggregator>,
) -> Result<Consuming, Error> {
    let topic = settings.topic.clone();
    let fallback = config.consumer.start;
    let mut starts = BTreeMap::new();
    for &partition in partitions {
        let (earliest, latest) = kafka.offsets(&topic, partition).await?;
        let saved = checkpoint.partitions.get(&partition).map(|c| c.position);
        let (offset, resumed) = fallback.resume(saved, earliest, latest);
        if let (Some(position), false) = (saved, resumed) {
            tracing::warn!(
                partition,
                position,
                earliest,
                latest,
                offset,
                "checkpoint position is not in the log: starting from consumer.start"
            );
        }
        tracing::info!(topic, partition, offset, "consumer starts");
        aggregator.do_send(Position {
            partition,
            offset,
            committed: None,
        });
        starts.insert(partition, (offset, Until::Stopped));
    }
    Ok(Consuming::start(
        kafka,
        settings,
        &starts,
        aggregator.clone().recipient(),
    ))
}
