#!/bin/sh
# bench_table.sh -- one table of every benchmark ratio against its target,
# from the CSV files `make bench` leaves under results/ (issue 15's
# targets; each ratio was measured within one run of its benchmark).
# usage: sh tools/bench_table.sh [results-dir]
dir=${1:-results}
printf '%-46s %-22s %10s %10s  %s\n' "benchmark" "size" "ratio" "target" "met"
row() { # name size value target cmp(ge|le)
  awk -v n="$1" -v s="$2" -v v="$3" -v t="$4" -v c="$5" 'BEGIN {
    if (v == "" || v == "nan") { printf "%-46s %-22s %10s %10s  %s\n", n, s, "-", t, "not measured"; exit }
    ok = (c == "ge") ? (v + 0 >= t + 0) : (v + 0 <= t + 0)
    printf "%-46s %-22s %10.2f %10s  %s\n", n, s, v, (c == "ge" ? ">= " : "<= ") t, ok ? "yes" : "NO" }'
}
f=$dir/bench_ntk.csv
[ -s "$f" ] && tail -n +2 "$f" | while IFS=, read -r b n m d reps c c2 pat cnt eig df cf np np2 r1 r2 cof rel blas kern efl af caf; do
  sz="n=$n m=$m d=$d"
  case $kern in   # the count path that ran: the ratios depend on it
    AMX*) nk="masked NTK [AMX]" ;;
    AVX*) nk="masked NTK [VPOPCNTQ]" ;;
    portable*) nk="masked NTK [POPCNT]" ;;
    *) nk="masked NTK" ;;
  esac
  row "$nk: NumPy / C, 1 thread" "$sz" "$r1" 7 ge
  row "$nk: NumPy / C, 2 threads" "$sz" "$r2" 7 ge
  row "masked NTK: count / AND+POPCNT floor" "$sz" "$cof" 2 le
  [ -n "$caf" ] && [ "$caf" != nan ] && row "masked NTK: count / AMX tile floor" "$sz" "$caf" 2 le
  row "masked NTK: efficiency at 2 threads" "$sz" "$(awk -v a="$c" -v b="$c2" 'BEGIN{print a/(2*b)}')" 0.85 ge
done
f=$dir/bench_masked.csv
[ -s "$f" ] && tail -n +2 "$f" | while IFS=, read -r b n m d K p tau reps c np r rel blas; do
  row "Algorithm 1: NumPy / C" "n=$n m=$m d=$d" "$r" 3 ge
done
f=$dir/bench_multirate.csv
[ -s "$f" ] && tail -n +2 "$f" | while IFS=, read -r b n d T reps c np fl r cof rel blas; do
  case $b in
    multirate_batch*) row "multirate: batched / one at a time" "n=$n d=$d, ${b#multirate_batch} together" "$r" 4 ge ;;
    multirate_trajectory) row "multirate: C / 2-dgemv floor" "n=$n d=$d" "$cof" 1.5 le ;;
  esac
done
f=$dir/bench_scaling.csv
[ -s "$f" ] && tail -n +2 "$f" | while IFS=, read -r chk trials th secs sp eff; do
  [ "$th" = 2 ] && row "$chk: efficiency at 2 threads" "trials=$trials" "$eff" 0.85 ge
done
exit 0
