#!/usr/bin/env python3
"""Prints the `make bench` tables from the JSON lines of flrepro-bench and the reference scripts."""
import json
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


mine, ref = load(sys.argv[1]), load(sys.argv[2])

plan = next(r for r in mine if r.get("benchmark") == "planner")
plan_ref = next(r for r in ref if r.get("benchmark") == "planner-python-reference")
print("Planner: load + expand + content keys")
print(f"  {plan['tasks']} tasks: flrepro {plan['seconds']:.3f} s, Python reference {plan_ref['seconds']:.3f} s "
      f"(flrepro {plan_ref['seconds'] / plan['seconds']:.1f}x faster); target < 2 s: {'met' if plan['seconds'] < 2 else 'MISSED'}")
print()

dgemm = {r["threads"]: r["gflops"] for r in mine if r.get("impl") == "flrepro-dgemm"}
rows = [r for r in mine if r.get("impl") == "flrepro"]
def find(impl, r):
    for x in ref:
        if x.get("impl") == impl and x.get("size") == r["size"] and x.get("chains") == r["chains"] and x.get("threads") == r["threads"]:
            return x
    return None

print("SGLD, erf network, full batch, float64: chain-steps per second")
print(f"  dgemm ((2000x784)·(784x1000)) measured in this run: " + ", ".join(f"{t} thread{'s' if t > 1 else ''}: {g:.1f} GFLOP/s" for t, g in sorted(dgemm.items())))
head = f"  {'size':<6}{'chains':>7}{'thr':>4}{'flrepro':>11}{'JAX':>10}{'NumPy':>10}{'vs JAX':>8}{'vs NumPy':>9}{'dgemm bound':>13}{'target':>18}"
print(head)
for r in rows:
    j, n = find("jax", r), find("numpy", r)
    rate = r["chain_steps_per_second"]
    jr = j["chain_steps_per_second"] if j else float("nan")
    nr = n["chain_steps_per_second"] if n else float("nan")
    gemm_flops = 4.0 * r["P"] * r["D"] * r["N"]
    bound = dgemm[r["threads"]] * 1e9 / gemm_flops if r["threads"] in dgemm else float("nan")
    frac = rate / bound
    if r["size"] == "large":
        target = f"≥90% bound: {'met' if frac >= 0.9 else 'MISSED'}"
    else:
        target = f"≥2x JAX: {'met' if rate >= 2 * jr else 'MISSED'}"
    print(f"  {r['size']:<6}{r['chains']:>7}{r['threads']:>4}{rate:>11.1f}{jr:>10.1f}{nr:>10.1f}{rate / jr:>7.1f}x{rate / nr:>8.1f}x{100 * frac:>12.0f}%  {target}")
print("  dgemm bound = dgemm rate / (4·P·D·N FLOPs of the forward and ∇V matrix products per chain step)")

mf = [r for r in mine if r.get("benchmark") == "mf-particles"]
if mf:
    print("\nMean-field particle step vs SGLD step (same d, P, M = N; 1 thread)")
    for r in mf:
        print(f"  {r['size']:<6} d={r['d']:<3} P={r['P']:<5} M=N={r['M']:<4} particle {1e3 * r['particle_step_seconds']:.3f} ms"
              f"  SGLD {1e3 * r['sgld_step_seconds']:.3f} ms  ratio {r['ratio']:.2f}")

mfld = [r for r in mine if r.get("benchmark") == "mfld-coupled"]
mfld_numpy = {r["threads"]: r for r in ref if r.get("benchmark") == "mfld-coupled" and r.get("implementation") == "numpy"}
if mfld:
    r0 = mfld[0]
    print(f"\nCoupled mean-field Langevin systems (mfld.coupled): particle-steps per second")
    print(f"  d={r0['d']} n={r0['n']} reference M={r0['M']} + widths N={r0['widths']} (shared increments), {r0['steps']} steps, best of 3;"
          f" NumPy: benchmarks/mfld_reference.py, the same update")
    best_numpy = max((x["particle_steps_per_second"] for x in mfld_numpy.values()), default=float("nan"))
    print(f"  {'thr':>5}{'flrepro':>11}{'NumPy':>11}{'vs NumPy':>10}{'vs best NumPy':>15}  target")
    for r in mfld:
        n = mfld_numpy.get(r["threads"])
        rate = r["particle_steps_per_second"]
        nr = n["particle_steps_per_second"] if n else float("nan")
        ratio = rate / nr
        target = f"≥3x NumPy: {'met' if ratio >= 3 else 'MISSED'}"
        print(f"  {r['threads']:>5}{rate:>11,.0f}{nr:>11,.0f}{ratio:>9.1f}x{rate / best_numpy:>14.1f}x  {target}")
    print("  vs best NumPy = against NumPy's faster thread count (OpenBLAS threads slow NumPy down at these sizes)")
