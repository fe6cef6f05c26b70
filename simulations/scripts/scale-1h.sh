#!/usr/bin/env bash
# The scale run of issue #6: scenarios/scale-1h.yaml (5 regions × 50 edges × 2 aggregator
# replicas, one hour of virtual time, Zipf keys) against the production cores only — the
# baselines would add wall time without telling anything about the cores' speed.
#
#   simulations/scripts/scale-1h.sh [extra simulate options, e.g. --duration 300 --json out.json]
#
# Prints the load average before and after (the figure is only comparable on an idle machine)
# and, as the simulate command's last line, virtual_seconds=… wall_seconds=… virtual_over_wall=….
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
echo "cpus: $(nproc)  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/leasehold" simulate --scenario "$root/simulations/scenarios/scale-1h.yaml" --systems leasehold "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
