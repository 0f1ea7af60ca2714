//! The tracking header: what a record carries besides its value so that a consumer can
//! count lost, duplicated and out-of-order records and measure end-to-end latency.
//!
//! One header, key [`KEY`] (`kl`), whose value is, byte by byte:
//!
//! ```text
//! version      1 byte    1
//! run          16 bytes  the producing run's id, a UUID, big-endian (RFC 9562 order)
//! seq          uvarint   the sample's sequence number within its run
//! partition    uvarint   the record's sequence number within its partition and run
//! sent         varint    send time in µs minus the record's timestamp (ms) × 1000
//! ```
//!
//! `uvarint` is unsigned LEB128 (7 bits a byte, low bits first, high bit set on every
//! byte but the last), `varint` the zig-zag signed form Kafka uses in its records
//! ([`crate::varint`] writes and reads both). A
//! tracked record costs about 30 bytes: 4 of header framing, 17 fixed, a few for each
//! varint. Records written before it carry four text headers ([`OLD_HEADERS`]), still
//! read. `tests/py/tracking.py` decodes the same bytes for kafka-python.

use crate::varint;
use uuid::Uuid;

/// Key of the tracking header.
pub const KEY: &str = "kl";
/// The version byte this kafka-lab writes and reads.
const VERSION: u8 = 1;
/// Longest encoded value: version, run, two 10-byte uvarints, a 10-byte varint.
pub const MAX_LEN: usize = 1 + 16 + 10 + 10 + 10;

/// Text headers of kafka-lab before the tracking header: run id, sequence number,
/// partition sequence number and send time (µs since the Unix epoch), decimal text.
pub const OLD_HEADERS: [&str; 4] = [
    "kafka-lab.run",
    "kafka-lab.seq",
    "kafka-lab.partition-seq",
    "kafka-lab.sent-us",
];

/// What a tracked record says of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracking {
    pub run: Uuid,
    pub seq: u64,
    pub partition_seq: u64,
    /// Send time, µs since the Unix epoch (old records may lack it).
    pub sent_us: Option<i64>,
}

impl Tracking {
    /// The header value into `out` (cleared first), for a record whose timestamp is
    /// `timestamp_ms`.
    pub fn encode(&self, timestamp_ms: i64, out: &mut Vec<u8>) {
        out.clear();
        out.push(VERSION);
        out.extend_from_slice(self.run.as_bytes());
        varint::put_unsigned(out, self.seq);
        varint::put_unsigned(out, self.partition_seq);
        let sent = self.sent_us.unwrap_or(timestamp_ms.saturating_mul(1000));
        let delta = sent.wrapping_sub(timestamp_ms.wrapping_mul(1000));
        varint::put_signed(out, delta);
    }

    /// Reads a tracking header value; `None` unless it is exactly one of this version.
    pub fn decode(value: &[u8], timestamp_ms: i64) -> Option<Self> {
        let (&version, rest) = value.split_first()?;
        if version != VERSION || rest.len() < 16 {
            return None;
        }
        let (run, mut rest) = rest.split_at(16);
        let seq = varint::get_unsigned(&mut rest)?;
        let partition_seq = varint::get_unsigned(&mut rest)?;
        let delta = varint::get_signed(&mut rest)?;
        if !rest.is_empty() {
            return None;
        }
        Some(Self {
            run: Uuid::from_slice(run).ok()?,
            seq,
            partition_seq,
            sent_us: timestamp_ms.checked_mul(1000)?.checked_add(delta),
        })
    }

