#!/usr/bin/env python3
"""NumPy reference of flrepro's coupled mean-field Langevin dynamics (`mfld.coupled`) for `make bench`.

The same update and the same sizes as `flrepro-bench mfld THREADS`
(Sources/flrepro-bench/MeanFieldLangevinBenchmark.swift), float64, CPU:

    f_N(x) = (1/N) sum_i a_i tanh(w_i . x + b_i),   r_j = f_N(x_j) - y_j,
    theta_i <- theta_i - eta [ (1/n) sum_j r_j grad_theta(a tanh(w . x_j + b))|theta_i + lambda' theta_i ]
               + sqrt(2 eta lambda) xi_i,

for a reference system of M particles and systems of widths N started from the reference's first N
particles; at every update one M x (d + 2) array of standard normals is drawn and the width-N systems
use its first N rows (shared increments). Per system and update, written out by hand:

    H = X W^T + 1 b^T (n x N, one gemm),  T = tanh H,  f = T a / N,  r = f - y
    grad_a = T^T r / n,  U = (1 - T*T) * r 1^T,  grad_W = a * (U^T X) / n (one gemm),  grad_b = a * U^T 1 / n

The loss and the test outputs f_N(X*) are evaluated at the recorded states 0 and `steps`, and at the end
E_fun(N) = mean_k (f_N(x*_k) - f_M(x*_k))^2 and D_par(N) = (1/N) |theta^N - theta^M_{<N}|^2, as flrepro does.
Sizes: d = 8, n = 512, M = 4096, N in {256, 1024}, 512 test inputs, 20 updates, step 0.1, lambda = 0.01,
lambda' = 0.05 (the Swift benchmark's settings; the data are drawn with NumPy, same distributions).
Noise: numpy.random.Generator(PCG64).standard_normal.

Threads: each thread count runs in a fresh subprocess with OMP_NUM_THREADS = OPENBLAS_NUM_THREADS =
MKL_NUM_THREADS = t (set before numpy is imported; only the gemms are multithreaded in NumPy).
Timing: one warm-up run, then the best of 3 runs (each run builds the systems from the initial particles
and does all the updates, as the Swift benchmark does). One JSON line per thread count on stdout:
    {"benchmark": "mfld-coupled", "implementation": "numpy", "threads": T, ..., "coupled_steps_per_second": ...,
     "particle_steps_per_second": ...}
with particle steps = steps * (M + sum N).

Usage:
    python3 benchmarks/mfld_reference.py [--threads 1,2] [--steps 20] [--repeats 3]
    python3 benchmarks/mfld_reference.py --check     # gradient against central differences; exits 1 on failure
"""
import argparse
import json
import os
import subprocess
import sys
import time

D, NTRAIN, NTEST, M, WIDTHS = 8, 512, 512, 4096, [256, 1024]
ETA, LAMBDA, DECAY = 0.1, 0.01, 0.05


def make_problem(np, d, n, q, m, seed=1):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal((n, d)), rng.standard_normal(n)
    xt, yt = rng.standard_normal((q, d)), rng.standard_normal(q)
    theta = np.empty((m, d + 2))
    theta[:, 0] = rng.standard_normal(m)
    theta[:, 1:d + 1] = rng.standard_normal((m, d)) / np.sqrt(d)
    theta[:, d + 1] = rng.standard_normal(m)
    return x, y, xt, yt, theta


class System:
    """One system of N particles, rows [a, w_1..w_d, b], with preallocated work arrays."""

    def __init__(self, np, theta, x, y):
        self.np = np
        self.theta = np.array(theta, dtype=np.float64, order="C")
        self.x, self.y = x, y
        n, N = x.shape[0], theta.shape[0]
        self.h = np.empty((n, N))
        self.s = np.empty((n, N))
        self.grad = np.empty_like(self.theta)
        self.ones = np.ones(n)

    def outputs(self, x, out=None):
        """f_N on the rows of x (tanh of the pre-activations left in out)."""
        np, th = self.np, self.theta
        d = x.shape[1]
        h = np.matmul(x, th[:, 1:d + 1].T, out=out)
        h += th[:, d + 1]
        np.tanh(h, out=h)
        return (h @ th[:, 0]) / th.shape[0], h

    def gradient(self):
        """Every particle's (1/n) sum_j r_j grad(a tanh(w.x_j + b)); returns the residuals."""
        np, th, x, g = self.np, self.theta, self.x, self.grad
        n, d = x.shape
        f, t = self.outputs(x, out=self.h)
        r = f - self.y
        a = th[:, 0]
        np.matmul(r, t, out=g[:, 0])                # sum_j r_j tanh_ij
        u = np.multiply(t, t, out=self.s)
        np.subtract(1.0, u, out=u)                   # sech^2
        u *= r[:, None]
        np.matmul(u.T, x, out=g[:, 1:d + 1])         # sum_j r_j sech^2_ij x_j
        g[:, 1:d + 1] *= a[:, None]
        np.matmul(self.ones, u, out=g[:, d + 1])     # sum_j r_j sech^2_ij
        g[:, d + 1] *= a
        g *= 1.0 / n
        return r

    def step(self, xi, eta, sigma, decay):
        th, g = self.theta, self.grad
        self.gradient()
        g += decay * th
        g *= eta
        th -= g
        th += sigma * xi


