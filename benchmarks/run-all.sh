#!/usr/bin/env bash
# Every side-by-side benchmark, bounded: edge decision (JMH quick, ~6 min), regional path (~1 min), and the
# sidecar overhead script of the edge module when it exists. Tables go to stdout and benchmarks/target/*.md.
#   benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "## Edge decision"
benchmarks/run-edge.sh quick
echo
echo "## Regional path"
benchmarks/run-regional.sh
echo
echo "## Sidecar overhead"
if [[ -x edge-limiter/bench/overhead.sh ]]; then
  edge-limiter/bench/overhead.sh
else
  echo "pending: edge-limiter/bench/overhead.sh is not on this branch yet (the edge sidecar issue ships it)"
fi
