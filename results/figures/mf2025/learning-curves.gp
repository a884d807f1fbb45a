# learning-curves.gp: figure 'learning-curves', written by flrepro (Figures); edit freely.
# Run `gnuplot learning-curves.gp` in this directory: it reads learning-curves.dat and writes
# learning-curves.pdf (vector, 18 cm × 7 cm) and learning-curves.png (300 dpi, 2126 × 827 px).
# A simple mean field model of feature learning (arXiv 2510.15174): learning curves on the 4-sparse parity — SGLD, KRR, plain MF, MF-ARD — mf2025/learning-curves.json, profile default
# Test error against the number of training points P for a bias-free ReLU network f(x) = N^{−1/2} Σ a_i ReLU(w_i·x) (N = 64, w ~ N(0, I/d), a ~ N(0, 1)) on the 4-sparse parity in d = 16 at noise κ = 0.5 (loss ½Σ(y − f)², likelihood exp(−L/κ), so B̃ = P/κ). Left: error of the posterior-mean predictor; right: Gibbs error (one posterior sample). Points: SGLD (mean ± s.e. over 2 data sets, 3 chains each); KRR with the ReLU arc-cosine NNGP kernel and ridge κ (the N → ∞ limit on the same data); lines: plain MF and MF-ARD in the population form (solid: MF-ARD's feature-selected branch, dashed: its unselected branch where both exist); open symbols: the particle form of plain MF and MF-ARD on data set 0.

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
    set output 'learning-curves.'.output_type
    set multiplot

    # panel 1 (a) 'posterior-mean predictor'
    set title '(a) posterior-mean predictor' font ",10"
    set lmargin at screen 0.0787
    set rmargin at screen 0.4782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'P'
    set ylabel 'test MSE'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [0:2.1]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'learning-curves.dat' index 0 using 1:2:3 with yerrorlines lc rgb "#56B4E9" lw 2 dt 2 pt 7 ps 0.55 title 'KRR (NNGP, N → ∞)', \
        'learning-curves.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'learning-curves.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD, selected branch', \
        'learning-curves.dat' index 3 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 title 'MF-ARD, unselected branch', \
        'learning-curves.dat' index 4 using 1:2 with points lc rgb "#D55E00" pt 13 ps 0.55 title 'plain MF (particles)', \
        'learning-curves.dat' index 5 using 1:2 with points lc rgb "#009E73" pt 15 ps 0.55 title 'MF-ARD (particles)', \
        'learning-curves.dat' index 6 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 6 ps 0.55 title 'SGLD'

    # panel 2 (b) 'Gibbs error (one posterior sample)'
    set title '(b) Gibbs error (one posterior sample)' font ",10"
    set lmargin at screen 0.5787
    set rmargin at screen 0.9782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'P'
    set ylabel 'test MSE'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [0:2.4]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'learning-curves.dat' index 7 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'learning-curves.dat' index 8 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD, selected branch', \
        'learning-curves.dat' index 9 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'plain MF (particles)', \
        'learning-curves.dat' index 10 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'MF-ARD (particles)', \
        'learning-curves.dat' index 11 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 13 ps 0.55 title 'SGLD'

    unset multiplot
    unset output
}
