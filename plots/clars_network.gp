# clars_network.gp -- seed 001 on a 5-layer sigmoid network: the variance
# needs: clars_mk.csv clars_warmup.csv
# factor M_k over training (Fig. 3 analogue) and LARS with warmup against
# CLARS without (Fig. 4 analogue).
# Reads resdir/clars_mk.csv and clars_warmup.csv (bin/clars_network);
# writes resdir/figures/clars_network.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/clars_network.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
set datafile separator ','
mk = resdir.'/clars_mk.csv'
wu = resdir.'/clars_warmup.csv'
methods = "LARS no-warmup LARS warmup-20 LARS warmup-100 CLARS no-warmup CLARS eta-of-LARS"
sel(m, col) = (strcol(1) eq m) ? column(col) : 1/0
layer(k, col) = (column(2) == k) ? column(col) : 1/0
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/clars_network.png'
  } else {
    set terminal svg size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/clars_network.svg'
  }
  set multiplot layout 1,2 title "clars: 5-layer sigmoid network, synthetic blobs (bin/clars_network; estimated, not certified)" noenhanced
  set logscale y 10
  set key inside top left box opaque
  set xlabel 'step (mNAG, B = 32)'
  set ylabel 'M_k = mean ‖∇_k f_i‖^2 / ‖mean ∇_k f_i‖^2 (log scale, base 10)'
  set title 'the per-layer variance factor over training'
  plot for [k=1:5] mk skip 1 using 1:(layer(k, 3)) with points pt 7 ps 0.8 title sprintf('layer %d', k)
  set ylabel 'training loss, full data (log scale, base 10)'
  set title 'large batch: LARS with warmup, CLARS without' noenhanced
  set key inside top right box opaque noenhanced
  set xlabel 'step'
  plot for [i=1:5] wu skip 1 using 2:(sel(word(methods, 2*i-1).' '.word(methods, 2*i), 3)) with lines lw 2 title word(methods, 2*i-1).' '.word(methods, 2*i)
  unset multiplot
}
