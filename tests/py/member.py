"""Join consumer group GROUP with kafka-python, read at least COUNT records of TOPIC
from the earliest offsets, commit, print "ready", and stay a member (kafka-python
heartbeats in the background) until stdin closes; then leave the group.

Usage: member.py BOOTSTRAP TOPIC GROUP COUNT
"""
import sys
import time

from kafka import KafkaConsumer

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = KafkaConsumer(
    topic,
    bootstrap_servers=bootstrap,
    group_id=group,
    client_id="lab-member",
    auto_offset_reset="earliest",
    enable_auto_commit=False,
    request_timeout_ms=30000,
)
seen, deadline = 0, time.monotonic() + 60
while seen < count:
    if time.monotonic() > deadline:
        sys.exit(f"member.py: read {seen} of {count} records in 60 s")
    seen += sum(len(records) for records in consumer.poll(timeout_ms=1000).values())
consumer.commit()
print("ready", flush=True)
sys.stdin.read()
consumer.close()
