//! Record batches (message format v2, `magic` 2) written straight into one buffer:
//! records are appended as they come, the batch header is filled in at the end, and
//! the result is sent as is (and again, unchanged, on a retry).
//!
//! ```text
//! baseOffset i64 | batchLength i32 | partitionLeaderEpoch i32 | magic i8 = 2 | crc u32
//! | attributes i16 | lastOffsetDelta i32 | baseTimestamp i64 | maxTimestamp i64
//! | producerId i64 | producerEpoch i16 | baseSequence i32 | records: count i32, ...
//! record: length varint | attributes i8 | timestampDelta varlong | offsetDelta varint
//!         | key (varint length, -1 = null) | value | headers: count varint, (key, value)*
//! ```
//! The CRC (CRC-32C) covers everything from `attributes` to the end.
//!
//! [`decode`] reads batches as a fetch returns them into [`RawRecord`]s whose keys,
//! values and headers are slices of the fetched bytes (no copy, no allocation per
//! record: [`Headers`] are read when asked for).

use crate::varint;
use bytes::{Buf, BufMut, Bytes, BytesMut};

/// Bytes before the records: everything up to and including the record count.
const HEADER: usize = 61;
/// Where `attributes` starts: the CRC covers the batch from here on.
const CRC_FROM: usize = 21;
/// `crc` field position.
const CRC_AT: usize = 17;

/// Compression of a batch's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    /// The codec bits of a batch's `attributes`.
    fn attribute(self) -> i16 {
        match self {
            Self::None => 0,
            Self::Gzip => 1,
            Self::Snappy => 2,
            Self::Lz4 => 3,
            Self::Zstd => 4,
        }
    }
}

/// A record header: name and value bytes.
pub type Header<'a> = (&'a str, &'a [u8]);

/// Appends records to one batch.
pub struct BatchBuilder {
    /// The batch header (zeros until [`BatchBuilder::finish`]), then the records.
    buf: BytesMut,
    count: i32,
    base_timestamp: i64,
    max_timestamp: i64,
}

impl BatchBuilder {
    /// An empty batch whose records' timestamps are relative to `base_timestamp_ms`,
    /// with room for about `capacity` bytes of records.
    pub fn new(base_timestamp_ms: i64, capacity: usize) -> Self {
        let mut buf = BytesMut::with_capacity(HEADER + capacity);
        buf.put_bytes(0, HEADER);
        Self {
            buf,
            count: 0,
            base_timestamp: base_timestamp_ms,
            max_timestamp: base_timestamp_ms,
        }
    }

    /// Number of records appended.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Append a record.
    pub fn push(
        &mut self,
        timestamp_ms: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header<'_>],
    ) {
        let delta = timestamp_ms - self.base_timestamp;
        self.max_timestamp = self.max_timestamp.max(timestamp_ms);
        let bytes =
            |b: Option<&[u8]>| b.map_or(1, |b| varint::signed_len(b.len() as i64) + b.len());
        let body = 1
            + varint::signed_len(delta)
            + varint::signed_len(self.count.into())
            + bytes(key)
            + bytes(value)
            + varint::signed_len(headers.len() as i64)
            + headers
                .iter()
                .map(|(k, v)| bytes(Some(k.as_bytes())) + bytes(Some(v)))
                .sum::<usize>();
        let buf = &mut self.buf;
        buf.reserve(body + 5);
        varint::put_signed(buf, body as i64);
        buf.put_i8(0);
        varint::put_signed(buf, delta);
        varint::put_signed(buf, self.count.into());
        put_bytes(buf, key);
        put_bytes(buf, value);
        varint::put_signed(buf, headers.len() as i64);
        for (k, v) in headers {
            put_bytes(buf, Some(k.as_bytes()));
            put_bytes(buf, Some(v));
        }
        self.count += 1;
    }

