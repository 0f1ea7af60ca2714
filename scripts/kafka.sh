#!/usr/bin/env bash
# kafka.sh: a local Apache Kafka harness assembled from Maven Central jars.
# Jars and running instances live in $REPO/.kafka (git-ignored). See `kafka.sh help`.
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="$REPO/.kafka"
RUN="$CACHE/run"

# Pinned versions: the newest 4.x release and the newest 3.9.x on Maven Central when this was written.
KAFKA4=4.4.0
KAFKA3=3.9.2
LOG4J2=2.24.3    # log4j2 backend for 4.x (the one Kafka 4.1's own distribution ships)
SLF4J=1.7.36     # Kafka logs through the slf4j 1.x API; pinned so the bindings match
RELOAD4J=1.2.25  # log4j 1.x backend for 3.9
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}  # seconds until every broker must be ready
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}     # seconds after SIGTERM before SIGKILL
BROKER_HEAP=512m
ZK_HEAP=256m
# Line a broker logs once it serves clients: KRaft 4.x "[KafkaRaftServer nodeId=1] Kafka Server started",
# ZooKeeper-mode 3.9 "[KafkaServer id=1] started".
READY_RE='Kafka Server started|\[KafkaServer id=[0-9]+\] started'

usage() {
  cat <<'EOF'
usage: scripts/kafka.sh COMMAND [OPTIONS]

  start [--mode single|cluster|zk|secure] [--port P] [--name NAME] [--netns]
      Start a fresh instance (data wiped) and wait until its brokers are ready; the
      last stdout line is the bootstrap servers list.
        single   Kafka 4.4 KRaft, one combined broker+controller at 127.0.0.1:P (default 9092)
        cluster  Kafka 4.4 KRaft, three combined nodes at P, P+1, P+2
        zk       Kafka 3.9 broker at P with a ZooKeeper on a free port
        secure   Kafka 4.4 KRaft, one node: SASL_SSL at P (SCRAM-SHA-512, also
                 SCRAM-SHA-256 and PLAIN; user kafka-lab), SSL requiring a client
                 certificate at P+1; a throwaway CA, broker and client certificates (openssl), Java client properties
                 (client-sasl.properties, client-mtls.properties) and kafka-lab configs
                 (kafka-lab-sasl.toml, kafka-lab-mtls.toml, printed) in .kafka/run/NAME/tls
      --netns (cluster, as root): each broker in a network namespace of its own
                 (kafka-lab-NAME-N) at 10.213.S.1N:P on a private bridge (kl-brS,
                 10.213.S.0/24, S the first free), clients on the host as 10.213.S.1;
                 needs iproute2 and iptables. `stop` removes it all.
      NAME (default: the mode) is the instance dir .kafka/run/NAME/ (config, data, logs, pids).
  stop [--name NAME|--all]
      Stop an instance (SIGTERM, then SIGKILL after a deadline); ok if not running.
      Without options (or with --all) every instance under .kafka/run is stopped, and
      any namespace or bridge of ours left without an instance is removed.
  stop-broker --name NAME [--node N]
  start-broker --name NAME [--node N]
      Stop / restart one broker process (node N, default 1) of an instance, keeping its
      data; start-broker waits for readiness and prints the bootstrap servers.
  pause-broker --name NAME [--node N]
  resume-broker --name NAME [--node N]
      Freeze (SIGSTOP) / thaw (SIGCONT) one broker: its connections stay open but
      nothing answers, as with a hung broker or a half-open connection.
  fault --name NAME partition A B[,C...] [--oneway] | heal [N...] | rules
  fault --name NAME stop|cont|kill|restart N
      The faults of Kafka's Trogdor framework. partition (--netns instances): drop the
      packets between node A and each of B, C... (node numbers, or `client` for the
      host side), both ways, or with --oneway only A's; heal removes them (of every
      node, or of those named); rules lists them. stop/cont: SIGSTOP/SIGCONT
      (ProcessStopFault); kill: SIGKILL, no controlled shutdown; restart: start a
      stopped or killed node again and wait until it is ready.
  tool [--version 4|3] CLASS-OR-ALIAS ARGS...
      Run a Kafka tool from the cached jars (default version 4). Aliases: topics,
      get-offsets, consumer-groups, share-groups (4), producer-perf, consumer-perf,
      console-producer, console-consumer, console-share-consumer (4), configs;
      anything with a dot is taken as a main class.
  fetch [--version 4|3|all]
      Only download the jars into .kafka/lib (default: all). start implies fetch.
  help
      Show this text.

Environment: KAFKA_START_TIMEOUT (default 120 s), KAFKA_STOP_TIMEOUT (default 30 s).
EOF
}

log() { echo "kafka.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

kafka_version() {
  case $1 in 4) echo "$KAFKA4" ;; 3) echo "$KAFKA3" ;; *) die "unknown version '$1' (want 4 or 3)" ;; esac
}
check_version() { [[ $1 == 4 || $1 == 3 ]] || die "unknown version '$1' (want 4 or 3)"; }
libdir() { echo "$CACHE/lib/kafka-$(kafka_version "$1")"; }

# ---------------------------------------------------------------------------- fetch

