# kafka-lab in a container: the README's `cargo build --release` in a Rust builder, the
# binary alone in Debian slim. docker-compose.yml builds it as the `kafka-lab` service
# (`kafka-lab run` with config/docker.toml); `docker build -t kafka-lab .` works too.
# Works with the classic builder as well as BuildKit (no cache mounts): the dependencies
# are built in a layer of their own that a change under src/ does not invalidate.

FROM rust:1-bookworm AS builder
WORKDIR /build

# 1. The dependencies (about 500 crates): the manifest, the lock file and the patched
#    crates (vendor/), with stub targets, since cargo refuses a manifest whose targets are
#    missing (src/main.rs, src/lib.rs and the [[bench]] benches/hot_path.rs).
COPY Cargo.toml Cargo.lock ./
COPY vendor vendor
RUN mkdir -p src benches \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && echo 'fn main() {}' > benches/hot_path.rs \
 && cargo build --release --locked \
 && rm -rf src benches

# 2. kafka-lab itself. The sources keep their own modification times, which may be
#    older than the stubs' build: touch them so cargo rebuilds the crate.
COPY src src
COPY benches benches
COPY assets assets
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked \
 && install -m 0755 target/release/kafka-lab /usr/local/bin/kafka-lab

FROM debian:bookworm-slim
# curl: the compose healthcheck (GET /readyz); ca-certificates for any TLS a user adds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

# A non-root user owning the state folder. A named volume mounted there starts as a
# copy of it, so it is writable by this user too.
RUN groupadd --system --gid 10001 kafka-lab \
 && useradd --system --uid 10001 --gid kafka-lab --home-dir /var/lib/kafka-lab \
      --no-create-home --shell /usr/sbin/nologin kafka-lab \
 && install -d -o kafka-lab -g kafka-lab -m 0750 /var/lib/kafka-lab

COPY --from=builder /usr/local/bin/kafka-lab /usr/local/bin/kafka-lab
COPY config/docker.toml /etc/kafka-lab/docker.toml
# Every command in the container reads it, e.g.
# `docker compose exec kafka-lab kafka-lab offsets kafka-lab`.
ENV KAFKA_LAB_CONFIG=/etc/kafka-lab/docker.toml

USER 10001:10001
# checkpoint.json (pipeline.state_dir), the histogram snapshot, and the embedded
# broker's .kafka-lab/ when a command runs without brokers.
WORKDIR /var/lib/kafka-lab
VOLUME ["/var/lib/kafka-lab"]
# The live page, /api/snapshot, /metrics, /healthz, /readyz (metrics.listen in
# config/docker.toml).
EXPOSE 9464

ENTRYPOINT ["kafka-lab"]
CMD ["--config", "/etc/kafka-lab/docker.toml", "run"]
