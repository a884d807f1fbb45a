/// Where a population mean-field solution sits: the signal `B̃`, the residual `r = 1 − m` of the mean
/// predictor and the prior precisions of the relevant and irrelevant weights (1 and 1 without ARD).
public struct PopulationState: Sendable, Equatable, Codable {
    /// `B̃ = B·P`.
    public var signal: Double
    /// `r = 1 − m`.
    public var residual: Double
    /// `ρ_S` (relevant coordinates, or the direction `u` for single index).
    public var relevantPrecision: Double
    /// `ρ_⊥` (irrelevant coordinates).
    public var irrelevantPrecision: Double

    /// - Parameters:
    ///   - signal: `B̃`.
    ///   - residual: `r`.
    ///   - relevantPrecision: `ρ_S`.
    ///   - irrelevantPrecision: `ρ_⊥`.
    public init(signal: Double, residual: Double, relevantPrecision: Double = 1, irrelevantPrecision: Double = 1) {
        self.signal = signal
        self.residual = residual
        self.relevantPrecision = relevantPrecision
        self.irrelevantPrecision = irrelevantPrecision
    }
}

/// One solution of the population mean-field equations (plain MF or MF-ARD) with its observables.
///
/// Errors are population errors with `E[y²] = 1`: the mean predictor is `F = m y` (exact for parity by
/// symmetry; for single index the one-component closure `r(x) = (1 − m) y(x)`), so `ε = (1 − m)²`. The
/// Gibbs error of one network sample adds the product-measure variance of `f`:
/// `Var f(x) = Var_q(a ReLU(w·x))` with `a | w ~ N(h/A, 1/A)`, `h = B̃ r J/√N`, so
/// `E_x Var f = E_q[(B̃² r² J²/(N A²) + 1/A) Q] − m²/N`.
public struct PopulationMeanFieldResult: Sendable, Equatable, Codable {
    /// `B̃`, `r` and the precisions at the solution.
    public var state: PopulationState
    /// The order parameter `m = B̃ r E_q[J²/A]` (the right-hand side, accurate also when `m` is tiny).
    public var orderParameter: Double
    /// The mean-predictor test error `(1 − m)²`.
    public var testError: Double
    /// The Gibbs (single-sample) test error `ε + E_x Var f`.
    public var gibbsError: Double
    /// `⟨|w_S|²⟩_q` (`⟨t²⟩_q` for single index).
    public var relevantSquaredNorm: Double
    /// `⟨s²⟩_q = ⟨|w_⊥|²⟩_q`.
    public var irrelevantSquaredNorm: Double
    /// `(⟨|w_S|²⟩/k)/(⟨s²⟩/(d − k))`: per-coordinate variance ratio, relevant over irrelevant.
    public var anisotropy: Double
    /// The scale-invariant `⟨|w_S|²/(|w_S|² + s²)⟩_q`.
    public var alignment: Double
    /// `max` of `|m − (1 − r)|` and, with ARD, `|ln ρ̄ − ln ρ|` for both precisions.
    public var selfConsistencyResidual: Double
    /// Root-finder or Newton iterations.
    public var iterations: Int
    /// Whether the solver met its tolerance; an unconverged point is never returned as converged.
    public var converged: Bool
    /// The unnormalised prior mass of the grid at the solution's precisions (1 when the grid covers the prior).
    public var priorMass: Double
    /// The `q`-mass on the outermost relevant node (large values: raise `grid.relevantMax`).
    public var relevantEdgeMass: Double
    /// The `q`-mass on the smallest and largest `s` node (large values: widen `[normMin, normMax]`).
    public var normEdgeMass: Double
    /// MF-ARD only: the largest real part of the eigenvalues of the precision update's Jacobian (with `r`
    /// solved), `< 1` for a solution that the damped ARD iteration approaches (stable branch); nil for plain MF.
    public var precisionIterationEigenvalue: Double?
}