dep() { # groupId artifactId version [excluded groupId:artifactId]
  printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>' "$1" "$2" "$3"
  if [[ -n ${4-} ]]; then
    printf '<exclusions><exclusion><groupId>%s</groupId><artifactId>%s</artifactId></exclusion></exclusions>' "${4%%:*}" "${4#*:}"
  fi
  printf '</dependency>\n'
}

fetch() { # 4|3: resolve the jars with Maven into .kafka/lib/kafka-VERSION (once)
  [[ -f $(libdir "$1")/.complete ]] && return 0
  mkdir -p "$CACHE/lib"
  # Serialize concurrent fetches; the lock fd lives only in this subshell, so no daemon inherits it.
  (flock 9 && fetch_locked "$1") 9>"$CACHE/lib/.lock" || exit 1
}

fetch_locked() {
  local v lib build
  v=$(kafka_version "$1")
  lib="$CACHE/lib/kafka-$v"
  [[ -f $lib/.complete ]] && return 0
  command -v mvn >/dev/null || die "mvn not found; it is needed to fetch the Kafka jars"
  build="$CACHE/build/kafka-$v"
  mkdir -p "$build"
  {
    cat <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.kafka-lab</groupId><artifactId>kafka-jars</artifactId><version>$v</version>
  <packaging>pom</packaging>
  <dependencies>
EOF
    dep org.apache.kafka kafka_2.13 "$v"
    # kafka-tools drags in connect-runtime (Jetty, Jersey, ...) which none of our tools need.
    dep org.apache.kafka kafka-tools "$v" org.apache.kafka:connect-runtime
    dep org.slf4j slf4j-api "$SLF4J"
    # The logging backend is not transitive; without it the broker logs nothing at all.
    if [[ $1 == 4 ]]; then
      dep org.apache.logging.log4j log4j-api "$LOG4J2"
      dep org.apache.logging.log4j log4j-core "$LOG4J2"
      dep org.apache.logging.log4j log4j-slf4j-impl "$LOG4J2"
    else
      dep org.slf4j slf4j-reload4j "$SLF4J"
      dep ch.qos.reload4j reload4j "$RELOAD4J"
    fi
    printf '  </dependencies>\n</project>\n'
  } >"$build/pom.xml"
  log "fetching Kafka $v jars via Maven (log: $build/mvn.log)"
  rm -rf "$lib.tmp"
  if ! mvn -B -f "$build/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$lib.tmp" >"$build/mvn.log" 2>&1; then
    tail -n 30 "$build/mvn.log" >&2
    die "maven could not fetch Kafka $v"
  fi
  touch "$lib.tmp/.complete"
  rm -rf "$lib"
  mv "$lib.tmp" "$lib"
  log "Kafka $v: $(find "$lib" -name '*.jar' | wc -l) jars, $(du -sh "$lib" | cut -f1)"
}

# ------------------------------------------------------------------ logging configs

log4j_config() { # 4|3 file-to-write logfile-or-"stderr" level
  if [[ $1 == 4 ]]; then
    if [[ $3 == stderr ]]; then
      printf '%s\n' 'appender.out.type = Console' 'appender.out.target = SYSTEM_ERR'
    else
      printf '%s\n' 'appender.out.type = File' "appender.out.fileName = $3"
    fi
    # shutdownHook = disable: keep logging while Kafka's own shutdown hook runs.
    printf '%s\n' 'status = warn' 'shutdownHook = disable' 'appender.out.name = OUT' 'appender.out.layout.type = PatternLayout' \
      'appender.out.layout.pattern = [%d] %p %m (%c)%n' "rootLogger.level = $4" \
      'rootLogger.appenderRef.out.ref = OUT'
  else
    if [[ $3 == stderr ]]; then
      printf '%s\n' 'log4j.appender.out=org.apache.log4j.ConsoleAppender' 'log4j.appender.out.Target=System.err'
    else
      printf '%s\n' 'log4j.appender.out=org.apache.log4j.FileAppender' "log4j.appender.out.File=$3"
    fi
    printf '%s\n' "log4j.rootLogger=$4, out" 'log4j.appender.out.layout=org.apache.log4j.PatternLayout' \
      'log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n'
  fi >"$2"
}

log4j_opt() { # 4|3 config-file -> the JVM flag that selects it
  if [[ $1 == 4 ]]; then echo "-Dlog4j2.configurationFile=$2"; else echo "-Dlog4j.configuration=file:$2"; fi
}

tool_log_config() { # 4|3 -> path of a quiet (WARN to stderr) config for tools
  local f="$CACHE/conf/tools-log4j-$1.properties"
  [[ -f $f ]] || { mkdir -p "$CACHE/conf"; log4j_config "$1" "$f" stderr WARN; }
  echo "$f"
}

# ------------------------------------------------------------------------ processes

pid_of() { cat "$1/pid" 2>/dev/null || true; }