    /// Reads the four text headers of kafka-lab before the tracking header, `header`
    /// giving a header's value by its key: run, seq and partition seq must parse.
    pub fn decode_old<T: AsRef<[u8]>>(header: impl Fn(&str) -> Option<T>) -> Option<Self> {
        fn parse<T: AsRef<[u8]>, F: std::str::FromStr>(value: Option<T>) -> Option<F> {
            std::str::from_utf8(value?.as_ref()).ok()?.parse().ok()
        }
        let [run, seq, partition_seq, sent] = OLD_HEADERS;
        Some(Self {
            run: parse(header(run))?,
            seq: parse(header(seq))?,
            partition_seq: parse(header(partition_seq))?,
            sent_us: parse(header(sent)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: Uuid = Uuid::from_u128(0x0193_a3b4_5c6d_7e8f_9a0b_1c2d_3e4f_5a6b);

    fn tracking(seq: u64, partition_seq: u64, sent_us: i64) -> Tracking {
        Tracking {
            run: RUN,
            seq,
            partition_seq,
            sent_us: Some(sent_us),
        }
    }

    fn roundtrip(t: Tracking, timestamp_ms: i64) -> (Vec<u8>, Option<Tracking>) {
        let mut out = Vec::new();
        t.encode(timestamp_ms, &mut out);
        let back = Tracking::decode(&out, timestamp_ms);
        (out, back)
    }

    #[test]
    fn the_bytes_are_as_documented() {
        let (bytes, _) = roundtrip(tracking(300, 1, 1_700_000_000_123_456), 1_700_000_000_123);
        let mut expected = vec![1];
        expected.extend_from_slice(RUN.as_bytes());
        // 300 = 0b10_0101100: 0xac 0x02; 1; 456 µs zig-zagged = 912 = 0x90 0x07.
        expected.extend_from_slice(&[0xac, 0x02, 0x01, 0x90, 0x07]);
        assert_eq!(bytes, expected);
        assert_eq!(bytes.len(), 22);
    }

    #[test]
    fn each_field_reads_back() {
        let at = 1_700_000_000_000;
        for t in [
            tracking(0, 0, at * 1000),
            tracking(u64::MAX, 0, at * 1000),
            tracking(0, u64::MAX, at * 1000),
            tracking(5, 7, at * 1000 + 999),
            tracking(5, 7, at * 1000 - 3_000_000),
            Tracking {
                run: Uuid::max(),
                ..tracking(1, 2, at * 1000 + 1)
            },
        ] {
            let (bytes, back) = roundtrip(t, at);
            assert_eq!(back, Some(t), "{bytes:?}");
            assert!(bytes.len() <= MAX_LEN);
        }
        // Without a send time, the record's timestamp is it.
        let (_, back) = roundtrip(
            Tracking {
                sent_us: None,
                ..tracking(1, 1, 0)
            },
            at,
        );
        assert_eq!(back.unwrap().sent_us, Some(at * 1000));
    }

    #[test]
    fn other_versions_short_values_and_trailing_bytes_are_not_tracking() {
        let (mut bytes, _) = roundtrip(tracking(1, 2, 3_000), 3);
        assert!(Tracking::decode(&bytes, 3).is_some());
        bytes.push(0);
        assert_eq!(Tracking::decode(&bytes, 3), None);
        bytes.pop();
        bytes[0] = 2;
        assert_eq!(Tracking::decode(&bytes, 3), None);
        assert_eq!(Tracking::decode(&[1; 17], 3), None);
        assert_eq!(Tracking::decode(&[], 3), None);
    }

    #[test]
    fn the_old_text_headers_still_read() {
        let headers = [
            ("kafka-lab.run", RUN.to_string()),
            ("kafka-lab.seq", "12".to_string()),
            ("kafka-lab.partition-seq", "6".to_string()),
            ("kafka-lab.sent-us", "1700000000123456".to_string()),
        ];
        let header = |skip: &str| {
            let headers = &headers;
            let skip = skip.to_string();
            move |key: &str| {
                (key != skip)
                    .then(|| headers.iter().find(|(k, _)| *k == key).map(|(_, v)| &v[..]))
                    .flatten()
            }
        };
        assert_eq!(
            Tracking::decode_old(header("")),
            Some(tracking(12, 6, 1_700_000_000_123_456))
        );
        let unsent = Tracking::decode_old(header("kafka-lab.sent-us")).unwrap();
        assert_eq!(unsent.sent_us, None);
        for needed in ["kafka-lab.run", "kafka-lab.seq", "kafka-lab.partition-seq"] {
            assert_eq!(Tracking::decode_old(header(needed)), None, "{needed}");
        }
    }

    proptest::proptest! {
        /// Any bytes: no panic; what decodes encodes to bytes that decode the same.
        #[test]
        fn any_bytes_decode_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
            timestamp_ms in 0..i64::MAX / 1000,
        ) {
            if let Some(t) = Tracking::decode(&bytes, timestamp_ms) {
                let mut again = Vec::new();
                t.encode(timestamp_ms, &mut again);
                proptest::prop_assert_eq!(Tracking::decode(&again, timestamp_ms), Some(t));
            }
        }
    }
}
