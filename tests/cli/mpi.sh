#!/bin/sh
# The MPI driver (make MPI=1): under mpirun -n 2 it writes the records a
# single process writes (timing aside), exits with the verdict, and refuses
# bad input with one line and exit 2.
# Usage: BIN=bin sh tests/cli/mpi.sh
set -u
BIN=${BIN:-bin}
TMP=$(mktemp -d /tmp/bc_mpi.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# root inside containers and CI; two ranks on a two-core machine
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN="mpirun -n 2 --quiet"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
strip() { grep -v -e wall_s -e '"threads"' "$1"; }

$MPIRUN "$BIN/boundcheck_mpi" all --quick --threads 1 --json-dir "$TMP/mpi" > "$TMP/mpi.txt"; r1=$?
"$BIN/boundcheck" all --quick --json-dir "$TMP/one" > "$TMP/one.txt"; r2=$?
[ "$r1" -eq "$r2" ] && ok || bad "boundcheck_mpi all exits $r1, boundcheck all $r2"
n=0
for f in "$TMP"/one/*.json; do
  g="$TMP/mpi/$(basename "$f")"
  strip "$f" > "$TMP/a"
  if [ -f "$g" ] && strip "$g" > "$TMP/b" && cmp -s "$TMP/a" "$TMP/b"; then n=$((n + 1))
  else bad "MPI record $(basename "$f") differs from the single process's"; fi
done
[ "$n" -gt 10 ] && [ "$n" -eq "$(ls "$TMP"/one/*.json | wc -l)" ] && ok || bad "$n MPI records equal"
[ "$(grep -c -e HOLDS -e PRECONDITION "$TMP/mpi.txt")" -eq "$(grep -c -e HOLDS -e PRECONDITION "$TMP/one.txt")" ] \
  && ok || bad "the MPI table differs"

# a VIOLATED verdict reaches mpirun's exit status
$MPIRUN "$BIN/boundcheck_mpi" run dcasgd.lemmaC1 --quick --lambda 1 --d 6 --quiet; rc=$?
[ "$rc" -eq 1 ] && ok || bad "VIOLATED under MPI: exit $rc"

# bad input: exit 2, one line (rank 0 only speaks)
for args in "run multirate.b4 --k 0" "run multirate.b4 --shard 0/2 --json $TMP/x.json" "run nosuch" \
            "all --bogus" "frobnicate"; do
  # shellcheck disable=SC2086
  $MPIRUN "$BIN/boundcheck_mpi" $args > "$TMP/out" 2> "$TMP/err"; rc=$?
  [ "$rc" -eq 2 ] && [ "$(grep -c . "$TMP/err")" -eq 1 ] && ok || bad "boundcheck_mpi $args: exit $rc, $(cat "$TMP/err")"
done

echo "mpi tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
