#!/usr/bin/env bash
# Builds the benchmarks module (and the modules it depends on), then runs JMH with the given arguments.
#   ops/benchmarks/jmh.sh EngineBenchmark                      # the engine targets, about 2.5 minutes
#   ops/benchmarks/jmh.sh EngineBenchmark -f 1 -wi 3 -i 5
#   ops/benchmarks/jmh.sh 'EngineBenchmark.warmDecide' -p mix=L3L4_REQUESTS -prof stack
#   ops/benchmarks/jmh.sh -l                                   # list the benchmarks
# Environment: JMH_NO_BUILD=1 skips the build; MVN_OPTS adds Maven options (for example -o for offline).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ "${JMH_NO_BUILD:-0}" != "1" ]; then
  (cd "$root" && mvn -q ${MVN_OPTS:-} -pl ops/benchmarks -am package -DskipTests)
fi
# JMH forks its benchmark JVMs with this classpath (target/lib holds the topology jar and every dependency).
exec java -cp "$here/target/classes:$here/target/lib/*" org.openjdk.jmh.Main "$@"
