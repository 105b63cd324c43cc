#!/usr/bin/env python3
"""masked_ref.py -- the NumPy reference for bench/bench_masked.c.

Algorithm 1 of seed 003 (Bernoulli masks) as a user would write it in
NumPy, on the initial weights, signs and masks the C bench wrote (the C
run's own draws). Refuses the netlib reference BLAS, times REPS runs
single-threaded and prints one line:
    numpy <final ||y - u_K||^2> <median seconds> <blas>
then, where Debian's python3-torch is installed, the same in PyTorch (CPU,
float64, one thread):
    torch <final ||y - u_K||^2> <median seconds> <version>
usage: masked_ref.py DIR
"""
import sys

import numpy as np
from threadpoolctl import threadpool_limits

from ref_util import median_time, openblas_names, read_meta


def main():
    d = sys.argv[1]
    meta = read_meta(d)
    n, m, dim, K, p, tau, reps = (int(meta[x]) for x in ("n", "m", "d", "K", "p", "tau", "reps"))
    eta, xi = float(meta["eta"]), float(meta["xi"])
    X = np.fromfile(d + "/X.bin", dtype=np.float64).reshape(n, dim)
    y = np.fromfile(d + "/y.bin", dtype=np.float64)
    W0 = np.fromfile(d + "/W0.bin", dtype=np.float64).reshape(m, dim)
    a = np.fromfile(d + "/a.bin", dtype=np.float64)
    masks = np.fromfile(d + "/masks.bin", dtype=np.uint8).reshape(K, p, m).astype(np.float64)

    names = openblas_names()
    if names is None:
        return 3
    c = 1.0 / np.sqrt(m)

    def sq_loss(W, am, scale):
        u = scale * c * (np.maximum(X @ W.T, 0.0) @ am)
        return float(np.sum((y - u) ** 2))

    def run():
        # the same outputs as the C: the three losses of Fig. 2a per iteration
        W = W0.copy()
        full, sampled, local = [sq_loss(W, a, xi)], [], []
        for k in range(K):
            acc = np.zeros_like(W)
            ls = ll = 0.0
            for q in range(p):
                mk = masks[k, q]
                am = a * mk
                Wl = W.copy()
                for t in range(tau):
                    Z = X @ Wl.T
                    u = c * (np.maximum(Z, 0.0) @ am)
                    if t == 0:
                        ls += float(np.sum((y - u) ** 2)) / p
                    Ez = (Z >= 0.0) * (u - y)[:, None]
                    Wl -= eta * c * am[:, None] * (Ez.T @ X)
                ll += sq_loss(Wl, am, 1.0) / p
                acc += mk[:, None] * (Wl - W)
            cnt = masks[k].sum(axis=0)
            W += acc / np.maximum(cnt, 1.0)[:, None]
            sampled.append(ls)
            local.append(ll)
            full.append(sq_loss(W, a, xi))
        return full[-1]

    with threadpool_limits(limits=1, user_api="blas"):
        loss, secs = median_time(run, reps)
    print("numpy %.17g %.6g %s" % (loss, secs, names), flush=True)
    torch_ref(X, y, W0, a, masks, K, p, tau, eta, xi, c, reps)
    return 0


def torch_ref(X, y, W0, a, masks, K, p, tau, eta, xi, c, reps):
    """The same algorithm in PyTorch (CPU, float64, one thread)."""
    try:
        import torch
    except ImportError:
        print("torch unavailable")
        return
    torch.set_num_threads(1)
    Xt, yt, W0t, at = (torch.from_numpy(v) for v in (X, y, W0, a))
    mt = torch.from_numpy(masks)

    def sq_loss(W, am, scale):
        u = scale * c * (torch.clamp(Xt @ W.T, min=0.0) @ am)
        return float(torch.sum((yt - u) ** 2))

    def run():
        W = W0t.clone()
        for k in range(K):
            acc = torch.zeros_like(W)
            for q in range(p):
                mk = mt[k, q]
                am = at * mk
                Wl = W.clone()
                for t in range(tau):
                    Z = Xt @ Wl.T
                    u = c * (torch.clamp(Z, min=0.0) @ am)
                    Ez = (Z >= 0.0).double() * (u - yt)[:, None]
                    Wl -= eta * c * am[:, None] * (Ez.T @ Xt)
                sq_loss(Wl, am, 1.0)
                acc += mk[:, None] * (Wl - W)
            cnt = mt[k].sum(dim=0)
            W += acc / torch.clamp(cnt, min=1.0)[:, None]
            sq_loss(W, at, xi)
        return sq_loss(W, at, xi)

    loss, secs = median_time(run, reps)
    print("torch %.17g %.6g %s" % (loss, secs, torch.__version__))


if __name__ == "__main__":
    sys.exit(main())
