# dimension-penalty.gp: figure 'dimension-penalty', written by flrepro (Figures); edit freely.
# Run `gnuplot dimension-penalty.gp` in this directory: it reads dimension-penalty.dat and writes
# dimension-penalty.pdf (vector, 9 cm × 7 cm) and dimension-penalty.png (300 dpi, 1063 × 827 px).
# A simple mean field model of feature learning (arXiv 2510.15174): the O(d) penalty of plain MF and its removal by MF-ARD — mf2025/dimension-penalty.json, profile default
# Critical signal B̃_c = B·P (= P/κ) of the 4-sparse parity against the input dimension d (N = 64, population forms): plain MF where m = ½ and where m first reaches 0.1 (onset), and MF-ARD's two spinodals (the selected branch exists above the lower one; the first-order transition lies between them). Grey: ∝ d. Fitted exponents (least squares in log–log) are checked by make verify.

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
    set output 'dimension-penalty.'.output_type
    set multiplot

    # panel 1
    unset title
    set lmargin at screen 0.1508
    set rmargin at screen 0.9531
    set bmargin at screen 0.1905
    set tmargin at screen 0.9592
    set xlabel 'd'
    set ylabel 'B̃_{c} = P/κ'
    set logscale x 10
    set xrange [6:100]
    set xtics (10, 20, 50, 100)
    set mxtics default
    set format x "%g"
    set logscale y 10
    set yrange [100:1000000]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        300*x**(1) with lines lc rgb "#505050" lw 1.5 dt 2 title '∝ d', \
        'dimension-penalty.dat' index 0 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 1 pt 7 ps 0.55 title 'plain MF, m = ½', \
        'dimension-penalty.dat' index 1 using 1:2 with linespoints lc rgb "#D55E00" lw 2 dt 3 pt 5 ps 0.55 title 'plain MF, onset m = 0.1', \
        'dimension-penalty.dat' index 2 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 2 pt 9 ps 0.55 title 'MF-ARD, lower spinodal', \
        'dimension-penalty.dat' index 3 using 1:2 with linespoints lc rgb "#009E73" lw 2 dt 4 pt 11 ps 0.55 title 'MF-ARD, upper spinodal'

    unset multiplot
    unset output
}
