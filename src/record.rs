//! The wire format (see `DESIGN.md`): the value is the sample as UTF-8 decimal text,
//! readable by kafka-console-consumer, kcat and kafka-python's `float(msg.value)`; the
//! sequence number, run id and send time travel in headers.

use crate::sample::Sample;
use chrono::{DateTime, Utc};
use rskafka::record::{Record, RecordAndOffset};
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

/// The record for `sample`, with `key` (if any), sent now by run `run` as the
/// `partition_seq`-th record of its partition.
pub fn encode(sample: &Sample, key: Option<String>, run: &str, partition_seq: u64) -> Record {
    let now = Utc::now();
    let headers = BTreeMap::from([
        (SEQ_HEADER.to_string(), sample.seq.to_string().into_bytes()),
        (
            PARTITION_SEQ_HEADER.to_string(),
            partition_seq.to_string().into_bytes(),
        ),
        (RUN_HEADER.to_string(), run.as_bytes().to_vec()),
        (
            SENT_HEADER.to_string(),
            now.timestamp_micros().to_string().into_bytes(),
        ),
    ]);
    Record {
        key: key.map(String::into_bytes),
        value: Some(sample.value.to_string().into_bytes()),
        headers,
        timestamp: now,
    }
}

/// A record read back from a partition.
#[derive(Debug, Clone, PartialEq)]
pub struct Consumed {
    pub partition: i32,
    pub offset: i64,
    pub timestamp: DateTime<Utc>,
    pub key: Option<Vec<u8>>,
    /// The value as a number; `None` when it is missing or does not parse.
    pub value: Option<f64>,
    /// The raw value bytes, for output.
    pub raw: Option<Vec<u8>>,
    pub headers: BTreeMap<String, Vec<u8>>,
}

impl Consumed {
    pub fn decode(partition: i32, r: RecordAndOffset) -> Self {
        let value = r
            .record
            .value
            .as_deref()
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        Self {
            partition,
            offset: r.offset,
            timestamp: r.record.timestamp,
            key: r.record.key,
            value,
            raw: r.record.value,
            headers: r.record.headers,
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
        std::str::from_utf8(self.headers.get(name)?).ok()
    }

    /// One JSON object: topic, partition, offset, timestamp, key, headers, value.
    pub fn to_json(&self, topic: &str) -> serde_json::Value {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        serde_json::json!({
            "topic": topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp.timestamp_millis(),
            "key": self.key.as_deref().map(text),
            "headers": self.headers.iter().map(|(k, v)| (k.clone(), text(v))).collect::<BTreeMap<_, _>>(),
            "value": self.value.map_or_else(|| serde_json::Value::from(self.raw.as_deref().map(text)), serde_json::Value::from),
        })
    }

    /// `Partition:P\tOffset:O\tVALUE`, as kafka-console-consumer prints with
    /// `print.partition` and `print.offset`.
    pub fn to_text(&self) -> String {
        let value = self
            .raw
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        format!(
            "Partition:{}\tOffset:{}\t{}",
            self.partition, self.offset, value
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(record: Record) -> Consumed {
        Consumed::decode(1, RecordAndOffset { record, offset: 42 })
    }

    #[test]
    fn values_are_decimal_text_and_read_back() {
        for value in [0.0, 1.0, -2.5, 0.1 + 0.2, 1e-300, 123456789.125] {
            let record = encode(&Sample { seq: 9, value }, None, "run-1", 3);
            let text = String::from_utf8(record.value.clone().unwrap()).unwrap();
            assert_eq!(text.parse::<f64>().unwrap(), value, "{text}");
            let back = roundtrip(record);
            assert_eq!(
                (back.value, back.seq(), back.offset),
                (Some(value), Some(9), 42)
            );
        }
        let integer = encode(
            &Sample {
                seq: 0,
                value: 80.0,
            },
            None,
            "r",
            0,
        );
        assert_eq!(integer.value.as_deref(), Some(&b"80"[..]));
    }

    #[test]
    fn bad_values_do_not_parse() {
        for raw in [&b""[..], b"abc", b"\xff\xfe", b"1.2.3"] {
            let mut record = encode(&Sample { seq: 0, value: 0.0 }, None, "r", 0);
            record.value = Some(raw.to_vec());
            assert_eq!(roundtrip(record).value, None, "{raw:?}");
        }
        let mut record = encode(&Sample { seq: 0, value: 0.0 }, None, "r", 0);
        record.value = None;
        assert_eq!(roundtrip(record).value, None);
    }
}
