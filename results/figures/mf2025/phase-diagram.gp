# phase-diagram.gp: figure 'phase-diagram', written by flrepro (Figures); edit freely.
# Run `gnuplot phase-diagram.gp` in this directory: it reads phase-diagram.dat and writes
# phase-diagram.pdf (vector, 18 cm × 7 cm) and phase-diagram.png (300 dpi, 2126 × 827 px).
# A simple mean field model of feature learning (arXiv 2510.15174): phase diagram in (κ, P) for the 4-sparse parity and a single-index task — mf2025/phase-diagram.json, profile default
# Critical sample size P_c against the noise κ (loss ½Σ(y − f)², B̃ = P/κ; N = 64). Left: 4-sparse parity, d = 16. Lines: population plain MF, P where m_S = ½ (solid) and where it first reaches 0.1 (onset, dotted); MF-ARD's spinodals (dashed: the selected branch appears above the lower one; the unselected branch disappears above the upper one, so the first-order transition lies between them). Points: SGLD on a coarse grid (κ ∈ {0.25, 0.5, 1}, P ∈ {128, …, 2048}, data set 0, 2 chains), P where its m_S reaches ½ (log-interpolated). Right: single index y = He_4(u·x)/√4!, x ~ N(0, I_18): population plain MF (the one-component closure F = m·y, an approximation for Gaussian inputs, whose m saturates near 0.46 — so the critical level there is m = ¼) and SGLD at κ = 0.5, where its m_S reaches ¼ (no point if it never does for P ≤ 2048).

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
    set output 'phase-diagram.'.output_type
    set multiplot

    # panel 1 (a) '4-sparse parity, d = 16'
    set title '(a) 4-sparse parity, d = 16' font ",10"
    set lmargin at screen 0.0754
    set rmargin at screen 0.4744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'κ'
    set ylabel 'P_{c}'
    set logscale x 10
    set xrange [0.1:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [30:300000]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'phase-diagram.dat' index 0 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF, m = ½', \
        'phase-diagram.dat' index 1 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 3 title 'plain MF, onset m = 0.1', \
        'phase-diagram.dat' index 2 using 1:2 with lines lc rgb "#009E73" lw 2 dt 2 title 'MF-ARD, lower spinodal', \
        'phase-diagram.dat' index 3 using 1:2 with lines lc rgb "#009E73" lw 2 dt 4 title 'MF-ARD, upper spinodal', \
        'phase-diagram.dat' index 4 using 1:2 with linespoints lc rgb "#000000" lw 2 dt 1 pt 13 ps 0.55 title 'SGLD, m\_S = ½'

    # panel 2 (b) 'single index He_4, d = 18'
    set title '(b) single index He\_4, d = 18' font ",10"
    set lmargin at screen 0.5754
    set rmargin at screen 0.9744
    set bmargin at screen 0.2064
    set tmargin at screen 0.8579
    set xlabel 'κ'
    set ylabel 'P_{c}'
    set logscale x 10
    set xrange [0.1:10]  # data range widened to major ticks
    set xtics autofreq
    set mxtics default
    set format x "10^{%T}"
    set logscale y 10
    set yrange [30:300000]
    set ytics autofreq
    set mytics default
    set format y "10^{%T}"
    set key default
    set key top left reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'phase-diagram.dat' index 5 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 1 title 'plain MF, m = ¼', \
        'phase-diagram.dat' index 6 using 1:2 with lines lc rgb "#D55E00" lw 2 dt 3 title 'plain MF, onset m = 0.1', \
        'phase-diagram.dat' index 7 using 1:2 with points lc rgb "#000000" pt 9 ps 0.55 title 'SGLD, m\_S = ¼'

    unset multiplot
    unset output
}
