# ntk_width.gp -- the width ntk.thm2 needs: measured m* against the
# theorem's scale and the proof's explicit width.
# Reads resdir/ntk_width.csv, ntk_width_fit.gp (bin/ntk_width); writes
# resdir/figures/ntk_width.png, .svg.
# needs: ntk_width.csv ntk_width_fit.gp
# usage: gnuplot -e "resdir='results'" plots/ntk_width.gp
if (!exists("resdir")) resdir = 'results'
load resdir.'/ntk_width_fit.gp'
csv = resdir.'/ntk_width.csv'
set datafile separator ','
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 900,600 enhanced font 'Sans,10'
    set output resdir.'/figures/ntk_width.png'
  } else {
    set terminal svg size 900,600 enhanced font 'Sans,10'
    set output resdir.'/figures/ntk_width.svg'
  }
  set logscale xy
  set grid
  set key top left
  set xlabel 'n (inputs on the unit sphere, d = 10)'
  set ylabel 'hidden neurons m'
  set xrange [3:20]
  set title sprintf("ntk.thm2: width at which lambda_min(mask o H) >= lambda_0/2 in every draw (xi = 0.5)\nfitted m* = C n^{%.2f} (1/lambda_0)^{%.2f}; the theorem: n^2 (1/lambda_0)^2 up to logs", exponent_n, exponent_inv_lambda0)
  plot csv skip 1 using 1:4 with points pt 7 ps 1.3 lc rgb '#d62728' title 'measured m* (100 draws, no failure)', \
       csv skip 1 using 1:5 with points pt 5 ps 1.1 lc rgb '#1f77b4' title 'theorem scale n^2 log(n^2)/(xi lambda_0^2)', \
       csv skip 1 using 1:6 with points pt 9 ps 1.1 lc rgb '#555555' title 'explicit width for delta = 0.05: 8 n^2 log(2n^2/0.05)/lambda_0^2'
}
