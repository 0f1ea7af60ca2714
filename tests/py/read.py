"""Read a topic with kafka-python, as the original lab's consumer does.

Usage: read.py BOOTSTRAP TOPIC [PARTITION OFFSET]
Prints one JSON object per record, in partition then offset order: partition, offset,
key (text or null), value (float(msg.value), as the lab computes with it, or null when
it is not a number), hash_partition (where kafka-python's default partitioner puts the
key, or null), and run / seq / partition_seq / sent_us from kafka-lab's tracking
header (tracking.py: the new header or the old text ones; null when there is none).
With PARTITION and OFFSET, reads only that partition from that offset.
KAFKA_PY_CLIENT, if set, is a JSON object of more KafkaConsumer settings (security).
"""
import json
import os
import sys

from kafka import KafkaConsumer, TopicPartition
from kafka.partitioner.default import murmur2

import tracking

bootstrap, topic = sys.argv[1], sys.argv[2]
consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                         request_timeout_ms=10000,
                         **json.loads(os.environ.get("KAFKA_PY_CLIENT", "{}")))
partitions = sorted(consumer.partitions_for_topic(topic))
if len(sys.argv) > 3:
    wanted = [TopicPartition(topic, int(sys.argv[3]))]
    consumer.assign(wanted)
    consumer.seek(wanted[0], int(sys.argv[4]))
else:
    wanted = [TopicPartition(topic, p) for p in partitions]
    consumer.assign(wanted)
    consumer.seek_to_beginning()
end = consumer.end_offsets(wanted)
records = []
while any(consumer.position(tp) < end[tp] for tp in wanted):
    for batch in consumer.poll(timeout_ms=1000).values():
        records += batch
consumer.close()
def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


for r in sorted(records, key=lambda r: (r.partition, r.offset)):
    tracked = tracking.decode(r.headers, r.timestamp) or {}
    print(json.dumps({
        "partition": r.partition,
        "offset": r.offset,
        "key": r.key.decode() if r.key is not None else None,
        "value": number(r.value),
        "run": tracked.get("run"),
        "seq": tracked.get("seq"),
        "partition_seq": tracked.get("partition_seq"),
        "sent_us": tracked.get("sent_us"),
        "hash_partition": (murmur2(r.key) & 0x7fffffff) % len(partitions)
        if r.key is not None else None,
    }))
