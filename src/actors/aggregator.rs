//! Aggregator: what the pipeline observed. Per partition: records produced and their
//! acknowledged offsets; records consumed with count, mean, variance, min, max, the
//! invalid ones, the consumer position, and the records lost, duplicated or out of
//! order by their sequence headers. Optionally shows each batch of records to a
//! command (`consume` prints them, `verify` checks them), fits a histogram of the
//! values, exports everything as metrics and keeps a running histogram (the daemon).
//! (Over 400 lines with its unit tests of the sequence accounting, which belong
//! beside the one handler they check.)

use crate::metrics as m;
use crate::record::Consumed;
use crate::stats::{FittingHistogram, Histogram, RunningStats};
use crate::tracking::Tracking;
use crate::volume::Volume;
use actix::prelude::*;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tokio::sync::oneshot;

/// A batch Kafka acknowledged: its records sit at `base_offset..base_offset + count`
/// (`base_offset` -1: unknown, a retried batch the broker already had).
#[derive(Message)]
#[rtype(result = "()")]
pub struct Acked {
    pub partition: i32,
    pub count: u64,
    /// Bytes of the batch's records.
    pub bytes: Volume,
    /// From the Producer taking the batch in (its wait for a slot in flight included)
    /// to the acknowledgement.
    pub latency: std::time::Duration,
    pub base_offset: i64,
    /// Produce requests of the partition outstanding when it was sent, itself included.
    pub in_flight: usize,
    /// Partition sequence number the Producer gives its next record.
    pub next_partition_seq: u64,
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

/// A copy of the per-partition state and the running histogram (daemon).
#[derive(Message)]
#[rtype(result = "(BTreeMap<i32, PartitionSummary>, Option<Histogram>)")]
pub struct Peek;

/// Where a consumer starts, before it has read anything.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Position {
    pub partition: i32,
    pub offset: i64,
    /// The sequences where a group committed `offset` (empty: the committer left none):
    /// they replace what this process knows, unless it read at least as far itself,
    /// so that what it reads again counts as duplicated and nothing as lost.
    pub committed: Option<BTreeMap<String, Expected>>,
}

/// Where a partition's sequences stand: what the Producer numbers next, and what the
/// consumer expects next from each producer run (each daemon, each `produce`, is a
/// run of its own). Saved in the daemon's checkpoint and with a group's commits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sequences {
    /// Partition sequence number of the next record produced (this process's run).
    pub next_produced: u64,
    /// Per run (the tracking header's run id), at most [`MAX_RUNS`] of them.
    #[serde(default)]
    pub consumed: BTreeMap<String, Expected>,
}

/// Runs tracked per partition; the one seen longest ago is forgotten first, which
/// keeps a group's commit metadata within Kafka's default limit (4 KiB).
pub const MAX_RUNS: usize = 32;

/// What the consumer expects next from one run in one partition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    /// Partition sequence number expected next.
    pub next: u64,
    /// Global sequence number of the last record read.
    pub last_seq: u64,
    /// Offset of the last record read.
    pub offset: i64,
}

/// One partition's observations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PartitionSummary {
    /// Records acknowledged by Kafka.
    pub produced: u64,
    pub first_acked_offset: Option<i64>,
    pub last_acked_offset: Option<i64>,
    /// Most produce requests outstanding at once.
    pub max_in_flight: usize,
    /// Statistics of the valid values consumed.
    pub consumed: RunningStats,
    /// Records consumed whose value is not a number (counted and skipped).
    pub invalid: u64,
    pub lost: u64,
    pub duplicated: u64,
    pub out_of_order: u64,
    /// Offset of the first record consumed.
    pub first_offset: Option<i64>,
    /// Next offset the consumer reads.
    pub position: Option<i64>,
    pub high_watermark: Option<i64>,
    pub sequences: Sequences,
}

