"""Produce COUNT text records to one partition with kafka-python.

Usage: produce.py BOOTSTRAP TOPIC PARTITION COUNT
"""
import sys

from kafka import KafkaProducer

bootstrap, topic, partition, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
producer = KafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=10000)
for i in range(count):
    producer.send(topic, value=str(i).encode(), partition=partition)
producer.flush(timeout=10)
producer.close()
