#!/bin/sh
# golden.sh -- rewrite tests/golden/quick/<check>.json: every check's quick
# record (--quick --threads 2), without its timing and version, which
# tests/cli/run.sh compares each run with (numbers to 1e-8 relative, text
# with its numbers masked). Run it only when a record is meant to change,
# and say why in the commit.
set -e
cd "$(dirname "$0")/.."
for b in bin/check_*; do
    id=${b#bin/check_}
    "$b" --quick --threads 2 --quiet --json "tests/golden/quick/$id.json" || true
    python3 - "tests/golden/quick/$id.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for k in ("timing", "version"):
    d.pop(k, None)
json.dump(d, open(p, "w"), indent=1, sort_keys=True)
open(p, "a").write("\n")
PY
done
