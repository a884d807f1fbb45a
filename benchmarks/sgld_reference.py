#!/usr/bin/env python3
"""Python reference implementations of flrepro's Langevin (SGLD) step for `make bench`.

The same full-batch Langevin update as flrepro, written twice: in JAX (jit-compiled
`lax.scan` over steps, `vmap` over chains) and in NumPy (a plain Python loop over
steps). Each configuration is timed in its own subprocess so that thread limits can
be set before numpy/jax are imported. One JSON object per line goes to stdout.

Model (float64, CPU)
--------------------
    f(x) = sum_i w_i phi(v_i . x),   V in R^{N x D}, w in R^N, X in R^{P x D}, y in R^P
    U(theta) = L/T + |V|^2 / (2 sigma_V^2) + |w|^2 / (2 sigma_w^2),  L = 1/2 sum_a (y_a - f(x_a))^2
    theta <- theta - eta grad U + sqrt(2 eta) xi,   xi ~ N(0, I) fresh every step (N*D + N normals)
with phi = erf (default) or the identity (--activation linear), sigma_V^2 = 1/D,
sigma_w^2 = 1/N, T = 1, eta = 1e-4. Gradients, written out by hand in both implementations:
    H = X V^T (P x N), A = phi(H), f = A w, r = f - y
    grad_w L = A^T r,   grad_V L = ((r w^T) * phi'(H))^T X   (N x D),   phi'(h) = 2/sqrt(pi) exp(-h^2)

FLOPs per chain step (`flops_per_chain_step`)
---------------------------------------------
Counted from the formulas above, one flop per scalar add/multiply/divide and one per
transcendental (erf, exp); generating the Gaussian noise is not counted:
    2 P D N   forward gemm H = X V^T
    2 P D N   backward gemm grad_V L = G^T X
    2 P N     f = A w
    2 P N     grad_w L = A^T r
    P         r = f - y
    erf only: P N (A = erf H) + 3 P N (phi'(H): square, exp, scale) + 2 P N (G = r w^T * phi')
    linear:   P N (G = r w^T; A = H and phi' = 1 cost nothing)
    7 (N D + N)  grad U = grad L / T + theta / sigma^2 (3) and theta - eta grad U + sqrt(2 eta) xi (4)
so erf: 4PDN + 10PN + P + 7(ND + N); linear: 4PDN + 5PN + P + 7(ND + N). The two gemms are
4PDN of that; `gemm_flops_per_chain_step` is reported separately for a dgemm bound.

The dgemm rate (`numpy-dgemm` line) is NumPy's X @ V^T at the large size's shapes
((P x D) . (D x N) = (2000 x 784) . (784 x 1000)) with the same thread limit.

Thread limits (each configuration runs in a fresh subprocess)
-------------------------------------------------------------
* NumPy/OpenBLAS: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS = t.
* JAX (jaxlib 0.10): the XLA:CPU client sizes its intra-op thread pool (where the dot
  kernels run) with xla::DefaultThreadPoolSize(), which
  reads the environment variable PJRT_NPROC, then NPROC, and otherwise uses
  tsl::port::MaxParallelism() (the CPUs in the process's affinity mask). So PJRT_NPROC=t
  is what limits JAX. `--xla_cpu_multi_thread_eigen=false` (added to XLA_FLAGS for t = 1)
  does not limit it on its own in this version: measured, a 2000x784x1000 f64 dot still
  keeps ~1.8 cores busy with only that flag, and 1.0 with PJRT_NPROC=1. `intra_op_parallelism_threads` is a TensorFlow
  session option, not an XLA flag, and is not set.
* Optional backstop for both (--pin): the worker pins itself to the first t CPUs of its
  affinity mask (os.sched_setaffinity, before importing numpy or jax). Off by default; every
  record carries `cpu_utilization` = process CPU time / wall time of the timed region, which
  shows how many cores were actually busy (~1.0 with 1 thread for both implementations).
* Contention: the machine may be shared. Each timed run also measures `other_cores`, the
  CPU time other processes used meanwhile (from /proc/stat) per wall second; a run that
  saw more than --max-other-cores (0.2) is retried up to 3 times, the fastest run is kept,
  and a record still above the limit gets "contended": true and a warning on stderr.
* OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left as found in the environment and recorded
  in every record, with the OpenBLAS kernel NumPy runs (threadpoolctl) in numpy records.

Timing
------
Step counts are calibrated so one timed run takes ~1.5 s (--quick: 0.25 s), at least one
step (the large size with 8 chains takes ~1.5-3 s a step, so it runs 1-2 steps); a timed
run that came out under half the target is redone once with more steps. NumPy: a
warm-up/calibration run first, then the timed runs continue the same chains. JAX: a short scan is compiled and run twice to calibrate, then the full-length
scan is compiled ahead of time (compile time excluded, reported as compile_seconds) and run.
Best of 2 timed runs (--quick: 1). Noise uses JAX's default PRNG (threefry2x32), keys split
inside the scan every step; on this CPU it costs about as much as the rest of the step at the
small size ('rbg' was measured slower here, so it is not offered). NumPy draws its noise with
numpy.random.Generator(PCG64).standard_normal; erf is scipy.special.erf (NumPy has none).
For 8 chains NumPy times both the stacked-gemm variant and a loop over chains and reports the
faster (both in variants_chain_steps_per_second); --quick times the stacked one only.

Usage
-----
    benchmarks/.venv/bin/python benchmarks/sgld_reference.py --sizes small,rubin,large \
        --chains 1,8 --threads 1,2 [--impl jax,numpy] [--quick]
    benchmarks/.venv/bin/python benchmarks/sgld_reference.py --check   # exits 1 on failure
(Run with another Python that lacks jax, the script re-executes itself with benchmarks/.venv's.)
The check: the hand-written grad U against central finite differences (tiny size) and
jax.grad; 10 noiseless steps (gradient descent) of JAX and NumPy from the same start agree to
1e-12 relative (and their displacements to 1e-9), for 1 and 8 chains and both activations;
the stacked and looped NumPy 8-chain samplers agree with noise on; JAX's noise has the
right scale.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

SIZES = {  # name: (D, N, P)
    "small": (20, 100, 100),
    "rubin": (200, 100, 80),
    "large": (784, 1000, 2000),
}
ETA = 1e-4
TEMPERATURE = 1.0
DGEMM_SHAPE = SIZES["large"]
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def priors(D, N):
    """(sigma_V^2, sigma_w^2)."""
    return 1.0 / D, 1.0 / N


def flops_per_chain_step(D, N, P, activation):
    gemm = 4 * P * D * N
    elementwise_pn = 10 * P * N if activation == "erf" else 5 * P * N
    return gemm + elementwise_pn + P + 7 * (N * D + N)


def gemm_flops_per_chain_step(D, N, P):
    return 4 * P * D * N


# ----------------------------------------------------------------------------------------
# Problem set-up (NumPy; both implementations start from these arrays)
# ----------------------------------------------------------------------------------------

def make_problem(D, N, P, chains, activation, seed=0):
    import numpy as np
    from scipy.special import erf

    rng = np.random.Generator(np.random.PCG64(seed))
    X = rng.standard_normal((P, D))
    teacher = rng.standard_normal(D)
    h = X @ teacher / math.sqrt(D)
    y = erf(h) if activation == "erf" else h
    sv2, sw2 = priors(D, N)
    V0 = rng.standard_normal((chains, N, D)) * math.sqrt(sv2)
    w0 = rng.standard_normal((chains, N)) * math.sqrt(sw2)
    return X, y, V0, w0


def potential_numpy(V, w, X, y, activation):
    """U(theta) for one chain (used by the finite-difference check)."""
    import numpy as np
    from scipy.special import erf

    D, N = X.shape[1], V.shape[0]
    sv2, sw2 = priors(D, N)
    H = X @ V.T
    A = erf(H) if activation == "erf" else H
    r = A @ w - y
    return 0.5 * np.dot(r, r) / TEMPERATURE + 0.5 * np.sum(V * V) / sv2 + 0.5 * np.dot(w, w) / sw2


# ----------------------------------------------------------------------------------------
# NumPy implementation
# ----------------------------------------------------------------------------------------

class NumpyChains:
    """C chains advanced together. The chains share X, so their hidden units are stacked
    into one (C*N) x D matrix: the forward pass X V_all^T and the backward pass G^T X are
    then one gemm each for all chains; f and grad_w, which are per chain, use einsum.
    With C = 1 this is the plain single-network update. All buffers are preallocated."""

    def __init__(self, X, y, V0, w0, activation):
        import numpy as np

        self.np = np
        self.X = np.ascontiguousarray(X)
        self.y = np.ascontiguousarray(y)
        C, N, D = V0.shape
        P = X.shape[0]
        self.C, self.N, self.D, self.P = C, N, D, P
        self.activation = activation
        self.V = np.ascontiguousarray(V0.reshape(C * N, D)).copy()
        self.w = np.ascontiguousarray(w0.reshape(C * N)).copy()
        sv2, sw2 = priors(D, N)
        self.sv2, self.sw2 = sv2, sw2
        self.H = np.empty((P, C * N))
        self.A = np.empty((P, C * N)) if activation == "erf" else self.H
        self.G = np.empty((P, C * N))
        self.gV = np.empty((C * N, D))
        self.gw = np.empty(C * N)
        self.f = np.empty((P, C))
        if activation == "erf":
            from scipy.special import erf
            self.erf = erf

    def step(self, xi_V, xi_w, noise_scale):
        """One Langevin step. xi_V: (C*N, D), xi_w: (C*N,) standard normals (ignored if
        noise_scale == 0)."""
        np = self.np
        C, N, P = self.C, self.N, self.P
        X, V, w, H, A, G = self.X, self.V, self.w, self.H, self.A, self.G
        np.matmul(X, V.T, out=H)                                   # H = X V^T   (P x CN)
        if self.activation == "erf":
            self.erf(H, out=A)                                     # A = erf(H)
            np.multiply(H, H, out=G)                               # phi'(H) = 2/sqrt(pi) exp(-H^2)
            np.negative(G, out=G)
            np.exp(G, out=G)
        else:
            G.fill(1.0)                                            # phi'(H) = 1
        A3 = A.reshape(P, C, N)
        W2 = w.reshape(C, N)
        np.einsum("pcn,cn->pc", A3, W2, out=self.f)                # f = A w        (per chain)
        r = self.f - self.y[:, None]                               # r = f - y      (P x C)
        np.einsum("pcn,pc->cn", A3, r, out=self.gw.reshape(C, N))  # grad_w L = A^T r
        G3 = G.reshape(P, C, N)
        np.multiply(G3, r[:, :, None], out=G3)                     # G = (r w^T) * phi'(H)
        scale = TWO_OVER_SQRT_PI if self.activation == "erf" else 1.0
        np.multiply(G3, (scale * W2)[None, :, :], out=G3)
        np.matmul(G.T, X, out=self.gV)                             # grad_V L = G^T X (CN x D)
        # theta <- theta - eta (grad L / T + theta / sigma^2) + sqrt(2 eta) xi
        gV, gw = self.gV, self.gw
        gV *= 1.0 / TEMPERATURE
        gV += V * (1.0 / self.sv2)
        gw *= 1.0 / TEMPERATURE
        gw += w * (1.0 / self.sw2)
        V -= ETA * gV
        w -= ETA * gw
        if noise_scale:
            V += noise_scale * xi_V
            w += noise_scale * xi_w

    def params(self):
        return self.V.reshape(self.C, self.N, self.D).copy(), self.w.reshape(self.C, self.N).copy()


class NumpySampler:
    """variant 'stacked': one NumpyChains with all C chains; 'loop': C single-chain
    NumpyChains stepped one after the other. Both draw the same noise: per step one
    standard_normal call for all chains' V noise and one for their w noise, from one
    numpy.random.Generator(PCG64)."""

    def __init__(self, X, y, V0, w0, activation, noise, seed, variant):
        import numpy as np

        C, N, D = V0.shape
        self.noise_scale = math.sqrt(2 * ETA) if noise else 0.0
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.xi_V = np.zeros((C * N, D))
        self.xi_w = np.zeros(C * N)
        self.variant = variant
        self.C, self.N = C, N
        if variant == "stacked":
            self.parts = [NumpyChains(X, y, V0, w0, activation)]
        elif variant == "loop":
            self.parts = [NumpyChains(X, y, V0[c:c + 1], w0[c:c + 1], activation) for c in range(C)]
        else:
            raise ValueError(variant)

    def run(self, steps):
        rng, xi_V, xi_w, s = self.rng, self.xi_V, self.xi_w, self.noise_scale
        N = self.N
        for _ in range(steps):
            if s:
                rng.standard_normal(out=xi_V)
                rng.standard_normal(out=xi_w)
            if self.variant == "stacked":
                self.parts[0].step(xi_V, xi_w, s)
            else:
                for c, part in enumerate(self.parts):
                    part.step(xi_V[c * N:(c + 1) * N], xi_w[c * N:(c + 1) * N], s)

    def params(self):
        import numpy as np

        Vs, ws = zip(*(p.params() for p in self.parts))
        return np.concatenate(Vs), np.concatenate(ws)


# ----------------------------------------------------------------------------------------
# JAX implementation
# ----------------------------------------------------------------------------------------

def jax_setup():
    import jax

    jax.config.update("jax_enable_x64", True)
    return jax


def jax_grad_U(V, w, X, y, activation):
    """Hand-written grad U for one chain (same formulas as NumPy)."""
    import jax.numpy as jnp
    from jax import lax

    D, N = X.shape[1], V.shape[0]
    sv2, sw2 = priors(D, N)
    H = X @ V.T
    if activation == "erf":
        A = lax.erf(H)
        dphi = TWO_OVER_SQRT_PI * jnp.exp(-(H * H))
    else:
        A = H
        dphi = 1.0
    r = A @ w - y
    gw = A.T @ r
    G = (r[:, None] * w[None, :]) * dphi
    gV = G.T @ X
    return gV / TEMPERATURE + V / sv2, gw / TEMPERATURE + w / sw2


def jax_make_run(steps, chains, activation, noise):
    """jit(run)(V, w, key, X, y) -> (V, w, key) after `steps` Langevin steps; for chains > 1,
    V: (C, N, D), w: (C, N), key: (C, 2), vmapped over chains (X, y shared)."""
    jax = jax_setup()
    from jax import lax

    s = math.sqrt(2 * ETA)

    def run(V, w, key, X, y):
        def step(carry, _):
            V, w, key = carry
            gV, gw = jax_grad_U(V, w, X, y, activation)
            V = V - ETA * gV
            w = w - ETA * gw
            if noise:
                key, kV, kw = jax.random.split(key, 3)
                V = V + s * jax.random.normal(kV, V.shape, V.dtype)
                w = w + s * jax.random.normal(kw, w.shape, w.dtype)
            return (V, w, key), None

        (V, w, key), _ = lax.scan(step, (V, w, key), None, length=steps)
        return V, w, key

    if chains > 1:
        run = jax.vmap(run, in_axes=(0, 0, 0, None, None))
    return jax.jit(run)


def jax_inputs(X, y, V0, w0, seed):
    jax = jax_setup()
    import jax.numpy as jnp

    C = V0.shape[0]
    keys = jax.random.split(jax.random.PRNGKey(seed), C)
    if C == 1:
        return jnp.asarray(V0[0]), jnp.asarray(w0[0]), keys[0], jnp.asarray(X), jnp.asarray(y)
    return jnp.asarray(V0), jnp.asarray(w0), keys, jnp.asarray(X), jnp.asarray(y)


# ----------------------------------------------------------------------------------------
# Timing (runs inside a worker subprocess)
# ----------------------------------------------------------------------------------------

def _cpu():
    t = os.times()
    return t.user + t.system


def environment_record():
    rec = {
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "openblas_l2_size": os.environ.get("OPENBLAS_L2_SIZE"),
        "affinity_cpus": sorted(os.sched_getaffinity(0)),
        "pinned": os.environ.get("SGLD_REFERENCE_PINNED") == "1",
    }
    return rec


def blas_record():
    try:
        from threadpoolctl import threadpool_info
        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if info:
            i = info[0]
            return {"blas": f"{i.get('internal_api')} {i.get('version')}",
                    "blas_kernel": i.get("architecture"), "blas_threads": i.get("num_threads")}
    except Exception as e:  # threadpoolctl missing: record that, do not fail the benchmark
        return {"blas": f"unknown ({type(e).__name__})"}
    return {"blas": "unknown"}


def _machine_busy_seconds():
    """CPU seconds used by everything on the machine (all CPUs), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal ...
    busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] if len(f) > 7 else 0)
    return busy / os.sysconf("SC_CLK_TCK")


