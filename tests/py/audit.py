"""Audit a kafka-lab topic with kafka-python, independently of kafka-lab's own client.

Usage: audit.py BOOTSTRAP TOPIC CHECKPOINT.json [CHECKPOINT.json ...]

Reads every partition of TOPIC from its earliest offset to its end, and checks the
records of each daemon run (the tracking header's run id and partition sequence
number, tracking.py) against what the run's checkpoint says was acknowledged:
partition p's records of run r numbered 0 .. next_produced - 1 (the daemon's drained
checkpoint, `partitions.p.sequences.next_produced`). For each run and partition it
counts the acknowledged records missing, those present more than once, and those
that come after a higher number (reordered); records numbered from next_produced on
(written but never acknowledged, as a batch that timed out may be) are counted apart,
and so are records of no listed run.

Prints one JSON object: {"topic", "records", "runs": {run: {partition: {"acknowledged",
"present", "missing", "duplicated", "reordered", "unacknowledged"}}}, "other",
"lost", "duplicated", "reordered"}; exits 1 when any acknowledged record is missing,
duplicated or reordered, 2 on bad arguments.
KAFKA_PY_CLIENT, if set, is a JSON object of more KafkaConsumer settings (security).
"""
import json
import os
import sys

from kafka import KafkaConsumer, TopicPartition

import tracking


class Partition:
    """One run's records in one partition, in offset order."""

    def __init__(self, acknowledged):
        self.acknowledged = acknowledged
        self.seen = bytearray(acknowledged)
        self.highest = -1
        self.present = self.duplicated = self.reordered = self.unacknowledged = 0

    def add(self, seq):
        if seq >= self.acknowledged:
            self.unacknowledged += 1
        elif self.seen[seq]:
            self.duplicated += 1
        else:
            self.seen[seq] = 1
            self.present += 1
            if seq < self.highest:
                self.reordered += 1
        self.highest = max(self.highest, seq)

    def summary(self):
        return {"acknowledged": self.acknowledged, "present": self.present,
                "missing": self.acknowledged - self.present,
                "duplicated": self.duplicated, "reordered": self.reordered,
                "unacknowledged": self.unacknowledged}


def expected(paths, topic):
    """{run: {partition: Partition}} from the daemons' checkpoints."""
    runs = {}
    for path in paths:
        with open(path) as f:
            checkpoint = json.load(f)
        if checkpoint.get("topic") != topic:
            sys.exit(f"audit: {path} is a checkpoint of topic {checkpoint.get('topic')!r}, not {topic!r}")
        runs[checkpoint["run_id"]] = {
            int(p): Partition(state["sequences"]["next_produced"])
            for p, state in checkpoint["partitions"].items()}
    return runs


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    bootstrap, topic, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs = expected(paths, topic)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                             request_timeout_ms=30000, max_poll_records=10000,
                             fetch_max_bytes=64 << 20,
                             **json.loads(os.environ.get("KAFKA_PY_CLIENT", "{}")))
    wanted = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(wanted)
    consumer.seek_to_beginning()
    end = consumer.end_offsets(wanted)
    records = other = 0
    while any(consumer.position(tp) < end[tp] for tp in wanted):
        for tp, batch in consumer.poll(timeout_ms=1000).items():
            for r in batch:
                if r.offset >= end[tp]:
                    continue
                records += 1
                tracked = tracking.decode(r.headers, r.timestamp)
                partition = runs.get(tracked["run"], {}).get(r.partition) if tracked else None
                if partition is None:
                    other += 1
                else:
                    partition.add(tracked["partition_seq"])
    consumer.close()
    report = {"topic": topic, "records": records, "other": other, "runs": {
        run: {p: partition.summary() for p, partition in sorted(parts.items())}
        for run, parts in runs.items()}}
    every = [s for parts in report["runs"].values() for s in parts.values()]
    for key, field in (("lost", "missing"), ("duplicated", "duplicated"), ("reordered", "reordered")):
        report[key] = sum(s[field] for s in every)
    report["acknowledged"] = sum(s["acknowledged"] for s in every)
    print(json.dumps(report))
    sys.exit(1 if report["lost"] or report["duplicated"] or report["reordered"] else 0)


main()
