"""Describe a topic with kafka-python (the original lab's client), as JSON.

Usage: describe.py BOOTSTRAP TOPIC
Prints {"partitions": [{"partition", "leader", "replicas", "isr",
"earliest_offset", "latest_offset"}]} sorted by partition.
"""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

bootstrap, topic = sys.argv[1], sys.argv[2]
admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
(described,) = admin.describe_topics([topic])
admin.close()


def field(partition, new, old):
    """kafka-python 3 names fields as the protocol does; 2.x used short names."""
    return partition[new] if new in partition else partition[old]


described["partitions"] = [
    {
        "partition": field(p, "partition_index", "partition"),
        "leader": field(p, "leader_id", "leader"),
        "replicas": field(p, "replica_nodes", "replicas"),
        "isr": field(p, "isr_nodes", "isr"),
    }
    for p in described["partitions"]
]
consumer = KafkaConsumer(bootstrap_servers=bootstrap, request_timeout_ms=10000)
tps = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
earliest = consumer.beginning_offsets(tps)
latest = consumer.end_offsets(tps)
consumer.close()
partitions = [
    {
        **p,
        "earliest_offset": earliest[TopicPartition(topic, p["partition"])],
        "latest_offset": latest[TopicPartition(topic, p["partition"])],
    }
    for p in sorted(described["partitions"], key=lambda p: p["partition"])
]
print(json.dumps({"partitions": partitions}))
