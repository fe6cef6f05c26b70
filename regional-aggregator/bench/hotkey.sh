#!/usr/bin/env bash
# One hot key in one region: aggregator + real redis-server + simulated edges, next to a baseline that
# runs a Redis token-bucket function per request. Bounded: about 2 × (seconds + 1) s plus start-up.
#   regional-aggregator/bench/hotkey.sh [seconds=5] [limitPerSecond=2000000] [edges=4] [syncMillis=100] [baselineInFlight=64]
# Needs redis-server on PATH (or LEASEHOLD_TEST_REDIS_URL). Ends with the line
#   redis_commands_per_decision=<x> hot_key_decisions_per_s=<n> baseline_decisions_per_s=<n>
set -euo pipefail
cd "$(dirname "$0")/../.."

./mvnw -B -q -o -pl regional-aggregator -am test-compile
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -o -pl regional-aggregator dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
classpath="regional-aggregator/target/test-classes:regional-aggregator/target/classes:shared-model/target/test-classes:shared-model/target/classes:$(cat "$classpath_file")"

exec java -Xms512m -Xmx1g -Djava.util.logging.config.file=/dev/null -cp "$classpath" \
  io.leasehold.aggregator.bench.HotKeyBench "$@"
