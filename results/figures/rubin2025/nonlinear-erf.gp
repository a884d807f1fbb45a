# nonlinear-erf.gp: figure 'nonlinear-erf', written by flrepro (Figures); edit freely.
# Run `gnuplot nonlinear-erf.gp` in this directory: it reads nonlinear-erf.dat and writes
# nonlinear-erf.pdf (vector, 18 cm × 14 cm) and nonlinear-erf.png (300 dpi, 2126 × 1654 px).
# Rubin et al. (ICML 2025): erf networks on a teacher–student task and on Fashion-MNIST — NNGP vs adaptive kernel (tree level) vs SGLD — rubin2025/nonlinear-erf.json, profile default
# Mean signed discrepancy (1/P) Σ y (y − ⟨f⟩) of an erf two-layer network (N = 100, g_v = g_w = 0.5, κ0 = 1, mean-field χ scaling) against χ, on the training set (top) and the test set (bottom), for a single-index erf teacher y = erf(u·x), x ~ N(0, I_50) (left; P = 80, 1000 test points) and for Fashion-MNIST T-shirt/top (+1) vs pullover (−1), 4×4-pooled to D = 49 and standardised (right; P = 80, 1000 test points). Dashed: NNGP; band: tree-level adaptive kernel with the single-neuron measure sampled (importance sampling, 10000 samples); points: SGLD (4 chains). Mean over 2 data sets (error bars: s.e.).

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 18cm,14cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 2126,1654 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'nonlinear-erf.'.output_type
    set multiplot

    # panel 1 (a) 'teacher–student, training set'
    set title '(a) teacher–student, training set' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4782
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'χ'
    set ylabel '(1/P) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:100]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.05
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'nonlinear-erf.dat' index 0 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'nonlinear-erf.dat' index 1 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'nonlinear-erf.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'adaptive kernel (tree level)', \
        'nonlinear-erf.dat' index 2 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 9 ps 0.55 title 'SGLD'

    # panel 2 (b) 'Fashion-MNIST, training set'
    set title '(b) Fashion-MNIST, training set' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9782
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'χ'
    set ylabel '(1/P) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:100]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.05
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'nonlinear-erf.dat' index 3 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'nonlinear-erf.dat' index 4 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'nonlinear-erf.dat' index 4 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'adaptive kernel (tree level)', \
        'nonlinear-erf.dat' index 5 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 9 ps 0.55 title 'SGLD'

    # panel 3 (c) 'teacher–student, test set'
    set title '(c) teacher–student, test set' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4782
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'χ'
    set ylabel '(1/P_{test}) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:100]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.05
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'nonlinear-erf.dat' index 6 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'nonlinear-erf.dat' index 7 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'nonlinear-erf.dat' index 7 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'adaptive kernel (tree level)', \
        'nonlinear-erf.dat' index 8 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 9 ps 0.55 title 'SGLD'

    # panel 4 (d) 'Fashion-MNIST, test set'
    set title '(d) Fashion-MNIST, test set' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9782
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'χ'
    set ylabel '(1/P_{test}) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:100]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.05
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'nonlinear-erf.dat' index 9 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'nonlinear-erf.dat' index 10 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'nonlinear-erf.dat' index 10 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'adaptive kernel (tree level)', \
        'nonlinear-erf.dat' index 11 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 9 ps 0.55 title 'SGLD'

    unset multiplot
    unset output
}
