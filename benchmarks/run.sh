#!/usr/bin/env bash
# `make bench`: flrepro's benchmarks beside reference implementations measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product flrepro-bench >/dev/null
N=${BENCH_PLAN_N:-1000}; M=${BENCH_PLAN_M:-100}
swift_line=$(.build/release/flrepro-bench plan "$N" "$M")
py_line=$(python3 benchmarks/reference_planner.py "$N" "$M")
python3 - "$swift_line" "$py_line" <<'PY'
import json, sys
s, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'benchmark':<34}{'tasks':>9}{'flrepro s':>12}{'reference s':>13}{'ratio':>9}{'target':>14}")
ratio = p["seconds"] / s["seconds"]
ok = "met" if s["seconds"] < 2.0 else "MISSED"
print(f"{'plan (load + expand + keys)':<34}{s['tasks']:>9}{s['seconds']:>12.3f}{p['seconds']:>13.3f}{ratio:>8.1f}x{'< 2 s: ' + ok:>14}")
print("reference: benchmarks/reference_planner.py (Python, same expansion and SHA-256 pre-images); ratio = reference/flrepro time")
PY
