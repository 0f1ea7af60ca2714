"""Produce text records with kafka-python (the original lab's client).

Usage: produce.py BOOTSTRAP TOPIC PARTITION [--keyed] [--run RUN] VALUE...
PARTITION is a partition number, or "-" to let kafka-python's default partitioner
choose (murmur2 of the key, like Kafka's Java client). With --keyed each record's key
is its value. A VALUE of "@N" stands for the N values "0".."N-1"; "hex:HEX" is the
raw bytes HEX (e.g. "hex:fffe"); "empty:" an empty value. With --run RUN each VALUE
is "PSEQ/SEQ": a record of value SEQ with kafka-lab's headers, as if run RUN had
written it with partition sequence number PSEQ and sequence number SEQ.
"""
import sys

from kafka import KafkaProducer

bootstrap, topic, partition = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
keyed = "--keyed" in args
run = args[args.index("--run") + 1] if "--run" in args else None
args = [a for a in args if a != "--keyed"]
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


def headers(value):
    if run is None:
        return None
    pseq, seq = value.split("/")
    return [
        ("kafka-lab.run", run.encode()),
        ("kafka-lab.seq", seq.encode()),
        ("kafka-lab.partition-seq", pseq.encode()),
    ]


for value in values:
    producer.send(
        topic,
        value=raw(value.split("/")[-1] if run else value),
        key=raw(value) if keyed else None,
        headers=headers(value),
        partition=None if partition == "-" else int(partition),
    )
producer.flush(timeout=10)
producer.close()
