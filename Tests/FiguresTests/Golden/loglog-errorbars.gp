# loglog-errorbars.gp: figure 'loglog-errorbars', written by flrepro (Figures); edit freely.
# Run `gnuplot loglog-errorbars.gp` in this directory: it reads loglog-errorbars.dat and writes
# loglog-errorbars.pdf (vector, 9 cm × 7 cm) and loglog-errorbars.png (300 dpi, 1063 × 827 px).
# manifest experiments/krr/learning-curves.json
# profile smoke

set encoding utf8
set minussign
set border 15 linewidth 1.5
set tics in front scale 0.75, 0.4
set samples 400

do for [output_type in "pdf png"] {
    if (output_type eq "pdf") {
        set terminal pdfcairo enhanced color font "Helvetica,9" size 9cm,7cm linewidth 1
    } else {
        set terminal pngcairo enhanced color font "Helvetica,9" size 1063,827 fontscale 3.1250 linewidth 2.0833 pointscale 4.1667 background rgb "#ffffff"
    }
    set output 'loglog-errorbars.'.output_type
    set multiplot

    # panel 1 'Kernel ridge regression, ReLU NNGP'
    set title 'Kernel ridge regression, ReLU NNGP' font ",10"
    set lmargin at screen 0.1661
    set rmargin at screen 0.9564
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'P (training samples)'
    set ylabel 'ε_{test} (MSE)'
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
    set key top right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        (x >= 20 && x <= 2000 ? 2*x**(-0.5) : NaN) with lines lc rgb "#505050" lw 1.5 dt 2 title '∝ P^{-1/2}', \
        0.015 with lines lc rgb "#505050" lw 1.5 dt 2 title 'noise floor σ^{2}', \
        'loglog-errorbars.dat' index 0 using 1:2:3 with yerrorbars lc rgb "#0072B2" lw 2 pt 7 ps 0.55 title 'experiment', \
        'loglog-errorbars.dat' index 1 using 1:2:3 with yerrorlines lc rgb "#D55E00" lw 2 dt 1 pt 5 ps 0.55 title 'theory (annealed)'

    unset multiplot
    unset output
}
