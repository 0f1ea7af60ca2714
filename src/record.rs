//! The wire format (see `DESIGN.md`): the value is the sample as UTF-8 decimal text,
//! readable by kafka-console-consumer, kcat and kafka-python's `float(msg.value)`; the
//! sequence numbers, run id and send time travel in one binary header
//! ([`crate::tracking`]), or none (`--tracking none`). (Over 400 lines with the unit
//! tests that write records and read them back, which belong beside both halves.)

use crate::kafka::batch::{BatchBuilder, Headers, RawRecord};
use crate::keys::{pool_key, Keys};
use crate::sample::Sample;
use crate::tracking::{self, Tracking};
use crate::volume::Volume;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

/// Decimal text of sample values, shortest that reads back exactly; integral values
/// without a fraction (`80`, not `80.0`), so the lab's integers read as integers.
#[derive(Default)]
pub struct ValueText {
    float: ryu::Buffer,
    integer: itoa::Buffer,
}

impl ValueText {
    pub fn format(&mut self, value: f64) -> &str {
        if value.fract() == 0.0 && value.abs() < 2f64.powi(53) {
            self.integer.format(value as i64)
        } else {
            self.float.format(value)
        }
    }
}

/// The record key of a sample: its value as text (so equal values share a partition
/// under `hash`); used by the Producer and by `verify`.
pub fn key_of(sample: &Sample) -> String {
    ValueText::default().format(sample.value).to_string()
}

/// Writes samples as records into record batches: one Producer's, numbering its
/// partition's records on from where they stand.
pub struct RecordWriter {
    /// The run whose tracking header each record carries, or `None`: no header.
    run: Option<Uuid>,
    keys: Keys,
    /// Values from this pool instead of the sample's text (`bench workload`'s payloads).
    payloads: Option<Arc<[Bytes]>>,
    next_seq: u64,
    /// Every value exactly this many bytes ([`fit`]).
    value_size: Option<usize>,
    /// Bytes written so far.
    written: Volume,
    value: ValueText,
    fitted: String,
    header: Vec<u8>,
}

/// Bytes per record, about: value, the tracking header, framing.
const RECORD_BYTES: usize = 64;

impl RecordWriter {
    /// Records of run `run` (`None`: untracked, the value alone), keyed with `keys`,
    /// numbered in their partition from `next_seq`.
    pub fn new(run: Option<Uuid>, keys: Keys, next_seq: u64) -> Self {
        Self {
            run,
            keys,
            payloads: None,
            next_seq,
            value_size: None,
            written: Volume::default(),
            value: ValueText::default(),
            fitted: String::new(),
            header: Vec::with_capacity(tracking::MAX_LEN),
        }
    }

    /// Every value written as exactly `size` bytes (`bench --record-size`).
    pub fn value_size(mut self, size: Option<usize>) -> Self {
        self.value_size = size;
        self
    }

    /// Every value one of `payloads` (each sample takes them in turn by its sequence
    /// number) instead of the sample's text; `None`: the text.
    pub fn payloads(mut self, payloads: Option<Arc<[Bytes]>>) -> Self {
        self.payloads = payloads;
        self
    }

    /// Partition sequence number of the next record.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Bytes of every record written so far.
    pub fn written(&self) -> Volume {
        self.written
    }

    /// A batch of `samples`, sent now; fails when a value does not fit the value size.
    pub fn batch(&mut self, samples: &[Sample]) -> Result<BatchBuilder, String> {
        let now = Utc::now();
        let millis = now.timestamp_millis();
        let sent_us = Some(now.timestamp_micros());
        let mut batch = BatchBuilder::new(millis, samples.len() * RECORD_BYTES);
        for sample in samples {
            let value = match (&self.payloads, self.value_size) {
                (Some(pool), _) => &pool[(sample.seq % pool.len() as u64) as usize][..],
                (None, None) => self.value.format(sample.value).as_bytes(),
                (None, Some(size)) => {
                    let text = self.value.format(sample.value);
                    fit(sample.value, text, size, &mut self.fitted)?;
                    self.fitted.as_bytes()
                }
            };
            let pooled;
            let key = match self.keys {
                Keys::None => None,
                Keys::Value => Some(value),
                Keys::Pool(order) => {
                    pooled = pool_key(order, sample.seq);
                    Some(&pooled[..])
                }
            };
            let tracked;
            let headers: &[_] = match self.run {
                Some(run) => {
                    let tracking = Tracking {
                        run,
                        seq: sample.seq,
                        partition_seq: self.next_seq,
                        sent_us,
                    };
                    tracking.encode(millis, &mut self.header);
                    tracked = [(tracking::KEY, &self.header[..])];
                    &tracked
                }
                None => &[],
            };
            self.written += Volume::of(key, Some(value), headers);
            batch.push(millis, key, Some(value), headers);
            self.next_seq += 1;
        }
        Ok(batch)
    }
}

