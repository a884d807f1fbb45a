# fig2-discrepancy.gp: figure 'fig2-discrepancy', written by flrepro (Figures); edit freely.
# Run `gnuplot fig2-discrepancy.gp` in this directory: it reads fig2-discrepancy.dat and writes
# fig2-discrepancy.pdf (vector, 18 cm × 7 cm) and fig2-discrepancy.png (300 dpi, 2126 × 827 px).
# Rubin et al. (ICML 2025), Fig. 2: discrepancy of a linear network vs χ — NNGP, multi-scale adaptive theory, exact posterior, SGLD — rubin2025/fig2-discrepancy.json, profile default
# Mean signed discrepancy (1/P) Σ y (y − ⟨f⟩) of a linear two-layer network on the Ising task (P = 80, P_test = 1000, N = 100, D = 200, κ0 = 1, g_v = g_w = 0.5, p = 0.1) against χ, training set (left) and test set (right). Dashed: NNGP (flat in χ); dotted: tree level of the multi-scale adaptive theory (adaptive kernel with a rank-one task-aligned spike, for the linear network a scalar rescaling u); solid: one loop; band: exact finite-N posterior; points: SGLD. χ = 1 is standard scaling, χ = N = 100 the mean-field end (γ = 1 read as χ = N^γ); the theory curves continue to 3N. Mean over 3 data sets; error bars and bands: standard error over data sets.

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 18cm,7cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 2126,827 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'fig2-discrepancy.'.output_type
    set multiplot

    # panel 1 (a) 'training set'
    set title '(a) training set' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'χ'
    set ylabel 'discrepancy  (1/P) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:1000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.02
    set mytics 4
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'fig2-discrepancy.dat' index 0 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'fig2-discrepancy.dat' index 1 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'fig2-discrepancy.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'exact posterior', \
        'fig2-discrepancy.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 3 title 'tree level', \
        'fig2-discrepancy.dat' index 3 using 1:2 with lines lc rgb "#CC79A7" lw 2 dt 1 title 'one loop', \
        'fig2-discrepancy.dat' index 4 using 1:2:3 with yerrorbars lc rgb "#E69F00" lw 2 pt 13 ps 0.55 title 'SGLD'

    # panel 2 (b) 'test set'
    set title '(b) test set' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'χ'
    set ylabel 'discrepancy  (1/P_{test}) Σ y (y − ⟨f⟩)'
    set logscale x 10
    set xrange [1:1000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.02
    set mytics 4
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'fig2-discrepancy.dat' index 5 using 1:2 with lines lc rgb "#000000" lw 2 dt 2 title 'NNGP', \
        'fig2-discrepancy.dat' index 6 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'fig2-discrepancy.dat' index 6 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'exact posterior', \
        'fig2-discrepancy.dat' index 7 using 1:2 with lines lc rgb "#009E73" lw 2 dt 3 title 'tree level', \
        'fig2-discrepancy.dat' index 8 using 1:2 with lines lc rgb "#CC79A7" lw 2 dt 1 title 'one loop', \
        'fig2-discrepancy.dat' index 9 using 1:2:3 with yerrorbars lc rgb "#E69F00" lw 2 pt 13 ps 0.55 title 'SGLD'

    unset multiplot
    unset output
}
