# sgr_slack.gp -- Theorem 3.3's inequality (3) along the iterations, inside
# needs: sgr_slack.csv
# (eta_1 <= its bound) and outside the step-size conditions.
# Reads resdir/sgr_slack.csv (bin/sgr_slack); writes resdir/figures/sgr_slack.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/sgr_slack.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
csv = resdir.'/sgr_slack.csv'
set datafile separator ','
fracs = system("tail -n +2 ".csv." | cut -d, -f1 | uniq | tr '\\n' ' '")
sel(f, col) = (column(1) == f) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/sgr_slack.png'
  } else {
    set terminal svg size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/sgr_slack.svg'
  }
  set multiplot layout 1,2 title "sgr.thm3\\_3: inequality (3) along local learning (default instance, one start)"
  set xlabel 'iteration i'
  set ylabel 'slack of (3): (claimed - actual decrease) / max(|.|)'
  set title '> 0: (3) fails at that step' noenhanced
  set key below
  # the largest step oscillates: drawn first, thin, under the others
  plot for [i=words(fracs):1:-1] csv skip 1 using 2:(sel(real(word(fracs, i)), 6)) with lines lt i lw (i == words(fracs) ? 1 : 2) title sprintf('η_1 = %s × allowed', word(fracs, i)), \
       0 with lines ls 100 title '0: (3) holds below'
  set logscale y 10
  set ylabel 'L_2^{(i+1)} − L_2^* (log scale, base 10)'
  set title 'the gap and the RHS of (4)' noenhanced
  set key below
  plot for [i=words(fracs):1:-1] csv skip 1 using 2:(sel(real(word(fracs, i)), 3)) with lines lt i lw (i == words(fracs) ? 1 : 2) title sprintf('gap, %s ×', word(fracs, i)), \
       for [i=words(fracs):1:-1] csv skip 1 using 2:(sel(real(word(fracs, i)), 5)) with lines lt i dt 2 lw 1.5 title sprintf('bound (4), %s ×', word(fracs, i))
  unset multiplot
}
