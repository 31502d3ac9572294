#!/usr/bin/env bash
# End-to-end benchmark: a real Kafka broker as a separate process (KRaft, loopback), then flowaudit's topology
# and a pass-through Streams application on the same Avro flow records, side by side; p99 latency at a fixed
# rate; heap. Prints one summary line starting with "e2e:".
#   ops/benchmarks/e2e.sh                       # 2,000,000 flows, 1,000 policies, 4 partitions, 20k/s for 20 s
#   ops/benchmarks/e2e.sh flows=500000 rate=20000 latencySeconds=10
# Environment: E2E_NO_BUILD=1 skips the build; E2E_HEAP (default 2g) is the benchmark JVM's heap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ "${E2E_NO_BUILD:-0}" != "1" ]; then
  (cd "$root" && mvn -q -pl ops/benchmarks -am package -DskipTests)
fi
cp="$here/target/classes:$here/target/lib/*"
work="$(mktemp -d "${TMPDIR:-/tmp}/flowaudit-e2e.XXXXXX")"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port="$(free_port)"; cport="$(free_port)"
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
controller.listener.names=CONTROLLER
log.dirs=$work/log
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=2097152
PROPS
java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" \
  -c "$work/server.properties" --standalone >/dev/null
java -Xmx1g -cp "$cp" kafka.Kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done
java -Xmx"${E2E_HEAP:-2g}" -XX:+UseParallelGC -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.flowaudit.schemas.avro \
  -cp "$cp" io.flowaudit.benchmarks.EndToEndBenchmark "127.0.0.1:$port" "$@"