def timed(fn, cfg):
    """Calls fn() cfg["repeats"] times and keeps the fastest call. Each call also measures
    the CPU time other processes used meanwhile (machine busy time from /proc/stat minus
    this process's); while the fastest call saw more than cfg["max_other_cores"] cores of
    other work, up to cfg["extra_runs"] more calls are made. Returns (seconds, cpu_seconds,
    other_cores, runs) of the fastest call."""
    best, runs = None, 0
    while True:
        m0, c0, t0 = _machine_busy_seconds(), _cpu(), time.perf_counter()
        fn()
        t1, c1, m1 = time.perf_counter(), _cpu(), _machine_busy_seconds()
        runs += 1
        other = None if m0 is None else max(0.0, (m1 - m0) - (c1 - c0)) / (t1 - t0)
        if best is None or t1 - t0 < best[0]:
            best = (t1 - t0, c1 - c0, other)
        if runs < cfg["repeats"]:
            continue
        if best[2] is None or best[2] <= cfg["max_other_cores"] or runs >= cfg["repeats"] + cfg["extra_runs"]:
            return best + (runs,)


def bench_numpy(size, chains, threads, cfg):
    import numpy as np

    D, N, P = SIZES[size]
    X, y, V0, w0 = make_problem(D, N, P, chains, cfg["activation"])
    variants = ["stacked"] if chains == 1 else (
        ["stacked", "loop"] if cfg["numpy_variant"] == "auto" else [cfg["numpy_variant"]])
    target = cfg["target_seconds"]
    best, tried = None, {}
    for variant in variants:
        sampler = NumpySampler(X, y, V0, w0, cfg["activation"], True, 1, variant)
        # warm-up and calibration: double the step count until a run takes >= target/8
        k, el = 1, 0.0
        while True:
            t0 = time.perf_counter()
            sampler.run(k)
            el = time.perf_counter() - t0
            if el >= target / 8 or k >= 1 << 20:
                break
            k *= 2
        steps = max(cfg["min_steps"], int(round(target * k / el)))
        seconds, cpu, other, runs = timed(lambda: sampler.run(steps), cfg)
        better = max(cfg["min_steps"], int(round(target * steps / seconds)))
        if seconds < target / 2 and better > steps:  # calibration run was slow (cold or contended)
            steps = better
            seconds, cpu, other, runs = timed(lambda: sampler.run(steps), cfg)
        Vf, wf = sampler.params()
        if not (np.all(np.isfinite(Vf)) and np.all(np.isfinite(wf))):
            raise RuntimeError(f"numpy {size} chains={chains}: parameters not finite")
        rec = {"steps": steps, "seconds": seconds, "cpu_seconds": cpu, "variant": variant,
               "other_cores": other, "runs": runs}
        tried[variant] = chains * steps / seconds
        if best is None or steps / seconds > best["steps"] / best["seconds"]:
            best = rec
    best["tried"] = tried
    return best


