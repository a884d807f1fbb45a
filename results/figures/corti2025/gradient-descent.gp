# gradient-descent.gp: figure 'gradient-descent', written by flrepro (Figures); edit freely.
# Run `gnuplot gradient-descent.gp` in this directory: it reads gradient-descent.dat and writes
# gradient-descent.pdf (vector, 27 cm × 7 cm) and gradient-descent.png (300 dpi, 3189 × 827 px).
# Corti, Pacelli, Rotondo, Gherardi (2025): class-manifold distance along plain gradient descent — the dynamical counterpart of the equilibrium result — corti2025/gradient-descent.json, profile default
# Erf networks f(x) = N^{-1/2} Σ v_i erf(w_i·x/√D) (N = 60 in every regime, ntk scaling, λ0 = λ1 = 1) trained by full-batch gradient descent on L = ½Σ(f − y)² (no prior term, no noise: T = 0) from prior draws, learning rate η = 0.05, in the three regimes of the class-manifold figure (same data and rows). (a) N·(d² − d0²) of the hidden features on the training inputs, (b) the radius-normalised separation d²/(R₊² + R₋²), (c) the training loss, against the number of steps; mean ± s.e. over 8 prior draws. Compare with the equilibrium values of the class-manifold figure (SGLD at T = 0.1: 2.44, 2.41, 6.4).

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 27cm,7cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 3189,827 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'gradient-descent.'.output_type
    set multiplot

    # panel 1 (a) 'class-manifold distance'
    set title '(a) class-manifold distance' font ",10"
    set lmargin at screen 0.0605
    set rmargin at screen 0.3188
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'gradient-descent step'
    set ylabel 'N·(d^{2} − d_{0}^{2})'
    set logscale x 10
    set xrange [1:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 5
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'gradient-descent.dat' index 0 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'clusters, D = 30 < P = 120', \
        'gradient-descent.dat' index 1 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'clusters, D = 100 ≥ P = 60', \
        'gradient-descent.dat' index 2 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'Fashion-MNIST, D = 49, P = 120'

    # panel 2 (b) 'normalised separation'
    set title '(b) normalised separation' font ",10"
    set lmargin at screen 0.3938
    set rmargin at screen 0.6521
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'gradient-descent step'
    set ylabel 'd^{2}/(R_{+}^{2} + R_{−}^{2})'
    set logscale x 10
    set xrange [1:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.25
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'gradient-descent.dat' index 3 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'clusters, D = 30 < P = 120', \
        'gradient-descent.dat' index 4 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'clusters, D = 100 ≥ P = 60', \
        'gradient-descent.dat' index 5 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'Fashion-MNIST, D = 49, P = 120'

    # panel 3 (c) 'training loss'
    set title '(c) training loss' font ",10"
    set lmargin at screen 0.7271
    set rmargin at screen 0.9855
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'gradient-descent step'
    set ylabel '½Σ(f − y)^{2}'
    set logscale x 10
    set xrange [1:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [*:*]
    set ytics 1000000
    set mytics default
    set format y "10^{%T}"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'gradient-descent.dat' index 6 using 1:2 with linespoints lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'clusters, D = 30 < P = 120', \
        'gradient-descent.dat' index 7 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'clusters, D = 100 ≥ P = 60', \
        'gradient-descent.dat' index 8 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'Fashion-MNIST, D = 49, P = 120'

    unset multiplot
    unset output
}
