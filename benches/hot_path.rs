//! The hot paths that need no broker, in records per second on one core: drawing
//! samples, placing them in partitions, writing them as record batches, and on the
//! consuming side decoding record batches and folding them into the statistics.
//!
//! `cargo bench --bench hot_path`; the `generate+partition+encode` group is the
//! producing side end to end (target: at least 5M records/s per core).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kafka_lab::kafka::batch::Compression;
use kafka_lab::keys::Keys;
use kafka_lab::partition::Rule;
use kafka_lab::record::{Consumed, RecordWriter};
use kafka_lab::sample::{Sampler, Source};
use kafka_lab::stats::{Histogram, RunningStats};
use std::hint::black_box;

/// Records per batch, as `producer.batch_size` by default.
const BATCH: usize = 500;
const PARTITIONS: i32 = 8;
/// The run of the records encoded and decoded here.
const RUN: uuid::Uuid = uuid::Uuid::from_u128(0x0193_a3b4_0000_7000_8000_0000_0000_0000);

fn sampler() -> Sampler {
    Sampler::new(Source::Random(Default::default()), Some(1))
}

fn producing(c: &mut Criterion) {
    let mut group = c.benchmark_group("produce");
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut s = sampler();
    group.bench_function("sample", |b| b.iter(|| black_box(s.take(BATCH))));
    let samples = sampler().take(BATCH);
    for rule in [Rule::RoundRobin, Rule::Hash] {
        let mut turn = 0;
        group.bench_with_input(
            BenchmarkId::new("partition", rule),
            &samples,
            |b, samples| {
                b.iter(|| {
                    for sample in samples {
                        black_box(rule.place(sample, PARTITIONS, &mut turn).unwrap());
                    }
                })
            },
        );
    }
    let mut writer = RecordWriter::new(Some(RUN), Keys::None, 0);
    group.bench_with_input("encode", &samples, |b, samples| {
        b.iter(|| {
            black_box(
                writer
                    .batch(samples)
                    .unwrap()
                    .finish(Compression::None, None)
                    .unwrap(),
            )
        })
    });
    let mut s = sampler();
    let mut writers: Vec<_> = (0..PARTITIONS)
        .map(|_| RecordWriter::new(Some(RUN), Keys::None, 0))
        .collect();
    group.bench_function("generate+partition+encode", |b| {
        let mut turn = 0;
        b.iter(|| {
            let mut shares = vec![Vec::new(); PARTITIONS as usize];
            for sample in s.take(BATCH) {
                let p = Rule::RoundRobin
                    .place(&sample, PARTITIONS, &mut turn)
                    .unwrap();
                shares[p as usize].push(sample);
            }
            for (writer, share) in writers.iter_mut().zip(&shares) {
                black_box(
                    writer
                        .batch(share)
                        .unwrap()
                        .finish(Compression::None, None)
                        .unwrap(),
                );
            }
        })
    });
    group.finish();
}

fn consuming(c: &mut Criterion) {
    let mut group = c.benchmark_group("consume");
    group.throughput(Throughput::Elements(BATCH as u64));
    // A record batch as a fetch hands it over: value text and the tracking header.
    let mut writer = RecordWriter::new(Some(RUN), Keys::None, 0);
    let batch = writer
        .batch(&sampler().take(BATCH))
        .unwrap()
        .finish(Compression::None, None)
        .unwrap();
    group.bench_function("decode+aggregate", |b| {
        let mut stats = RunningStats::default();
        let mut histogram = Histogram::new(-4.0, 4.0, 32);
        let mut records = Vec::with_capacity(BATCH);
        b.iter(|| {
            records.clear();
            kafka_lab::kafka::batch::decode(batch.clone(), 0, &mut records).unwrap();
            for r in records.drain(..) {
                let record = Consumed::decode(0, r);
                black_box((record.tracking(), record.sent()));
                if let Some(v) = record.value {
                    stats.add(v);
                    histogram.add(v);
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, producing, consuming);
criterion_main!(benches);