def bench_jax(size, chains, threads, cfg):
    import jax
    import numpy as np

    D, N, P = SIZES[size]
    X, y, V0, w0 = make_problem(D, N, P, chains, cfg["activation"])
    args = jax_inputs(X, y, V0, w0, seed=1)
    target = cfg["target_seconds"]
    flops = chains * flops_per_chain_step(D, N, P, cfg["activation"])
    # calibration: a scan predicted (at 5 GFLOP/s) to take ~target/8, compiled and run twice
    k = int(min(4096, max(1, round(target / 8 * 5e9 / flops))))
    t0 = time.perf_counter()
    calib = jax_make_run(k, chains, cfg["activation"], True).lower(*args).compile()
    calib_compile_seconds = time.perf_counter() - t0
    jax.block_until_ready(calib(*args))
    t0 = time.perf_counter()
    jax.block_until_ready(calib(*args))
    per_step = (time.perf_counter() - t0) / k
    steps = max(cfg["min_steps"], int(round(target / per_step)))
    out = [None]
    for attempt in range(2):
        t0 = time.perf_counter()
        run = calib if steps == k else jax_make_run(steps, chains, cfg["activation"], True).lower(*args).compile()
        compile_seconds = time.perf_counter() - t0 if steps != k else calib_compile_seconds

        def go():
            out[0] = jax.block_until_ready(run(*args))

        seconds, cpu, other, runs = timed(go, cfg)
        better = max(cfg["min_steps"], int(round(target * steps / seconds)))
        if not (seconds < target / 2 and better > steps):  # else the calibration was slow: redo
            break
        steps = better
    Vf, wf, _ = out[0]
    if not (np.all(np.isfinite(np.asarray(Vf))) and np.all(np.isfinite(np.asarray(wf)))):
        raise RuntimeError(f"jax {size} chains={chains}: parameters not finite")
    return {"steps": steps, "seconds": seconds, "cpu_seconds": cpu, "other_cores": other, "runs": runs,
            "variant": "vmap" if chains > 1 else "single", "compile_seconds": compile_seconds}