/// Everything the Aggregator observed.
#[derive(Debug, Default)]
pub struct Summary {
    pub partitions: BTreeMap<i32, PartitionSummary>,
    /// Histogram of the valid values consumed, with `fit_histogram`.
    pub histogram: FittingHistogram,
}

impl PartitionSummary {
    /// Records consumed, valid or not.
    pub fn taken(&self) -> u64 {
        self.consumed.count + self.invalid
    }
}

impl Summary {
    /// Records consumed from all partitions, valid or not.
    pub fn taken(&self) -> u64 {
        self.partitions.values().map(PartitionSummary::taken).sum()
    }

    /// Statistics of all partitions together.
    pub fn total(&self) -> RunningStats {
        self.partitions
            .values()
            .fold(RunningStats::default(), |acc, p| acc.merge(&p.consumed))
    }
}

/// Told of each acknowledged batch.
pub type OnAcked = Box<dyn FnMut(&Acked)>;

/// Looks at each batch of records taken, in order.
pub type Inspect = Box<dyn FnMut(&[Consumed])>;

/// What to do with consumed records besides counting them.
#[derive(Default)]
pub struct Options {
    /// Count the valid values into [`Summary::histogram`] (`consume --histogram`).
    pub fit_histogram: bool,
    /// Look at every record taken, a batch at a time (`consume` prints them,
    /// `verify` checks them).
    pub inspect: Option<Inspect>,
    /// Take at most this many records; then `limit_reached` fires.
    pub limit: Option<u64>,
    pub limit_reached: Option<oneshot::Sender<()>>,
    /// Told of every acknowledged batch (`produce` advances its progress bar).
    pub on_acked: Option<OnAcked>,
    /// Export metrics labelled with this topic (the daemon).
    pub metrics_topic: Option<String>,
    /// Keep a running histogram of consumed values with these bins (the daemon).
    pub running: Option<Histogram>,
    /// Where the sequences stood (the daemon's resume).
    pub sequences: BTreeMap<i32, Sequences>,
}

pub struct Aggregator {
    options: Options,
    summary: Summary,
    taken: u64,
}

impl Aggregator {
    pub fn new(mut options: Options) -> Self {
        let mut summary = Summary::default();
        for (p, sequences) in std::mem::take(&mut options.sequences) {
            summary.partitions.entry(p).or_default().sequences = sequences;
        }
        Self {
            options,
            summary,
            taken: 0,
        }
    }

    /// Count gaps, repeats and reorderings of the sequence numbers of the record at
    /// `offset`, tracked as `tracking`, within its run.
    fn track(p: &mut PartitionSummary, offset: i64, tracking: &Tracking) {
        let (pseq, seq) = (tracking.partition_seq, tracking.seq);
        let mut text = uuid::Uuid::encode_buffer();
        let run: &str = tracking.run.hyphenated().encode_lower(&mut text);
        let runs = &mut p.sequences.consumed;
        if !runs.contains_key(run) {
            if runs.len() >= MAX_RUNS {
                let oldest = runs
                    .iter()
                    .min_by_key(|(_, e)| e.offset)
                    .map(|(r, _)| r.clone());
                runs.remove(&oldest.expect("MAX_RUNS > 0"));
            }
            let first = Expected {
                next: pseq,
                last_seq: seq,
                offset,
            };
            runs.insert(run.to_string(), first);
        }
        let expected = runs.get_mut(run).expect("inserted above");
        match pseq.cmp(&expected.next) {
            std::cmp::Ordering::Greater => p.lost += pseq - expected.next,
            std::cmp::Ordering::Less => p.duplicated += 1,
            std::cmp::Ordering::Equal => {}
        }
        if seq < expected.last_seq && pseq >= expected.next {
            p.out_of_order += 1;
        }
        expected.next = expected.next.max(pseq + 1);
        expected.last_seq = expected.last_seq.max(seq);
        expected.offset = offset;
    }
}

