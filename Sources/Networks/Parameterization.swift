/// How the width `N` and input dimension `D` enter the scales, priors and temperature of a
/// two-layer network `f(x) = s_out Σ_i w_i φ(s_in v_i·x + b_i)`.
///
/// Every case is resolved by `NetworkSpec.resolved` into explicit numbers
/// (`ResolvedParameterization`); with `g_v`, `g_w`, `g_b` the spec's variance scales, `χ` and `κ`:
///
/// | case | s_in | s_out | σ_V² (per entry) | σ_w² | σ_b² | T | step multipliers |
/// |---|---|---|---|---|---|---|---|
/// | `standard` | 1 | 1 | g_v/D | g_w/N | g_b | κ | 1, 1, 1 |
/// | `ntk` | 1/√D | 1/√N | g_v | g_w | g_b | κ | 1, 1, 1 |
/// | `meanField` | 1 | 1 | g_v/D | g_w/(χN) | g_b | κ/χ | 1, 1, 1 |
/// | `muP` | 1 | 1/N | g_v/D | g_w | g_b | κ/N | 1, 1, 1 |
///
/// All four give the pre-activation prior `h ~ N(0, g_v|x|²/D + g_b)`; the NNGP readout
/// variance `N s_out² σ_w²` is `g_w` (standard, NTK), `g_w/χ` (mean field) and `g_w/N` (μP).
/// `standard` and `ntk` define the same posterior (the map `V → V/√D`, `w → w/√N` is a
/// reparameterization), and so do `meanField` with `χ = N` and `muP` (`w → w/N`); they differ
/// only in the coordinates in which Langevin steps are taken.
public enum Parameterization: String, Sendable, CaseIterable, Codable {
    /// Standard scaling: `σ_V² = g_v/D`, `σ_w² = g_w/N`, `T = κ`.
    case standard
    /// NTK scaling: weights `O(1)`, `s_in = 1/√D`, `s_out = 1/√N`, `T = κ`.
    case ntk
    /// Rubin et al. (ICML 2025): `σ_V² = g_v/D`, `σ_w² = g_w/(χN)`, `T = κ0/χ` with `κ0 = kappa`.
    /// `χ = 1` is standard scaling, `χ = N` mean-field scaling. Sampling
    /// `exp(−U_R/κ)`, `U_R = ½Σ(y−f)² + (κ/2)[(D/g_v)|V|² + (χN/g_w)|w|²]`, `κ = κ0/χ`, is the same law.
    case meanField = "mean_field"
    /// μP / mean-field Langevin dynamics (MFLD): `f = (1/N) Σ_i w_i φ(v_i·x + b_i)` with `O(1)`
    /// priors and `T = κ/N`, so that `U = (N/κ) L + ½Σθ²/σ²` has per-particle gradients of order 1 and
    /// each particle's update `θ_i ← θ_i − η[(1/κ) Σ_α r_α ∇_θ(wφ)|θ_i + θ_i/σ²] + √(2η) ξ_i`
    /// does not depend on `N` (the `1/N` of the output is cancelled, as with a per-particle learning
    /// rate `N` in a temperature-free formulation). The MFLD of `mup-meanfield` (loss `(1/2n)Σ(f−y)²`,
    /// entropy weight `λ`, weight decay `λ′`, step `η_MF`) is `κ = nλ`, `σ² = λ/λ′` for every
    /// coordinate (`g_v = Dλ/λ′`, `g_w = g_b = λ/λ′`) and `η = η_MF λ`.
    case muP = "mup"
}
