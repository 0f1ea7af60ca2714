//! Aggregator: what the pipeline observed. Per partition: records produced and their
//! acknowledged offsets; records consumed with count, mean, variance, min, max, the
//! invalid ones, and the consumer position. Optionally echoes records as they come
//! (the `consume` command) and keeps values or records for a histogram or a check.

use crate::cli::Format;
use crate::record::Consumed;
use crate::sample::Sample;
use crate::stats::RunningStats;
use actix::prelude::*;
use indicatif::ProgressBar;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;
use tokio::sync::oneshot;

/// Offsets Kafka acknowledged for a batch, one per sample, in order.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Acked {
    pub partition: i32,
    pub samples: Vec<Sample>,
    pub offsets: Vec<i64>,
    /// From sending the batch to its acknowledgement.
    pub latency: Duration,
}

/// Records fetched from one partition.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Records {
    pub partition: i32,
    pub records: Vec<Consumed>,
    pub high_watermark: i64,
}

/// Hand over everything observed so far.
#[derive(Message)]
#[rtype(result = "Summary")]
pub struct TakeSummary;

/// One partition's observations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartitionSummary {
    /// Records acknowledged by Kafka.
    pub produced: u64,
    pub first_acked_offset: Option<i64>,
    pub last_acked_offset: Option<i64>,
    /// Statistics of the valid values consumed.
    pub consumed: RunningStats,
    /// Records consumed whose value is not a number (counted and skipped).
    pub invalid: u64,
    /// Next offset the consumer reads.
    pub position: Option<i64>,
    pub high_watermark: Option<i64>,
}

/// Everything the Aggregator observed.
#[derive(Debug, Default)]
pub struct Summary {
    pub partitions: BTreeMap<i32, PartitionSummary>,
    /// Valid values consumed, if kept.
    pub values: Vec<f64>,
    /// Records consumed, if kept.
    pub records: Vec<Consumed>,
}

impl Summary {
    /// Statistics of all partitions together.
    pub fn total(&self) -> RunningStats {
        self.partitions
            .values()
            .fold(RunningStats::default(), |acc, p| acc.merge(&p.consumed))
    }
}

/// What to do with consumed records besides counting them.
#[derive(Default)]
pub struct Options {
    /// Print each record to stdout, for `topic`.
    pub echo: Option<(Format, String)>,
    pub keep_values: bool,
    pub keep_records: bool,
    /// Take at most this many records; then `limit_reached` fires.
    pub limit: Option<u64>,
    pub limit_reached: Option<oneshot::Sender<()>>,
    /// Advanced by acknowledged records (the `produce` command's progress bar).
    pub progress: Option<ProgressBar>,
}

pub struct Aggregator {
    options: Options,
    summary: Summary,
    taken: u64,
}

impl Aggregator {
    pub fn new(options: Options) -> Self {
        Self {
            options,
            summary: Summary::default(),
            taken: 0,
        }
    }
}

impl Actor for Aggregator {
    type Context = Context<Self>;
}

impl Handler<Acked> for Aggregator {
    type Result = ();

    fn handle(&mut self, acked: Acked, _: &mut Context<Self>) {
        let p = self.summary.partitions.entry(acked.partition).or_default();
        p.produced += acked.offsets.len() as u64;
        if let (Some(first), Some(last)) = (acked.offsets.first(), acked.offsets.last()) {
            p.first_acked_offset.get_or_insert(*first);
            p.last_acked_offset = Some(*last);
        }
        if let Some(bar) = &self.options.progress {
            bar.inc(acked.samples.len() as u64);
        }
    }
}

impl Handler<Records> for Aggregator {
    type Result = ();

    fn handle(&mut self, batch: Records, _: &mut Context<Self>) {
        let room = self
            .options
            .limit
            .map_or(usize::MAX, |l| (l - self.taken) as usize);
        let take = batch.records.len().min(room);
        let p = self.summary.partitions.entry(batch.partition).or_default();
        p.high_watermark = Some(batch.high_watermark);
        let mut out = std::io::stdout().lock();
        for record in batch.records.into_iter().take(take) {
            self.taken += 1;
            p.position = Some(record.offset + 1);
            match &self.options.echo {
                Some((Format::Text, _)) => {
                    let _ = writeln!(out, "{}", record.to_text());
                }
                Some((Format::Json, topic)) => {
                    let _ = writeln!(out, "{}", record.to_json(topic));
                }
                None => {}
            }
            match record.value {
                Some(v) => {
                    p.consumed.add(v);
                    if self.options.keep_values {
                        self.summary.values.push(v);
                    }
                }
                None => p.invalid += 1,
            }
            if self.options.keep_records {
                self.summary.records.push(record);
            }
        }
        if Some(self.taken) == self.options.limit {
            if let Some(reached) = self.options.limit_reached.take() {
                let _ = reached.send(());
            }
        }
    }
}

impl Handler<TakeSummary> for Aggregator {
    type Result = MessageResult<TakeSummary>;

    fn handle(&mut self, _: TakeSummary, _: &mut Context<Self>) -> Self::Result {
        MessageResult(std::mem::take(&mut self.summary))
    }
}