# Alive = the pid file's process still runs with this node dir on its command line, so a
# recycled pid or a reaped (zombie) process never counts.
alive() {
  local pid
  pid=$(pid_of "$1")
  [[ -n $pid && $(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") == *"$1/"* ]]
}

port_open() { # port or host:port: something accepts connections there (within 2 s)
  local a=$1
  [[ $a == *:* ]] || a="127.0.0.1:$a"
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "${a%:*}" "${a##*:}" 2>/dev/null
}

free_port() { # [taken ports...]: a random port in 20000-32767 (below Linux's ephemeral
  local p i           # range) that nobody listens on and that is not in the arguments
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 12768))
    [[ " $* " == *" $p "* ]] || port_open "$p" || { echo "$p"; return 0; }
  done
  die "no free port found"
}

java_run() { # 4|3 JVM-args... : run java in the foreground with the version's classpath
  local v=$1
  shift
  java -Djava.awt.headless=true -cp "$(libdir "$v")/*" "$@"
}

launch() { # node-dir 4|3 main-class heap [args...]: start a daemon logging into node-dir
  local d=$1 ver=$2 main=$3 heap=$4 cfg netns=()
  shift 4
  cfg=$(ls "$d"/log4j*.properties)
  # A node of a --netns instance runs in its namespace (ip netns exec execs in place).
  [[ -f $d/netns ]] && netns=(ip netns exec "$(cat "$d/netns")")
  # setsid: own session, so the daemon survives this script and its terminal. As this
  # background child is no process group leader, setsid execs java in place: $! is java.
  nohup "${netns[@]}" setsid java -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "$(log4j_opt "$ver" "$cfg")" -cp "$(libdir "$ver")/*" "$main" "$@" \
    >>"$d/stdout.log" 2>&1 </dev/null &
  local pid=$! i
  echo "$pid" >"$d/pid"
  # Until the exec the child's command line is this script's, so alive() would say no.
  for ((i = 0; i < 100; i++)); do
    if alive "$d" || ! kill -0 "$pid" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
}

show_logs() { # node-dir [log-offset]: what the node wrote (to server.log past the offset)
  local d=$1 off=${2:-0} f
  if [[ -s $d/server.log ]] && (($(stat -c %s "$d/server.log") > off)); then
    log "--- last lines of $d/server.log"
    tail -c +"$((off + 1))" "$d/server.log" | tail -n 25 >&2
  else
    log "--- nothing new in $d/server.log"
  fi
  [[ -s $d/stdout.log ]] && { log "--- last lines of $d/stdout.log"; tail -n 25 "$d/stdout.log" >&2; }
  return 0
}

# The launched process is gone (a zombie counts as gone). Until its exec into java its
# command line is still this script's, which alive() does not count: that is starting,
# not exited.
exited() { # node-dir
  local state
  state=$(sed 's/.*) //' "/proc/$(pid_of "$1")/stat" 2>/dev/null | cut -d' ' -f1) || true
  [[ -z $state || $state == Z ]]
}

# Why a launched process ended: its exit status (it is this shell's child) and what it logged.
report_exit() { # node-dir log-offset label
  local status=0
  wait "$(pid_of "$1")" 2>/dev/null || status=$?
  log "$3 exited during startup (exit status $status$( ((status > 128)) && echo ", signal $((status - 128))"))"
  show_logs "$1" "$2"
}

# Wait until node-dir's server.log shows the ready line (looking only past byte offset)
# and its port accepts connections. Polls; gives up when the process dies or at the deadline.
wait_ready() { # node-dir log-offset host:port deadline(SECONDS) label
  local d=$1 off=$2 port=$3 deadline=$4 label=$5
  until grep -Eq "$READY_RE" < <(tail -c +"$((off + 1))" "$d/server.log" 2>/dev/null) && port_open "$port"; do
    exited "$d" && { report_exit "$d" "$off" "$label"; return 1; }
    ((SECONDS < deadline)) || { log "$label not ready after ${START_TIMEOUT}s"; show_logs "$d" "$off"; return 1; }
    sleep 0.2
  done
}

wait_port() { # node-dir port deadline label (ZooKeeper: ready once it accepts connections)
  until port_open "$2"; do
    exited "$1" && { report_exit "$1" 0 "$4"; return 1; }
    ((SECONDS < $3)) || { log "$4 not ready after ${START_TIMEOUT}s"; show_logs "$1"; return 1; }
    sleep 0.2
  done
}

stop_dirs() { # node-dir...: SIGTERM all, wait for all, SIGKILL what is left
  local d deadline=$((SECONDS + STOP_TIMEOUT)) left
  for d in "$@"; do
    if alive "$d"; then kill -TERM "$(pid_of "$d")" 2>/dev/null || true; fi
  done
  while :; do
    left=()
    for d in "$@"; do alive "$d" && left+=("$d"); done
    ((${#left[@]} == 0)) && break
    if ((SECONDS >= deadline)); then
      for d in "${left[@]}"; do
        log "$(basename "$d") did not stop in ${STOP_TIMEOUT}s, killing it"
        kill -KILL "$(pid_of "$d")" 2>/dev/null || true
      done
      break
    fi
    sleep 0.2
  done
  # Wait (briefly) until the JVMs are gone and reaped by their new parent (init), so that
  # `pgrep java` is clean afterwards; a SIGKILLed JVM may also need a moment to die.
  local pid state i
  for d in "$@"; do
    pid=$(pid_of "$d")
    for ((i = 0; i < 25; i++)); do
      if [[ -z $pid ]] || ! read -r _ _ state _ 2>/dev/null <"/proc/$pid/stat"; then break; fi
      [[ $state == Z ]] || alive "$d" || break
      sleep 0.2
    done
    rm -f "$d/pid"
  done
}

# ------------------------------------------------------------------------ instances

check_name() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "bad instance name '$1'"; }

# Set by load_instance from NAME/instance.env (written by start_instance).
INST="" VERSION="" BOOTSTRAP="" SUBNET="" NODES=() ADDRS=()

load_instance() { # name
  check_name "$1"
  INST="$RUN/$1"
  [[ -f $INST/instance.env ]] || die "no instance '$1' (no $INST/instance.env)"
  # shellcheck source=/dev/null
  . "$INST/instance.env"
}

node_addr() { # node number -> its broker's host:port
  local i
  for i in "${!NODES[@]}"; do [[ ${NODES[i]} == "$1" ]] && { echo "${ADDRS[i]}"; return 0; }; done
  die "instance has no node '$1' (nodes: ${NODES[*]})"
}

stop_instance() { # name
  local inst="$RUN/$1" d brokers=()
  for d in "$inst"/node*; do if [[ -d $d ]]; then brokers+=("$d"); fi; done
  # Brokers first: a ZooKeeper-mode broker needs ZooKeeper for its controlled shutdown.
  ((${#brokers[@]} == 0)) || stop_dirs "${brokers[@]}"
  [[ -d $inst/zk ]] && stop_dirs "$inst/zk"
  netns_down "$1"
  return 0
}

# -------------------------------------------------------------- network namespaces
#
# `start --mode cluster --netns`: a bridge kl-brS at 10.213.S.1/24 in the root
# namespace (the clients' side, as 10.213.S.1) and, for each node N, a namespace
# kafka-lab-NAME-N joined to it by a veth pair, its broker at 10.213.S.(10+N). Each
# namespace has a chain KL-FAULTS, jumped to from INPUT and OUTPUT, that holds the
# partitions' DROP rules (as Trogdor's NetworkPartitionFault); nothing outside the
# namespaces this script made is touched.

NETNS_PREFIX=kafka-lab-
FAULT_CHAIN=KL-FAULTS

netns_ip() { echo "10.213.$1.$((10 + $2))"; }  # subnet node|client(0)
netns_name() { echo "$NETNS_PREFIX$1-$2"; }     # instance node
bridge_name() { echo "kl-br$1"; }               # subnet

free_subnet() { # the first 10.213.S.0/24 with no bridge of ours and no address on this host
  local s
  command -v iptables >/dev/null || die "--netns needs iptables (apt-get install iptables)"
  for ((s = 0; s < 255; s++)); do
    ip link show "$(bridge_name "$s")" >/dev/null 2>&1 && continue
    ip -4 -o addr show | grep -q " 10\.213\.$s\." && continue
    echo "$s"
    return 0
  done
  die "no free subnet in 10.213.0.0/16"
}

in_ns() { ip netns exec "$@"; }  # namespace command...

netns_up() { # name subnet nodes...
  local name=$1 subnet=$2 br ns n
  shift 2
  br=$(bridge_name "$subnet")
  ip link add "$br" type bridge
  ip addr add "10.213.$subnet.1/24" dev "$br"
  ip link set "$br" up
  for n in "$@"; do
    ns=$(netns_name "$name" "$n")
    ip netns add "$ns"
    # No DNS in the namespace: the host's resolver is not reachable from it.
    mkdir -p "/etc/netns/$ns"
    printf '# kafka.sh: no resolver in this namespace\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n' \
      >"/etc/netns/$ns/resolv.conf"
    ip link add "kl${subnet}n$n" type veth peer name eth0 netns "$ns"
    ip link set "kl${subnet}n$n" master "$br" up
    in_ns "$ns" ip addr add "$(netns_ip "$subnet" "$n")/24" dev eth0
    in_ns "$ns" ip link set lo up
    in_ns "$ns" ip link set eth0 up
    in_ns "$ns" ip route add default via "10.213.$subnet.1"
    in_ns "$ns" iptables -w 5 -N "$FAULT_CHAIN"
    in_ns "$ns" iptables -w 5 -I INPUT -j "$FAULT_CHAIN"
    in_ns "$ns" iptables -w 5 -I OUTPUT -j "$FAULT_CHAIN"
    mkdir -p "$RUN/$name/node$n"
    echo "$ns" >"$RUN/$name/node$n/netns"
  done
  log "namespaces $(netns_name "$name" '{'"$(IFS=,; echo "$*")"'}') on bridge $br (10.213.$subnet.0/24)"
}

netns_down() { # name: remove its namespaces (killing what still runs in them) and bridge
  local inst="$RUN/$1" f ns pids
  for f in "$inst"/node*/netns; do
    [[ -f $f ]] || continue
    ns=$(cat "$f")
    if ip netns list | grep -qx "$ns\( .*\)\?"; then
      pids=$(ip netns pids "$ns" || true)
      [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
      ip netns del "$ns"
    fi
    rm -rf "/etc/netns/$ns"
    rm -f "$f"
  done
  local subnet
  subnet=$(sed -n 's/^SUBNET=//p' "$inst/instance.env" 2>/dev/null || true)
  subnet=${subnet//\'/}
  if [[ -n $subnet ]] && ip link show "$(bridge_name "$subnet")" >/dev/null 2>&1; then
    ip link del "$(bridge_name "$subnet")"
  fi
  return 0
}

netns_orphans() { # remove namespaces and bridges of ours whose instance is gone
  local ns br
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    [[ $ns == "$NETNS_PREFIX"* ]] || continue
    ip netns pids "$ns" | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" && rm -rf "/etc/netns/$ns" && log "removed the namespace $ns"
  done
  for br in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}'); do
    [[ $br == kl-br* ]] && ip link del "$br" && log "removed the bridge $br"
  done
  return 0
}

# The consumer protocol (KIP-848) keeps its defaults (45 s session, 5 s heartbeats); only
# their lower bounds drop, so that a test can set its group's own with
# `kafka-configs --entity-type groups --add-config consumer.session.timeout.ms=...`.
broker_props() { # node-dir node-id host:port rf: settings common to every broker
  local min_isr=$(($4 > 1 ? 2 : 1))
  cat <<EOF
advertised.listeners=PLAINTEXT://$3
inter.broker.listener.name=PLAINTEXT
log.dirs=$1/data
num.partitions=1
offsets.topic.replication.factor=$4
transaction.state.log.replication.factor=$4
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$4
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.check.interval.ms=10000
log.segment.delete.delay.ms=1000
group.consumer.min.session.timeout.ms=5000
group.consumer.min.heartbeat.interval.ms=500
EOF
}

# The secure mode's SCRAM user; the password protects nothing but a test broker on
# 127.0.0.1.
SECURE_USER=kafka-lab
SECURE_PASSWORD=kafka-lab-test-secret
SECURE_STORE_PASSWORD=kafka-lab-store

secure_files() { # tls-dir: a CA, the broker's and a client's key and certificate
  local t=$1 name
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=kafka-lab test CA" \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  for name in broker client; do
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" \
      -keyout "$t/$name.key" -out "$t/$name.csr" 2>/dev/null
    # Only the address: a client that connects by the name `localhost` must fail the
    # host name check (tests/secure.rs).
    printf 'subjectAltName=IP:127.0.0.1\n' >"$t/$name.ext"
    openssl x509 -req -in "$t/$name.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
      -days 30 -extfile "$t/$name.ext" -out "$t/$name.pem" 2>/dev/null
    openssl pkcs12 -export -in "$t/$name.pem" -inkey "$t/$name.key" -certfile "$t/ca.pem" \
      -name "$name" -passout "pass:$SECURE_STORE_PASSWORD" -out "$t/$name.p12"
  done
  cat >"$t/client-sasl.properties" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$SECURE_USER" password="$SECURE_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=$t/ca.pem
EOF
  cat >"$t/client-mtls.properties" <<EOF
security.protocol=SSL
ssl.truststore.type=PEM
ssl.truststore.location=$t/ca.pem
ssl.keystore.type=PKCS12
ssl.keystore.location=$t/client.p12
ssl.keystore.password=$SECURE_STORE_PASSWORD
EOF
  printf '%s\n' "$SECURE_PASSWORD" >"$t/sasl-password"
}

secure_kafka_lab_config() { # tls-dir port: kafka-lab's config for the SASL_SSL and the SSL listener
  local t=$1
  cat >"$t/kafka-lab-sasl.toml" <<EOF
[kafka]
brokers = ["127.0.0.1:$2"]
security_protocol = "SASL_SSL"
sasl_mechanism = "SCRAM-SHA-512"
sasl_username = "$SECURE_USER"
sasl_password_file = "$t/sasl-password"
ssl_ca_location = "$t/ca.pem"
EOF
  cat >"$t/kafka-lab-mtls.toml" <<EOF
[kafka]
brokers = ["127.0.0.1:$(($2 + 1))"]
security_protocol = "SSL"
ssl_ca_location = "$t/ca.pem"
ssl_certificate_location = "$t/client.pem"
ssl_key_location = "$t/client.key"
EOF
}

secure_props() { # port internal-port controller-port: SASL_SSL at port, SSL with client certificates at port+1
  local t="$INST/tls"
  cat <<EOF
listeners=SASL_SSL://127.0.0.1:$1,SSL://127.0.0.1:$(($1 + 1)),INTERNAL://127.0.0.1:$2,CONTROLLER://127.0.0.1:$3
advertised.listeners=SASL_SSL://127.0.0.1:$1,SSL://127.0.0.1:$(($1 + 1)),INTERNAL://127.0.0.1:$2
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SECURE_USER="$SECURE_PASSWORD";
ssl.keystore.type=PKCS12
ssl.keystore.location=$t/broker.p12
ssl.keystore.password=$SECURE_STORE_PASSWORD
ssl.truststore.type=PEM
ssl.truststore.location=$t/ca.pem
listener.name.ssl.ssl.client.auth=required
EOF
}

start_instance() { # mode port name netns(0|1)
  local mode=$1 port=$2 name=$3 netns=$4 n i d cluster_id voters="" rf deadline pids=() nodes=() ports=() addrs=()
  check_name "$name"
  case $mode in single | zk | secure) n=1 ;; cluster) n=3 ;; *) die "unknown mode '$mode'" ;; esac
  ((!netns)) || [[ $mode == cluster ]] || die "--netns is for --mode cluster"
  [[ $port =~ ^[0-9]+$ ]] || die "bad port '$port'"
  ((port > 0 && port + n - 1 < 65536)) || die "bad port '$port'"
  local version=4
  [[ $mode == zk ]] && version=3
  fetch "$version"
  INST="$RUN/$name"
  if [[ -d $INST ]]; then stop_instance "$name"; rm -rf "$INST"; fi
  local subnet=""
  ((!netns)) || subnet=$(free_subnet)
  for ((i = 0; i < n; i++)); do
    nodes+=($((i + 1)))
    if ((netns)); then
      # Each broker on its own address: the same port for all.
      addrs+=("$(netns_ip "$subnet" "${nodes[i]}"):$port")
    else
      ! port_open $((port + i)) || die "port $((port + i)) is already in use"
      ports+=($((port + i)))
      addrs+=("127.0.0.1:$((port + i))")
    fi
  done
  if [[ $mode == secure ]]; then ! port_open $((port + 1)) || die "port $((port + 1)) is already in use"; fi
  local bootstrap
  bootstrap=$(printf '%s,' "${addrs[@]}")
  bootstrap=${bootstrap%,}
  mkdir -p "$INST"
  {
    printf 'MODE=%q\nVERSION=%q\nBOOTSTRAP=%q\nSUBNET=%q\n' "$mode" "$version" "$bootstrap" "$subnet"
    printf 'NODES=(%s)\nADDRS=(%s)\n' "${nodes[*]}" "${addrs[*]}"
  } >"$INST/instance.env"
  # Any failure from here on (die, exit) stops whatever was started.
  trap 'log "start failed, stopping $name"; stop_instance "$name"' EXIT
  if ((netns)); then netns_up "$name" "$subnet" "${nodes[@]}"; fi
  rf=$n
  deadline=$((SECONDS + START_TIMEOUT))

  if [[ $mode == zk ]]; then
    local zport
    zport=$(free_port "$port")
    d="$INST/zk"
    mkdir -p "$d/data"
    # admin.enableServer=false: the AdminServer would otherwise bind 0.0.0.0:8080.
    printf '%s\n' "dataDir=$d/data" "clientPort=$zport" "clientPortAddress=127.0.0.1" \
      "maxClientCnxns=0" "admin.enableServer=false" >"$d/zookeeper.properties"
    log4j_config 3 "$d/log4j.properties" "$d/server.log" INFO
    launch "$d" 3 org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZK_HEAP" "$d/zookeeper.properties"
    wait_port "$d" "$zport" "$deadline" "zookeeper" || exit 1
    log "zookeeper ready at 127.0.0.1:$zport"
    d="$INST/node1"
    mkdir -p "$d/data"
    {
      printf '%s\n' "broker.id=1" "zookeeper.connect=127.0.0.1:$zport" "listeners=PLAINTEXT://127.0.0.1:$port"
      broker_props "$d" 1 "127.0.0.1:$port" 1
    } >"$d/server.properties"
    log4j_config 3 "$d/log4j.properties" "$d/server.log" INFO
  else
    # KRaft: every node is a combined broker+controller; a static voter set means `format`
    # needs neither --standalone nor --initial-controllers.
    local cports=()
    for ((i = 0; i < n; i++)); do
      if ((netns)); then
        cports+=($((port + 1)))
      else
        cports+=("$(free_port "${ports[@]}" "${cports[@]}")")
      fi
      voters+="${voters:+,}${nodes[i]}@${addrs[i]%:*}:${cports[i]}"
    done
    if [[ $mode == secure ]]; then secure_files "$INST/tls" && secure_kafka_lab_config "$INST/tls" "$port"; fi
    cluster_id=$(java_run 4 "$(log4j_opt 4 "$(tool_log_config 4)")" kafka.tools.StorageTool random-uuid)
    for ((i = 0; i < n; i++)); do
      d="$INST/node${nodes[i]}"
      mkdir -p "$d/data"
      {
        printf '%s\n' "process.roles=broker,controller" "node.id=${nodes[i]}" \
          "controller.quorum.voters=$voters" "controller.listener.names=CONTROLLER" \
          "listeners=PLAINTEXT://${addrs[i]},CONTROLLER://${addrs[i]%:*}:${cports[i]}" \
          "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
        broker_props "$d" "${nodes[i]}" "${addrs[i]}" "$rf"
        # Later keys win: the secure listeners replace PLAINTEXT.
        if [[ $mode == secure ]]; then secure_props "$port" "$(free_port "$port" $((port + 1)) "${cports[@]}")" "${cports[i]}"; fi
      } >"$d/server.properties"
      log4j_config 4 "$d/log4j2.properties" "$d/server.log" INFO
      # Format the storage dirs in parallel (one JVM each).
      local scram=()
      if [[ $mode == secure ]]; then scram=(--add-scram "SCRAM-SHA-512=[name=$SECURE_USER,password=$SECURE_PASSWORD]" --add-scram "SCRAM-SHA-256=[name=$SECURE_USER,password=$SECURE_PASSWORD]"); fi
      java_run 4 "$(log4j_opt 4 "$(tool_log_config 4)")" kafka.tools.StorageTool format \
        -t "$cluster_id" -c "$d/server.properties" "${scram[@]}" >"$d/format.log" 2>&1 &
      pids+=($!)
    done
    for i in "${!pids[@]}"; do
      wait "${pids[i]}" || { cat "$INST/node${nodes[i]}/format.log" >&2; die "storage format failed"; }
    done
  fi

  for i in "${nodes[@]}"; do
    launch "$INST/node$i" "$version" kafka.Kafka "$BROKER_HEAP" "$INST/node$i/server.properties"
  done
  for i in "${!nodes[@]}"; do
    wait_ready "$INST/node${nodes[i]}" 0 "${addrs[i]}" "$deadline" "node ${nodes[i]}" || exit 1
  done
  trap - EXIT
  log "$mode instance '$name' ready in ${SECONDS}s (logs: $INST/node*/server.log)"
  if [[ $mode == secure ]]; then
    log "kafka-lab over SASL_SSL: --config $INST/tls/kafka-lab-sasl.toml"
    cat "$INST/tls/kafka-lab-sasl.toml" >&2
    log "kafka-lab over mutual TLS: --config $INST/tls/kafka-lab-mtls.toml"
    cat "$INST/tls/kafka-lab-mtls.toml" >&2
  fi
  echo "$bootstrap"
}

start_broker() { # name node
  load_instance "$1"
  local d="$INST/node$2" addr off
  addr=$(node_addr "$2")
  if alive "$d"; then
    log "node $2 of '$1' is already running"
  else
    fetch "$VERSION"
    off=$(stat -c %s "$d/server.log" 2>/dev/null || echo 0)
    launch "$d" "$VERSION" kafka.Kafka "$BROKER_HEAP" "$d/server.properties"
    if ! wait_ready "$d" "$off" "$addr" $((SECONDS + START_TIMEOUT)) "node $2"; then
      stop_dirs "$d"
      exit 1
    fi
    log "node $2 of '$1' ready at $addr"
  fi
  echo "$BOOTSTRAP"
}

# SIGSTOP freezes a broker with its connections open: clients see a silent peer, not
# a refused connection (the half-open case). SIGCONT resumes it.
signal_broker() { # name node STOP|CONT
  load_instance "$1"
  node_addr "$2" >/dev/null
  alive "$INST/node$2" || die "node $2 of '$1' is not running"
  kill "-$3" "$(pid_of "$INST/node$2")"
  log "node $2 of '$1': SIG$3"
}

stop_broker() { # name node
  load_instance "$1"
  node_addr "$2" >/dev/null
  stop_dirs "$INST/node$2"
  log "node $2 of '$1' stopped"
}

kill_broker() { # name node: SIGKILL, as a crash: no controlled shutdown
  load_instance "$1"
  node_addr "$2" >/dev/null
  local d="$INST/node$2" i
  alive "$d" || die "node $2 of '$1' is not running"
  kill -KILL "$(pid_of "$d")"
  for ((i = 0; i < 100; i++)); do alive "$d" || break; sleep 0.1; done
  log "node $2 of '$1': SIGKILL"
}

# --------------------------------------------------------------------------- faults

fault_ip() { # node|client -> its address in the instance's subnet
  if [[ $1 == client ]]; then echo "10.213.$SUBNET.1"; else node_addr "$1" >/dev/null; netns_ip "$SUBNET" "$1"; fi
}

drop() { # node rule...: add a DROP rule to the node's fault chain (once)
  local ns
  ns=$(cat "$INST/node$1/netns")
  shift
  in_ns "$ns" iptables -w 5 -C "$FAULT_CHAIN" "$@" -j DROP 2>/dev/null ||
    in_ns "$ns" iptables -w 5 -A "$FAULT_CHAIN" "$@" -j DROP
}

# Cut A off from each of B,C...: packets between them are dropped, both ways, or with
# --oneway only those from A to them. The rules live in a broker end's namespace.
fault_partition() { # A B[,C...] [--oneway]
  local a=${1-} list=${2-} oneway=0 b
  [[ -n $a && -n $list ]] || die "partition needs A and B[,C...] (nodes or client)"
  [[ ${3-} == --oneway ]] && oneway=1
  [[ $# -le 2 || $oneway == 1 ]] && [[ $# -le 3 ]] || die "partition: unexpected '${*:3}'"
  fault_ip "$a" >/dev/null
  for b in ${list//,/ }; do
    fault_ip "$b" >/dev/null
    [[ $a != "$b" ]] || die "partition: $a from itself"
    if ((oneway)); then
      if [[ $b != client ]]; then drop "$b" -s "$(fault_ip "$a")"; else drop "$a" -d "$(fault_ip "$b")"; fi
    else
      local x=$a y=$b
      [[ $x == client ]] && { x=$b; y=$a; }
      drop "$x" -s "$(fault_ip "$y")"
      drop "$x" -d "$(fault_ip "$y")"
    fi
  done
  log "fault: partition $a from $list ($( ((oneway)) && echo "one way: $a's packets dropped" || echo both ways))"
}

fault_heal() { # [node...]: remove the DROP rules (of every node when none is named)
  local n nodes=("$@")
  ((${#nodes[@]})) || nodes=("${NODES[@]}")
  for n in "${nodes[@]}"; do
    node_addr "$n" >/dev/null
    in_ns "$(cat "$INST/node$n/netns")" iptables -w 5 -F "$FAULT_CHAIN"
  done
  log "fault: healed node(s) ${nodes[*]}"
}

fault_rules() { # every node's DROP rules, as iptables -S prints them
  local n
  for n in "${NODES[@]}"; do
    in_ns "$(cat "$INST/node$n/netns")" iptables -w 5 -S "$FAULT_CHAIN" | sed "s/^/node $n: /"
  done
}

fault() { # name kind args...
  local name=$1 kind=${2-}
  [[ -n $kind ]] || die "fault needs a kind: partition heal rules stop cont kill restart"
  shift 2
  load_instance "$name"
  case $kind in
    partition | heal | rules)
      [[ -n $SUBNET ]] || die "instance '$name' has no network namespaces (start it with --netns)" ;;
    stop | cont | kill | restart)
      [[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || die "fault $kind needs one node number" ;;
  esac
  case $kind in
    partition) fault_partition "$@" ;;
    heal) fault_heal "$@" ;;
    rules) fault_rules ;;
    stop) signal_broker "$name" "$1" STOP ;;
    cont) signal_broker "$name" "$1" CONT ;;
    kill) kill_broker "$name" "$1" ;;
    restart) start_broker "$name" "$1" >/dev/null ;;
    *) die "unknown fault '$kind' (partition heal rules stop cont kill restart)" ;;
  esac
}

# ---------------------------------------------------------------------------- tools

tool_class() { # 4|3 alias -> main class (3.9 still has some tools in the Scala core jar)
  case $2 in
    *.*) echo "$2" ;;
    topics) echo org.apache.kafka.tools.TopicCommand ;;
    get-offsets) echo org.apache.kafka.tools.GetOffsetShell ;;
    consumer-groups) echo org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    share-groups) echo org.apache.kafka.tools.consumer.group.ShareGroupCommand ;;
    console-share-consumer) echo org.apache.kafka.tools.consumer.ConsoleShareConsumer ;;
    producer-perf) echo org.apache.kafka.tools.ProducerPerformance ;;
    consumer-perf) echo org.apache.kafka.tools.ConsumerPerformance ;;
    console-producer) [[ $1 == 4 ]] && echo org.apache.kafka.tools.ConsoleProducer || echo kafka.tools.ConsoleProducer ;;
    console-consumer) echo org.apache.kafka.tools.consumer.ConsoleConsumer ;;
    configs) [[ $1 == 4 ]] && echo org.apache.kafka.tools.ConfigCommand || echo kafka.admin.ConfigCommand ;;
    *) die "unknown tool '$2' (aliases: topics get-offsets consumer-groups share-groups producer-perf consumer-perf console-producer console-consumer console-share-consumer configs)" ;;
  esac
}

