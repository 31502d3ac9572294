#!/usr/bin/env bash
# Starts a Kafka Connect standalone worker with flowaudit's connector plugins.
#   ops/connect/start-worker.sh BOOTSTRAP [CONNECTOR.properties ...]
#   ops/connect/start-worker.sh 127.0.0.1:9092 ops/connect/policy-source.properties ops/connect/siem-sink.properties
# With "local" as BOOTSTRAP it first starts a single-node KRaft broker on loopback (as ops/benchmarks/e2e.sh does).
# Builds the plugin directory (connectors/target/plugin) on first use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ $# -ge 1 ] || { echo "usage: $0 BOOTSTRAP|local [CONNECTOR.properties ...]" >&2; exit 2; }
bootstrap="$1"; shift
[ $# -ge 1 ] || set -- ops/connect/policy-source.properties
if [ ! -d connectors/target/plugin/flowaudit-connectors ]; then
  echo "start-worker: building the connector plugins..." >&2
  mvn -q -B -pl connectors -am install -DskipTests
fi
cpfile="connectors/target/worker.classpath"
[ -f "$cpfile" ] || mvn -q -B -pl connectors dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
cp="$(cat "$cpfile")"
if [ "$bootstrap" = "local" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/flowaudit-broker.XXXXXX")"
  port=9092; cport=9093
  printf '%s\n' "process.roles=broker,controller" "node.id=1" "controller.quorum.bootstrap.servers=127.0.0.1:$cport" \
    "listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport" "controller.listener.names=CONTROLLER" \
    "log.dirs=$work/log" "offsets.topic.replication.factor=1" "transaction.state.log.replication.factor=1" \
    "transaction.state.log.min.isr=1" "share.coordinator.state.topic.replication.factor=1" \
    "share.coordinator.state.topic.min.isr=1" "group.initial.rebalance.delay.ms=0" > "$work/server.properties"
  java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
    -c "$work/server.properties" --standalone >/dev/null
  java -Xmx512m -cp "$cp" kafka.Kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
  broker=$!
  trap 'kill $broker 2>/dev/null; rm -rf "$work"' EXIT
  bootstrap="127.0.0.1:$port"
  echo "start-worker: local broker on $bootstrap (log $work/broker.log)" >&2
  sleep 4
fi
props="$(mktemp)"
sed "s#^bootstrap.servers=.*#bootstrap.servers=$bootstrap#" ops/connect/worker.properties > "$props"
# not exec: with a local broker the EXIT trap must stop it when the worker ends
java -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.flowaudit.schemas.avro -cp "$cp" \
  org.apache.kafka.connect.cli.ConnectStandalone "$props" "$@"
