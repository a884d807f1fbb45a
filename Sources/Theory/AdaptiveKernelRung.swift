/// The tree-level solution at one rung of the `χ` ladder (Algorithm 1 of Rubin et al.).
public struct AdaptiveKernelRung: Sendable, Equatable {
    /// The rung's `χ`.
    public var chi: Double
    /// The adaptive coupling `a = g_w χ/(2 N κ0²)` at this rung.
    public var tilt: Double
    /// The effective sample size of the importance weights at the rung's solution, as a fraction of `M`.
    public var effectiveSampleFraction: Double
    /// Evaluations of the map `Δ ↦ κ0 (g_w C(Δ) + κ0)⁻¹ y`, summed over the rung's solves (one per
    /// proposal tried; attempts abandoned for a halving of the χ step are not counted).
    public var iterations: Int
    /// `|Δ − G(Δ)|₂/|Δ|₂` at the rung's solution.
    public var residual: Double
    /// The proposal's mixture centre `μ` along the task direction (0: Gaussian), in prior standard deviations.
    public var proposalShift: Double
    /// The proposal's component standard deviation `τ` along the task direction, in prior standard
    /// deviations (`τ²` is the variance inflation `r` of a Gaussian proposal).
    public var proposalScale: Double

    /// A rung record from its parts.
    /// - Parameters:
    ///   - chi: `χ`.
    ///   - tilt: `a`.
    ///   - effectiveSampleFraction: the ESS fraction.
    ///   - iterations: map evaluations.
    ///   - residual: the relative residual.
    ///   - proposalShift: `μ`.
    ///   - proposalScale: `τ`.
    public init(chi: Double, tilt: Double, effectiveSampleFraction: Double, iterations: Int, residual: Double,
                proposalShift: Double, proposalScale: Double) {
        self.chi = chi
        self.tilt = tilt
        self.effectiveSampleFraction = effectiveSampleFraction
        self.iterations = iterations
        self.residual = residual
        self.proposalShift = proposalShift
        self.proposalScale = proposalScale
    }
}
