#!/usr/bin/env bash
# Memory soak of the daemon: `kafka-lab run` at a fixed rate on the embedded broker
# (in-process, so its memory counts too), RSS and records consumed every 30 s, then
# SIGTERM. Traffic stays on 127.0.0.1; it stops by itself.
# Usage: scripts/soak.sh [SECONDS=300] [RATE=1000]   (builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300} rate=${2:-1000}
cargo build --release --quiet
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metrics=127.0.0.1:$(port)
(cd "$work" && KAFKA_LAB_EMBEDDED__LISTEN=127.0.0.1:$(port) KAFKA_LAB_METRICS__LISTEN=$metrics \
  KAFKA_LAB_GENERATOR__RATE=$rate exec "$OLDPWD/target/release/kafka-lab" run 2>"$work/run.log") &
pid=$!
until curl -sf "$metrics/readyz" >/dev/null; do sleep 0.2; done
for ((t = 0; t <= seconds; t += 30)); do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  consumed=$(curl -s "$metrics/metrics" | awk '/^kafka_lab_records_consumed_total/ {s += $2} END {print s + 0}')
  echo "t=${t}s rss_kb=$rss consumed=$consumed"
  if ((t + 30 <= seconds)); then sleep 30; fi
done
kill -TERM "$pid"
wait "$pid" && echo "drained, exit 0"