def run_coupled(np, x, y, xt, yt, theta0, widths, steps, seed, eta=ETA, lam=LAMBDA, decay=DECAY):
    """The coupled run; returns (E_fun, D_par, reference test error), each at the recorded states [0, steps]."""
    m, cols = theta0.shape
    rng = np.random.default_rng([seed, 7])
    systems = [System(np, theta0, x, y)] + [System(np, theta0[:w], x, y) for w in widths]
    sigma = np.sqrt(2 * eta * lam)
    record = [0, steps]
    tests = [[] for _ in systems]
    snaps = [[] for _ in systems]
    for t in range(steps + 1):
        if t in record:
            for k, s in enumerate(systems):
                tests[k].append(s.outputs(xt)[0])
                snaps[k].append(s.theta.copy())
        if t == steps:
            break
        xi = rng.standard_normal((m, cols))
        for s in systems:
            s.step(xi[:s.theta.shape[0]], eta, sigma, decay)
    e_fun = [[float(np.mean((tests[k][i] - tests[0][i]) ** 2)) for i in range(len(record))] for k in range(1, len(systems))]
    d_par = [[float(np.sum((snaps[k][i] - snaps[0][i][:w]) ** 2) / w) for i in range(len(record))]
             for k, w in zip(range(1, len(systems)), widths)]
    test_error = [float(np.mean((tests[0][i] - yt) ** 2)) for i in range(len(record))]
    return e_fun, d_par, test_error


def worker(threads, steps, repeats):
    import numpy as np
    x, y, xt, yt, theta0 = make_problem(np, D, NTRAIN, NTEST, M)
    run_coupled(np, x, y, xt, yt, theta0, WIDTHS, 2, seed=1)   # warm-up
    best, cpu = float("inf"), 0.0
    for _ in range(repeats):
        c0, t0 = os.times(), time.perf_counter()
        run_coupled(np, x, y, xt, yt, theta0, WIDTHS, steps, seed=1)
        t1, c1 = time.perf_counter(), os.times()
        if t1 - t0 < best:
            best = t1 - t0
            cpu = (c1.user + c1.system - c0.user - c0.system) / best
    particles = M + sum(WIDTHS)
    print(json.dumps({"benchmark": "mfld-coupled", "implementation": "numpy", "threads": threads, "d": D, "n": NTRAIN,
                      "M": M, "widths": WIDTHS, "steps": steps, "seconds": best,
                      "coupled_steps_per_second": steps / best,
                      "particle_steps_per_second": steps * particles / best,
                      "cpu_utilization": cpu, "numpy": np.__version__}), flush=True)


def check():
    """The hand-written gradient against central differences of N * loss, and E_fun = 0 for N = M."""
    import numpy as np
    d, n, m = 3, 7, 5
    x, y, xt, yt, theta = make_problem(np, d, n, 4, m, seed=3)

    def loss(th):
        f = np.tanh(x @ th[:, 1:d + 1].T + th[:, d + 1]) @ th[:, 0] / m
        return 0.5 * np.mean((f - y) ** 2)

    s = System(np, theta, x, y)
    s.gradient()
    worst = 0.0
    for i in range(m):
        for c in range(d + 2):
            p, q = theta.copy(), theta.copy()
            p[i, c] += 1e-5
            q[i, c] -= 1e-5
            numeric = m * (loss(p) - loss(q)) / 2e-5
            worst = max(worst, abs(s.grad[i, c] - numeric) / max(1.0, abs(numeric)))
    e_fun, d_par, _ = run_coupled(np, x, y, xt, yt, theta, [m, 2], 5, seed=2)
    ok = worst < 1e-8 and e_fun[0] == [0.0, 0.0] and d_par[0] == [0.0, 0.0] and d_par[1][-1] > 0
    print(json.dumps({"check": "mfld", "gradient_relative_error": worst, "e_fun_N_eq_M": e_fun[0], "ok": ok}))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--_worker", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.check:
        return 0 if check() else 1
    if a._worker is not None:
        worker(a._worker, a.steps, a.repeats)
        return 0
    rc = 0
    for t in [int(s) for s in a.threads.split(",") if s.strip()]:
        env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--_worker", str(t), "--steps", str(a.steps),
                            "--repeats", str(a.repeats)], env=env)
        if p.returncode != 0:
            print(f"mfld_reference.py: worker threads={t} failed ({p.returncode})", file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