    /// The finished batch. `producer` is the idempotent producer's id, epoch and the
    /// batch's first sequence number, or `None` for a plain producer.
    pub fn finish(
        self,
        compression: Compression,
        producer: Option<(i64, i16, i32)>,
    ) -> Result<Bytes, String> {
        let mut buf = match compression {
            Compression::None => self.buf,
            codec => {
                let mut out = BytesMut::with_capacity(self.buf.len());
                out.extend_from_slice(&self.buf[..HEADER]);
                compress(codec, &self.buf[HEADER..], &mut out)?;
                out
            }
        };
        let length = i32::try_from(buf.len() - 12).map_err(|e| e.to_string())?;
        let (id, epoch, sequence) = producer.unwrap_or((-1, -1, -1));
        let mut header = &mut buf[..HEADER];
        header.put_i64(0);
        header.put_i32(length);
        header.put_i32(-1);
        header.put_i8(2);
        header.put_u32(0);
        header.put_i16(compression.attribute());
        header.put_i32(self.count - 1);
        header.put_i64(self.base_timestamp);
        header.put_i64(self.max_timestamp);
        header.put_i64(id);
        header.put_i16(epoch);
        header.put_i32(sequence);
        header.put_i32(self.count);
        let crc = crc32c::crc32c(&buf[CRC_FROM..]);
        buf[CRC_AT..CRC_FROM].copy_from_slice(&crc.to_be_bytes());
        Ok(buf.freeze())
    }
}

fn compress(codec: Compression, records: &[u8], out: &mut BytesMut) -> Result<(), String> {
    use kafka_protocol::compression::{Compressor, Gzip, Lz4, Snappy, Zstd};
    let copy = |tmp: &mut BytesMut| {
        tmp.extend_from_slice(records);
        Ok(())
    };
    match codec {
        Compression::None => copy(out),
        Compression::Gzip => Gzip::compress(out, copy),
        Compression::Snappy => Snappy::compress(out, copy),
        Compression::Lz4 => Lz4::compress(out, copy),
        Compression::Zstd => Zstd::compress(out, copy),
    }
    .map_err(|e| format!("{codec:?} compression failed: {e}"))
}

/// A record as read from a batch: its bytes are slices of the fetched response.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub offset: i64,
    pub timestamp_ms: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Headers,
}

/// A record's headers as encoded, a slice of the fetched response checked when the
/// record was read: nothing is allocated per record (a fetch may bring tens of
/// thousands), each header is read when asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headers(Bytes);

impl Headers {
    /// Each header's key and value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (Bytes, Option<Bytes>)> + '_ {
        let mut rest = self.0.clone();
        std::iter::from_fn(move || header(&mut rest))
    }

    /// The value of the first header named `key`.
    pub fn get(&self, key: &[u8]) -> Option<Bytes> {
        self.iter().find(|(k, _)| k == key).and_then(|(_, v)| v)
    }
}

/// The next header off `headers` (checked as the record was read).
fn header(headers: &mut Bytes) -> Option<(Bytes, Option<Bytes>)> {
    Some((get_bytes(headers)??, get_bytes(headers)?))
}

/// Append every record of `data` at offset `from` or later to `out`. `data` holds
/// record batches as a fetch returns them: a batch cut off at the end is left for the
/// next fetch, control batches (transaction markers) are skipped, and a batch whose
/// CRC does not match is an error.
pub fn decode(mut data: Bytes, from: i64, out: &mut Vec<RawRecord>) -> Result<(), String> {
    while data.len() >= HEADER {
        let base_offset = (&data[..8]).get_i64();
        let length = usize::try_from((&data[8..12]).get_i32()).map_err(|e| e.to_string())?;
        if data.len() < 12 + length {
            break;
        }
        let batch = data.split_to(12 + length);
        let fail = |what: &str| format!("record batch at offset {base_offset}: {what}");
        if batch.len() < HEADER {
            return Err(fail("shorter than its header"));
        }
        if batch[16] != 2 {
            return Err(fail(&format!(
                "message format v{} (only v2 is read)",
                batch[16]
            )));
        }
        if crc32c::crc32c(&batch[CRC_FROM..]) != (&batch[CRC_AT..CRC_FROM]).get_u32() {
            return Err(fail("CRC mismatch"));
        }
        let mut header = &batch[CRC_FROM..HEADER];
        let attributes = header.get_i16();
        header.advance(4);
        let base_timestamp = header.get_i64();
        header.advance(8 + 8 + 2 + 4);
        let count = header.get_i32();
        if attributes & 0x20 != 0 {
            continue;
        }
        let mut records = match attributes & 0x7 {
            0 => batch.slice(HEADER..),
            codec => decompress(codec, batch.slice(HEADER..)).map_err(|e| fail(&e))?,
        };
        for _ in 0..count {
            let record = read_record(&mut records, base_offset, base_timestamp)
                .ok_or_else(|| fail("a record does not parse"))?;
            if record.offset >= from {
                out.push(record);
            }
        }
    }
    Ok(())
}

