#!/usr/bin/env python3
"""ntk_ref.py -- the NumPy reference for bench/bench_ntk.c.

What a careful user would write instead of boundcheck's C: the masked NTK
H = (X X^T) o (A D A^T) / m with the kept neurons' weights compacted first
(W[mask == 1]: the dropped ones contribute nothing), the 0/1 activation
pattern built in float64 blocks of those neurons (the whole pattern would
not fit), the count accumulated with A_b @ A_b.T (NumPy calls syrk for it),
then eigvalsh. Reads the instance the C bench wrote, refuses the netlib
reference BLAS, times REPS runs with one and with two BLAS threads and
prints:
    numpy <lambda_min> <median seconds> <blas>
    numpy2 <lambda_min> <median seconds>
then, where Debian's python3-torch is installed, the same in PyTorch (CPU,
float64, one thread):
    torch <lambda_min> <median seconds> <version>
usage: ntk_ref.py DIR
"""
import sys

import numpy as np
from threadpoolctl import threadpool_limits

from ref_util import median_time, openblas_names, read_meta


def main():
    d = sys.argv[1]
    meta = read_meta(d)
    n, m, dim, reps, block = (int(meta[x]) for x in ("n", "m", "d", "reps", "block"))
    X = np.fromfile(d + "/X.bin", dtype=np.float64).reshape(n, dim)
    W = np.fromfile(d + "/W.bin", dtype=np.float64).reshape(m, dim)
    mask = np.fromfile(d + "/mask.bin", dtype=np.uint8).astype(np.float64)

    names = openblas_names()
    if names is None:
        return 3

    def run():
        Wk = W[mask == 1.0]
        G = np.zeros((n, n))
        for b in range(0, Wk.shape[0], block):
            A = (X @ Wk[b:b + block].T >= 0.0).astype(np.float64)
            G += A @ A.T
        H = (X @ X.T) * G / m
        return np.linalg.eigvalsh(H)[0]

    with threadpool_limits(limits=1, user_api="blas"):
        lmin, secs = median_time(run, reps)
    print("numpy %.17g %.6g %s" % (lmin, secs, names), flush=True)
    with threadpool_limits(limits=2, user_api="blas"):
        lmin2, secs2 = median_time(run, reps)
    print("numpy2 %.17g %.6g" % (lmin2, secs2), flush=True)
    torch_ref(X, W, mask, n, m, block, reps)
    return 0


def torch_ref(X, W, mask, n, m, block, reps):
    """The same computation in PyTorch (CPU, float64, one thread)."""
    try:
        import torch
    except ImportError:
        print("torch unavailable")
        return
    torch.set_num_threads(1)
    Xt, Wt, mt = (torch.from_numpy(v) for v in (X, W, mask))

    def run():
        G = torch.zeros((n, n), dtype=torch.float64)
        for b in range(0, m, block):
            A = (Xt @ Wt[b:b + block].T >= 0.0).double() * mt[b:b + block]
            G += A @ A.T
        H = (Xt @ Xt.T) * G / m
        return float(torch.linalg.eigvalsh(H)[0])

    lmin, secs = median_time(run, reps)
    print("torch %.17g %.6g %s" % (lmin, secs, torch.__version__))


if __name__ == "__main__":
    sys.exit(main())