def bench_dgemm(threads, cfg):
    import numpy as np

    D, N, P = DGEMM_SHAPE
    rng = np.random.Generator(np.random.PCG64(3))
    a = rng.standard_normal((P, D))
    b = np.ascontiguousarray(rng.standard_normal((N, D)).T)  # D x N
    c = np.empty((P, N))
    np.matmul(a, b, out=c)
    t0 = time.perf_counter()
    np.matmul(a, b, out=c)
    per = time.perf_counter() - t0
    reps = max(3, int(round(cfg["dgemm_seconds"] / per)))

    def go():
        for _ in range(reps):
            np.matmul(a, b, out=c)

    seconds, cpu, other, runs = timed(go, cfg)
    flops = 2.0 * P * D * N * reps
    return {"impl": "numpy-dgemm", "threads": threads, "gflops": flops / seconds / 1e9,
            "m": P, "k": D, "n": N, "reps": reps, "seconds": seconds,
            "cpu_utilization": cpu / seconds, "other_cores": other, "runs": runs}


def versions(impl):
    import numpy
    v = {"numpy": numpy.__version__, "python": sys.version.split()[0]}
    if impl == "jax":
        import jax
        import jaxlib
        v.update(jax=jax.__version__, jaxlib=jaxlib.__version__)
    else:
        import scipy
        v["scipy"] = scipy.__version__
    return v


