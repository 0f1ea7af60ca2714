"""kafka-lab's tracking header for kafka-python: encode and decode (README, "Records").

One header, key "kl": version byte 1, the run id (16 bytes of a UUID), the sequence
number and the partition sequence number (unsigned LEB128), the send time in µs minus
the record's timestamp (ms) x 1000 (zig-zag LEB128). Records of older kafka-lab
versions carry four text headers instead; decode() reads both.
"""
import uuid

KEY = "kl"
VERSION = 1
OLD = ("kafka-lab.run", "kafka-lab.seq", "kafka-lab.partition-seq", "kafka-lab.sent-us")


def _uvarint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_uvarint(data, at):
    n = shift = 0
    for i in range(at, min(at + 10, len(data))):
        n |= (data[i] & 0x7F) << shift
        shift += 7
        if not data[i] & 0x80:
            return n, i + 1
    raise ValueError("unterminated varint")


def encode(run, seq, partition_seq, sent_us, timestamp_ms):
    """The header value for a record with timestamp `timestamp_ms`."""
    delta = sent_us - timestamp_ms * 1000
    zigzag = (delta << 1) ^ (delta >> 63)
    return (bytes([VERSION]) + uuid.UUID(run).bytes + _uvarint(seq)
            + _uvarint(partition_seq) + _uvarint(zigzag & (2**64 - 1)))


def decode(headers, timestamp_ms):
    """{run, seq, partition_seq, sent_us} from a record's headers, or None."""
    found = dict(headers or [])
    value = found.get(KEY)
    if value is None:
        try:
            run, seq, pseq = (found[k].decode() for k in OLD[:3])
            sent = found.get(OLD[3])
            return {"run": str(uuid.UUID(run)), "seq": int(seq), "partition_seq": int(pseq),
                    "sent_us": int(sent.decode()) if sent is not None else None}
        except (KeyError, ValueError):
            return None
    if len(value) < 17 or value[0] != VERSION:
        return None
    try:
        seq, at = _read_uvarint(value, 17)
        pseq, at = _read_uvarint(value, at)
        zigzag, at = _read_uvarint(value, at)
    except ValueError:
        return None
    if at != len(value):
        return None
    delta = (zigzag >> 1) ^ -(zigzag & 1)
    return {"run": str(uuid.UUID(bytes=bytes(value[1:17]))), "seq": seq,
            "partition_seq": pseq, "sent_us": timestamp_ms * 1000 + delta}
