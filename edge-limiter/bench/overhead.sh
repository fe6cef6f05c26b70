#!/usr/bin/env bash
# Sidecar overhead on loopback (issue 3): the same edge sidecar in front of the same upstream, once
# with limiting on (a per-key rule over 10k keys whose limits are never reached, so everything is
# allowed) and once with limiting off (no rules), measured with wrk in one run. Prints both
# throughputs and p99 latencies and ends with `throughput_ratio=<on/off>` (target >= 0.90).
#
#   edge-limiter/bench/overhead.sh       both sidecars warmed up 20 s, then on/off measured
#                                        alternately, 3 rounds of 10 s each (about 2 minutes)
#   DURATION=30s CONNECTIONS=64 ROUNDS=3 edge-limiter/bench/overhead.sh
#
# Needs wrk (Debian: apt-get install -y wrk). Listens on 127.0.0.1 only; every process it starts is
# stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
INSTANCES=${INSTANCES:-1}
ROUNDS=${ROUNDS:-3}
UPSTREAM_PORT=${UPSTREAM_PORT:-18201}
ALLOWED_HEADERS=${ALLOWED_HEADERS:-true}   # rate-limit headers on allowed responses (limiting on)
EDGE_ON_PORT=${EDGE_ON_PORT:-18202}
EDGE_OFF_PORT=${EDGE_OFF_PORT:-18203}

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
      - { rate: 100000000/s }
      - { rate: 1000000000/h }
YAML
echo "rules: []" > "$work/off.yaml"
for mode in on off; do
  port=$EDGE_ON_PORT
  [[ $mode == off ]] && port=$EDGE_OFF_PORT
  cat > "$work/edge-$mode.yaml" <<YAML
listen: { host: 127.0.0.1, port: $port }
upstream: { url: "http://127.0.0.1:$UPSTREAM_PORT", pool_size: 64 }
rules_file: $mode.yaml
standalone: true
instances: $INSTANCES
headers: { on_allowed: $ALLOWED_HEADERS }
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
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "sidecar on port $1 did not become ready" >&2; cat "$work"/edge-*.log >&2; exit 1
}

# Prints "<requests/s> <p99 ms>" for one wrk run against the sidecar on port $1.
measure() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/keys.lua" "http://127.0.0.1:$1/")
  if grep -q -E "Non-2xx|timeout [1-9]" <<<"$out"; then echo "unexpected errors:" >&2; echo "$out" >&2; exit 1; fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

# Both sidecars run for the whole measurement: each is warmed up (JIT), then they are measured
# alternately so that load from elsewhere on the machine hits both alike.
declare -A port=([on]=$EDGE_ON_PORT [off]=$EDGE_OFF_PORT) total_rps=([on]=0 [off]=0) worst_p99=([on]=0 [off]=0)
for mode in on off; do
  "${jvm[@]}" io.leasehold.edge.EdgeCommand --config "$work/edge-$mode.yaml" > "$work/edge-$mode.log" 2>&1 &
  pids+=($!)
done
for mode in on off; do
  wait_ready "${port[$mode]}"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/keys.lua" "http://127.0.0.1:${port[$mode]}/" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    read -r rps p99 < <(measure "${port[$mode]}")
    printf 'round %d limiting=%-3s throughput=%10.1f req/s  p99=%.3f ms\n' "$round" "$mode" "$rps" "$p99"
    total_rps[$mode]=$(awk -v a="${total_rps[$mode]}" -v b="$rps" 'BEGIN {print a + b}')
    worst_p99[$mode]=$(awk -v a="${worst_p99[$mode]}" -v b="$p99" 'BEGIN {print (b > a ? b : a)}')
  done
done
echo "limiting_on_throughput=$(awk -v t="${total_rps[on]}" -v n="$ROUNDS" 'BEGIN {printf "%.1f", t / n}')"
echo "limiting_off_throughput=$(awk -v t="${total_rps[off]}" -v n="$ROUNDS" 'BEGIN {printf "%.1f", t / n}')"
echo "limiting_on_p99_ms=${worst_p99[on]}"
echo "limiting_off_p99_ms=${worst_p99[off]}"
echo "throughput_ratio=$(awk -v a="${total_rps[on]}" -v b="${total_rps[off]}" 'BEGIN {printf "%.3f", a / b}')"