def worker(spec):
    cfg = spec["cfg"]
    threads = spec["threads"]
    if cfg["pin"]:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, cpus[:threads])
        os.environ["SGLD_REFERENCE_PINNED"] = "1"
    env_rec = environment_record()
    env_rec.update({"xla_flags": os.environ.get("XLA_FLAGS"), "pjrt_nproc": os.environ.get("PJRT_NPROC")})
    impl = spec["impl"]
    if impl == "jax":
        jax_setup()
    extra = {}
    if impl in ("numpy", "dgemm"):
        import numpy  # noqa: F401  (loads OpenBLAS, so threadpoolctl can see it)
        extra = blas_record()

    def emit(rec):
        if rec.get("other_cores") is not None and rec["other_cores"] > cfg["max_other_cores"]:
            rec["contended"] = True
            what = rec.get("size", "dgemm")
            print(f"sgld_reference.py: warning: other processes used {rec['other_cores']:.2f} cores during "
                  f"{impl} {what} threads={threads}; this number may be low", file=sys.stderr, flush=True)
        print(json.dumps(rec), flush=True)

    if spec.get("dgemm"):
        rec = bench_dgemm(threads, cfg)
        rec.update(env_rec)
        rec.update(extra)
        emit(rec)
    if impl == "dgemm":
        return
    ver = versions(impl)
    for size in spec["sizes"]:
        D, N, P = SIZES[size]
        for chains in spec["chains"]:
            r = (bench_jax if impl == "jax" else bench_numpy)(size, chains, threads, cfg)
            rec = {"impl": impl, "size": size, "D": D, "N": N, "P": P, "chains": chains,
                   "threads": threads, "steps": r["steps"], "seconds": r["seconds"],
                   "chain_steps_per_second": chains * r["steps"] / r["seconds"],
                   "flops_per_chain_step": flops_per_chain_step(D, N, P, cfg["activation"]),
                   "gemm_flops_per_chain_step": gemm_flops_per_chain_step(D, N, P),
                   "activation": cfg["activation"], "variant": r["variant"]}
            rec["gflops"] = rec["chain_steps_per_second"] * rec["flops_per_chain_step"] / 1e9
            rec["cpu_utilization"] = r["cpu_seconds"] / r["seconds"]
            rec["other_cores"] = r["other_cores"]
            rec["runs"] = r["runs"]
            if "tried" in r and len(r["tried"]) > 1:
                rec["variants_chain_steps_per_second"] = r["tried"]
            if "compile_seconds" in r:
                rec["compile_seconds"] = r["compile_seconds"]
            if impl == "jax":
                import jax
                rec["prng"] = jax.config.jax_default_prng_impl
            rec.update(env_rec)
            rec.update(extra)
            rec["versions"] = ver
            emit(rec)


