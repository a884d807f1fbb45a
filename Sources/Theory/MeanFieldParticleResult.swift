import LinearAlgebra

/// What `MeanFieldParticleSolver.run` returns.
///
/// Predictor and Gibbs moments (product measure over the `N` neurons, `f(x) = N^{−½} Σ_i a_i φ(w_i·x)`,
/// `(w_i, a_i)` i.i.d. from `q(w) q(a|w)`, `q(a|w) = N(h/A, 1/A)`):
/// `E f(x) = N^{½} E_q[a φ] = N^{½} E_q[φ h/A]` and
/// `Var f(x) = N⁻¹ Σ_i Var(a_i φ_i) = Var_q(a φ) = E_q[φ² ((h/A)² + 1/A)] − E_q[φ h/A]²` — O(1): the
/// `N^{−½}` scaling cancels the sum over `N` independent neurons. Each `E_q` is the particle average
/// `(1/M) Σ_m`, averaged over the kept steps; the variance uses the squared time-averaged first moment.
public struct MeanFieldParticleResult: Sendable {
    /// `N^{½} E_q[φ(w·x_μ) h/A]` on the training inputs, averaged over kept steps (`P`).
    public var trainMean: [Double]
    /// The same on the test inputs (`P*`).
    public var testMean: [Double]
    /// `Var f(x)` on the test inputs (`P*`, see the type's documentation).
    public var testVariance: [Double]
    /// `E f(x)² = testMean² + testVariance` (`P*`); the Gibbs error is `E (f − y)² = (testMean − y)² + testVariance`.
    public var testSecondMoment: [Double]
    /// The self-consistent predictor `F` (the EMA state) at the end of the run (`P`).
    public var finalPredictor: [Double]
    /// The particles after the last step (`M × d`).
    public var particles: Matrix
    /// One readout draw per particle, `a_m ~ N(h_m/A_m, 1/A_m)` at the final particles and final `F` (`M`).
    public var readouts: [Double]
    /// `⟨w_j²⟩`, the particle average averaged over the kept steps (`d`).
    public var coordinateSecondMoments: [Double]
    /// `ρ̄` at the end (`d`; all 1 for plain MF).
    public var precisions: [Double]
    /// The traced steps.
    public var traceSteps: [Int]
    /// `‖F_new − F‖/‖F‖` of the latest update at each traced step (`‖F_new‖` as denominator while `F = 0`;
    /// NaN before the first update). Its floor is the Monte Carlo noise of `F_new`, ∝ `M^{−½}`.
    public var relativeChangeTrace: [Double]
    /// `(1/P) Σ_μ (y_μ − F_μ)²` at each traced step (after that step's update).
    public var trainErrorTrace: [Double]
    /// The particle mean of `U(w) = ½ (d/σ_w²) Σ_j ρ̄_j w_j² + ½ log A − h²/(2A)` at each traced step.
    public var meanPotentialTrace: [Double]
    /// `ρ̄` at each traced step (`traceSteps.count × d`).
    public var precisionTrace: Matrix
    /// The mean of `‖F_new − F‖/‖F‖` over the updates in the last quarter of the steps.
    public var lateRelativeChange: Double
    /// `‖m₁ − m₂‖/‖(m₁ + m₂)/2‖` for the predictor averaged over the first and the second half of the kept
    /// steps (test predictor; training predictor when there are no test inputs; 0 with one kept step).
    public var halfSplitDifference: Double
    /// Number of kept steps.
    public var keptSteps: Int
}