impl Actor for Aggregator {
    type Context = Context<Self>;
}

impl Handler<Acked> for Aggregator {
    type Result = ();

    fn handle(&mut self, acked: Acked, _: &mut Context<Self>) {
        let p = self.summary.partitions.entry(acked.partition).or_default();
        p.produced += acked.count;
        p.max_in_flight = p.max_in_flight.max(acked.in_flight);
        p.sequences.next_produced = acked.next_partition_seq;
        if acked.count > 0 {
            // -1: an idempotent retry of a batch the broker already had.
            if acked.base_offset >= 0 {
                p.first_acked_offset.get_or_insert(acked.base_offset);
                p.last_acked_offset = Some(acked.base_offset + acked.count as i64 - 1);
            }
        }
        if let Some(on_acked) = &mut self.options.on_acked {
            on_acked(&acked);
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
        if let Some(inspect) = &mut self.options.inspect {
            inspect(&batch.records[..take]);
        }
        let now = Utc::now();
        let topic = self.options.metrics_topic.clone();
        let mut latencies = Vec::new();
        for record in batch.records.into_iter().take(take) {
            self.taken += 1;
            p.first_offset.get_or_insert(record.offset);
            p.position = Some(record.offset + 1);
            let tracking = record.tracking();
            if let Some(tracking) = &tracking {
                Self::track(p, record.offset, tracking);
            }
            if let Some(sent) = record.sent_by(tracking.as_ref()) {
                latencies.push((now - sent).as_seconds_f64().max(0.0));
            }
            match record.value {
                Some(v) => {
                    p.consumed.add(v);
                    if let Some(h) = &mut self.options.running {
                        h.add(v);
                    }
                    if let Some(topic) = &topic {
                        metrics::histogram!(m::CONSUMED_VALUE, "topic" => topic.clone()).record(v);
                    }
                    if self.options.fit_histogram {
                        self.summary.histogram.add(v);
                    }
                }
                None => p.invalid += 1,
            }
        }
        if let Some(topic) = topic {
            export(&topic, batch.partition, p, take as u64, &latencies);
        }
        if Some(self.taken) == self.options.limit {
            if let Some(reached) = self.options.limit_reached.take() {
                let _ = reached.send(());
            }
        }
    }
}

/// The consumed side of one partition, as metrics.
fn export(topic: &str, partition: i32, p: &PartitionSummary, taken: u64, latencies: &[f64]) {
    let labels = [
        ("topic", topic.to_string()),
        ("partition", partition.to_string()),
    ];
    metrics::counter!(m::RECORDS_CONSUMED, &labels).increment(taken);
    metrics::counter!(m::RECORDS_INVALID, &labels).absolute(p.invalid);
    metrics::counter!(m::RECORDS_LOST, &labels).absolute(p.lost);
    metrics::counter!(m::RECORDS_DUPLICATED, &labels).absolute(p.duplicated);
    metrics::counter!(m::RECORDS_OUT_OF_ORDER, &labels).absolute(p.out_of_order);
    if let Some(position) = p.position {
        metrics::gauge!(m::CONSUMER_POSITION, &labels).set(position as f64);
    }
    metrics::gauge!(m::VALUE_COUNT, &labels).set(p.consumed.count as f64);
    metrics::gauge!(m::VALUE_MEAN, &labels).set(p.consumed.mean);
    metrics::gauge!(m::VALUE_VARIANCE, &labels).set(p.consumed.variance());
    let e2e = metrics::histogram!(m::END_TO_END_LATENCY, "topic" => topic.to_string());
    latencies.iter().for_each(|l| e2e.record(*l));
}

impl Handler<TakeSummary> for Aggregator {
    type Result = MessageResult<TakeSummary>;

    fn handle(&mut self, _: TakeSummary, _: &mut Context<Self>) -> Self::Result {
        MessageResult(std::mem::take(&mut self.summary))
    }
}

impl Handler<Peek> for Aggregator {
    type Result = MessageResult<Peek>;

