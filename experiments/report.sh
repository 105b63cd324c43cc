#!/bin/sh
# Runs every check, every search and every experiment into results/ (called
# by `make report`; pass --quick for the CI-sized profile, or --full for the
# paper's sizes where a program has them: ntk_masked's Fig. 2).
# Environment: BIN (default bin), THREADS (0 = all cores), SEARCH_BUDGET
# and SEARCH_TIME (each search's budget in units of its base run, and its
# wall-clock cap in seconds: by default the cap decides, 15 s a check).
#
# What a step finds is a result, never a reason to stop: every step runs,
# each one that does not finish is written to results/failed_steps.txt
# (the page lists them) with its log under results/logs/, and the exit
# status is 1 only when a check itself could not run (boundcheck all
# exited 2 or 5); a search or an experiment that fails is reported, not
# fatal.
set -u
BIN=${BIN:-bin}
THREADS=${THREADS:-0}
QUICK=""
FULL=""
[ "${1:-}" = "--quick" ] && QUICK="--quick"
[ "${1:-}" = "--full" ] && FULL="--full"
mkdir -p results/figures results/logs
FAILED=results/failed_steps.txt
: > "$FAILED"
status=0

# step NAME COMMAND...: runs it with its output in results/logs/NAME.log
# (and on the terminal); a nonzero exit is recorded and the report goes on
step() {
  name=$1; shift
  echo "== $*"
  "$@" > "results/logs/$name.log" 2>&1
  rc=$?
  cat "results/logs/$name.log"
  if [ "$rc" -ne 0 ]; then
    echo "$* (exit $rc)" >> "$FAILED"
    echo "report: '$*' exited $rc; going on (listed on the page)" >&2
  fi
  return 0
}

echo "== boundcheck all $QUICK"
"$BIN/boundcheck" all $QUICK --threads "$THREADS" --json-dir results
rc=$?
# Verdicts (0, 1, 3, 4) are results; usage (2) and FAILED (5) mean a check
# could not run: listed, and the exit status of make report.
if [ "$rc" -eq 2 ] || [ "$rc" -eq 5 ]; then
  echo "boundcheck all $QUICK (exit $rc: a check could not run)" >> "$FAILED"
  status=1
fi

# The search for a counterexample over each check's claimed box. Exit 0
# (none found), 1 (a counterexample or a finding), 3 (inconclusive) and 4
# (nothing could be confirmed) are findings; 2 and 5 are failures of the
# step, listed and not fatal.
BUDGET=${SEARCH_BUDGET:-100000}
TIME=${SEARCH_TIME:-15}
if [ -n "$QUICK" ]; then BUDGET=${SEARCH_BUDGET:-200}; TIME=${SEARCH_TIME:-4}; fi
# search OUT ID [ARGS...]: boundcheck search ID ARGS into results/OUT.{json,txt}
search() {
  out=$1; id=$2; shift 2
  echo "== boundcheck search $id $* --budget $BUDGET --time $TIME"
  "$BIN/boundcheck" search "$id" "$@" --budget "$BUDGET" --time "$TIME" --threads "$THREADS" \
    --json "results/$out.json" > "results/$out.txt" 2>&1
  rc=$?
  if [ "$rc" -eq 2 ] || [ "$rc" -ge 5 ]; then
    echo "boundcheck search $id $* (exit $rc)" >> "$FAILED"
    cat "results/$out.txt"
    echo "report: boundcheck search $id exited $rc; going on" >&2
  fi
  grep -E '^  (maximised|confirmation|outcomes|reading|COUNTEREXAMPLE|no counterexample|inconclusive|no candidate)' \
    "results/$out.txt"
}
for id in $("$BIN/boundcheck" list | tail -n +2 | cut -d' ' -f1); do
  search "search_$id" "$id" --csv "results/search_$id.csv"
done

# Where a verdict uses a certified constant and the record also reads the
# bound with the instance's tightest (estimated) one, a search of that
# reading (--objective reading:NAME) looks for where the certified constant
# might hide a counterexample: results/reading_ID.json, shown beside the
# check's own search. Exit 1 there means the reading fails (a finding).
search reading_multirate.b4 multirate.b4 --objective "reading:L sampled (lower bound of the tightest L)"
search reading_dcasgd.thm4_1 dcasgd.thm4_1 --objective "reading:sampled L_2, eps_D (lower bounds)"
search reading_dcasgd.lemmaF1 dcasgd.lemmaF1 --objective "reading:sampled L_2, eps_D (lower bounds)"
search reading_sgr.thm3_3 sgr.thm3_3 --objective "reading:eq3-4 at mu_up" --problem nonconvex

step multirate_ksweep "$BIN"/multirate_ksweep $QUICK --threads "$THREADS" --out results
step sgr_eps_synthetic "$BIN"/sgr_eps $QUICK --out results --tag synthetic
step sgr_eps_wine "$BIN"/sgr_eps $QUICK --out results --tag wine data=data/wine_data.csv data-header=1
step sgr_slack "$BIN"/sgr_slack $QUICK --out results
step clars_quadratic "$BIN"/clars_quadratic $QUICK --threads "$THREADS" --out results
step clars_network "$BIN"/clars_network $QUICK --out results
step ntk_width "$BIN"/ntk_width $QUICK --threads "$THREADS" --out results data=data/digits.csv.gz xis=0.25,0.5,1
step ntk_masked_synthetic "$BIN"/ntk_masked $QUICK $FULL --out results --tag synthetic
step ntk_masked_breast_cancer "$BIN"/ntk_masked $QUICK $FULL --out results --tag breast_cancer \
  data=data/breast_cancer.csv data-header=1
step dcasgd_mse "$BIN"/dcasgd_mse $QUICK --threads "$THREADS" --out results
step dcasgd_delay_synthetic "$BIN"/dcasgd_delay $QUICK --out results --tag synthetic
step dcasgd_delay_wine "$BIN"/dcasgd_delay $QUICK --out results --tag wine \
  data=data/wine_data.csv data-header=1
[ -s "$FAILED" ] && { echo "report: steps that did not finish:"; cat "$FAILED"; } >&2
exit $status
