# search.gp -- for every search, the objective over the two coordinates
# that drive it most (largest rank correlation), each evaluation a point
# coloured by its value; runs that could not be judged are grey crosses.
# Reads resdir/search_<id>.csv (boundcheck search --csv); writes
# resdir/figures/<paper>_search_<statement>.png, .svg.
# needs: search_multirate.b4.csv
# usage: gnuplot -e "resdir='results'" plots/search.gp
if (!exists("resdir")) resdir = 'results'
load system('dirname '.ARG0).'/style.inc'
files = system("ls ".resdir."/search_*.csv 2>/dev/null")
set datafile separator ','
do for [f in files] {
  id = system("basename ".f." .csv | sed 's/^search_//'")
  out = resdir.'/figures/'.system("echo ".id." | sed 's/\\./_search_/'")
  head = system("sed -n 2p ".f)
  # "# driver1=NAME log1=0|1 driver2=NAME log2=0|1 objective=..."
  d1 = system("echo '".head."' | sed 's/.*driver1=\\([^ ]*\\).*/\\1/'")
  d2 = system("echo '".head."' | sed 's/.*driver2=\\([^ ]*\\).*/\\1/'")
  l1 = system("echo '".head."' | sed 's/.*log1=\\([01]\\).*/\\1/'")
  l2 = system("echo '".head."' | sed 's/.*log2=\\([01]\\).*/\\1/'")
  obj = system("echo '".head."' | sed 's/.*objective=//'")
  # a colour scale one outlier cannot flatten: clip at the upper quartile
  # plus three interquartile ranges, and say so (values above take the top
  # colour)
  clipnote = ""
  set cbrange [*:*]
  nvalid = int(system("tail -n +4 ".f." | awk -F, '$3 ~ /^-?[0-9]/' | wc -l"))
  if (nvalid > 3) { stats f skip 3 using 3 nooutput }
  if (nvalid > 3 && exists("STATS_records") && STATS_records > 3) {
    iqr = STATS_up_quartile - STATS_lo_quartile
    chi = STATS_up_quartile + 3 * iqr
    if (iqr > 0 && chi < STATS_max) {
      set cbrange [STATS_min:chi]
      clipnote = sprintf("colour clipped at %.3g; the largest, %.3g, in the top colour", chi, STATS_max)
    }
  }
  do for [term in "pngcairo svg"] {
    if (term eq "pngcairo") {
      set terminal pngcairo size 900,680 enhanced font 'Sans,13'
      set output out.'.png'
    } else {
      set terminal svg size 900,680 enhanced font 'Sans,13'
      set output out.'.svg'
    }
    unset logscale
    set format x "% h"
    set format y "% h"
    # decades as powers of ten: "%h" wrote 1e-8 as 0.0000000, and the
    # labels of a wide log axis ran into each other
    if (l1 eq "1") { set logscale x 10; set format x "10^{%L}" }
    if (l2 eq "1") { set logscale y 10; set format y "10^{%L}" }
    set grid
    set key outside bottom center horizontal noenhanced
    set xlabel d1.(l1 eq "1" ? " (log scale, base 10)" : "") noenhanced
    set ylabel d2.(l2 eq "1" ? " (log scale, base 10)" : "") noenhanced
    set cblabel obj noenhanced
    set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c', 3 '#5ec962', 4 '#fde725')
    set title sprintf("search of %s: every evaluation, over the two coordinates\nthat drive the objective most (rank correlation)%s", id, \
                      clipnote eq "" ? "" : "\n(".clipnote.")") noenhanced
    plot f skip 3 using 1:($3 != $3 ? $2 : 1/0) with points pt 2 ps 0.6 lc rgb '#aaaaaa' title 'not judged (FAILED, outside the hypotheses, too costly)', \
         f skip 3 using 1:2:3 with points pt 7 ps 0.9 lc palette title 'judged: colour = '.obj
  }
}
