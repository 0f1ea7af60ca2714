//! Partitioner: places each sample of the Generator's batches in a partition, with a
//! [`Rule`], and hands each partition's samples to that partition's Producer in
//! batches of `producer.batch_size`, as Kafka's Java client fills a batch per
//! partition: a topic of 8 partitions gets batches of 500, not 8 of about 62.
//!
//! A partition's samples go out when they fill a batch; when the Generator sent a short
//! batch (it waited for samples at its target rate, so nothing should wait any longer);
//! and on [`Drain`], at the end of a run.

use super::producer::Batch;
use super::{flow, Flow};
use crate::partition::Rule;
use crate::sample::Sample;
use actix::prelude::*;
use futures_util::future::join_all;

/// A batch of samples from the Generator.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Samples(pub Vec<Sample>);

/// Hand every waiting sample to its Producer.
#[derive(Message)]
#[rtype(result = "Flow")]
pub struct Drain;

pub struct Partitioner {
    rule: Rule,
    /// One recipient per partition, indexed by partition number.
    producers: Vec<Recipient<Batch>>,
    /// Samples of each partition not handed over yet.
    waiting: Vec<Vec<Sample>>,
    batch_size: usize,
    turn: u64,
    mailbox: usize,
}

impl Partitioner {
    pub fn new(
        rule: Rule,
        producers: Vec<Recipient<Batch>>,
        batch_size: usize,
        mailbox: usize,
    ) -> Self {
        Self {
            rule,
            waiting: vec![Vec::new(); producers.len()],
            producers,
            batch_size,
            turn: 0,
            mailbox,
        }
    }

    /// Hand over the waiting samples of every partition for which `ready` says so.
    fn hand_over(&mut self, ready: impl Fn(&[Sample]) -> bool) -> AtomicResponse<Self, Flow> {
        let sends = self
            .waiting
            .iter_mut()
            .enumerate()
            .filter(|(_, waiting)| !waiting.is_empty() && ready(waiting))
            .map(|(p, waiting)| {
                self.producers[p].send(Batch {
                    partition: p as i32,
                    samples: std::mem::take(waiting),
                })
            })
            .collect::<Vec<_>>();
        AtomicResponse::new(Box::pin(
            async move { join_all(sends).await.into_iter().try_for_each(flow) }.into_actor(self),
        ))
    }
}

impl Actor for Partitioner {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        ctx.set_mailbox_capacity(self.mailbox);
    }
}

impl Handler<Samples> for Partitioner {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, Samples(samples): Samples, _: &mut Context<Self>) -> Self::Result {
        let partitions = self.producers.len() as i32;
        let short = samples.len() < self.batch_size;
        for sample in samples {
            match self.rule.place(&sample, partitions, &mut self.turn) {
                Ok(p) => self.waiting[p as usize].push(sample),
                Err(e) => return AtomicResponse::new(Box::pin(fut::ready(Err(e.into())))),
            }
        }
        if self.rule == Rule::Sticky {
            self.turn += 1;
        }
        let batch_size = self.batch_size;
        self.hand_over(|waiting| short || waiting.len() >= batch_size)
    }
}

impl Handler<Drain> for Partitioner {
    type Result = AtomicResponse<Self, Flow>;

    fn handle(&mut self, _: Drain, _: &mut Context<Self>) -> Self::Result {
        self.hand_over(|_| true)
    }
}
