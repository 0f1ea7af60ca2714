//! Partitioner: splits each batch of samples by partition, with a [`Rule`], and hands
//! every partition's share to that partition's Producer, all partitions at once.

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

pub struct Partitioner {
    rule: Rule,
    /// One recipient per partition, indexed by partition number.
    producers: Vec<Recipient<Batch>>,
    turn: u64,
    mailbox: usize,
}

impl Partitioner {
    pub fn new(rule: Rule, producers: Vec<Recipient<Batch>>, mailbox: usize) -> Self {
        Self {
            rule,
            producers,
            turn: 0,
            mailbox,
        }
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
        let mut shares: Vec<Vec<Sample>> = vec![Vec::new(); self.producers.len()];
        for sample in samples {
            match self.rule.place(&sample, partitions, &mut self.turn) {
                Ok(p) => shares[p as usize].push(sample),
                Err(e) => return AtomicResponse::new(Box::pin(fut::ready(Err(e.into())))),
            }
        }
        let sends = shares
            .into_iter()
            .enumerate()
            .filter(|(_, share)| !share.is_empty())
            .map(|(p, samples)| {
                self.producers[p].send(Batch {
                    partition: p as i32,
                    samples,
                })
            })
            .collect::<Vec<_>>();
        AtomicResponse::new(Box::pin(
            async move { join_all(sends).await.into_iter().try_for_each(flow) }.into_actor(self),
        ))
    }
}
