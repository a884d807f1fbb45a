# order-parameter.gp: figure 'order-parameter', written by flrepro (Figures); edit freely.
# Run `gnuplot order-parameter.gp` in this directory: it reads order-parameter.dat and writes
# order-parameter.pdf (vector, 18 cm × 7 cm) and order-parameter.png (300 dpi, 2126 × 827 px).
# A simple mean field model of feature learning (arXiv 2510.15174): the order parameter m_S against P and κ — SGLD from the prior and from an aligned start, plain MF, both MF-ARD branches — mf2025/order-parameter.json, profile default
# The order parameter m_S = Σ f̄(x) χ_S(x) / Σ χ_S(x)² of the posterior-mean predictor on 2000 test points (4-sparse parity, d = 16, N = 64). Left: against P at κ = 0.5; right: against κ at P = 1024. SGLD started from the prior (filled; left: mean ± s.e. over 2 data sets) and from a teacher-aligned start (open; data set 0): where the two disagree the point is metastable within the run. Lines: population plain MF and MF-ARD (solid: selected branch, dashed: unselected branch; both exist in the coexistence window of the first-order transition); crosses: particle forms on data set 0.

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
    set output 'order-parameter.'.output_type
    set multiplot

    # panel 1 (a) 'κ = 0.5'
    set title '(a) κ = 0.5' font ",10"
    set lmargin at screen 0.0787
    set rmargin at screen 0.4744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'P'
    set ylabel 'm_{S}'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [-0.05:1.75]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'order-parameter.dat' index 0 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'order-parameter.dat' index 1 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD, selected', \
        'order-parameter.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 title 'MF-ARD, unselected', \
        'order-parameter.dat' index 3 using 1:2 with points lc rgb "#D55E00" pt 11 ps 0.55 title 'plain MF (particles)', \
        'order-parameter.dat' index 4 using 1:2 with points lc rgb "#009E73" pt 13 ps 0.55 title 'MF-ARD (particles)', \
        'order-parameter.dat' index 5 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 15 ps 0.55 title 'SGLD, prior start', \
        'order-parameter.dat' index 6 using 1:2 with points lc rgb "#808080" pt 6 ps 0.55 title 'SGLD, aligned start'

    # panel 2 (b) 'P = 1024'
    set title '(b) P = 1024' font ",10"
    set lmargin at screen 0.5787
    set rmargin at screen 0.9744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'κ'
    set ylabel 'm_{S}'
    set logscale x 10
    set xrange [0.1:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [-0.05:1.75]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'order-parameter.dat' index 7 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'order-parameter.dat' index 8 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD, selected', \
        'order-parameter.dat' index 9 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 title 'MF-ARD, unselected', \
        'order-parameter.dat' index 10 using 1:2 with linespoints lc rgb "#000000" lw 2 dt 1 pt 11 ps 0.55 title 'SGLD, prior start', \
        'order-parameter.dat' index 11 using 1:2 with points lc rgb "#808080" pt 13 ps 0.55 title 'SGLD, aligned start'

    unset multiplot
    unset output
}
