# ntk_masked.gp -- Algorithm 1 of seed 003 (randomly masked neurons), the
# paper's Fig. 2: (a) loss dynamics, (b) error region against p and xi
# (Bernoulli masks), (c) against p and tau (categorical masks).
# For every resdir/ntk_masked_<tag>_dynamics.csv (bin/ntk_masked), writes
# resdir/figures/ntk_masked_<tag>.png and .svg.
# needs:
# usage: gnuplot -e "resdir='results'" plots/ntk_masked.gp
if (!exists("resdir")) resdir = 'results'
tags = system("ls ".resdir."/ntk_masked_*_dynamics.csv 2>/dev/null | sed 's|.*/ntk_masked_||; s|_dynamics[.]csv$||'")
set datafile separator ','
do for [tag in tags] {
  base = resdir.'/ntk_masked_'.tag
  load base.'.gp'
  do for [term in "pngcairo svg"] {
    if (term eq "pngcairo") {
      set terminal pngcairo size 1400,450 enhanced font 'Sans,10'
      set output resdir.'/figures/ntk_masked_'.tag.'.png'
    } else {
      set terminal svg size 1400,450 enhanced font 'Sans,10'
      set output resdir.'/figures/ntk_masked_'.tag.'.svg'
    }
    set multiplot layout 1,3 title run_title noenhanced
    unset logscale
    set grid
    set key top right
    set xlabel 'global iteration k'
    set ylabel 'log of mean / variance over runs'
    set title '(a) xi = 0.5, p = 2, tau = 2'
    plot base.'_dynamics.csv' skip 1 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'log mean, full model', \
         base.'_dynamics.csv' skip 1 using 1:4 with lines lw 2 lc rgb '#2ca02c' title 'log mean, after sampling', \
         base.'_dynamics.csv' skip 1 using 1:6 with lines lw 2 lc rgb '#d62728' title 'log mean, after local steps', \
         base.'_dynamics.csv' skip 1 using 1:3 with lines dt 2 lw 1 lc rgb '#1f77b4' title 'log variance, full', \
         base.'_dynamics.csv' skip 1 using 1:5 with lines dt 2 lw 1 lc rgb '#2ca02c' title 'log variance, sampled'
    unset grid
    unset key
    # heatmaps: pm3d map over the grid the CSV holds (blank lines between
    # scan lines), interpolated between the points; each point's value is
    # printed where it was measured
    set view map
    set pm3d map interpolate 8,8
    set palette rgbformulae 33,13,10
    set xlabel 'log_2 p (subnetworks)'
    set ylabel 'xi (mask probability)'
    set cblabel 'log error (full loss, last fifth)'
    set title '(b) Bernoulli masks, tau = 1'
    set xrange [-0.3:3.3]
    set yrange [0.04:0.96]
    splot base.'_bernoulli.csv' skip 1 using (log($1)/log(2)):2:3 with pm3d notitle, \
          base.'_bernoulli.csv' skip 1 using (log($1)/log(2)):2:3:(sprintf('%.1f', $3)) \
          with labels font 'Sans,8' notitle
    set ylabel 'log_2 tau (local steps)'
    set title '(c) categorical masks (IST, xi = 1/p)'
    set yrange [-0.3:3.3]
    splot base.'_categorical.csv' skip 1 using (log($1)/log(2)):(log($2)/log(2)):3 with pm3d notitle, \
          base.'_categorical.csv' skip 1 using (log($1)/log(2)):(log($2)/log(2)):3:(sprintf('%.1f', $3)) \
          with labels font 'Sans,8' notitle
    unset pm3d
    set view 60,30
    unset xrange
    unset yrange
    unset multiplot
  }
}
