# dcasgd_mse.gp -- delay compensation's Hessian approximation, exactly:
# needs: dcasgd_lambda.csv dcasgd_distance.csv
# MSE(lambda G) against lambda for six instances (K = 2, 4, 10), and the fraction of
# elements where lambda G beats G (and where condition (1) holds) against
# ||W_t - W*||. Reads resdir/dcasgd_{lambda,distance}.csv (bin/dcasgd_mse);
# writes resdir/figures/dcasgd_mse.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/dcasgd_mse.gp
if (!exists("resdir")) resdir = 'results'
lam = resdir.'/dcasgd_lambda.csv'
dis = resdir.'/dcasgd_distance.csv'
set datafile separator ','
els = system("tail -n +2 ".lam." | cut -d, -f1 | uniq | tr '\\n' ' '")
cfgs = "K=2 K=4 K=10"
selc(s, col) = (strstrt(strcol(1), s) > 0) ? column(col) : 1/0
sele(s, col) = (strcol(1) eq s) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1100,480 enhanced font 'Sans,10'
    set output resdir.'/figures/dcasgd_mse.png'
  } else {
    set terminal svg size 1100,480 enhanced font 'Sans,10'
    set output resdir.'/figures/dcasgd_mse.svg'
  }
  set multiplot layout 1,2 title "dcasgd.thm3_1: MSE of lambda G as an approximation of the Hessian (exact over labels)" noenhanced
  set grid
  set logscale y
  set xlabel 'lambda'
  set ylabel 'MSE(lambda G_{ij}) / MSE(G_{ij})'
  set title 'element (0,1) of six instances (d = 3)' noenhanced
  set key bottom right
  plot for [i=1:words(els)/2] lam skip 1 using 2:(sele(word(els, 2*i-1).' '.word(els, 2*i), 3) / sele(word(els, 2*i-1).' '.word(els, 2*i), 4)) with lines lw 2 title word(els, 2*i-1).' '.word(els, 2*i), \
       1 with lines dt 2 lc rgb '#000000' title 'MSE(G)'
  set logscale x
  set xlabel '||W_t - W*||_F'
  set ylabel 'fraction of elements'
  unset logscale y
  set yrange [-0.02:1.02]
  set title 'where lambda G (lambda = 1/2) beats G, and where (1) holds' noenhanced
  set key center right
  plot for [i=1:3] dis skip 1 using 2:(selc(word(cfgs, i), 3)):(selc(word(cfgs, i), 4)):(selc(word(cfgs, i), 5)) with yerrorlines lw 2 lc i title 'lambda G beats G, '.word(cfgs, i), \
       for [i=1:3] dis skip 1 using 2:(selc(word(cfgs, i), 6)) with linespoints dt 2 lw 2 lc i title 'condition (1) holds, '.word(cfgs, i)
  unset multiplot
  unset logscale x
  set yrange [*:*]
}
