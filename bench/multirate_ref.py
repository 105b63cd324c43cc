#!/usr/bin/env python3
"""multirate_ref.py -- the NumPy reference for bench/bench_multirate.c.

What a user would write instead of boundcheck's C: multirate SGD with
linear drift (frozen reading) on logistic regression, the full gradient
norm accumulated at every step. Reads the instance the C bench wrote
(raw float64/int64 files), checks that NumPy runs on OpenBLAS (refuses the
netlib reference BLAS), times REPS runs single-threaded and prints one line:
    numpy <result> <median seconds> <blas>
usage: multirate_ref.py DIR
"""
import sys

import numpy as np
from threadpoolctl import threadpool_limits

from ref_util import median_time, openblas_names, read_meta


def main():
    d = sys.argv[1]
    meta = read_meta(d)
    n, dim, T, k, s0, reps = (int(meta[x]) for x in ("n", "d", "T", "k", "s0", "reps"))
    h = float(meta["h"])
    X = np.fromfile(d + "/X.bin", dtype=np.float64).reshape(n, dim)
    y = np.fromfile(d + "/y.bin", dtype=np.float64)
    theta0 = np.fromfile(d + "/theta0.bin", dtype=np.float64)
    samples = np.fromfile(d + "/samples.bin", dtype=np.int64)

    names = openblas_names()
    if names is None:
        return 3

    def dphi(r):  # logistic: phi'(r; y) = -y sigmoid(-y r)
        return -y / (1.0 + np.exp(y * r))

    def run():
        theta = theta0.copy()
        acc = 0.0
        slow = None
        for t in range(T):
            g = X.T @ dphi(X @ theta) / n
            acc += g @ g
            i = samples[t]
            xi = X[i]
            gi = (-y[i] / (1.0 + np.exp(y[i] * (xi @ theta)))) * xi
            if t % k == 0:
                slow = gi[s0:].copy()
            theta[:s0] -= h * gi[:s0]
            theta[s0:] -= h * slow
        return acc / T

    with threadpool_limits(limits=1, user_api="blas"):
        res, secs = median_time(run, reps)
    print("numpy %.17g %.9g %s" % (res, secs, names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
