# sparse-dictionary.gp: figure 'sparse-dictionary', written by flrepro (Figures); edit freely.
# Run `gnuplot sparse-dictionary.gp` in this directory: it reads sparse-dictionary.dat and writes
# sparse-dictionary.pdf (vector, 18 cm × 14 cm) and sparse-dictionary.png (300 dpi, 2126 × 1654 px).
# μP mean-field limit (arXiv 2605.24710), designed test of claim 3: the long-time limit is a sparse dictionary of S* atoms, counted modulo the realisation symmetry — mup2026/sparse-dictionary.json, profile default
# Designed numerical test (the paper has no experiments). Mean-field Langevin dynamics (μP, tanh, d = 8, n = 1024, η = 0.1, 2000 steps, λ′ = 1e-3) on the S* = 3 atom target f* = [He1(u1·x) + He2(u2·x)/√2 + He3(u3·x)/√6]/√3. (a) Spectra of the network's Monte-Carlo Hermite tensors (10^5 mirrored Gaussian inputs) at N = 1024, λ = 1e-3: ‖C1‖, |eigenvalues| of C2, singular values of C3 unfolded to d × d², sorted; dashed: the threshold τ = 0.1 (lower) and the target coefficient 1/√3 (upper) (a normalised atom c He_k(u·x)/√k! has the spectral value |c|). (b) The function-level atom count (values above τ) against N for three temperatures λ (solid), beside the raw count from clustering active neurons' directions modulo sign (dashed, log scale: it grows with N); grey: S* = 3. (c, d) The active neurons (|a_i| above the median) of the N = 1024, λ = 1e-3 network: cosines of their read-in directions with u1, u2 and u1, u3. The C2 and C3 atoms are not fully learned in 2000 steps (top values 0.38 and 0.25 against 0.58) but lie far above τ.

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
    set output 'sparse-dictionary.'.output_type
    set multiplot

    # panel 1 (a) 'Hermite-tensor spectra'
    set title '(a) Hermite-tensor spectra' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'rank'
    set ylabel 'spectral value'
    unset logscale x
    set xrange [0:8]  # data range widened to major ticks
    set xtics 2
    set mxtics 4
    set format x "%h"
    set logscale y 10
    set yrange [*:*]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0.1 with lines lc rgb "#505050" lw 1.5 dt 2 title 'τ = 0.1', \
        0.5773502691896258 with lines lc rgb "#505050" lw 1.5 dt 2 title 'target 1/√3', \
        'sparse-dictionary.dat' index 0 using 1:2 with points lc rgb "#0072B2" pt 7 ps 0.55 title '‖C1‖', \
        'sparse-dictionary.dat' index 1 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title '|eig C2|', \
        'sparse-dictionary.dat' index 2 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 1 pt 9 ps 0.55 title 'sv C3'

    # panel 2 (b) 'atom count'
    set title '(b) atom count' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel 'N'
    set ylabel 'atoms'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [1:10000]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        3 with lines lc rgb "#505050" lw 1.5 dt 2 title 'S* = 3', \
        'sparse-dictionary.dat' index 3 using 1:2 with linespoints lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'Hermite tensors, λ = 1e-4', \
        'sparse-dictionary.dat' index 4 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 1 pt 5 ps 0.55 title 'λ = 1e-3', \
        'sparse-dictionary.dat' index 5 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 1 pt 9 ps 0.55 title 'λ = 1e-2', \
        'sparse-dictionary.dat' index 6 using 1:2 with linespoints lc rgb "#0072B2" lw 2 dt 2 pt 11 ps 0.55 title 'raw clusters, λ = 1e-4', \
        'sparse-dictionary.dat' index 7 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 2 pt 13 ps 0.55 title 'λ = 1e-3', \
        'sparse-dictionary.dat' index 8 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 2 pt 15 ps 0.55 title 'λ = 1e-2'

    # panel 3 (c) 'active neurons on (u_{1}, u_{2})'
    set title '(c) active neurons on (u_{1}, u_{2})' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'w·u_{1}/|w|'
    set ylabel 'w·u_{2}/|w|'
    unset logscale x
    set xrange [-1:1]
    set xtics 0.5
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-1:1]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'sparse-dictionary.dat' index 9 using 1:2 with points lc rgb "#0072B2" pt 7 ps 0.55 notitle

    # panel 4 (d) 'active neurons on (u_{1}, u_{3})'
    set title '(d) active neurons on (u_{1}, u_{3})' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'w·u_{1}/|w|'
    set ylabel 'w·u_{3}/|w|'
    unset logscale x
    set xrange [-1:1]
    set xtics 0.5
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-1:1]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'sparse-dictionary.dat' index 10 using 1:2 with points lc rgb "#D55E00" pt 7 ps 0.55 notitle

    unset multiplot
    unset output
}
