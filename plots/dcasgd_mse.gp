# dcasgd_mse.gp -- delay compensation's Hessian approximation, exactly:
# needs: dcasgd_lambda.csv dcasgd_distance.csv
# MSE(lambda G) against lambda for six instances (K = 2, 4, 10), and the fraction of
# elements where lambda G beats G (and where condition (1) holds) against
# ||W_t - W*||. Reads resdir/dcasgd_{lambda,distance}.csv (bin/dcasgd_mse);
# writes resdir/figures/dcasgd_mse.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/dcasgd_mse.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
lam = resdir.'/dcasgd_lambda.csv'
dis = resdir.'/dcasgd_distance.csv'
set datafile separator ','
els = system("tail -n +2 ".lam." | cut -d, -f1 | uniq | tr '\\n' ' '")
cfgs = "K=2 K=4 K=10"
selc(s, col) = (strstrt(strcol(1), s) > 0) ? column(col) : 1/0
sele(s, col) = (strcol(1) eq s) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/dcasgd_mse.png'
  } else {
    set terminal svg size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/dcasgd_mse.svg'
  }
  set multiplot layout 1,2 title "dcasgd.thm3\\_1: MSE of λG as an approximation of the Hessian (exact over labels)"
  set logscale y 10
  set xlabel 'λ'
  set ylabel 'MSE(λG_{ij}) / MSE(G_{ij}) (log scale, base 10)'
  set title 'element (0,1) of six instances (d = 3)' noenhanced
  set key below noenhanced
  plot for [i=1:words(els)/2] lam skip 1 using 2:(sele(word(els, 2*i-1).' '.word(els, 2*i), 3) / sele(word(els, 2*i-1).' '.word(els, 2*i), 4)) with lines lw 2 title word(els, 2*i-1).' '.word(els, 2*i), \
       1 with lines ls 100 title 'MSE(G): (1) claims below'
  set logscale x 10
  set xlabel '‖W_t − W^*‖_F (log scale, base 10)'
  set ylabel 'fraction of elements'
  unset logscale y
  set yrange [-0.02:1.02]
  set title 'where λG (λ = 1/2) beats G, and where (1) holds'
  set key below noenhanced
  plot for [i=1:3] dis skip 1 using 2:(selc(word(cfgs, i), 3)):(selc(word(cfgs, i), 4)):(selc(word(cfgs, i), 5)) with yerrorlines lw 2 lc i title 'λG beats G, '.word(cfgs, i), \
       for [i=1:3] dis skip 1 using 2:(selc(word(cfgs, i), 6)) with linespoints dt 2 lw 2 lc i title 'condition (1) holds, '.word(cfgs, i)
  unset multiplot
  unset logscale x
  set yrange [*:*]
}