# ----------------------------------------------------------------------------------------
# Correctness self-check (--check)
# ----------------------------------------------------------------------------------------

def rel(a, b):
    import numpy as np

    a, b = np.asarray(a), np.asarray(b)
    return float(np.linalg.norm((a - b).ravel()) / max(np.linalg.norm(b.ravel()), 1e-300))


def check():
    import numpy as np

    jax = jax_setup()
    failures = []

    def report(name, value, tol):
        ok = value <= tol
        print(json.dumps({"check": name, "value": value, "tol": tol, "ok": ok}), flush=True)
        if not ok:
            failures.append(name)

    for activation in ("erf", "linear"):
        # 1. hand-written gradient vs central finite differences of U (NumPy), tiny size
        D, N, P = 3, 4, 5
        X, y, V0, w0 = make_problem(D, N, P, 1, activation, seed=11)
        V, w = V0[0] * 3, w0[0] * 3  # move off the prior scale so the data term matters
        chain = NumpyChains(X, y, V[None], w[None], activation)
        # grad U from the stepper: one noiseless step gives theta - eta grad U
        chain.step(None, None, 0.0)
        gV = (V - chain.V.reshape(N, D)) / ETA
        gw = (w - chain.w) / ETA
        # (theta - (theta - eta g)) / eta loses ~4 digits, hence the looser tolerance below
        import jax.numpy as jnp

        gV_direct, gw_direct = [np.asarray(t) for t in jax_grad_U(
            jnp.asarray(V), jnp.asarray(w), jnp.asarray(X), jnp.asarray(y), activation)]
        h = 1e-6
        fd_V = np.zeros_like(V)
        for i in range(N):
            for j in range(D):
                Vp, Vm = V.copy(), V.copy()
                Vp[i, j] += h
                Vm[i, j] -= h
                fd_V[i, j] = (potential_numpy(Vp, w, X, y, activation)
                              - potential_numpy(Vm, w, X, y, activation)) / (2 * h)
        fd_w = np.zeros_like(w)
        for i in range(N):
            wp, wm = w.copy(), w.copy()
            wp[i] += h
            wm[i] -= h
            fd_w[i] = (potential_numpy(V, wp, X, y, activation)
                       - potential_numpy(V, wm, X, y, activation)) / (2 * h)
        report(f"{activation}: jax grad_V U vs finite differences", rel(gV_direct, fd_V), 1e-7)
        report(f"{activation}: jax grad_w U vs finite differences", rel(gw_direct, fd_w), 1e-7)
        report(f"{activation}: numpy step grad_V U vs finite differences", rel(gV, fd_V), 1e-6)
        report(f"{activation}: numpy step grad_w U vs finite differences", rel(gw, fd_w), 1e-6)
        # hand-written gradient vs jax.grad of U
        def U(V, w):
            H = X @ V.T
            A = jax.lax.erf(H) if activation == "erf" else H
            r = A @ w - y
            sv2, sw2 = priors(D, N)
            return 0.5 * jnp.dot(r, r) / TEMPERATURE + 0.5 * jnp.sum(V * V) / sv2 + 0.5 * jnp.dot(w, w) / sw2

        aV, aw = jax.grad(U, argnums=(0, 1))(jnp.asarray(V), jnp.asarray(w))
        report(f"{activation}: hand grad_V U vs jax.grad", rel(gV_direct, aV), 1e-12)
        report(f"{activation}: hand grad_w U vs jax.grad", rel(gw_direct, aw), 1e-12)

        # 2. deterministic gradient descent (noise off), 10 steps: JAX vs NumPy
        for size in ("small", "rubin"):
            D, N, P = SIZES[size]
            for chains in (1, 8):
                X, y, V0, w0 = make_problem(D, N, P, chains, activation, seed=5)
                run = jax_make_run(10, chains, activation, False)
                Vj, wj, _ = run(*jax_inputs(X, y, V0, w0, seed=0))
                Vj, wj = np.asarray(Vj).reshape(V0.shape), np.asarray(wj).reshape(w0.shape)
                for variant in (("stacked",) if chains == 1 else ("stacked", "loop")):
                    s = NumpySampler(X, y, V0, w0, activation, False, 0, variant)
                    s.run(10)
                    Vn, wn = s.params()
                    tag = f"{activation} {size} chains={chains} numpy-{variant}"
                    report(f"{tag}: GD 10 steps V jax vs numpy", rel(Vj, Vn), 1e-12)
                    report(f"{tag}: GD 10 steps w jax vs numpy", rel(wj, wn), 1e-12)
                    # the displacement is ~1e-3 of the parameters: compare it too
                    report(f"{tag}: GD 10 steps dV jax vs numpy", rel(Vj - V0, Vn - V0), 1e-9)
                    report(f"{tag}: GD 10 steps dw jax vs numpy", rel(wj - w0, wn - w0), 1e-9)

        # 3. with noise: the stacked and looped NumPy 8-chain samplers draw the same noise
        D, N, P = SIZES["small"]
        X, y, V0, w0 = make_problem(D, N, P, 8, activation, seed=6)
        a = NumpySampler(X, y, V0, w0, activation, True, 9, "stacked")
        b = NumpySampler(X, y, V0, w0, activation, True, 9, "loop")
        a.run(20)
        b.run(20)
        report(f"{activation}: SGLD 20 steps numpy stacked vs loop (same noise)",
               max(rel(a.params()[0], b.params()[0]), rel(a.params()[1], b.params()[1])), 1e-12)
        # and the JAX sampler with noise moves the parameters by about sqrt(2 eta steps)
        run = jax_make_run(100, 8, activation, True)
        Vj, wj, _ = run(*jax_inputs(X, y, V0, w0, seed=0))
        spread = float(np.std(np.asarray(Vj) - V0))
        expect = math.sqrt(2 * ETA * 100)
        report(f"{activation}: jax SGLD 100 steps displacement std / sqrt(2 eta steps) - 1",
               abs(spread / expect - 1), 0.1)
    print(json.dumps({"check": "summary", "failed": failures, "ok": not failures}), flush=True)
    return not failures


