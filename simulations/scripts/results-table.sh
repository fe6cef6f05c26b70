#!/usr/bin/env bash
# Runs every shipped scenario (Leasehold and the baselines) and prints the results table of
# simulations/README.md in Markdown, one row per system, from the JSON summaries.
#
#   simulations/scripts/results-table.sh [OUT_DIR]          # JSON files kept in OUT_DIR (default: a temp dir)
#
# Every scenario runs its full duration (million-keys and million-keys-wait take ~1 min each on 2 cores).
# Needs python3 for the formatting. The wall-time column is only comparable on an idle machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
scenarios=(steady-skewed follow-the-sun flash-crowd hot-key region-partition regional-faults
           coordinator-failover rule-change key-flood million-keys million-keys-wait)
for s in "${scenarios[@]}"; do
  "$root/leasehold" simulate --scenario "$root/simulations/scenarios/$s.yaml" --json "$out/$s.json" >&2
done
python3 - "$out" "${scenarios[@]}" <<'PY'
import json, sys, os
out, names = sys.argv[1], sys.argv[2:]
def f(v, d=2):
    return "–" if v is None else f"{v:.{d}f}"
print("| scenario | system | over max % | over p99.9 % | util % | conv p99 ms | false rej % | false adm % "
      "| ctrl msg/edge/s | store ops/dec | p99 wait ms | wall s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in names:
    doc = json.load(open(os.path.join(out, name + ".json")))
    for i, s in enumerate(doc["systems"]):
        label = f"{name} ({s['virtual_seconds']:.0f} s)" if i == 0 else ""
        system = f"**{s['system']}**" if s["system"] == "leasehold" else s["system"]
        conv = s["convergence_p99_ms"]
        print(f"| {label} | {system} | {f(s['over_admission_max_pct'])} | {f(s['over_admission_p999_pct'])} "
              f"| {f(s['utilization_pct'], 1)} | {'–' if conv is None else f'{conv:.0f}'} "
              f"| {f(s['false_reject_pct'], 1)} | {f(s['false_admit_pct'], 1)} "
              f"| {f(s['control_messages_per_edge_per_s'], 1)} | {f(s['store_ops_per_decision'], 4)} "
              f"| {f(s['decision_latency_p99_ms'], 1)} | {f(s['wall_seconds'], 1)} |")
PY
