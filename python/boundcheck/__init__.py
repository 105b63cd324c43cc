"""boundcheck from Python: run any check, judge your own values, list checks.

A thin ctypes layer over the C library (libboundcheck.so): the numbers are
the C code's, the records the same JSON records (as dicts) the command line
writes. No dependency beyond the standard library; NumPy arrays are
accepted where values are expected.

    import boundcheck
    rec = boundcheck.run("multirate.b4", trials=100, k=16)
    rec["verdict"], rec["results"][0]["ratio"]
    rec = boundcheck.judge(my_values, rhs=0.25)      # one row per run

The library is found in $BOUNDCHECK_LIB, beside this file (pip install
copies it there), or in the repository's build/ folder.
"""
import ctypes
import json
import math
import os

__all__ = ["run", "judge", "list_checks", "verdict_name", "VERDICTS"]

VERDICTS = {0: "HOLDS", 1: "VIOLATED", 2: "USAGE", 3: "INCONCLUSIVE", 4: "PRECONDITION", 5: "FAILED"}
_KINDS = {"mean": 0, "every": 1, "prob": 2}


def _find_library():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("BOUNDCHECK_LIB", ""),
                  os.path.join(here, "libboundcheck.so"),
                  os.path.join(here, "..", "..", "build", "libboundcheck.so")]
    for c in candidates:
        if c and os.path.exists(c):
            return c
    raise OSError("libboundcheck.so not found: build it with `make` and set BOUNDCHECK_LIB, "
                  "or install the package with `make python-install`")


_lib = ctypes.CDLL(_find_library())
_lib.bc_api_list.restype = ctypes.c_void_p
_lib.bc_api_run.restype = ctypes.c_void_p
_lib.bc_api_run.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
                            ctypes.c_ulonglong, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
_lib.bc_api_judge.restype = ctypes.c_void_p
_lib.bc_api_judge.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_double), ctypes.c_size_t,
                              ctypes.c_size_t, ctypes.POINTER(ctypes.c_double), ctypes.c_double,
                              ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_double,
                              ctypes.POINTER(ctypes.c_int)]
_lib.bc_api_free.argtypes = [ctypes.c_void_p]


class BoundcheckError(ValueError):
    """Bad input: the message the command line would print (exit status 2)."""


def _take(ptr, code=None):
    if not ptr:
        raise MemoryError("boundcheck: out of memory")
    try:
        text = ctypes.string_at(ptr).decode()
    finally:
        _lib.bc_api_free(ptr)
    out = json.loads(text)
    if isinstance(out, dict) and "error" in out:
        raise BoundcheckError(out["error"])
    if isinstance(out, dict) and code is not None:
        out["exit_code"] = code
    return out


def verdict_name(code):
    """The verdict an exit code stands for."""
    return VERDICTS.get(code, str(code))


def list_checks():
    """Every registered check: id, statement, formula, paper, reference,
    binary and parameters (types, defaults, ranges)."""
    return _take(_lib.bc_api_list())


def run(check_id, trials=0, seed=1, threads=0, **params):
    """Runs one check; params are its parameters (underscores for dashes:
    eta1_frac=0.5). Returns the record as a dict, with "exit_code"."""
    text = " ".join("%s=%s" % (k.replace("_", "-"), v) for k, v in params.items())
    code = ctypes.c_int(0)
    ptr = _lib.bc_api_run(check_id.encode(), text.encode(), int(trials), int(seed), int(threads),
                          ctypes.byref(code))
    return _take(ptr, code.value)


def _matrix(values):
    """rows x cols float list from a sequence, a sequence of sequences or an
    array with .tolist() (NumPy)."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in values]
    if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
        raise BoundcheckError("values must be a non-empty list of rows of equal length")
    return rows


def judge(values, rhs, kind="mean", range=None, delta=None, rtol=1e-9, alpha=1e-3):
    """Judges one row per trial (and a column per quantity or iteration)
    against rhs (a number or one per column), exactly as the checks judge:
    kind "mean" (E[column] <= rhs; t interval, or Hoeffding/Bernstein with
    range=(lo, hi)), "every" (every value <= rhs), "prob" (P(some column
    exceeds rhs) <= delta). Returns the record as a dict, with "exit_code"."""
    if kind not in _KINDS:
        raise BoundcheckError("kind must be one of mean, every, prob")
    rows = _matrix(values)
    n, m = len(rows), len(rows[0])
    flat = (ctypes.c_double * (n * m))(*[float(x) for r in rows for x in r])
    r = list(rhs) if isinstance(rhs, (list, tuple)) else [float(rhs)] * m
    if hasattr(rhs, "tolist"):
        r = list(rhs.tolist()) if isinstance(rhs.tolist(), list) else [float(rhs)] * m
    if len(r) != m:
        raise BoundcheckError("rhs must be a number or one value per column (%d)" % m)
    rr = (ctypes.c_double * m)(*[float(x) for x in r])
    lo, hi = (float(range[0]), float(range[1])) if range is not None else (math.nan, math.nan)
    code = ctypes.c_int(0)
    ptr = _lib.bc_api_judge(_KINDS[kind], flat, n, m, rr, lo, hi,
                            float(delta) if delta is not None else math.nan, float(rtol),
                            float(alpha), ctypes.byref(code))
    return _take(ptr, code.value)
