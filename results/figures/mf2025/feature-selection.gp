# feature-selection.gp: figure 'feature-selection', written by flrepro (Figures); edit freely.
# Run `gnuplot feature-selection.gp` in this directory: it reads feature-selection.dat and writes
# feature-selection.pdf (vector, 18 cm × 14 cm) and feature-selection.png (300 dpi, 2126 × 1654 px).
# A simple mean field model of feature learning (arXiv 2510.15174): input feature selection — first-layer weight marginals on relevant and irrelevant coordinates, and the anisotropy against P — mf2025/feature-selection.json, profile default
# Top: densities of one first-layer weight, in units of its prior standard deviation σ_w/√d (z = √d w_j/σ_w, prior N(0, 1)), on a relevant coordinate j ∈ S (left) and an irrelevant one (right), at P = 2048, κ = 0.5 (4-sparse parity, d = 16, N = 64): SGLD (data set 0, 3 chains × 4 snapshots × 64 neurons), the particle forms of plain MF and MF-ARD (64 particles, data set 0), and the population forms (lines; irrelevant marginal: a coordinate of a uniform point on the sphere of radius s, mixed over q(s)). MF-ARD's relevant weights run away in scale (the ReLU rescaling symmetry with ARD on w only): most of their mass lies beyond |z| = 6 (the histograms are normalised on [−6, 6]; the outside fraction is stored). Bottom left: the scale-invariant relevant fraction ⟨|w_S|²/|w|²⟩ (prior value k/d = 0.25, grey); bottom right: the anisotropy ⟨w_j²⟩_{j∈S}/⟨w_j²⟩_{j∉S} (log scale) against P.

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
    set output 'feature-selection.'.output_type
    set multiplot

    # panel 1 (a) 'relevant coordinate, P = 2048'
    set title '(a) relevant coordinate, P = 2048' font ",10"
    set lmargin at screen 0.0830
    set rmargin at screen 0.4711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel '√d w_{j} / σ_{w}'
    set ylabel 'density'
    unset logscale x
    set xrange [-7.5:7.5]  # data range widened to major ticks
    set xtics 2.5
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [0:0.75]
    set ytics 0.2
    set mytics 4
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'feature-selection.dat' index 0 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'feature-selection.dat' index 1 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD (population)', \
        'feature-selection.dat' index 2 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'plain MF (particles)', \
        'feature-selection.dat' index 3 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'MF-ARD (particles)', \
        'feature-selection.dat' index 4 using 1:2 with lines lc rgb "#000000" lw 2 dt 1 title 'SGLD'

    # panel 2 (b) 'irrelevant coordinate, P = 2048'
    set title '(b) irrelevant coordinate, P = 2048' font ",10"
    set lmargin at screen 0.5830
    set rmargin at screen 0.9711
    set bmargin at screen 0.6032
    set tmargin at screen 0.9289
    set xlabel '√d w_{j} / σ_{w}'
    set ylabel 'density'
    unset logscale x
    set xrange [-7.5:7.5]  # data range widened to major ticks
    set xtics 2.5
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [0:1.6]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'feature-selection.dat' index 5 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'feature-selection.dat' index 6 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD (population)', \
        'feature-selection.dat' index 7 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'plain MF (particles)', \
        'feature-selection.dat' index 8 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'MF-ARD (particles)', \
        'feature-selection.dat' index 9 using 1:2 with lines lc rgb "#000000" lw 2 dt 1 title 'SGLD'

    # panel 3 (c) 'relevant fraction'
    set title '(c) relevant fraction' font ",10"
    set lmargin at screen 0.0830
    set rmargin at screen 0.4711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'P'
    set ylabel '⟨|w_{S}|^{2}/|w|^{2}⟩'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    unset logscale y
    set yrange [0:1.6]
    set ytics 0.5
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        0.25 with lines lc rgb "#505050" lw 1.5 dt 2 title 'prior k/d', \
        'feature-selection.dat' index 10 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'feature-selection.dat' index 11 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD (population)', \
        'feature-selection.dat' index 12 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'plain MF (particles)', \
        'feature-selection.dat' index 13 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'MF-ARD (particles)', \
        'feature-selection.dat' index 14 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 13 ps 0.55 title 'SGLD'

    # panel 4 (d) 'anisotropy'
    set title '(d) anisotropy' font ",10"
    set lmargin at screen 0.5830
    set rmargin at screen 0.9711
    set bmargin at screen 0.1032
    set tmargin at screen 0.4289
    set xlabel 'P'
    set ylabel '⟨w_{j}^{2}⟩_{j∈S} / ⟨w_{j}^{2}⟩_{j∉S}'
    set logscale x 10
    set xrange [10:10000]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [*:*]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'feature-selection.dat' index 15 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF (population)', \
        'feature-selection.dat' index 16 using 1:2 with lines lc rgb "#009E73" lw 2 dt 1 title 'MF-ARD (population)', \
        'feature-selection.dat' index 17 using 1:2 with points lc rgb "#D55E00" pt 9 ps 0.55 title 'plain MF (particles)', \
        'feature-selection.dat' index 18 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'MF-ARD (particles)', \
        'feature-selection.dat' index 19 using 1:2:3 with yerrorbars lc rgb "#000000" lw 2 pt 13 ps 0.55 title 'SGLD'

    unset multiplot
    unset output
}
