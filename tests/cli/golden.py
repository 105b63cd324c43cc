"""golden.py RECORD GOLDEN: compare a check's record with its golden copy
(tests/golden/quick, written by tools/golden.sh): the same keys, the same
text with its numbers masked, every number within 1e-8 relative (1e-12
absolute; room for another BLAS's rounding). Timing and version are not
compared. Prints the first difference and exits 1."""
import json
import math
import re
import sys

NUM = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def diff(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        ka, kb = set(a) - {"timing", "version"}, set(b) - {"timing", "version"}
        if ka != kb:
            return f"{path}: keys {sorted(ka ^ kb)}"
        for k in sorted(ka):
            d = diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items, golden {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return None if a == b else f"{path}: {a!r}, golden {b!r}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) and math.isnan(b):
            return None
        if a == b or abs(a - b) <= 1e-12 + 1e-8 * max(abs(a), abs(b)):
            return None
        return f"{path}: {a!r}, golden {b!r}"
    if isinstance(a, str) and isinstance(b, str):
        if NUM.sub("#", a) == NUM.sub("#", b):
            return None
        return f"{path}: {a!r}\n  golden {b!r}"
    return f"{path}: {a!r}, golden {b!r}"


d = diff(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), "record")
if d:
    print(d)
    sys.exit(1)
