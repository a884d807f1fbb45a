# identifiability.gp: figure 'identifiability', written by flrepro (Figures); edit freely.
# Run `gnuplot identifiability.gp` in this directory: it reads identifiability.dat and writes
# identifiability.pdf (vector, 18 cm × 7 cm) and identifiability.png (300 dpi, 2126 × 827 px).
# μP mean-field limit (arXiv 2605.24710), designed test of claim 2: identifiability modulo the realisation symmetry — mup2026/identifiability.json, profile default
# Designed numerical test (the paper has no experiments). From a network trained by mean-field Langevin dynamics (tanh, d = 8, n = 1024, λ = 1e-3, λ′ = 1e-3, 2000 steps; N = 64, 256, 1024) we build four images: half the particles sign-flipped (a, w, b) → (−a, −w, −b) and all permuted; the duplicate Θ ⊕ Θ; a random perturbation with the same raw W2 as the sign-flip image; an independently trained network (another seed). Relative function distance ‖f_Θ − f_Θ′‖/‖f_Θ‖ in L2(N(0, I_8)) (Monte Carlo, 20000 inputs) against (a) the raw W2 between the particle measures (exact assignment) and (b) the W2 modulo the sign symmetry. Symmetric images lie at rounding level (≈ 2–4e-16) although the sign-flip image's raw W2 is O(1); the duplicate has raw W2 = 0 exactly (Θ ⊕ Θ is the same empirical measure) and the sign-flip image has quotient W2 = 0. The perturbation of equal raw W2 changes the function by 27–59 %.

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
    set output 'identifiability.'.output_type
    set multiplot

    # panel 1 (a) 'against raw W2'
    set title '(a) against raw W2' font ",10"
    set lmargin at screen 0.0907
    set rmargin at screen 0.4788
    set bmargin at screen 0.1905
    set tmargin at screen 0.8579
    set xlabel 'raw W_{2}(Θ, Θ′)'
    set ylabel '‖f_{Θ} − f_{Θ′}‖ / ‖f_{Θ}‖'
    unset logscale x
    set xrange [-0.1:3]
    set xtics 1
    set mxtics 5
    set format x "%h"
    set logscale y 10
    set yrange [1e-17:3]
    set ytics 1000
    set mytics default
    set format y "10^{%T}"
    set key default
    set key center right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'identifiability.dat' index 0 using 1:2 with points lc rgb "#0072B2" pt 7 ps 0.55 title 'sign flip + permutation', \
        'identifiability.dat' index 1 using 1:2 with points lc rgb "#009E73" pt 5 ps 0.55 title 'duplicate Θ ⊕ Θ', \
        'identifiability.dat' index 2 using 1:2 with points lc rgb "#009E73" pt 9 ps 0.55 notitle, \
        'identifiability.dat' index 3 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 notitle, \
        'identifiability.dat' index 4 using 1:2 with points lc rgb "#D55E00" pt 13 ps 0.55 title 'perturbation, same raw W2', \
        'identifiability.dat' index 5 using 1:2 with points lc rgb "#CC79A7" pt 15 ps 0.55 title 'independent training'

    # panel 2 (b) 'against W2 modulo sign'
    set title '(b) against W2 modulo sign' font ",10"
    set lmargin at screen 0.5907
    set rmargin at screen 0.9788
    set bmargin at screen 0.1905
    set tmargin at screen 0.8579
    set xlabel 'W_{2} modulo θ → −θ'
    set ylabel '‖f_{Θ} − f_{Θ′}‖ / ‖f_{Θ}‖'
    unset logscale x
    set xrange [-0.1:3]
    set xtics 1
    set mxtics 5
    set format x "%h"
    set logscale y 10
    set yrange [1e-17:3]
    set ytics 1000
    set mytics default
    set format y "10^{%T}"
    set key default
    set key center right reverse Left samplen 2.5 spacing 1.15 nobox noopaque
    unset arrow
    plot \
        'identifiability.dat' index 6 using 1:2 with points lc rgb "#0072B2" pt 7 ps 0.55 title 'sign flip + permutation', \
        'identifiability.dat' index 7 using 1:2 with points lc rgb "#0072B2" pt 5 ps 0.55 notitle, \
        'identifiability.dat' index 8 using 1:2 with points lc rgb "#0072B2" pt 9 ps 0.55 notitle, \
        'identifiability.dat' index 9 using 1:2 with points lc rgb "#009E73" pt 11 ps 0.55 title 'duplicate Θ ⊕ Θ', \
        'identifiability.dat' index 10 using 1:2 with points lc rgb "#009E73" pt 13 ps 0.55 notitle, \
        'identifiability.dat' index 11 using 1:2 with points lc rgb "#009E73" pt 15 ps 0.55 notitle, \
        'identifiability.dat' index 12 using 1:2 with points lc rgb "#D55E00" pt 6 ps 0.55 title 'perturbation, same raw W2', \
        'identifiability.dat' index 13 using 1:2 with points lc rgb "#CC79A7" pt 4 ps 0.55 title 'independent training'

    unset multiplot
    unset output
}