fn read_record(records: &mut Bytes, base_offset: i64, base_timestamp: i64) -> Option<RawRecord> {
    let length = usize::try_from(varint::get_signed(records)?).ok()?;
    if records.len() < length {
        return None;
    }
    let mut r = records.split_to(length);
    r.try_get_i8().ok()?;
    let timestamp_delta = varint::get_signed(&mut r)?;
    let offset_delta = varint::get_signed(&mut r)?;
    let key = get_bytes(&mut r)?;
    let value = get_bytes(&mut r)?;
    let count = usize::try_from(varint::get_signed(&mut r)?).ok()?;
    let headers = r.clone();
    for _ in 0..count {
        header(&mut r)?;
    }
    let headers = Headers(headers.slice(..headers.len() - r.len()));
    Some(RawRecord {
        offset: base_offset + offset_delta,
        timestamp_ms: base_timestamp + timestamp_delta,
        key,
        value,
        headers,
    })
}

fn decompress(codec: i16, mut records: Bytes) -> Result<Bytes, String> {
    use kafka_protocol::compression::{Decompressor, Gzip, Lz4, Snappy, Zstd};
    let take = |buf: &mut Bytes| Ok(std::mem::take(buf));
    match codec {
        1 => Gzip::decompress(&mut records, take),
        2 => Snappy::decompress(&mut records, take),
        3 => Lz4::decompress(&mut records, take),
        4 => Zstd::decompress(&mut records, take),
        other => return Err(format!("unknown compression codec {other}")),
    }
    .map_err(|e| format!("cannot decompress: {e}"))
}

/// A length-prefixed byte string (`Some(None)` for length -1), or `None` if it runs
/// past the end.
fn get_bytes(buf: &mut Bytes) -> Option<Option<Bytes>> {
    match varint::get_signed(buf)? {
        -1 => Some(None),
        n => {
            let n = usize::try_from(n).ok()?;
            (buf.len() >= n).then(|| Some(buf.split_to(n)))
        }
    }
}

/// A length-prefixed byte string; `None` is length -1.
fn put_bytes(buf: &mut BytesMut, b: Option<&[u8]>) {
    match b {
        Some(b) => {
            varint::put_signed(buf, b.len() as i64);
            buf.put_slice(b);
        }
        None => varint::put_signed(buf, -1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::records::{Compression as Codec, RecordBatchDecoder};

    fn decode(batch: Bytes) -> Vec<kafka_protocol::records::Record> {
        let mut buf = batch;
        RecordBatchDecoder::decode(&mut buf).unwrap().records
    }

    #[test]
    fn batches_decode_with_kafka_protocol() {
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let mut builder = BatchBuilder::new(1_000, 0);
            builder.push(1_000, None, Some(b"0.5"), &[("a", b"1"), ("b", b"")]);
            builder.push(1_007, Some(b"k"), None, &[]);
            let batch = builder.finish(codec, Some((7, 1, 42))).unwrap();
            let mut buf = batch.clone();
            let set = RecordBatchDecoder::decode(&mut buf).unwrap();
            let expected = match codec {
                Compression::None => Codec::None,
                Compression::Gzip => Codec::Gzip,
                Compression::Snappy => Codec::Snappy,
                Compression::Lz4 => Codec::Lz4,
                Compression::Zstd => Codec::Zstd,
            };
            assert_eq!(set.compression, expected);
            let records = decode(batch);
            assert_eq!(records.len(), 2);
            let (first, second) = (&records[0], &records[1]);
            assert_eq!(first.value.as_deref(), Some(&b"0.5"[..]));
            assert_eq!(first.key, None);
            assert_eq!(first.headers.len(), 2);
            assert_eq!((first.producer_id, first.producer_epoch), (7, 1));
            assert_eq!((first.sequence, second.sequence), (42, 43));
            assert_eq!((second.timestamp, second.offset), (1_007, 1));
            assert_eq!(second.key.as_deref(), Some(&b"k"[..]));
            assert_eq!(second.value, None);
        }
    }
}
