# learning-curves.gp: figure 'learning-curves', written by flrepro (Figures); edit freely.
# Run `gnuplot learning-curves.gp` in this directory: it reads learning-curves.dat and writes
# learning-curves.pdf (vector, 9 cm × 7 cm) and learning-curves.png (300 dpi, 1063 × 827 px).
# NNGP kernel regression learning curves on a linear teacher — krr/learning-curves.json, profile default
# Test error of the GP posterior mean (kernel ridge regression with ridge = label-noise variance) against the number of training examples P, for the NNGP kernels of two-layer networks with linear, ReLU and erf activations. Points: mean ± standard error over independent data sets (seeds). Line: the large-d closed form of the Bayes-optimal linear learning curve, which the linear kernel should follow.

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 9cm,7cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 1063,827 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'learning-curves.'.output_type
    set multiplot

    # panel 1
    unset title
    set lmargin at screen 0.1661
    set rmargin at screen 0.9564
    set bmargin at screen 0.2064
    set tmargin at screen 0.9592
    set xlabel 'training set size P'
    set ylabel 'test error  E(f̂ − f*)^{2}'
    set logscale x 10
    set xrange [10:1000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [*:*]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'learning-curves.dat' index 0 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'closed form (linear, d → ∞)', \
        'learning-curves.dat' index 1 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 5 ps 0.55 title 'linear NNGP', \
        'learning-curves.dat' index 2 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'ReLU NNGP', \
        'learning-curves.dat' index 3 using 1:2:3 with yerrorlines lc rgb "#CC79A7" lw 2 dt 1 pt 11 ps 0.55 title 'erf NNGP'

    unset multiplot
    unset output
}
