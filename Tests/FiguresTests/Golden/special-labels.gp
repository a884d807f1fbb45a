# special-labels.gp: figure 'Say "hi", it's `echo no` @macro a\b', written by flrepro (Figures); edit freely.
# Run `gnuplot special-labels.gp` in this directory: it reads special-labels.dat and writes
# special-labels.pdf (vector, 9 cm × 7.8 cm) and special-labels.png (300 dpi, 1063 × 921 px).

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 9cm,7.8cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 1063,921 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'special-labels.'.output_type
    set multiplot title 'Say "hi", it''s `echo no` \@macro a∖b' font ",10"

    # panel 1 'first line second line'
    set title 'first line'."\n".'second line' font ",10"
    set lmargin at screen 0.1136
    set rmargin at screen 0.9531
    set bmargin at screen 0.1710
    set tmargin at screen 0.7268
    set xlabel 'test\_error \& loss \~ 1 \{raw braces\} x\^2 50%'
    set ylabel 'χ_{ij}^{(2)} {/:Italic f}(x) ⟨f⟩ ε\_\{test'
    unset logscale x
    set xrange [1:3]  # data range widened to major ticks
    set xtics 0.5
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [*:*]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'special-labels.dat' index 0 using 1:2 with points lc rgb "#123abc" pt 6 ps 0.55 title 'it''s "quoted" ∖n'

    unset multiplot
    unset output
}
