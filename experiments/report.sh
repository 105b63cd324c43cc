#!/bin/sh
# Runs every check and every experiment into results/ (called by
# `make report`; pass --quick for the CI-sized profile, or --full for the
# paper's sizes where a program has them: ntk_masked's Fig. 2).
# Environment: BIN (default bin), THREADS (0 = all cores).
set -u
BIN=${BIN:-bin}
THREADS=${THREADS:-0}
QUICK=""
FULL=""
[ "${1:-}" = "--quick" ] && QUICK="--quick"
[ "${1:-}" = "--full" ] && FULL="--full"
mkdir -p results/figures
echo "== boundcheck all $QUICK"
"$BIN/boundcheck" all $QUICK --threads "$THREADS" --json-dir results
rc=$?
# Verdicts (0, 1, 3, 4) are results, not errors; usage (2) and FAILED (5) are.
if [ "$rc" -eq 2 ] || [ "$rc" -eq 5 ]; then
  echo "report: boundcheck all exited $rc" >&2
  exit 1
fi
run() { echo "== $*"; "$@" || exit 1; }
# the tightest instance of every check, within a budget of evaluations
BUDGET=200
[ -n "$QUICK" ] && BUDGET=30
for id in $("$BIN/boundcheck" list | tail -n +2 | cut -d' ' -f1); do
  echo "== boundcheck search $id --budget $BUDGET"
  "$BIN/boundcheck" search "$id" --budget "$BUDGET" --threads "$THREADS" \
    --json "results/search_$id.json" > "results/search_$id.txt"
  rc=$?
  # 0: no counterexample, 1: a counterexample (a finding), 3: nothing feasible
  if [ "$rc" -eq 2 ] || [ "$rc" -eq 5 ]; then
    echo "report: boundcheck search $id exited $rc" >&2; cat "results/search_$id.txt"; exit 1
  fi
  sed -n 's/^  \(maximised\|confirmation\)/  \1/p' "results/search_$id.txt"
done
run "$BIN"/multirate_ksweep $QUICK --threads "$THREADS" --out results
run "$BIN"/sgr_eps $QUICK --out results --tag synthetic
run "$BIN"/sgr_eps $QUICK --out results --tag wine data=data/wine_data.csv data-header=1
run "$BIN"/sgr_slack $QUICK --out results
run "$BIN"/clars_quadratic $QUICK --threads "$THREADS" --out results
run "$BIN"/clars_network $QUICK --out results
run "$BIN"/ntk_width $QUICK --threads "$THREADS" --out results
run "$BIN"/ntk_masked $QUICK $FULL --out results --tag synthetic
run "$BIN"/ntk_masked $QUICK $FULL --out results --tag breast_cancer data=data/breast_cancer.csv data-header=1
run "$BIN"/dcasgd_mse $QUICK --threads "$THREADS" --out results
run "$BIN"/dcasgd_delay $QUICK --out results --tag synthetic
run "$BIN"/dcasgd_delay $QUICK --out results --tag wine data=data/wine_data.csv data-header=1
