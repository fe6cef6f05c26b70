#!/usr/bin/env bash
# Sidecar overhead on loopback (issue 3): the same edge sidecar in front of the same upstream, once
# with limiting on (a per-key rule over 10k keys whose limits are never reached, so everything is
# allowed) and once with limiting off (no rules), measured with wrk in one run. Prints both
# throughputs and p99 latencies and ends with `throughput_ratio=<on/off>` (target >= 0.90).
#
#   edge-limiter/bench/overhead.sh            10 s per measurement after a 3 s warm-up
#   DURATION=30s CONNECTIONS=64 ROUNDS=2 edge-limiter/bench/overhead.sh
#
# Needs wrk (Debian: apt-get install -y wrk). Listens on 127.0.0.1 only; every process it starts is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
INSTANCES=${INSTANCES:-1}
ROUNDS=${ROUNDS:-1}
UPSTREAM_PORT=${UPSTREAM_PORT:-18201}
EDGE_PORT=${EDGE_PORT:-18202}

command -v wrk >/dev/null || { echo "wrk is required: apt-get install -y wrk" >&2; exit 2; }

./mvnw -B -q -o -pl edge-limiter -am test-compile
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
./mvnw -B -q -o -pl edge-limiter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp"
classpath="edge-limiter/target/test-classes:edge-limiter/target/classes:shared-model/target/classes:$(cat "$work/cp")"
jvm=(java -Xms512m -Xmx512m -XX:+UseParallelGC -cp "$classpath")

cat > "$work/on.yaml" <<'YAML'
rules:
  - id: api-per-key
    match: { path: "/**" }
    key: header:X-Api-Key
    scope: edge
    limits:
      - { rate: 1000000000/s }
      - { rate: 1000000000/h }
YAML
echo "rules: []" > "$work/off.yaml"
for mode in on off; do
  cat > "$work/edge-$mode.yaml" <<YAML
listen: { host: 127.0.0.1, port: $EDGE_PORT }
upstream: { url: "http://127.0.0.1:$UPSTREAM_PORT", pool_size: 64 }
rules_file: $mode.yaml
standalone: true
instances: $INSTANCES
YAML
done
cat > "$work/keys.lua" <<'LUA'
-- 10k distinct API keys, round robin: every request is a lookup of an active key.
local i = 0
request = function()
  i = (i + 1) % 10000
  return wrk.format("GET", "/api/items", { ["X-Api-Key"] = "key-" .. i })
end
LUA

"${jvm[@]}" io.leasehold.edge.bench.OverheadUpstream "$UPSTREAM_PORT" > "$work/upstream.log" 2>&1 &
pids+=($!)

wait_ready() {
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$EDGE_PORT/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "sidecar did not become ready" >&2; cat "$work"/edge-*.log >&2; exit 1
}

# Prints "<requests/s> <p99 ms>" for one wrk run against the sidecar.
measure() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/keys.lua" "http://127.0.0.1:$EDGE_PORT/" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/keys.lua" "http://127.0.0.1:$EDGE_PORT/")
  if grep -q "Non-2xx" <<<"$out"; then echo "unexpected non-2xx responses:" >&2; echo "$out" >&2; exit 1; fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

declare -A total_rps
for mode in on off; do total_rps[$mode]=0; done
for round in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    "${jvm[@]}" io.leasehold.edge.EdgeCommand --config "$work/edge-$mode.yaml" > "$work/edge-$mode.log" 2>&1 &
    edge=$!
    pids+=($edge)
    wait_ready
    read -r rps p99 < <(measure)
    kill "$edge"; wait "$edge" 2>/dev/null || true
    printf 'round %d limiting=%-3s throughput=%10.1f req/s  p99=%.3f ms\n' "$round" "$mode" "$rps" "$p99"
    total_rps[$mode]=$(awk -v a="${total_rps[$mode]}" -v b="$rps" 'BEGIN {print a + b}')
    eval "p99_$mode=$p99"
  done
done
echo "limiting_on_throughput=$(awk -v t="${total_rps[on]}" -v n="$ROUNDS" 'BEGIN {printf "%.1f", t / n}')"
echo "limiting_off_throughput=$(awk -v t="${total_rps[off]}" -v n="$ROUNDS" 'BEGIN {printf "%.1f", t / n}')"
echo "limiting_on_p99_ms=$p99_on"
echo "limiting_off_p99_ms=$p99_off"
echo "throughput_ratio=$(awk -v a="${total_rps[on]}" -v b="${total_rps[off]}" 'BEGIN {printf "%.3f", a / b}')"