# ----------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------

def thread_env(threads):
    env = dict(os.environ)  # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE pass through untouched
    t = str(threads)
    env.update(OMP_NUM_THREADS=t, OPENBLAS_NUM_THREADS=t, MKL_NUM_THREADS=t, PJRT_NPROC=t,
               JAX_PLATFORMS="cpu")
    if threads == 1:
        flags = env.get("XLA_FLAGS", "")
        if "xla_cpu_multi_thread_eigen" not in flags:
            env["XLA_FLAGS"] = (flags + " --xla_cpu_multi_thread_eigen=false").strip()
    return env


def csv(s, cast=str):
    return [cast(x) for x in s.split(",") if x.strip()]


def ensure_venv():
    """Re-run under benchmarks/.venv's Python if this interpreter lacks jax/numpy."""
    import importlib.util

    if importlib.util.find_spec("jax") and importlib.util.find_spec("numpy"):
        return
    venv = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv")
    venv_py = os.path.join(venv, "bin", "python")
    if os.path.exists(venv_py) and os.path.realpath(sys.prefix) != os.path.realpath(venv):
        os.execv(venv_py, [venv_py] + sys.argv)
    sys.exit("sgld_reference.py: jax/numpy not found; run: python3 -m venv benchmarks/.venv && "
             "benchmarks/.venv/bin/pip install -r benchmarks/requirements.txt")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--_worker":
        worker(json.loads(sys.argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=None, help="comma list of small,rubin,large "
                    "(default: all; with --quick: small,rubin)")
    ap.add_argument("--chains", default="1,8")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--impl", default="jax,numpy", help="comma list of jax,numpy")
    ap.add_argument("--activation", default="erf", choices=["erf", "linear"])
    ap.add_argument("--quick", action="store_true", help="short runs: 0.25 s a measurement, 1 run, sizes small,rubin unless --sizes "
                    "says otherwise (~30 s; with large too ~55 s)")
    ap.add_argument("--target-seconds", type=float, default=None,
                    help="wall time per measurement (default 1.5, --quick 0.25)")
    ap.add_argument("--repeats", type=int, default=None, help="timed runs, best kept (default 2, --quick 1)")
    ap.add_argument("--numpy-variant", default="auto", choices=["auto", "stacked", "loop"],
                    help="8 chains in NumPy: stacked gemms, loop over chains, or time both and keep the faster")
    ap.add_argument("--max-other-cores", type=float, default=0.2,
                    help="a timed run during which other processes used more cores than this is "
                         "repeated (up to 3 more times, not with --quick), and flagged contended")
    ap.add_argument("--no-dgemm", action="store_true")
    ap.add_argument("--pin", action="store_true", help="also pin each worker to the first t CPUs "
                    "(off by default: on a shared machine a fixed CPU can be the busy one)")
    ap.add_argument("--check", action="store_true", help="run the correctness self-check only")
    a = ap.parse_args()
    ensure_venv()
    if a.check:
        return 0 if check() else 1

    sizes = csv(a.sizes) if a.sizes else (["small", "rubin"] if a.quick else list(SIZES))
    for s in sizes:
        if s not in SIZES:
            ap.error(f"unknown size {s!r}")
    impls = csv(a.impl)
    for i in impls:
        if i not in ("jax", "numpy"):
            ap.error(f"unknown impl {i!r}")
    cfg = {
        "activation": a.activation,
        "target_seconds": a.target_seconds or (0.25 if a.quick else 1.5),
        "repeats": a.repeats or (1 if a.quick else 2),
        "min_steps": 1,
        "numpy_variant": ("stacked" if a.quick and a.numpy_variant == "auto" else a.numpy_variant),
        "dgemm_seconds": 0.2 if a.quick else 0.5,
        "pin": a.pin,
        "max_other_cores": a.max_other_cores,
        "extra_runs": 0 if a.quick else 3,
    }
    ncpu = len(os.sched_getaffinity(0))
    rc = 0
    for threads in csv(a.threads, int):
        if threads > ncpu:
            print(f"sgld_reference.py: warning: {threads} threads > {ncpu} CPUs available", file=sys.stderr)
        jobs = []
        for impl in impls:
            jobs.append({"impl": impl, "dgemm": impl == "numpy" and not a.no_dgemm})
        if "numpy" not in impls and not a.no_dgemm:
            jobs.append({"impl": "dgemm", "dgemm": True})
        for job in jobs:
            spec = dict(job, threads=threads, sizes=sizes, chains=csv(a.chains, int), cfg=cfg)
            p = subprocess.run([sys.executable, os.path.abspath(__file__), "--_worker", json.dumps(spec)],
                               env=thread_env(threads))
            if p.returncode != 0:
                print(f"sgld_reference.py: worker {job['impl']} threads={threads} failed ({p.returncode})",
                      file=sys.stderr)
                rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
