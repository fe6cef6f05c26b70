#!/usr/bin/env bash
# Edge decision: Leasehold vs Bucket4j local bucket vs resilience4j AtomicRateLimiter (JMH, -prof gc),
# one hot key and 1M keys, 1 and 2 threads. Prints a markdown table (benchmarks/target/edge-table.md).
#   benchmarks/run-edge.sh [quick|full] [JMH regex=EdgeDecisionBenchmark]
# quick (default): 1 fork, 1×1 s warm-up, 3×1 s measured per row: about 6 minutes in all (mostly the
#   1M-key setups). full: 2 forks, 3×3 s + 5×3 s.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=quick
if [[ $# -gt 0 && ( $1 == quick || $1 == full ) ]]; then
  mode=$1
  shift
fi
regex=${1:-EdgeDecisionBenchmark}

./mvnw -B -q -o -pl benchmarks -am test-compile -Dmaven.test.skip.exec=true >/dev/null
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -o -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >/dev/null
classpath="benchmarks/target/test-classes:$(cat "$classpath_file")"

if [[ $mode == quick ]]; then
  budget=(-f 1 -wi 1 -w 1s -i 3 -r 1s)
else
  budget=(-f 2 -wi 3 -w 3s -i 5 -r 3s)
fi

results=()
for threads in 1 2; do
  out=benchmarks/target/jmh-edge-t$threads.json
  java -cp "$classpath" org.openjdk.jmh.Main "${budget[@]}" -t "$threads" -prof gc \
    -jvmArgs "-Xms3g -Xmx3g" -rf json -rff "$out" "io.leasehold.bench.edge.$regex" >&2
  results+=("$out")
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" | tee benchmarks/target/edge-table.md
java -cp "$classpath" io.leasehold.bench.edge.JmhTable "${results[@]}" | tee -a benchmarks/target/edge-table.md
