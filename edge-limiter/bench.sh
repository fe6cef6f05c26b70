#!/usr/bin/env bash
# Runs the edge-limiter JMH benchmark: a full edge decision (rule matching, key lookup over 1M
# active keys, token check and debit on two limits) on 1 and 2 threads, and on 64 hot keys.
#   edge-limiter/bench.sh quick [JMH args...]   bounded run, about 3 minutes (setup of 1M leased keys included)
#   edge-limiter/bench.sh [full] [JMH args...]  longer run for figures worth quoting
#   edge-limiter/bench.sh cpu [pool|arrivals|hot] [threads] [seconds]
#                                               CPU time per decision (DecisionCpuTime): robust to a shared host
# Extra arguments go to org.openjdk.jmh.Main, e.g. a benchmark regex or -p keys=65536.
# Modes: Throughput (ops/us) and SampleTime (latency percentiles, us); -prof gc reports B/op.
# The heap uses transparent huge pages (as recommended for the sidecar, README "Performance"): the
# lease table's slab is 128 MiB at 1M keys, and with 4 KiB pages nearly every lookup is a TLB miss too.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
if [[ $# -gt 0 && ( $1 == quick || $1 == full || $1 == cpu ) ]]; then
  mode=$1
  shift
fi

./mvnw -B -q -o -pl edge-limiter -am test-compile
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -o -pl edge-limiter dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
classpath="edge-limiter/target/test-classes:edge-limiter/target/classes:shared-model/target/classes:$(cat "$classpath_file")"

if [[ $mode == cpu ]]; then
  exec java -Xms3g -Xmx3g -XX:+UseTransparentHugePages -cp "$classpath" io.leasehold.edge.bench.DecisionCpuTime "$@"
fi

if [[ $mode == quick ]]; then
  budget=(-f 1 -wi 1 -w 3s -i 2 -r 3s)
else
  budget=(-f 2 -wi 3 -w 5s -i 5 -r 5s)
fi

exec java -cp "$classpath" org.openjdk.jmh.Main \
  "${budget[@]}" -prof gc -jvmArgs "-Xms3g -Xmx3g -XX:+UseTransparentHugePages" \
  -rf json -rff edge-limiter/target/jmh-result.json \
  "${@:-io.leasehold.edge.bench.*}"
