#!/usr/bin/env bash
# `make bench`: flrepro's benchmarks beside reference implementations measured in the same run.
#   BENCH_QUICK=1   short runs (small and rubin sizes only)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product flrepro-bench >/dev/null
BIN=.build/release/flrepro-bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Python references (JAX, NumPy) in their own virtual environment.
if [ ! -x benchmarks/.venv/bin/python ]; then
  python3 -m venv benchmarks/.venv
  benchmarks/.venv/bin/pip install -q -r benchmarks/requirements.txt
fi

# 1. Planner.
N=${BENCH_PLAN_N:-1000}; M=${BENCH_PLAN_M:-100}
$BIN plan "$N" "$M" > "$out/flrepro.jsonl"
python3 benchmarks/reference_planner.py "$N" "$M" > "$out/reference.jsonl"

# 2. SGLD chain-steps per second, and dgemm for the bound.
sizes="small rubin large"; [ "${BENCH_QUICK:-0}" = 1 ] && sizes="small rubin"
for t in 1 2; do
  $BIN dgemm "$t" >> "$out/flrepro.jsonl"
  for s in $sizes; do for c in 1 8; do $BIN sgld "$s" "$c" "$t" >> "$out/flrepro.jsonl"; done; done
done
# 3. Mean-field particle step against an SGLD step of the same size (prints the ratio).
$BIN mfparticles >> "$out/flrepro.jsonl"
# 4. Coupled mean-field Langevin systems (mfld.coupled): steps per second.
for t in 1 2; do $BIN mfld "$t" >> "$out/flrepro.jsonl"; done
# 5. The same coupled update in NumPy (benchmarks/mfld_reference.py), one fresh process per thread count.
benchmarks/.venv/bin/python benchmarks/mfld_reference.py --threads 1,2 >> "$out/reference.jsonl" \
  2> "$out/reference-mfld.err" || { cat "$out/reference-mfld.err" >&2; exit 1; }

quick=""; [ "${BENCH_QUICK:-0}" = 1 ] && quick="--quick"
benchmarks/.venv/bin/python benchmarks/sgld_reference.py --sizes "$(echo $sizes | tr ' ' ,)" --chains 1,8 --threads 1,2 $quick \
  > "$out/reference-sgld.jsonl" 2> "$out/reference-sgld.err" || { cat "$out/reference-sgld.err" >&2; exit 1; }
cat "$out/reference-sgld.jsonl" >> "$out/reference.jsonl"

python3 benchmarks/report.py "$out/flrepro.jsonl" "$out/reference.jsonl"
