# finite-size.gp: figure 'finite-size', written by flrepro (Figures); edit freely.
# Run `gnuplot finite-size.gp` in this directory: it reads finite-size.dat and writes
# finite-size.pdf (vector, 18 cm × 21 cm) and finite-size.png (300 dpi, 2126 × 2480 px).
# Corti, Pacelli, Rotondo, Gherardi (2025): finite-size study at low temperature — which closure of the kernel-renormalisation theory do networks follow? — corti2025/finite-size.json, profile default
# CAPTION

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
    set output 'finite-size.'.output_type
    set multiplot

    # panel 1 (a) 'class-manifold distance'
    set title '(a) class-manifold distance' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4656
    set bmargin at screen 0.7355
    set tmargin at screen 0.9526
    set xlabel 'T'
    set ylabel 'N·(d^{2} − d_{0}^{2})'
    set logscale x 10
    set xrange [0.007:1.5]
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [0:6]
    set ytics 2
    set mytics 4
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'finite-size.dat' index 0 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 7 ps 0.55 title 'SGLD, N = 60', \
        'finite-size.dat' index 1 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 5 ps 0.55 title 'SGLD, N = 120', \
        'finite-size.dat' index 2 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 9 ps 0.55 title 'SGLD, N = 240', \
        'finite-size.dat' index 3 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 2 title 'Gaussian closure', \
        'finite-size.dat' index 4 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 2 notitle, \
        'finite-size.dat' index 5 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 notitle, \
        'finite-size.dat' index 6 using 1:2:3 with yerrorlines lc rgb "#0072B2" lw 2 dt 1 pt 6 ps 0.55 title 'non-Gaussian closure', \
        'finite-size.dat' index 7 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 4 ps 0.55 notitle, \
        'finite-size.dat' index 8 using 1:2:3 with yerrorlines lc rgb "#009E73" lw 2 dt 1 pt 7 ps 0.55 notitle

    # panel 2 (b) 'SGLD − Gaussian closure'
    set title '(b) SGLD − Gaussian closure' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9656
    set bmargin at screen 0.7355
    set tmargin at screen 0.9526
    set xlabel '1/N'
    set ylabel 'Δ of N·(d^{2} − d_{0}^{2})'
    unset logscale x
    set xrange [0:0.018]
    set xtics 0.005
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-0.3:3.3]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top center reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0 with lines lc rgb "#505050" lw 1.5 dt 2 title '0', \
        'finite-size.dat' index 9 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 7 ps 0.55 title 'T = 0.3', \
        'finite-size.dat' index 10 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 5 ps 0.55 title 'T = 0.1', \
        'finite-size.dat' index 11 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 9 ps 0.55 title 'T = 0.03', \
        'finite-size.dat' index 12 using 1:2:3 with yerrorbars lc rgb "#CC79A7" lw 2 pt 11 ps 0.55 title 'T = 0.01'

    # panel 3 (c) 'SGLD − non-Gaussian closure'
    set title '(c) SGLD − non-Gaussian closure' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4656
    set bmargin at screen 0.4021
    set tmargin at screen 0.6193
    set xlabel '1/N'
    set ylabel 'Δ of N·(d^{2} − d_{0}^{2})'
    unset logscale x
    set xrange [0:0.018]
    set xtics 0.005
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-2:1.5]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key bottom right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0 with lines lc rgb "#505050" lw 1.5 dt 2 title '0', \
        'finite-size.dat' index 13 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 7 ps 0.55 title 'T = 0.3', \
        'finite-size.dat' index 14 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 5 ps 0.55 title 'T = 0.1', \
        'finite-size.dat' index 15 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 9 ps 0.55 title 'T = 0.03', \
        'finite-size.dat' index 16 using 1:2:3 with yerrorbars lc rgb "#CC79A7" lw 2 pt 11 ps 0.55 title 'T = 0.01'

    # panel 4 (d) 'order parameter'
    set title '(d) order parameter' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9656
    set bmargin at screen 0.4021
    set tmargin at screen 0.6193
    set xlabel '1/N'
    set ylabel 'λ_{1}⟨v^{2}⟩ − Q̄'
    unset logscale x
    set xrange [0:0.018]
    set xtics 0.005
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-1:0.4]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key bottom left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0 with lines lc rgb "#505050" lw 1.5 dt 2 title '0', \
        'finite-size.dat' index 17 using 1:2:3 with yerrorbars lc rgb "#009E73" lw 2 pt 7 ps 0.55 title 'T = 0.3', \
        'finite-size.dat' index 18 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 5 ps 0.55 title 'T = 0.1', \
        'finite-size.dat' index 19 using 1:2:3 with yerrorbars lc rgb "#D55E00" lw 2 pt 9 ps 0.55 title 'T = 0.03', \
        'finite-size.dat' index 20 using 1:2:3 with yerrorbars lc rgb "#CC79A7" lw 2 pt 11 ps 0.55 title 'T = 0.01'

    # panel 5 (e) 'convergence: split-R̂ of λ_{1}⟨v^{2}⟩'
    set title '(e) convergence: split-R̂ of λ_{1}⟨v^{2}⟩' font ",10"
    set lmargin at screen 0.0896
    set rmargin at screen 0.4656
    set bmargin at screen 0.0688
    set tmargin at screen 0.2860
    set xlabel '1/N'
    set ylabel 'split-R̂'
    unset logscale x
    set xrange [0:0.018]
    set xtics 0.005
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [0.95:1.8]
    set ytics 0.2
    set mytics 4
    set format y "%h"
    set key default
    set key top center reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        1.1 with lines lc rgb "#505050" lw 1.5 dt 2 title '1.1', \
        'finite-size.dat' index 21 using 1:2 with points lc rgb "#009E73" pt 7 ps 0.55 title 'T = 0.3', \
        'finite-size.dat' index 22 using 1:2 with points lc rgb "#0072B2" pt 5 ps 0.55 title 'T = 0.1', \
        'finite-size.dat' index 23 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'T = 0.03', \
        'finite-size.dat' index 24 using 1:2 with points lc rgb "#CC79A7" pt 11 ps 0.55 title 'T = 0.01'

    # panel 6 (f) 'drift of λ_{1}⟨v^{2}⟩ (2nd − 1st half)'
    set title '(f) drift of λ_{1}⟨v^{2}⟩ (2nd − 1st half)' font ",10"
    set lmargin at screen 0.5896
    set rmargin at screen 0.9656
    set bmargin at screen 0.0688
    set tmargin at screen 0.2860
    set xlabel '1/N'
    set ylabel 'drift / standard error'
    unset logscale x
    set xrange [0:0.018]
    set xtics 0.005
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [-4:4]
    set ytics 2
    set mytics 4
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        2 with lines lc rgb "#505050" lw 1.5 dt 2 title '±2', \
        -2 with lines lc rgb "#505050" lw 1.5 dt 2 notitle, \
        'finite-size.dat' index 25 using 1:2 with points lc rgb "#009E73" pt 7 ps 0.55 title 'T = 0.3', \
        'finite-size.dat' index 26 using 1:2 with points lc rgb "#0072B2" pt 5 ps 0.55 title 'T = 0.1', \
        'finite-size.dat' index 27 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'T = 0.03', \
        'finite-size.dat' index 28 using 1:2 with points lc rgb "#CC79A7" pt 11 ps 0.55 title 'T = 0.01'

    unset multiplot
    unset output
}
