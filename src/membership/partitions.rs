//! The partitions a member reads, each by a Consumer of its own, so that a partition
//! that moves stops while the others read on (the consumer protocol), or all stop at
//! once (a classic rebalance).

use crate::actors::aggregator::Aggregator;
use crate::actors::consumer::Until;
use crate::actors::PipelineError;
use crate::kafka::Kafka;
use crate::pipeline::{ConsumeSettings, Consuming, StopConsumers};
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Where a Consumer stopped, once it stopped.
type Stopped = (i32, Result<i64, PipelineError>);

pub(super) struct Partitions {
    kafka: Arc<Kafka>,
    settings: ConsumeSettings,
    aggregator: Addr<Aggregator>,
    running: BTreeMap<i32, StopConsumers>,
    stopped: mpsc::UnboundedSender<Stopped>,
    stops: mpsc::UnboundedReceiver<Stopped>,
}

impl Partitions {
    pub fn new(kafka: Arc<Kafka>, settings: ConsumeSettings, aggregator: Addr<Aggregator>) -> Self {
        let (stopped, stops) = mpsc::unbounded_channel();
        Self {
            kafka,
            settings,
            aggregator,
            running: BTreeMap::new(),
            stopped,
            stops,
        }
    }

    pub fn topic(&self) -> &str {
        &self.settings.topic
    }

    /// The partitions being read.
    pub fn owned(&self) -> Vec<i32> {
        self.running.keys().copied().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// Read each partition of `starts` from its offset until its [`Until`].
    pub fn start(&mut self, starts: BTreeMap<i32, (i64, Until)>) {
        for (partition, start) in starts {
            let consuming = Consuming::start(
                &self.kafka,
                self.settings.clone(),
                &BTreeMap::from([(partition, start)]),
                self.aggregator.clone().recipient(),
            );
            self.running.insert(partition, consuming.stopper());
            let stopped = self.stopped.clone();
            actix::spawn(async move {
                let position = consuming
                    .finish()
                    .await
                    .map(|at| at.get(&partition).copied().unwrap_or_default());
                let _ = stopped.send((partition, position));
            });
        }
    }

    /// Stop reading `partitions` (after the fetch in flight) and wait until each
    /// stopped.
    pub async fn stop(&mut self, partitions: &[i32]) -> Result<(), PipelineError> {
        let mut waiting: Vec<i32> = partitions
            .iter()
            .copied()
            .filter(|p| self.running.contains_key(p))
            .collect();
        for p in &waiting {
            self.running[p].stop();
        }
        let mut failed = Ok(());
        while !waiting.is_empty() {
            let (partition, position) = self.next().await;
            waiting.retain(|p| *p != partition);
            if let Err(e) = position {
                failed = Err(e);
            }
        }
        failed
    }

    pub async fn stop_all(&mut self) -> Result<(), PipelineError> {
        let all = self.owned();
        self.stop(&all).await
    }

    /// The next Consumer that stopped (read to its end, or told to), no longer read.
    pub async fn next(&mut self) -> Stopped {
        let stopped = self.stops.recv().await.expect("the sender lives in self");
        self.running.remove(&stopped.0);
        stopped
    }
}
