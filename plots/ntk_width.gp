# ntk_width.gp -- the width ntk.thm2 needs: measured m* against what the
# theorem says drives it, n^2/lambda_0^2, beside the theorem's scale and the
# proof's explicit width, for each input set (sphere, data) and mask
# probability xi.
# Reads resdir/ntk_width.csv, ntk_width_fit.gp (bin/ntk_width); writes
# resdir/figures/ntk_width.png, .svg.
# needs: ntk_width.csv ntk_width_fit.gp
# usage: gnuplot -e "resdir='results'" plots/ntk_width.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
load resdir.'/ntk_width_fit.gp'
csv = resdir.'/ntk_width.csv'
set datafile separator ','
xis = system("tail -n +2 ".csv." | grep -v '^#' | cut -d, -f4 | sort -g -u | tr '\\n' ' '")
sets = system("tail -n +2 ".csv." | grep -v '^#' | cut -d, -f1 | sort -u | tr '\\n' ' '")
sel(s, x, col) = (strcol(1) eq s && abs(column(4) - x) < 1e-12 && column(6) > 0) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1300,820 enhanced font 'Sans,13'
    set output resdir.'/figures/ntk_width.png'
  } else {
    set terminal svg size 1300,820 enhanced font 'Sans,13'
    set output resdir.'/figures/ntk_width.svg'
  }
  set logscale xy 10
  set format x '10^{%L}'
  set format y '10^{%L}'
  set key below font ',11'
  set xlabel 'n^2 / λ_0^2  (what the theorem says drives the width; log scale, base 10)'
  set ylabel 'hidden neurons m (log scale, base 10)'
  set title sprintf("ntk.thm2: smallest width m* where lambda_min < lambda_0/2 in at most a delta of draws\nfitted m* ~ (n^2/(xi lambda_0^2))^(%.2f +- %.2f); the theorem's exponent is 1, up to logs", exponent_scale, exponent_scale_se) noenhanced
  plot for [sv in sets] for [xv in xis] csv skip 1 using (sel(sv, real(xv), 10)):(sel(sv, real(xv), 6)) \
         with points pt (sv eq 'data' ? 7 : 6) ps 1.2 title sprintf('m* measured, %s, xi = %s', sv, xv), \
       csv skip 1 using 10:11 with points pt 1 ps 0.8 lc rgb '#000000' title "theorem's scale n^2 log(n/delta)/(xi lambda_0^2)", \
       csv skip 1 using 10:12 with points pt 2 ps 0.8 lc rgb '#777777' title "proof's explicit width 8 n^2 log(2n^2/delta)/lambda_0^2"
}
