# renormalisation-check.gp: figure 'renormalisation-check', written by flrepro (Figures); edit freely.
# Run `gnuplot renormalisation-check.gp` in this directory: it reads renormalisation-check.dat and writes
# renormalisation-check.pdf (vector, 18 cm × 7 cm) and renormalisation-check.png (300 dpi, 2126 × 827 px).
# Corti, Pacelli, Rotondo, Gherardi (2025): kernel renormalisation against Langevin sampling — order parameter and generalisation error vs temperature — corti2025/renormalisation-check.json, profile default
# Erf network f(x) = N^{-1/2} Σ v_i erf(w_i·x/√D) on two Gaussian clusters x = y·e1 + z (D = 30, P ≤ 120, 500 test points), Gibbs measure exp(−Σ(f − y)²/2T) × N(v; 0, 1/λ1) × N(w; 0, I/λ0), λ0 = λ1 = 1 (prior not scaled by 1/T). Left: the order parameter Q̄ of the kernel-renormalisation saddle point (lines) and λ1⟨v²⟩ from SGLD (points, mean ± s.e. over 4 chains) against T, at α = P/N = 2 (P = 120) and α = 1 (the first P = 60 rows), N = 60. Right: the test error of the posterior-mean predictor, theory (lines; dashed: NNGP, Q̄ = 1) and SGLD (points).

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
    set output 'renormalisation-check.'.output_type
    set multiplot

    # panel 1 (a) 'order parameter'
    set title '(a) order parameter' font ",10"
    set lmargin at screen 0.0787
    set rmargin at screen 0.4744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'T'
    set ylabel 'Q̄  (points: λ_{1}⟨v^{2}⟩)'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'renormalisation-check.dat' index 0 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'theory, α = 2', \
        'renormalisation-check.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'theory, α = 1', \
        'renormalisation-check.dat' index 2 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 9 ps 0.55 title 'SGLD, α = 2', \
        'renormalisation-check.dat' index 3 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 11 ps 0.55 title 'SGLD, α = 1', \
        'renormalisation-check.dat' index 4 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 13 ps 0.55 notitle, \
        'renormalisation-check.dat' index 5 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 15 ps 0.55 notitle

    # panel 2 (b) 'generalisation'
    set title '(b) generalisation' font ",10"
    set lmargin at screen 0.5787
    set rmargin at screen 0.9744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'T'
    set ylabel 'test error of the mean predictor'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.1
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'renormalisation-check.dat' index 6 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'theory, α = 2', \
        'renormalisation-check.dat' index 7 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'theory, α = 1', \
        'renormalisation-check.dat' index 8 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'NNGP', \
        'renormalisation-check.dat' index 9 using 1:2 with points lc rgb "#0072B2" pt 11 ps 0.55 title 'SGLD, α = 2', \
        'renormalisation-check.dat' index 10 using 1:2 with points lc rgb "#D55E00" pt 13 ps 0.55 title 'SGLD, α = 1', \
        'renormalisation-check.dat' index 11 using 1:2 with points lc rgb "#0072B2" pt 15 ps 0.55 notitle, \
        'renormalisation-check.dat' index 12 using 1:2 with points lc rgb "#D55E00" pt 6 ps 0.55 notitle

    unset multiplot
    unset output
}