/// `value` (whose shortest text is `text`) as exactly `size` bytes into `out`: padded
/// with trailing spaces, which readers trim (`float()` too), or rounded to fewer
/// decimals; an error when even its integral part is longer.
fn fit(value: f64, text: &str, size: usize, out: &mut String) -> Result<(), String> {
    use std::fmt::Write;
    out.clear();
    if text.len() <= size {
        out.push_str(text);
    } else {
        let fits = (0..size).rev().find_map(|decimals| {
            out.clear();
            write!(out, "{value:.decimals$}").expect("writing to a String");
            (out.len() <= size).then_some(())
        });
        fits.ok_or_else(|| format!("the value {text} does not fit in {size} bytes"))?;
    }
    out.extend(std::iter::repeat_n(' ', size - out.len()));
    Ok(())
}

/// How records are printed: kafka-console-consumer-like text, or one JSON object each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// A record read back from a partition. Its bytes are slices of the fetched response.
#[derive(Debug, Clone, PartialEq)]
pub struct Consumed {
    pub partition: i32,
    pub offset: i64,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    pub key: Option<Bytes>,
    /// The value as a number; `None` when it is missing, does not parse or is not
    /// finite (`NaN`, `inf`, `1e999`): such a record is counted as invalid and skipped.
    pub value: Option<f64>,
    /// The raw value bytes, for output.
    pub raw: Option<Bytes>,
    pub headers: Headers,
}

