# dcasgd_delay.gp -- SGD, ASGD and DC-ASGD with a fixed delay (seed 004's
# needs: dcasgd_delay_synthetic.csv dcasgd_delay_wine.csv
# Fig. 1 analogue): the optimality gap against passes, one panel per data
# set and delay. Reads resdir/dcasgd_delay_{synthetic,wine}.csv
# (bin/dcasgd_delay); writes resdir/figures/dcasgd_delay.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/dcasgd_delay.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
set datafile separator ','
tags = "synthetic wine"
# a series: method, tau, lambda
sel(m, t, l, col) = (strcol(1) eq m && column(2) == t && (l < 0 || abs(column(3) - l) < 1e-12)) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1600,1100 enhanced font 'Sans,13'
    set output resdir.'/figures/dcasgd_delay.png'
  } else {
    set terminal svg size 1600,1100 enhanced font 'Sans,13'
    set output resdir.'/figures/dcasgd_delay.svg'
  }
  set multiplot layout 2,2 title "DC-ASGD: mean optimality gap F(w) − F^* over runs, constant step 1/L_2 (λ > 1: outside Theorem 3.1)"
  set logscale y 10
  set xlabel 'passes over the data'
  set ylabel 'F(w) − F^* (log scale, base 10)'
  set key below font ',11'
  do for [g in tags] {
    csv = resdir.'/dcasgd_delay_'.g.'.csv'
    taus = system("tail -n +2 ".csv." | awk -F, '$2 > 0 { print $2 }' | sort -n -u | tr '\\n' ' '")
    lams = system("tail -n +2 ".csv." | awk -F, '$1 ~ /DC/ { print $3 }' | sort -g -u | tr '\\n' ' '")
    do for [t in taus] {
      set title sprintf('%s, delay τ = %s', g, t)
      plot for [i=1:words(lams)] csv skip 1 using 5:(sel('DC-ASGD-c', real(t), real(word(lams, i)), 6)) with lines lw 1 dt 1 lc i+1 title 'DC-ASGD-c λ='.word(lams, i), \
           for [i=1:words(lams)] csv skip 1 using 5:(sel('DC-ASGD-a', real(t), real(word(lams, i)), 6)) with lines lw 1 dt 2 lc i+1 title 'DC-ASGD-a λ_0='.word(lams, i), \
           csv skip 1 using 5:(sel('SGD', 0, -1, 6)) with lines lw 2.5 lc rgb '#000000' title 'SGD (no delay)', \
           csv skip 1 using 5:(sel('ASGD', real(t), -1, 6)) with lines lw 2.5 lc rgb '#D55E00' title 'ASGD' 
    }
  }
  unset multiplot
}
