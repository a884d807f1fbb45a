# weight-displacement.gp: figure 'weight-displacement', written by flrepro (Figures); edit freely.
# Run `gnuplot weight-displacement.gp` in this directory: it reads weight-displacement.dat and writes
# weight-displacement.pdf (vector, 18 cm × 14 cm) and weight-displacement.png (300 dpi, 2126 × 1654 px).
# Corti, Pacelli, Rotondo, Gherardi (2025): weight displacement and correlations vs temperature — theory vs SGLD — corti2025/weight-displacement.json, profile default
# Same networks and data as the renormalisation check (erf, N = 60, D = 30, two clusters; α = 2: P = 120, α = 1: the first 60 rows; λ0 = λ1 = 1). (a) The readout–read-in alignment ‖⟨v_i w_i⟩‖ and (b) the cosine of the sampled ⟨v_i w_i⟩ with the theory's direction t = BA⁻¹y; (c) the spike of the read-in covariance, the top eigenvalue of ⟨w_i w_iᵀ⟩ − I/λ0; (d) the inter-neuron correlation ⟨(v_i w_i)·(v_j w_j)⟩, i ≠ j. Lines: kernel-renormalisation theory (Gaussian equivalence); points: SGLD (mean ± s.e. over 4 chains; the norm and the top eigenvalue of the chain-averaged moments, error bars from the per-chain values).

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
    set output 'weight-displacement.'.output_type
    set multiplot

    # panel 1 (a) 'alignment'
    set title '(a) alignment' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4744
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'T'
    set ylabel '‖⟨v_{i} w_{i}⟩‖'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
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
        'weight-displacement.dat' index 0 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'theory, α = 2', \
        'weight-displacement.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'theory, α = 1', \
        'weight-displacement.dat' index 2 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 9 ps 0.55 title 'SGLD, α = 2', \
        'weight-displacement.dat' index 3 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 11 ps 0.55 title 'SGLD, α = 1', \
        'weight-displacement.dat' index 4 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 13 ps 0.55 notitle, \
        'weight-displacement.dat' index 5 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 15 ps 0.55 notitle

    # panel 2 (b) 'direction of the alignment'
    set title '(b) direction of the alignment' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9744
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'T'
    set ylabel 'cos(⟨v_{i} w_{i}⟩_{SGLD}, t_{theory})'
    set logscale x 10
    set xrange [0.01:10]
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [0:1.05]
    set ytics 0.25
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'weight-displacement.dat' index 6 using 1:2 with points lc rgb "#0072B2" pt 7 ps 0.55 title 'α = 2', \
        'weight-displacement.dat' index 7 using 1:2 with points lc rgb "#D55E00" pt 5 ps 0.55 title 'α = 1', \
        'weight-displacement.dat' index 8 using 1:2 with points lc rgb "#0072B2" pt 9 ps 0.55 notitle, \
        'weight-displacement.dat' index 9 using 1:2 with points lc rgb "#D55E00" pt 11 ps 0.55 notitle

    # panel 3 (c) 'read-in spike'
    set title '(c) read-in spike' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4744
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'T'
    set ylabel 'top eig ⟨w wᵀ⟩ − I/λ_{0}'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
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
        'weight-displacement.dat' index 10 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'theory, α = 2', \
        'weight-displacement.dat' index 11 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'theory, α = 1', \
        'weight-displacement.dat' index 12 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 9 ps 0.55 title 'SGLD, α = 2', \
        'weight-displacement.dat' index 13 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 11 ps 0.55 title 'SGLD, α = 1', \
        'weight-displacement.dat' index 14 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 13 ps 0.55 notitle, \
        'weight-displacement.dat' index 15 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 15 ps 0.55 notitle

    # panel 4 (d) 'inter-neuron correlation'
    set title '(d) inter-neuron correlation' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9744
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'T'
    set ylabel '⟨(v_{i}w_{i})·(v_{j}w_{j})⟩'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key bottom right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'weight-displacement.dat' index 16 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'theory, α = 2', \
        'weight-displacement.dat' index 17 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'theory, α = 1', \
        'weight-displacement.dat' index 18 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 9 ps 0.55 title 'SGLD, α = 2', \
        'weight-displacement.dat' index 19 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 11 ps 0.55 title 'SGLD, α = 1', \
        'weight-displacement.dat' index 20 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 13 ps 0.55 notitle, \
        'weight-displacement.dat' index 21 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 15 ps 0.55 notitle

    unset multiplot
    unset output
}
