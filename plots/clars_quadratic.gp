# clars_quadratic.gp -- seed 001 on block quadratics: the largest stable
# needs: clars_stepsize.csv clars_scaling.csv clars_scaling_fit.gp
# step per layer against 1/L_k (Fig. 1 analogue), and linear scaling at
# fixed T B against Corollary 2's bound.
# Reads resdir/clars_stepsize.csv, clars_scaling.csv, clars_scaling_fit.gp
# (bin/clars_quadratic); writes resdir/figures/clars_quadratic.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/clars_quadratic.gp
if (!exists("resdir")) resdir = 'results'
load resdir.'/clars_scaling_fit.gp'
set datafile separator ','
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1100,500 enhanced font 'Sans,10'
    set output resdir.'/figures/clars_quadratic.png'
  } else {
    set terminal svg size 1100,500 enhanced font 'Sans,10'
    set output resdir.'/figures/clars_quadratic.svg'
  }
  set multiplot layout 1,2 title "clars: block quadratics with exact layer constants (bin/clars_quadratic)" noenhanced
  set logscale xy
  set grid
  set key top right
  set xlabel 'L_k (layer curvature)'
  set ylabel 'step size gamma_k'
  set title 'largest stable step of each layer (others at 1/(8 L_j))'
  plot resdir.'/clars_stepsize.csv' skip 1 using 3:6 with points pt 7 ps 1.5 lc rgb '#d62728' title 'measured largest stable step', \
       resdir.'/clars_stepsize.csv' skip 1 using 3:4 with lines lw 2 lc rgb '#1f77b4' title '1/L_k', \
       resdir.'/clars_stepsize.csv' skip 1 using 3:5 with lines dt 2 lw 2 lc rgb '#555555' title '2/L_k'
  set xlabel 'batch size B (T B fixed)'
  set ylabel '(1/T) sum_t sum_k q_k E||grad_k f||^2'
  set title sprintf('linear scaling (log-log slopes in B: %.2f measured, %.2f bound)', slope_lhs, slope_rhs) noenhanced
  set key top left
  plot resdir.'/clars_scaling.csv' skip 1 using 1:3:4:5 with yerrorlines lw 2 lc rgb '#d62728' pt 7 title 'measured (t interval)', \
       resdir.'/clars_scaling.csv' skip 1 using 1:6 with linespoints lw 2 lc rgb '#000000' pt 5 title 'Corollary 2 bound', \
       resdir.'/clars_scaling.csv' skip 1 using 1:8 with lines dt 2 lw 1 lc rgb '#555555' title 'its variance term'
  unset multiplot
}
