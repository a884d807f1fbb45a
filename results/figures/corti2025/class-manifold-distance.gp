# class-manifold-distance.gp: figure 'class-manifold-distance', written by flrepro (Figures); edit freely.
# Run `gnuplot class-manifold-distance.gp` in this directory: it reads class-manifold-distance.dat and writes
# class-manifold-distance.pdf (vector, 18 cm × 21 cm) and class-manifold-distance.png (300 dpi, 2126 × 2480 px).
# Corti, Pacelli, Rotondo, Gherardi (2025): class-manifold distance vs temperature in three regimes — both theory closures vs SGLD — corti2025/class-manifold-distance.json, profile default
# Erf networks (N = 60, λ0 = λ1 = 1, standard parameterisation) in three regimes: two Gaussian clusters with D = 30 < P = 120 (top), two clusters with D = 100 ≥ P = 60 (middle), Fashion-MNIST T-shirt/top (+1) vs pullover (−1), 4×4-pooled to D = 49 and standardised, P = 120 (bottom). Left: the finite-width shift of the centroid distance of the hidden-layer features, N·(d² − d0²) (d0² from the NNGP kernel of the same inputs); right: the radius-normalised separation d²/(R₊² + R₋²). Lines: kernel-renormalisation theory with the Gaussian-equivalence closure (blue) and the first-order non-Gaussian closure (orange, Monte-Carlo band ± s.e.); grey: NNGP; points: SGLD (hidden kernel accumulated over kept samples; ± s.e. over 4 chains).

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 18cm,21cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 2126,2480 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'class-manifold-distance.'.output_type
    set multiplot

    # panel 1 (a) 'D = 30 < P = 120: distance'
    set title '(a) D = 30 < P = 120: distance' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4744
    set bmargin at screen 0.7355
    set tmargin at screen 0.9526
    set xlabel 'T'
    set ylabel 'N·(d^{2} − d_{0}^{2})'
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
        'class-manifold-distance.dat' index 0 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 1 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 2 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 9 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 3 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 11 ps 0.55 notitle

    # panel 2 (b) 'D = 30 < P = 120: separation'
    set title '(b) D = 30 < P = 120: separation' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9744
    set bmargin at screen 0.7355
    set tmargin at screen 0.9526
    set xlabel 'T'
    set ylabel 'd^{2}/(R_{+}^{2} + R_{−}^{2})'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.01
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'class-manifold-distance.dat' index 4 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 5 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 6 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'NNGP', \
        'class-manifold-distance.dat' index 7 using 1:2 with points lc rgb "#000000" pt 11 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 8 using 1:2 with points lc rgb "#000000" pt 13 ps 0.55 notitle

    # panel 3 (c) 'D = 100 ≥ P = 60: distance'
    set title '(c) D = 100 ≥ P = 60: distance' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4744
    set bmargin at screen 0.4021
    set tmargin at screen 0.6193
    set xlabel 'T'
    set ylabel 'N·(d^{2} − d_{0}^{2})'
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
        'class-manifold-distance.dat' index 9 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 10 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 11 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 9 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 12 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 11 ps 0.55 notitle

    # panel 4 (d) 'D = 100 ≥ P = 60: separation'
    set title '(d) D = 100 ≥ P = 60: separation' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9744
    set bmargin at screen 0.4021
    set tmargin at screen 0.6193
    set xlabel 'T'
    set ylabel 'd^{2}/(R_{+}^{2} + R_{−}^{2})'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 0.02
    set mytics 4
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'class-manifold-distance.dat' index 13 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 14 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 15 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'NNGP', \
        'class-manifold-distance.dat' index 16 using 1:2 with points lc rgb "#000000" pt 11 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 17 using 1:2 with points lc rgb "#000000" pt 13 ps 0.55 notitle

    # panel 5 (e) 'Fashion-MNIST: distance'
    set title '(e) Fashion-MNIST: distance' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4744
    set bmargin at screen 0.0688
    set tmargin at screen 0.2860
    set xlabel 'T'
    set ylabel 'N·(d^{2} − d_{0}^{2})'
    set logscale x 10
    set xrange [0.01:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 10
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'class-manifold-distance.dat' index 18 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 19 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 20 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 9 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 21 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 11 ps 0.55 notitle

    # panel 6 (f) 'Fashion-MNIST: separation'
    set title '(f) Fashion-MNIST: separation' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9744
    set bmargin at screen 0.0688
    set tmargin at screen 0.2860
    set xlabel 'T'
    set ylabel 'd^{2}/(R_{+}^{2} + R_{−}^{2})'
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
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'class-manifold-distance.dat' index 22 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'Gaussian closure', \
        'class-manifold-distance.dat' index 23 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'non-Gaussian closure', \
        'class-manifold-distance.dat' index 24 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'NNGP', \
        'class-manifold-distance.dat' index 25 using 1:2 with points lc rgb "#000000" pt 11 ps 0.55 title 'SGLD', \
        'class-manifold-distance.dat' index 26 using 1:2 with points lc rgb "#000000" pt 13 ps 0.55 notitle

    unset multiplot
    unset output
}
