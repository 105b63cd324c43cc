# multirate_ksweep.gp -- Theorem B.4 against the slow period k (log-log).
# needs: multirate_ksweep.csv multirate_ksweep_fit.gp
# Reads resdir/multirate_ksweep.csv and the fitted exponents in
# resdir/multirate_ksweep_fit.gp (both written by bin/multirate_ksweep);
# writes resdir/figures/multirate_ksweep.png and .svg.
# usage: gnuplot -e "resdir='results'" plots/multirate_ksweep.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
csv = resdir.'/multirate_ksweep.csv'
load resdir.'/multirate_ksweep_fit.gp'
set datafile separator ','
set logscale xy 10
set key below maxrows 4 width -2
set xlabel 'slow period k (log scale, base 2 ticks)'
set ylabel 'value (log scale, base 10)'
set format y '10^{%L}'
set xtics (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
set autoscale xfix
set offsets graph 0.03, graph 0.03, 0, 0
set label 1 'interval bars: one-sided bounds at alpha; lower bounds at 0 are not drawn on log axes' at graph 0.01, graph 0.97 font ',10'
set title sprintf("multirate.b4: (1/T) sum E||grad f||^2 vs Theorem B.4\n%s", sweep_title) noenhanced

do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1200,900 enhanced font 'Sans,13'
    set output resdir.'/figures/multirate_ksweep.png'
  } else {
    set terminal svg size 1200,900 enhanced font 'Sans,13'
    set output resdir.'/figures/multirate_ksweep.svg'
  }
  plot csv skip 1 using 1:8 with lines ls 100 title 'RHS of (6): the bound', \
       csv skip 1 using 1:11 with lines ls 101 title sprintf('RHS k-term h^2L^2Mlk^2/3 (slope %.2f)', slope_kterm), \
       csv skip 1 using 1:($12 > 0 ? $12 : 1/0) with lines dt 3 lw 2 lc rgb '#999999' title sprintf("proof's sum (k-1)(2k-1)/6 (slope %.2f)", slope_tight), \
       csv skip 1 using 1:2:3:4 with yerrorlines lw 2 lt 1 title 'LHS, frozen (interval)', \
       csv skip 1 using 1:5:6:7 with yerrorlines lw 2 lt 2 title 'LHS, fresh (interval)', \
       csv skip 1 using 1:($13 > 0 ? $13 : 1/0) with linespoints dt 4 lt 1 pt 4 title sprintf('excess over k=1, frozen (slope %.2f)', slope_frozen), \
       csv skip 1 using 1:($15 > 0 ? $15 : 1/0) with linespoints dt 4 lt 2 pt 8 title sprintf('excess over k=1, fresh (slope %.2f)', slope_fresh)
}
