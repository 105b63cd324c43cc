# clars_quadratic.gp -- seed 001 on block quadratics: the largest stable
# needs: clars_stepsize.csv clars_scaling.csv clars_scaling_fit.gp
# step per layer against 1/L_k (Fig. 1 analogue), and linear scaling at
# fixed T B against Corollary 2's bound.
# Reads resdir/clars_stepsize.csv, clars_scaling.csv, clars_scaling_fit.gp
# (bin/clars_quadratic); writes resdir/figures/clars_quadratic.png, .svg.
# usage: gnuplot -e "resdir='results'" plots/clars_quadratic.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
load resdir.'/clars_scaling_fit.gp'
set datafile separator ','
do for [term in "pngcairo svg"] {
  if (term eq "pngcairo") {
    set terminal pngcairo size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/clars_quadratic.png'
  } else {
    set terminal svg size 1500,600 enhanced font 'Sans,13'
    set output resdir.'/figures/clars_quadratic.svg'
  }
  set multiplot layout 1,2 title "clars: block quadratics with exact layer constants (bin/clars_quadratic)" noenhanced
  set logscale xy 10
  set key inside top right box opaque
  set xlabel 'L_k (layer curvature; log scale, base 10)'
  set ylabel 'step size γ_k (log scale, base 10)'
  set title 'largest stable step of each layer (others at 1/(8 L_j))'
  plot resdir.'/clars_stepsize.csv' skip 1 using 3:6 with points lt 2 ps 1.5 title 'measured largest stable step', \
       resdir.'/clars_stepsize.csv' skip 1 using 3:4 with lines ls 100 title '1/L_k (the step the theory allows)', \
       resdir.'/clars_stepsize.csv' skip 1 using 3:5 with lines ls 101 title '2/L_k (stability limit of a quadratic)'
  set xlabel 'batch size B (T B fixed; log scale, base 10)'
  set ylabel '(1/T) Σ_t Σ_k q_k E‖∇_k f‖^2 (log scale, base 10)'
  set title sprintf('linear scaling (log-log slopes in B: %.2f measured, %.2f bound)', slope_lhs, slope_rhs) noenhanced
  set key inside top left box opaque
  plot resdir.'/clars_scaling.csv' skip 1 using 1:3:4:5:xtic(1) with yerrorlines lt 1 title 'measured (t interval)', \
       resdir.'/clars_scaling.csv' skip 1 using 1:6 with lines ls 100 title 'Corollary 2 bound (an upper bound)', \
       resdir.'/clars_scaling.csv' skip 1 using 1:8 with lines ls 101 title 'its variance term'
  unset multiplot
}