run_tool() {
  local v=4 cls
  case ${1-} in
    --version) v=${2-}; shift 2 || die "--version needs a value" ;;
    --version=*) v=${1#*=}; shift ;;
  esac
  check_version "$v"
  [[ $# -gt 0 ]] || die "tool needs a class or alias (see help)"
  cls=$(tool_class "$v" "$1")
  shift
  fetch "$v"
  exec java -Xmx512m -Djava.awt.headless=true "$(log4j_opt "$v" "$(tool_log_config "$v")")" \
    -cp "$(libdir "$v")/*" "$cls" "$@"
}

# ----------------------------------------------------------------------------- main

need() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }

main() {
  local cmd=${1-help} mode=single port=9092 name="" node=1 all=0 v=all netns=0
  [[ $# -gt 0 ]] && shift
  case $cmd in
    help | -h | --help) usage; return 0 ;;
  esac
  command -v java >/dev/null || die "java not found (Kafka 4.x needs Java 17+)"
  if [[ $cmd == tool ]]; then run_tool "$@"; fi
  if [[ $cmd == fault ]]; then
    [[ ${1-} == --name && -n ${2-} ]] || die "fault needs --name NAME first"
    fault "$2" "${@:3}"
    return 0
  fi
  while [[ $# -gt 0 ]]; do
    case $1 in
      --mode) need "$@"; mode=$2; shift 2 ;;
      --port) need "$@"; port=$2; shift 2 ;;
      --name) need "$@"; name=$2; shift 2 ;;
      --node) need "$@"; node=$2; shift 2 ;;
      --version) need "$@"; v=$2; shift 2 ;;
      --all) all=1; shift ;;
      --netns) netns=1; shift ;;
      *) die "unknown argument '$1' for $cmd (see: scripts/kafka.sh help)" ;;
    esac
  done
  case $cmd in
    fetch)
      case $v in all) fetch 4; fetch 3 ;; 4 | 3) fetch "$v" ;; *) die "unknown --version '$v'" ;; esac ;;
    start) start_instance "$mode" "$port" "${name:-$mode}" "$netns" ;;
    stop)
      if ((all)) || [[ -z $name ]]; then
        for d in "$RUN"/*/; do
          if [[ -d $d ]]; then stop_instance "$(basename "$d")"; fi
        done
        netns_orphans
      else
        check_name "$name"
        stop_instance "$name"
      fi ;;
    start-broker | stop-broker | pause-broker | resume-broker)
      [[ -n $name ]] || die "$cmd needs --name NAME"
      [[ $node =~ ^[0-9]+$ ]] || die "bad --node '$node'"
      case $cmd in
        start-broker) start_broker "$name" "$node" ;;
        stop-broker) stop_broker "$name" "$node" ;;
        pause-broker) signal_broker "$name" "$node" STOP ;;
        resume-broker) signal_broker "$name" "$node" CONT ;;
      esac ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
