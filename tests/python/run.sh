#!/bin/sh
# The Python package: installed with pip from the repository (no network),
# it lists the checks, runs one and gets the same record as the binary, and
# judges values exactly as `boundcheck judge` does.
# Usage: SOLIB=build/libboundcheck.so sh tests/python/run.sh
set -u
SOLIB=${SOLIB:-build/libboundcheck.so}
if ! command -v python3 > /dev/null 2>&1; then echo "python tests: no python3, skipped"; exit 0; fi
TMP=$(mktemp -d /tmp/bc_py.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cp -r python "$TMP/src"
cp "$SOLIB" "$TMP/src/boundcheck/libboundcheck.so"
if ! python3 -m pip install --quiet --no-build-isolation --no-deps --no-index --target "$TMP/site" \
     "$TMP/src" > "$TMP/pip.log" 2>&1; then
  cat "$TMP/pip.log"; echo "python tests: pip install failed"; exit 1
fi
bin/check_clars_thm2 --trials 20 --seed 3 --quiet --json "$TMP/cli.json"
PYTHONPATH="$TMP/site" python3 - "$TMP/cli.json" <<'PY'
import json, sys
import boundcheck as bc
fails = 0
def check(cond, what):
    global fails
    if not cond:
        fails += 1
        print("FAIL:", what)
checks = bc.list_checks()
check(len(checks) == 21 and checks[0]["id"] == "multirate.b4", "list_checks")
rec = bc.run("clars.thm2", trials=20, seed=3)
cli = json.load(open(sys.argv[1]))
check(rec["verdict"] == cli["verdict"] and rec["exit_code"] == 0, "run: verdict")
check(rec["results"][0]["lhs"] == cli["results"][0]["lhs"], "run: the same interval as the binary")
try:
    bc.run("clars.thm2", nosie=1)
    check(False, "a misspelt parameter raises")
except bc.BoundcheckError as e:
    check("did you mean" in str(e), "the error suggests the parameter")
rec = bc.run("sgr.thm3_3", ablate="eps", trials=4)
check(rec["verdict"] == "VIOLATED" and rec["exit_code"] == 1, "run: a must-fail instance")
# judge: the check's per-trial values give its own record back
vals = [[0.1], [0.12], [0.09], [0.11]]
j = bc.judge(vals, rhs=0.2)
check(j["verdict"] == "HOLDS" and abs(j["results"][0]["lhs"]["estimate"] - 0.105) < 1e-15, "judge mean")
j = bc.judge([[0.1, 0.9], [0.2, 0.3]], rhs=[0.5, 0.5], kind="every")
check(j["verdict"] == "VIOLATED" and j["exit_code"] == 1, "judge every")
j = bc.judge(vals, rhs=0.2, range=(0, 1))
check(j["results"][0]["lhs"]["upper"] > 0.105, "judge with a range")
try:
    bc.judge([[1.0], [float("nan")]], rhs=1)
    check(False, "NaN refused")
except bc.BoundcheckError:
    pass
print("python tests: %s" % ("all passed" if fails == 0 else "%d failed" % fails))
sys.exit(1 if fails else 0)
PY
