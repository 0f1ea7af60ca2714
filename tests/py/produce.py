"""Produce text records with kafka-python (the original lab's client).

Usage: produce.py BOOTSTRAP TOPIC PARTITION [--keyed] VALUE...
PARTITION is a partition number, or "-" to let kafka-python's default partitioner
choose (murmur2 of the key, like Kafka's Java client). With --keyed each record's key
is its value. A VALUE of "@N" stands for the N values "0".."N-1"; "hex:HEX" is the
raw bytes HEX (e.g. "hex:fffe"); "empty:" an empty value.
"""
import sys

from kafka import KafkaProducer

bootstrap, topic, partition = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
keyed = "--keyed" in args
values = []
for arg in (a for a in args if a != "--keyed"):
    values += [str(i) for i in range(int(arg[1:]))] if arg.startswith("@") else [arg]
producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=10000)
def raw(value):
    if value.startswith("hex:"):
        return bytes.fromhex(value[4:])
    return b"" if value == "empty:" else value.encode()


for value in values:
    producer.send(
        topic,
        value=raw(value),
        key=raw(value) if keyed else None,
        partition=None if partition == "-" else int(partition),
    )
producer.flush(timeout=10)
producer.close()
