#!/usr/bin/env bash
# Regional path: Leasehold (edges with leases + aggregator + redis-server) vs a Redis token-bucket script per
# request vs Bucket4j's Redis backend over Lettuce; one hot key and Zipf keys; one run, one redis-server.
# Prints a markdown table (also in benchmarks/target/regional-table.md).
#   benchmarks/run-regional.sh [seconds=6] [callers=2] [inFlight=64] [syncMillis=100] [zipfKeys=10000] [zipfExponent=1.0]
# Bounded: 6 runs × (2 s warm-up + seconds) plus start-up — about 1 minute at the defaults (seconds ≤ 20).
# Needs redis-server on PATH (or LEASEHOLD_TEST_REDIS_URL=redis://host:port).
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -o -pl benchmarks -am test-compile -Dmaven.test.skip.exec=true >/dev/null
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -o -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="benchmarks/target/test-classes:$(cat "$classpath_file")"

mkdir -p benchmarks/target
java -Xms1g -Xmx2g -Djava.util.logging.config.file=/dev/null -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" io.leasehold.bench.regional.RegionalPathBench "$@" | tee benchmarks/target/regional-table.md
