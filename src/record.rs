//! The wire format (see `DESIGN.md`): the value is the sample as UTF-8 decimal text,
//! readable by kafka-console-consumer, kcat and kafka-python's `float(msg.value)`; the
//! sequence number, run id and send time travel in headers.

use crate::kafka::batch::{BatchBuilder, RawRecord};
use crate::sample::Sample;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Header with the sample's sequence number within its run (decimal text).
pub const SEQ_HEADER: &str = "kafka-lab.seq";
/// Header with the id of the run that produced the record.
pub const RUN_HEADER: &str = "kafka-lab.run";
/// Header with the send time, microseconds since the Unix epoch (decimal text).
pub const SENT_HEADER: &str = "kafka-lab.sent-us";
/// Header with the record's sequence number within its partition and run: the
/// consumer counts a gap as lost records, a repeat as duplicated ones.
pub const PARTITION_SEQ_HEADER: &str = "kafka-lab.partition-seq";

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
    run: String,
    /// Whether records carry their value as key (the `hash` rule).
    keyed: bool,
    next_seq: u64,
    /// Every value exactly this many bytes ([`fit`]).
    value_size: Option<usize>,
    /// Value bytes written so far.
    value_bytes: u64,
    value: ValueText,
    fitted: String,
    seq: itoa::Buffer,
    partition_seq: itoa::Buffer,
    sent: itoa::Buffer,
}

/// Bytes per record, about: value, four headers, framing.
const RECORD_BYTES: usize = 128;

impl RecordWriter {
    pub fn new(run: &str, keyed: bool, next_seq: u64) -> Self {
        Self {
            run: run.into(),
            keyed,
            next_seq,
            value_size: None,
            value_bytes: 0,
            value: ValueText::default(),
            fitted: String::new(),
            seq: itoa::Buffer::new(),
            partition_seq: itoa::Buffer::new(),
            sent: itoa::Buffer::new(),
        }
    }

    /// Every value written as exactly `size` bytes (`bench --record-size`).
    pub fn value_size(mut self, size: Option<usize>) -> Self {
        self.value_size = size;
        self
    }

    /// Partition sequence number of the next record.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Value bytes of every record written so far.
    pub fn value_bytes(&self) -> u64 {
        self.value_bytes
    }

    /// A batch of `samples`, sent now; fails when a value does not fit the value size.
    pub fn batch(&mut self, samples: &[Sample]) -> Result<BatchBuilder, String> {
        let now = Utc::now();
        let millis = now.timestamp_millis();
        let sent = self.sent.format(now.timestamp_micros()).as_bytes();
        let mut batch = BatchBuilder::new(millis, samples.len() * RECORD_BYTES);
        for sample in samples {
            let text = self.value.format(sample.value);
            let value = match self.value_size {
                None => text.as_bytes(),
                Some(size) => {
                    fit(sample.value, text, size, &mut self.fitted)?;
                    self.fitted.as_bytes()
                }
            };
            self.value_bytes += value.len() as u64;
            let headers = [
                (SEQ_HEADER, self.seq.format(sample.seq).as_bytes()),
                (
                    PARTITION_SEQ_HEADER,
                    self.partition_seq.format(self.next_seq).as_bytes(),
                ),
                (RUN_HEADER, self.run.as_bytes()),
                (SENT_HEADER, sent),
            ];
            batch.push(millis, self.keyed.then_some(value), Some(value), &headers);
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
    pub headers: Vec<(Bytes, Option<Bytes>)>,
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

    /// The sequence number header, if present and valid.
    pub fn seq(&self) -> Option<u64> {
        self.header(SEQ_HEADER)?.parse().ok()
    }

    /// The partition sequence number header, if present and valid.
    pub fn partition_seq(&self) -> Option<u64> {
        self.header(PARTITION_SEQ_HEADER)?.parse().ok()
    }

    /// The run id header, if present.
    pub fn run(&self) -> Option<&str> {
        self.header(RUN_HEADER)
    }

    /// The send time header, if present and valid.
    pub fn sent(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_micros(self.header(SENT_HEADER)?.parse().ok()?)
    }

    fn header(&self, name: &str) -> Option<&str> {
        let (_, value) = self.headers.iter().find(|(k, _)| k == name.as_bytes())?;
        std::str::from_utf8(value.as_deref()?).ok()
    }

    /// One JSON object: topic, partition, offset, timestamp, key, headers, value.
    pub fn to_json(&self, topic: &str) -> serde_json::Value {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        serde_json::json!({
            "topic": topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp_ms,
            "key": self.key.as_deref().map(text),
            "headers": self.headers.iter().map(|(k, v)| (text(k), v.as_deref().map(text))).collect::<BTreeMap<_, _>>(),
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

    /// Write `values` as one batch and read it back as a consumer would.
    fn roundtrip(values: &[f64], keyed: bool) -> Vec<Consumed> {
        let samples: Vec<_> = (0..)
            .zip(values)
            .map(|(seq, &value)| Sample { seq, value })
            .collect();
        let batch = RecordWriter::new("run-1", keyed, 3)
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
        let mut writer = RecordWriter::new("run", false, 0).value_size(Some(100));
        writer.batch(&samples).unwrap();
        assert_eq!(writer.value_bytes(), 100);
    }

    #[test]
    fn values_are_decimal_text_and_read_back() {
        let values = [0.0, 1.0, -2.5, 0.1 + 0.2, 1e-300, 123456789.125, -7.0];
        let back = roundtrip(&values, false);
        for (i, (value, record)) in values.iter().zip(&back).enumerate() {
            let text = std::str::from_utf8(record.raw.as_deref().unwrap()).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), *value, "{text}");
            assert_eq!(record.value, Some(*value));
            assert_eq!(record.seq(), Some(i as u64));
            assert_eq!(record.partition_seq(), Some(3 + i as u64));
            assert_eq!(record.run(), Some("run-1"));
            assert_eq!(record.offset, 42 + i as i64);
            assert!(record.sent().is_some());
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
                headers: Vec::new(),
            };
            assert_eq!(Consumed::decode(0, record).value, None, "{raw:?}");
        }
    }
}
