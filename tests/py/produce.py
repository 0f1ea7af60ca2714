"""Produce text records with kafka-python (the original lab's client).

Usage: produce.py BOOTSTRAP TOPIC PARTITION [--keyed] [--run RUN] VALUE...
PARTITION is a partition number, or "-" to let kafka-python's default partitioner
choose (murmur2 of the key, like Kafka's Java client). With --keyed each record's key
is its value. A VALUE of "@N" stands for the N values "0".."N-1"; "hex:HEX" is the
raw bytes HEX (e.g. "hex:fffe"); "empty:" an empty value. With --run RUN each VALUE
is "PSEQ/SEQ": a record of value SEQ with kafka-lab's tracking header (tracking.py),
as if run RUN (a UUID) had written it with partition sequence number PSEQ and sequence
number SEQ; with --old-headers, the four text headers of kafka-lab before it instead.
"""
import sys
import time

from kafka import KafkaProducer

import tracking

bootstrap, topic, partition = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
keyed = "--keyed" in args
old_headers = "--old-headers" in args
run = args[args.index("--run") + 1] if "--run" in args else None
args = [a for a in args if a not in ("--keyed", "--old-headers")]
if run is not None:
    args.remove("--run")
    args.remove(run)
values = []
for arg in args:
    values += [str(i) for i in range(int(arg[1:]))] if arg.startswith("@") else [arg]
producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=10000)
def raw(value):
    if value.startswith("hex:"):
        return bytes.fromhex(value[4:])
    return b"" if value == "empty:" else value.encode()


def headers(value, timestamp_ms):
    if run is None:
        return None
    pseq, seq = value.split("/")
    if old_headers:
        return [(name, text.encode()) for name, text in zip(tracking.OLD, (run, seq, pseq))]
    sent_us = time.time_ns() // 1000
    return [(tracking.KEY, tracking.encode(run, int(seq), int(pseq), sent_us, timestamp_ms))]


for value in values:
    timestamp_ms = time.time_ns() // 1_000_000
    producer.send(
        topic,
        value=raw(value.split("/")[-1] if run else value),
        key=raw(value) if keyed else None,
        headers=headers(value, timestamp_ms),
        partition=None if partition == "-" else int(partition),
        timestamp_ms=timestamp_ms,
    )
producer.flush(timeout=10)
producer.close()