impl Consumed {
    pub fn decode(partition: i32, r: RawRecord) -> Self {
        let value = r
            .value
            .as_deref()
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite());
        Self {
            partition,
            offset: r.offset,
            timestamp_ms: r.timestamp_ms,
            key: r.key,
            value,
            raw: r.value,
            headers: r.headers,
        }
    }

    /// What its tracking header says (or the text headers of kafka-lab before it).
    pub fn tracking(&self) -> Option<Tracking> {
        match self.headers.get(tracking::KEY.as_bytes()) {
            Some(header) => Tracking::decode(&header, self.timestamp_ms),
            None => Tracking::decode_old(|key| self.headers.get(key.as_bytes())),
        }
    }

    /// Its bytes: key, value and headers, and its value alone.
    pub fn volume(&self) -> Volume {
        let len = |b: Option<&Bytes>| b.map_or(0, |b| b.len() as u64);
        let headers = (self.headers.iter()).map(|(k, v)| k.len() as u64 + len(v.as_ref()));
        Volume {
            sent: len(self.key.as_ref()) + len(self.raw.as_ref()) + headers.sum::<u64>(),
            values: len(self.raw.as_ref()),
        }
    }

    /// When the record was sent: its tracking header's send time, else its timestamp.
    pub fn sent(&self) -> Option<DateTime<Utc>> {
        self.sent_by(self.tracking().as_ref())
    }

    /// When the record was sent, given its [`Consumed::tracking`]: the tracking
    /// header's send time, else the record's timestamp.
    pub fn sent_by(&self, tracking: Option<&Tracking>) -> Option<DateTime<Utc>> {
        match tracking.and_then(|t| t.sent_us) {
            Some(us) => DateTime::from_timestamp_micros(us),
            None => DateTime::from_timestamp_millis(self.timestamp_ms),
        }
    }

    /// One JSON object: topic, partition, offset, timestamp, key, headers (a value that
    /// is not UTF-8 as `0x` and hex), tracking (decoded, or null), value.
    pub fn to_json(&self, topic: &str) -> serde_json::Value {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let header = |b: &[u8]| match std::str::from_utf8(b) {
            Ok(text) => text.to_string(),
            Err(_) => format!(
                "0x{}",
                b.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
        };
        let tracking = self.tracking().map(|t| {
            serde_json::json!({
                "run": t.run.to_string(),
                "seq": t.seq,
                "partition_seq": t.partition_seq,
                "sent_us": t.sent_us,
            })
        });
        serde_json::json!({
            "topic": topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp_ms,
            "key": self.key.as_deref().map(text),
            "headers": self.headers.iter().map(|(k, v)| (text(&k), v.as_deref().map(header))).collect::<BTreeMap<_, _>>(),
            "tracking": tracking,
            "value": self.value.map_or_else(|| serde_json::Value::from(self.raw.as_deref().map(text)), serde_json::Value::from),
        })
    }

    /// `Partition:P\tOffset:O\tVALUE` and a newline, as kafka-console-consumer prints
    /// with `print.partition` and `print.offset`.
    pub fn write_text(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let value = self
            .raw
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        writeln!(
            out,
            "Partition:{}\tOffset:{}\t{value}",
            self.partition, self.offset
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: Uuid = Uuid::from_u128(0x0193_a3b4_0000_7000_8000_0000_0000_0001);

    /// Write `values` as one batch and read it back as a consumer would.
    fn roundtrip(values: &[f64], keyed: bool) -> Vec<Consumed> {
        let samples: Vec<_> = (0..)
            .zip(values)
            .map(|(seq, &value)| Sample { seq, value })
            .collect();
        let batch = RecordWriter::new(Some(RUN), if keyed { Keys::Value } else { Keys::None }, 3)
            .batch(&samples)
            .unwrap()
            .finish(Default::default(), None)
            .unwrap();
        let mut records = Vec::new();
        crate::kafka::batch::decode(batch, 0, &mut records).unwrap();
        records
            .into_iter()
            .map(|r| {
                Consumed::decode(
                    1,
                    RawRecord {
                        offset: 42 + r.offset,
                        ..r
                    },
                )
            })
            .collect()
    }

    #[test]
    fn values_fit_a_record_size_and_read_back_as_numbers() {
        let mut out = String::new();
        for (value, size, expected) in [
            (1.5, 6, "1.5   "),
            (-0.123456789, 8, "-0.12346"),
            (9.99, 3, "10 "),
            (80.0, 2, "80"),
        ] {
            let text = ValueText::default().format(value).to_string();
            fit(value, &text, size, &mut out).unwrap();
            assert_eq!(out, expected);
            assert!((out.trim().parse::<f64>().unwrap() - value).abs() < 0.05);
        }
        assert!(fit(12345.0, "12345", 4, &mut out).is_err());
        let samples = [Sample { seq: 0, value: 0.5 }];
        let mut writer = RecordWriter::new(Some(RUN), Keys::None, 0).value_size(Some(100));
        writer.batch(&samples).unwrap();
        assert_eq!(writer.written().values, 100);
        // The tracking header's key and value besides.
        assert!(
            (120..140).contains(&writer.written().sent),
            "{:?}",
            writer.written()
        );
        let mut untracked = RecordWriter::new(None, Keys::Value, 0).value_size(Some(100));
        untracked.batch(&samples).unwrap();
        let (sent, values) = (untracked.written().sent, untracked.written().values);
        assert_eq!((sent, values), (200, 100), "the key and the value");
    }

    #[test]
    fn values_are_decimal_text_and_read_back() {
        let values = [0.0, 1.0, -2.5, 0.1 + 0.2, 1e-300, 123456789.125, -7.0];
        let back = roundtrip(&values, false);
        for (i, (value, record)) in values.iter().zip(&back).enumerate() {
            let text = std::str::from_utf8(record.raw.as_deref().unwrap()).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), *value, "{text}");
            assert_eq!(record.value, Some(*value));
            let tracking = record.tracking().unwrap();
            assert_eq!(tracking.seq, i as u64);
            assert_eq!(tracking.partition_seq, 3 + i as u64);
            assert_eq!(tracking.run, RUN);
            assert_eq!(record.offset, 42 + i as i64);
            let sent = tracking.sent_us.unwrap();
            assert!((sent - record.timestamp_ms * 1000).abs() < 1000, "{sent}");
            assert_eq!(record.sent().unwrap().timestamp_micros(), sent);
            assert_eq!(record.key, None);
        }
        assert_eq!(back[1].raw.as_deref(), Some(&b"1"[..]));
        assert_eq!(back[6].raw.as_deref(), Some(&b"-7"[..]));
    }

    #[test]
    fn hashed_records_are_keyed_by_their_value_text() {
        let back = roundtrip(&[80.0, 0.25], true);
        assert_eq!(back[0].key.as_deref(), Some(&b"80"[..]));
        assert_eq!(back[1].key.as_deref(), Some(&b"0.25"[..]));
        assert_eq!(
            key_of(&Sample {
                seq: 0,
                value: 0.25
            }),
            "0.25"
        );
    }

    #[test]
    fn bad_values_do_not_parse() {
        for raw in [
            Some(&b""[..]),
            Some(&b"abc"[..]),
            Some(&b"\xff\xfe"[..]),
            Some(&b"1.2.3"[..]),
            Some(&b"NaN"[..]),
            Some(&b"inf"[..]),
            Some(&b"-Infinity"[..]),
            Some(&b"1e999"[..]),
            None,
        ] {
            let record = RawRecord {
                offset: 0,
                timestamp_ms: 0,
                key: None,
                value: raw.map(Bytes::copy_from_slice),
                headers: Headers::default(),
            };
            assert_eq!(Consumed::decode(0, record).value, None, "{raw:?}");
        }
    }
}
