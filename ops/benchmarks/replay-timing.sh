#!/usr/bin/env bash
# Times flowaudit replay against a plain single-threaded Jackson streaming parse of the same Hubble JSON file,
# side by side, and prints one SUMMARY line with both rates and their ratio (DESIGN target: >= 0.8).
# The workload (1,000,000 lines, 1,000 policies) is generated under ops/benchmarks/target/workload when missing.
#   ops/benchmarks/replay-timing.sh                       # plain, reader, decide, replay; best of 2 rounds
#   ops/benchmarks/replay-timing.sh --rounds 3 --steps plain,replay,replay-launcher
#   ops/benchmarks/replay-timing.sh --lines 200000        # a smaller file (regenerated)
# Environment: JMH_NO_BUILD=1 skips the build; MVN_OPTS adds Maven options (for example -o for offline).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ "${JMH_NO_BUILD:-0}" != "1" ]; then
  (cd "$root" && mvn -q ${MVN_OPTS:-} -pl ops/benchmarks -am package -DskipTests)
fi
exec java -Xmx1g -cp "$here/target/classes:$here/target/lib/*" io.flowaudit.benchmarks.ReplayTiming \
  --dir "$here/target/workload" "$@"
