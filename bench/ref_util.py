"""ref_util.py -- what the NumPy and PyTorch references of the benchmarks
share: the instance's meta.txt, the check that NumPy runs on OpenBLAS (the
C links OpenBLAS: any other BLAS would make the ratio meaningless), and
the median of repeated timings."""
import time

from threadpoolctl import threadpool_info


def read_meta(d):
    """The name=value pairs of DIR/meta.txt, as strings."""
    return dict(line.split("=") for line in open(d + "/meta.txt").read().split())


def openblas_names():
    """NumPy's BLAS libraries, comma-separated; None after printing the
    refusal line when they are not all OpenBLAS."""
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    names = ",".join(i.get("internal_api", "?") for i in blas)
    if not blas or any(i.get("internal_api") != "openblas" for i in blas):
        print("refused: NumPy is not on OpenBLAS (%s)" % (names or "no BLAS found"))
        return None
    return names


def median_time(run, reps):
    """The last result of run() and the median of its reps timings."""
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t0)
    times.sort()
    return out, times[len(times) // 2]
