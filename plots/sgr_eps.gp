# sgr_eps.gp -- ||eps|| and the last layer's loss over training: local
# needs:
# learning, SGR with several lambda, backpropagation (seed 002).
# For every resdir/sgr_eps_<tag>.csv written by bin/sgr_eps (with its
# sgr_eps_<tag>.gp: the modes and a title), writes
# resdir/figures/sgr_eps_<tag>.png and .svg.
# usage: gnuplot -e "resdir='results'" plots/sgr_eps.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
tags = system("ls ".resdir."/sgr_eps_*.csv 2>/dev/null | sed 's|.*/sgr_eps_||; s|[.]csv$||'")
set datafile separator ','
sel(m, col) = (strcol(1) eq m) ? column(col) : 1/0
colour(i) = word("#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000 #F0E442 #999999 #882255", i)

do for [tag in tags] {
  csv = resdir.'/sgr_eps_'.tag.'.csv'
  load resdir.'/sgr_eps_'.tag.'.gp'
  do for [term in "pngcairo svg"] {
    if (term eq "pngcairo") {
      set terminal pngcairo size 1500,600 enhanced font 'Sans,13'
      set output resdir.'/figures/sgr_eps_'.tag.'.png'
    } else {
      set terminal svg size 1500,600 enhanced font 'Sans,13'
      set output resdir.'/figures/sgr_eps_'.tag.'.svg'
    }
    set multiplot layout 1,2 title run_title noenhanced
    set logscale y 10
    set key below noenhanced
    set xlabel 'iteration'
    set ylabel '‖ε_1‖ = ‖∇_1 L_L − direction of layer 1‖ (log scale, base 10)'
    set title 'ε of layer 1 (backpropagation: ε = 0, not drawn)'
    plot for [i=2:words(modes)] csv skip 1 using 2:(sel(word(modes, i), 5)) \
         with lines lw 2 lc rgb colour(i) title word(modes, i)
    set ylabel 'last-layer CE loss L_L (log scale, base 10)'
    set title 'loss of the last layer' noenhanced
    plot for [i=1:words(modes)] csv skip 1 using 2:(sel(word(modes, i), 3)) \
         with lines lw 2 lc rgb colour(i) title word(modes, i)
    unset multiplot
  }
}
