#!/usr/bin/env bash
# Runs the shared-model JMH benchmarks (token bucket, sliding window, 1M buckets).
#   shared-model/bench.sh quick [JMH args...]   bounded run, about 1.5 minutes
#   shared-model/bench.sh [full] [JMH args...]  longer run for figures worth quoting
# Extra arguments go to org.openjdk.jmh.Main, e.g. a benchmark regex: bench.sh quick Hot
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
if [[ $# -gt 0 && ( $1 == quick || $1 == full ) ]]; then
  mode=$1
  shift
fi

./mvnw -B -q -o -pl shared-model -am test-compile
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
./mvnw -B -q -o -pl shared-model dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
classpath="shared-model/target/test-classes:shared-model/target/classes:$(cat "$classpath_file")"

if [[ $mode == quick ]]; then
  budget=(-f 1 -wi 1 -w 2s -i 2 -r 2s)
else
  budget=(-f 2 -wi 3 -w 5s -i 5 -r 5s)
fi

exec java -cp "$classpath" org.openjdk.jmh.Main \
  "${budget[@]}" -prof gc -jvmArgs "-Xms2g -Xmx2g" \
  -rf json -rff shared-model/target/jmh-result.json \
  "${@:-io.leasehold.model.bench.*}"
