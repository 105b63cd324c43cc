# ntk_masked.gp -- Algorithm 1 of seed 003 (randomly masked neurons), the
# paper's Fig. 2: (a) loss dynamics, (b) error region against p and xi
# (Bernoulli masks), (c) against p and tau (categorical masks).
# For every resdir/ntk_masked_<tag>_dynamics.csv (bin/ntk_masked), writes
# resdir/figures/ntk_masked_<tag>.png and .svg.
# needs:
# usage: gnuplot -e "resdir='results'" plots/ntk_masked.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
tags = system("ls ".resdir."/ntk_masked_*_dynamics.csv 2>/dev/null | sed 's|.*/ntk_masked_||; s|_dynamics[.]csv$||'")
set datafile separator ','
do for [tag in tags] {
  base = resdir.'/ntk_masked_'.tag
  load base.'.gp'
  do for [term in "pngcairo svg"] {
    if (term eq "pngcairo") {
      set terminal pngcairo size 1800,600 enhanced font 'Sans,13'
      set output resdir.'/figures/ntk_masked_'.tag.'.png'
    } else {
      set terminal svg size 1800,600 enhanced font 'Sans,13'
      set output resdir.'/figures/ntk_masked_'.tag.'.svg'
    }
    set multiplot layout 1,3 title run_title noenhanced
    unset logscale
    set key below maxrows 3 box
    set xlabel 'global iteration k'
    set ylabel 'log of mean / variance over runs'
    set title '(a) ξ = 0.5, p = 2, τ = 2'
    plot base.'_dynamics.csv' skip 1 using 1:2 with lines lt 1 title 'log mean, full model', \
         base.'_dynamics.csv' skip 1 using 1:4 with lines lt 3 title 'log mean, after sampling', \
         base.'_dynamics.csv' skip 1 using 1:6 with lines lt 2 title 'log mean, after local steps', \
         base.'_dynamics.csv' skip 1 using 1:3 with lines dt 2 lw 1 lt 1 title 'log variance, full', \
         base.'_dynamics.csv' skip 1 using 1:5 with lines dt 2 lw 1 lt 3 title 'log variance, sampled'
    # heat maps: one cell per measured (p, xi) or (p, tau), no interpolation,
    # ticks at the measured values, the value printed in its cell; viridis
    # (style.inc); log error, so one outlier cannot flatten the scale
    unset key
    unset grid
    set xlabel 'p (subnetworks; log scale, base 2)'
    set xtics ('1' 0, '2' 1, '4' 2, '8' 3)
    set xrange [-0.5:3.5]
    set cblabel 'log error (full loss, last fifth)'
    set style fill solid 1.0 noborder
    set style textbox opaque noborder margins 1,1
    set title '(b) Bernoulli masks, τ = 1'
    set ylabel 'ξ (mask probability)'
    set yrange [0:1]
    set ytics 0.1, 0.2, 0.9
    plot base.'_bernoulli.csv' skip 1 using (log($1)/log(2)):2:(0.5):(0.1):3 with boxxyerror fc palette notitle, \
         base.'_bernoulli.csv' skip 1 using (log($1)/log(2)):2:(sprintf('%.1f', $3)) with labels boxed tc rgb '#000000' font ',10' notitle
    set title '(c) categorical masks (IST, ξ = 1/p)'
    set ylabel 'τ (local steps; log scale, base 2)'
    set yrange [-0.5:3.5]
    set ytics ('1' 0, '2' 1, '4' 2, '8' 3)
    plot base.'_categorical.csv' skip 1 using (log($1)/log(2)):(log($2)/log(2)):(0.5):(0.5):3 with boxxyerror fc palette notitle, \
         base.'_categorical.csv' skip 1 using (log($1)/log(2)):(log($2)/log(2)):(sprintf('%.1f', $3)) with labels boxed tc rgb '#000000' font ',10' notitle
    set xtics autofreq
    set ytics autofreq
    unset xrange
    unset yrange
    set key
    unset multiplot
  }
}
