# propagation-of-chaos.gp: figure 'propagation-of-chaos', written by flrepro (Figures); edit freely.
# Run `gnuplot propagation-of-chaos.gp` in this directory: it reads propagation-of-chaos.dat and writes
# propagation-of-chaos.pdf (vector, 18 cm × 14 cm) and propagation-of-chaos.png (300 dpi, 2126 × 1654 px).
# μP mean-field limit (arXiv 2605.24710), designed test of claim 1: propagation of chaos at rate 1/N, uniformly in time — mup2026/propagation-of-chaos.json, profile default
# Designed numerical test (the paper has no experiments). Mean-field Langevin dynamics of f_N(x) = (1/N) Σ a_i tanh(w_i·x + b_i) in μP (d = 8, n = 256 Gaussian inputs, target 0.5 He1(u1·x) + 0.5 He2(u2·x)/√2 + 0.25 He3(u3·x)/√6, η = 0.1, λ = 1e-2, λ′ = 5e-2, 2000 steps), measured by coupling: width-N systems start from the first N particles of a reference system of M = 2048 and share its Gaussian increments. (a) E_fun = E_x (f_N − f_M)² on 1000 fresh test inputs and (b) D_par = (1/N) Σ |θ_i^N − θ_i^M|², against the effective width N_eff = 1/(1/N − 1/M), at several times (mean ± s.e. over 3 seeds); dashed: slope −1. (c) N_eff·E_fun against time for each N: flat if the rate holds uniformly in time. (d) The fitted log–log slope of E_fun and D_par against N_eff at every recorded time, with 95 % bootstrap intervals over the seeds.

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
    set output 'propagation-of-chaos.'.output_type
    set multiplot

    # panel 1 (a) 'function error'
    set title '(a) function error' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'N_{eff} = 1/(1/N − 1/M)'
    set ylabel 'E_{fun} = E\_x (f\_N − f\_M)^{2}'
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
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0.2*x**(-1) with lines lc rgb "#505050" lw 1.5 dt 2 title 'slope −1', \
        'propagation-of-chaos.dat' index 0 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 't = 0', \
        'propagation-of-chaos.dat' index 1 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 't = 100', \
        'propagation-of-chaos.dat' index 2 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 't = 1000', \
        'propagation-of-chaos.dat' index 3 using 1:2:3 with yerrorlines lc rgb "#CC79A7" lw 2 dt 1 pt 11 ps 0.55 title 't = 2000'

    # panel 2 (b) 'parameter distance'
    set title '(b) parameter distance' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'N_{eff}'
    set ylabel 'D_{par} = (1/N) Σ\_i |θ\_i^{N} − θ\_i^{M}|^{2}'
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
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        1*x**(-1) with lines lc rgb "#505050" lw 1.5 dt 2 title 'slope −1', \
        'propagation-of-chaos.dat' index 4 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 't = 100', \
        'propagation-of-chaos.dat' index 5 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 't = 1000', \
        'propagation-of-chaos.dat' index 6 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 't = 2000'

    # panel 3 (c) 'uniformity in time'
    set title '(c) uniformity in time' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'step t'
    set ylabel 'N_{eff} · E_{fun}'
    unset logscale x
    set xrange [0:2000]  # data range widened to major ticks
    set xtics 500
    set mxtics 5
    set format x "%h"
    set logscale y 10
    set yrange [*:*]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key bottom right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'propagation-of-chaos.dat' index 7 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'N = 32', \
        'propagation-of-chaos.dat' index 8 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'N = 64', \
        'propagation-of-chaos.dat' index 9 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'N = 128', \
        'propagation-of-chaos.dat' index 10 using 1:2:3 with yerrorlines lc rgb "#CC79A7" lw 2 dt 1 pt 11 ps 0.55 title 'N = 256', \
        'propagation-of-chaos.dat' index 11 using 1:2:3 with yerrorlines lc rgb "#E69F00" lw 2 dt 1 pt 13 ps 0.55 title 'N = 512'

    # panel 4 (d) 'fitted exponents'
    set title '(d) fitted exponents' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'step t'
    set ylabel 'log–log slope against N_{eff}'
    unset logscale x
    set xrange [0:2000]  # data range widened to major ticks
    set xtics 500
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [*:*]
    set ytics 0.1
    set mytics 5
    set format y "%h"
    set key default
    set key bottom right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        -1 with lines lc rgb "#505050" lw 1.5 dt 2 title '−1', \
        'propagation-of-chaos.dat' index 12 using 1:2 with linespoints lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'E_{fun}', \
        'propagation-of-chaos.dat' index 13 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 2 title 'E_{fun}, 95 % bootstrap', \
        'propagation-of-chaos.dat' index 14 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 2 notitle, \
        'propagation-of-chaos.dat' index 15 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 1 pt 11 ps 0.55 title 'D_{par}'

    unset multiplot
    unset output
}