    fn handle(&mut self, _: Peek, _: &mut Context<Self>) -> Self::Result {
        MessageResult((
            self.summary.partitions.clone(),
            self.options.running.clone(),
        ))
    }
}

impl Handler<Position> for Aggregator {
    type Result = ();

    fn handle(&mut self, start: Position, _: &mut Context<Self>) {
        let p = self.summary.partitions.entry(start.partition).or_default();
        if let Some(committed) = start.committed {
            if p.position.is_none_or(|own| own < start.offset) {
                p.sequences.consumed = committed;
            }
        }
        p.position = Some(start.offset);
        if let Some(topic) = &self.options.metrics_topic {
            let (topic, partition) = (topic.clone(), start.partition.to_string());
            metrics::gauge!(m::CONSUMER_POSITION, "topic" => topic, "partition" => partition)
                .set(start.offset as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kafka::batch::{self, RawRecord};
    use crate::record::RecordWriter;
    use crate::sample::Sample;

    const RUN: uuid::Uuid = uuid::Uuid::from_u128(7);

    /// Run `RUN`'s record at `offset`, numbered `offset` in the partition and run, as
    /// a consumer reads it.
    fn record(offset: i64) -> Consumed {
        let seq = offset as u64;
        let written = RecordWriter::new(Some(RUN), crate::keys::Keys::None, seq)
            .batch(&[Sample { seq, value: 1.0 }])
            .and_then(|b| b.finish(Default::default(), None))
            .unwrap();
        let mut read = Vec::new();
        batch::decode(written, 0, &mut read).unwrap();
        let raw = read.pop().unwrap();
        Consumed::decode(0, RawRecord { offset, ..raw })
    }

    fn read(offsets: std::ops::Range<i64>) -> Records {
        Records {
            partition: 0,
            records: offsets.map(record).collect(),
            high_watermark: 100,
        }
    }

    fn expected(next: u64) -> BTreeMap<String, Expected> {
        BTreeMap::from([(
            RUN.to_string(),
            Expected {
                next,
                last_seq: next - 1,
                offset: next as i64 - 1,
            },
        )])
    }

    /// A partition that comes back after others read it: what a group committed
    /// replaces what this process knew (else the records between would count as
    /// lost); what it reads again after its own uncommitted window counts as
    /// duplicated.
    #[test]
    fn partitions_that_move_between_owners_are_counted_right() {
        let summary = actix::System::new().block_on(async {
            let aggregator = Aggregator::new(Options::default()).start();
            let start = |offset, committed| Position {
                partition: 0,
                offset,
                committed: Some(committed),
            };
            aggregator.send(start(0, BTreeMap::new())).await.unwrap();
            aggregator.send(read(0..10)).await.unwrap();
            // Another owner read 10..30 and committed there.
            aggregator.send(start(30, expected(30))).await.unwrap();
            aggregator.send(read(30..40)).await.unwrap();
            // This owner read up to 40 but its last commit was at 35: 35..40 again.
            aggregator.send(start(35, expected(35))).await.unwrap();
            aggregator.send(read(35..45)).await.unwrap();
            aggregator.send(TakeSummary).await.unwrap()
        });
        let p = &summary.partitions[&0];
        assert_eq!((p.lost, p.duplicated), (0, 5));
        assert_eq!(p.sequences.consumed[&RUN.to_string()].next, 45);
    }

    #[test]
    fn a_gap_within_one_owner_is_lost() {
        let summary = actix::System::new().block_on(async {
            let aggregator = Aggregator::new(Options::default()).start();
            aggregator.send(read(0..10)).await.unwrap();
            aggregator.send(read(12..20)).await.unwrap();
            aggregator.send(TakeSummary).await.unwrap()
        });
        assert_eq!(summary.partitions[&0].lost, 2);
    }
}
