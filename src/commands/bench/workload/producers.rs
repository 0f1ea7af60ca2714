//! The producers of a worker's share: a pipeline each (Generator → Partitioner →
//! Producers), at an equal share of the workload's rate, acknowledgements recorded;
//! each runs to its end in a task of its own, so that one that fails ends the run at
//! once.

use super::{Error, Result, Run};
use crate::actors::aggregator::{Acked, Aggregator, Options};
use crate::actors::PipelineError;
use crate::bench::omb::workload::KeyDistributor;
use crate::keys::KeyOrder;
use crate::partition::Rule;
use crate::pipeline::{JobError, ProduceJob, Producing, ProducingControl};
use crate::sample::Source;
use actix::prelude::*;
use std::rc::Rc;
use tokio::task::JoinHandle;

pub struct Producers {
    controls: Vec<ProducingControl>,
    running: Vec<JoinHandle<Result<u64, PipelineError>>>,
    /// Producers of the whole workload (all workers').
    total: f64,
}

fn rule(keys: KeyDistributor) -> Rule {
    match keys {
        KeyDistributor::NoKey => Rule::Sticky,
        KeyDistributor::KeyRoundRobin => Rule::Pool(KeyOrder::Turn),
        KeyDistributor::RandomNano => Rule::Pool(KeyOrder::Random),
    }
}

/// How a production's task ended: an error unless it produced to the end.
fn produced(ended: Result<Result<u64, PipelineError>, tokio::task::JoinError>) -> Result<u64> {
    let ended = ended.map_err(|e| Error::Check(format!("a producer stopped: {e}")))?;
    Ok(ended.map_err(JobError::from)?)
}

impl Producers {
    /// Start this worker's producers (the workload's, numbered topic by topic, that its
    /// share holds), the workload's `rate` shared among all.
    pub async fn start(run: &Run<'_>, rate: f64) -> Result<Self> {
        let (session, w) = (run.session, run.workload);
        let payloads = w
            .payloads()
            .map_err(|e| Error::Usage(format!("payloadFile: {e}")))?;
        let on_acked = Rc::clone(run.recording);
        let acks = Aggregator::new(Options {
            on_acked: Some(Box::new(move |acked: &Acked| {
                on_acked
                    .borrow_mut()
                    .acked(acked.count, acked.bytes.values, acked.latency);
            })),
            ..Options::default()
        })
        .start();
        let total = f64::from(w.producers());
        let (mut controls, mut running, mut n) = (Vec::new(), Vec::new(), 0);
        for topic in &run.topics {
            for _ in 0..w.producers_per_topic {
                n += 1;
                if !run.args.worker.holds(n - 1) {
                    continue;
                }
                let on_late = Rc::clone(run.recording);
                let source = Source::Random("normal:0,1".parse().expect("a distribution"));
                let job = ProduceJob {
                    value_size: Some(w.message_size as usize),
                    payloads: payloads.clone(),
                    rule: rule(w.key_distributor),
                    on_late: Some(Box::new(move |late, records| {
                        on_late.borrow_mut().late(late, records);
                    })),
                    ..ProduceJob::new(&session.config, topic, source, None, Some(rate / total))
                };
                let producing =
                    Producing::start(&session.kafka, job, acks.clone().recipient()).await?;
                controls.push(producing.control());
                running.push(actix::spawn(producing.finish()));
            }
        }
        Ok(Self {
            controls,
            running,
            total,
        })
    }

    /// The workload's rate is `rate` from now on.
    pub fn set_rate(&self, rate: f64) {
        for p in &self.controls {
            p.set_rate(rate / self.total);
        }
    }

    /// An error if a producer has stopped (they produce until told to stop).
    pub async fn check(&mut self) -> Result<()> {
        let Some(ended) = self.running.iter().position(JoinHandle::is_finished) else {
            return Ok(());
        };
        produced(self.running.swap_remove(ended).await)?;
        Err(Error::Check("a producer stopped".into()))
    }

    /// Stop producing and wait until everything produced is acknowledged.
    pub async fn finish(self) -> Result<()> {
        self.controls.iter().for_each(ProducingControl::stop);
        for p in self.running {
            produced(p.await)?;
        }
        Ok(())
    }
}
