# two-panel-bands.gp: figure 'Mean-field symmetry breaking', written by flrepro (Figures); edit freely.
# Run `gnuplot two-panel-bands.gp` in this directory: it reads two-panel-bands.dat and writes
# two-panel-bands.pdf (vector, 18 cm × 7.8 cm) and two-panel-bands.png (300 dpi, 2126 × 921 px).

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 18cm,7.8cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 2126,921 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'two-panel-bands.'.output_type
    set multiplot title 'Mean-field symmetry breaking' font ",10"

    # panel 1 (a) 'order parameter'
    set title '(a) order parameter' font ",10"
    set lmargin at screen 0.1005
    set rmargin at screen 0.4788
    set bmargin at screen 0.1710
    set tmargin at screen 0.7811
    set xlabel 'α = P/d'
    set ylabel '⟨m⟩'
    unset logscale x
    set xrange [0:4]  # data range widened to major ticks
    set xtics 1
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [*:*]
    set ytics 0.25
    set mytics 5
    set format y "%h"
    set key default
    set key bottom right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    set arrow from 1.2, graph 0 to 1.2, graph 1 nohead back lc rgb "#505050" lw 1.5 dt 2
    plot \
        NaN with lines lc rgb "#505050" lw 1.5 dt 2 title 'α_{c}', \
        'two-panel-bands.dat' index 0 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#0072B2" fillstyle transparent solid 0.25 noborder notitle, \
        'two-panel-bands.dat' index 0 using 1:2 with lines lc rgb "#0072B2" lw 2 dt 1 title 'N = 100', \
        'two-panel-bands.dat' index 1 using 1:($2-$3):($2+$3) with filledcurves lc rgb "#D55E00" fillstyle transparent solid 0.25 noborder notitle, \
        'two-panel-bands.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'N = 400', \
        'two-panel-bands.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 title 'N → ∞ theory'

    # panel 2 (b) 'susceptibility'
    set title '(b) susceptibility' font ",10"
    set lmargin at screen 0.6005
    set rmargin at screen 0.9788
    set bmargin at screen 0.1710
    set tmargin at screen 0.7811
    set xlabel 'α = P/d'
    set ylabel 'χ'
    unset logscale x
    set xrange [0:4]  # data range widened to major ticks
    set xtics 1
    set mxtics 5
    set format x "%h"
    unset logscale y
    set yrange [*:*]
    set ytics 1
    set mytics 5
    set format y "%h"
    set key default
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'two-panel-bands.dat' index 3 using 1:2 with linespoints lc rgb "#0072B2" lw 2 dt 1 pt 7 ps 0.55 title 'χ(α)'

    unset multiplot
    unset output
}
