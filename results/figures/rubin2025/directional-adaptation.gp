# directional-adaptation.gp: figure 'directional-adaptation', written by flrepro (Figures); edit freely.
# Run `gnuplot directional-adaptation.gp` in this directory: it reads directional-adaptation.dat and writes
# directional-adaptation.pdf (vector, 18 cm × 7 cm) and directional-adaptation.png (300 dpi, 2126 × 827 px).
# Rubin et al. (ICML 2025): directional adaptation of the hidden kernel of a linear network vs χ — rubin2025/directional-adaptation.json, profile default
# The posterior-mean hidden-layer kernel ⟨C⟩ = ⟨(1/N) X VᵀV Xᵀ⟩ relative to its prior C⁰ = (g_v/D) X Xᵀ, along the label direction, yᵀ⟨C⟩y / yᵀC⁰y (left), and across the P − 1 orthogonal directions, tr(P⊥⟨C⟩)/tr(P⊥C⁰) (right), against χ (Fig. 2 setting: P = 80, N = 100, D = 200, κ0 = 1, g_v = g_w = 0.5, p = 0.1). Band: exact posterior; solid: one loop; dotted: tree level (rank-one spike c u C⁰ΔΔᵀC⁰); dashed grey: the output's scalar rescaling u — what a pure kernel rescaling would predict in every direction; points: SGLD (hidden kernel accumulated over kept samples; mean ± s.e. over 3 data sets). The kernel grows only along the task direction: a rescaling cannot describe the hidden layer.

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
    set output 'directional-adaptation.'.output_type
    set multiplot

    # panel 1 (a) 'label direction'
    set title '(a) label direction' font ",10"
    set lmargin at screen 0.0568
    set rmargin at screen 0.4782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'χ'
    set ylabel 'y^{T}⟨C⟩y / y^{T}C^{0}y'
    set logscale x 10
    set xrange [1:1000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'directional-adaptation.dat' index 0 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#0072B2" fillstyle transparent solid 0.25 noborder notitle, \
        'directional-adaptation.dat' index 0 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'exact posterior', \
        'directional-adaptation.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 3 title 'tree level', \
        'directional-adaptation.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'one loop', \
        'directional-adaptation.dat' index 3 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'rescaling u', \
        'directional-adaptation.dat' index 4 using 1:2:3 with yerrorbars lc rgb "#E69F00" lw 2 pt 13 ps 0.55 title 'SGLD'

    # panel 2 (b) 'orthogonal directions'
    set title '(b) orthogonal directions' font ",10"
    set lmargin at screen 0.5568
    set rmargin at screen 0.9782
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'χ'
    set ylabel 'tr(P_{⊥}⟨C⟩) / tr(P_{⊥}C^{0})'
    set logscale x 10
    set xrange [1:1000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [*:*]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'directional-adaptation.dat' index 5 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#0072B2" fillstyle transparent solid 0.25 noborder notitle, \
        'directional-adaptation.dat' index 5 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'exact posterior', \
        'directional-adaptation.dat' index 6 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 3 title 'tree level', \
        'directional-adaptation.dat' index 7 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'one loop', \
        'directional-adaptation.dat' index 8 using 1:2 with lines lc rgb "#808080" lw 2 dt 2 title 'rescaling u', \
        'directional-adaptation.dat' index 9 using 1:2:3 with yerrorbars lc rgb "#E69F00" lw 2 pt 13 ps 0.55 title 'SGLD'

    unset multiplot
    unset output
}
