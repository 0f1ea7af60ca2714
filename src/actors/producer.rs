//! Producer: writes one partition's batches to Kafka through its partition client
//! (retried with the access layer's deadlines) and reports the acknowledged offsets.

use super::aggregator::Acked;
use super::Flow;
use crate::kafka::Kafka;
use crate::partition::{key_of, Rule};
use crate::record::encode;
use crate::sample::Sample;
use actix::prelude::*;
use rskafka::client::partition::Compression;
use std::sync::Arc;
use std::time::Instant;

/// Samples for one partition.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Batch {
    pub partition: i32,
    pub samples: Vec<Sample>,
}

pub struct Producer {
    kafka: Arc<Kafka>,
    topic: String,
    compression: Compression,
    /// Keys are written when the rule hashes them.
    rule: Rule,
    run_id: String,
    acks: Recipient<Acked>,
    mailbox: usize,
}

/// What every Producer of a pipeline shares.
#[derive(Clone)]
pub struct ProducerConfig {
    pub kafka: Arc<Kafka>,
    pub topic: String,
    pub compression: Compression,
    pub rule: Rule,
    pub run_id: String,
    pub acks: Recipient<Acked>,
    pub mailbox: usize,
}

impl Producer {
    pub fn new(c: ProducerConfig) -> Self {
        Self {
            kafka: c.kafka,
            topic: c.topic,
            compression: c.compression,
            rule: c.rule,
            run_id: c.run_id,
            acks: c.acks,
            mailbox: c.mailbox,
        }
    }
}

impl Actor for Producer {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        ctx.set_mailbox_capacity(self.mailbox);
    }
}

impl Handler<Batch> for Producer {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, batch: Batch, _: &mut Context<Self>) -> Self::Result {
        let records: Vec<_> = batch
            .samples
            .iter()
            .map(|s| {
                let key = (self.rule == Rule::Hash).then(|| key_of(s));
                encode(s, key, &self.run_id)
            })
            .collect();
        let (kafka, topic, compression) = (
            Arc::clone(&self.kafka),
            self.topic.clone(),
            self.compression,
        );
        let acks = self.acks.clone();
        let partition = batch.partition;
        AtomicResponse::new(Box::pin(
            async move {
                let sent = Instant::now();
                let offsets = kafka
                    .on_partition(&topic, partition, "produce", |client| {
                        let records = records.clone();
                        async move { client.produce(records, compression).await }
                    })
                    .await?;
                acks.send(Acked {
                    partition,
                    samples: batch.samples,
                    offsets,
                    latency: sent.elapsed(),
                })
                .await?;
                Ok(())
            }
            .into_actor(self),
        ))
    }
}
