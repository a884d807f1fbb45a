/// The parameters of a linear two-layer network `f(x) = Σ_i w_i v_i·x` and its Bayesian posterior.
///
/// Priors: read-in `V_ij ~ N(0, g_v/D)` (`V ∈ R^{N×D}`), readout `w_i ~ N(0, g_w/(χN))`.
/// Likelihood `exp(−(1/2κ) Σ_α (y_α − f_α)²)` with `κ = κ0/χ`. `χ = 1` is standard scaling,
/// `χ = N` mean-field scaling; with this convention the NNGP predictor does not depend on `χ`.
public struct LinearNetworkSetup: Sendable, Equatable, Hashable {
    /// `N`: the number of hidden units.
    public var width: Int
    /// `g_v`: read-in weights have variance `g_v/D`.
    public var readinVarianceScale: Double
    /// `g_w`: readout weights have variance `g_w/(χN)`.
    public var readoutVarianceScale: Double
    /// `κ0`: the likelihood variance at `χ = 1` (the GP noise / ridge of the NNGP).
    public var kappa0: Double
    /// `χ`: the output scaling (1 standard, `N` mean field).
    public var chi: Double

    /// A validated setup.
    /// - Parameters:
    ///   - width: `N ≥ 1`.
    ///   - readinVarianceScale: `g_v > 0`.
    ///   - readoutVarianceScale: `g_w > 0`.
    ///   - kappa0: `κ0 > 0`.
    ///   - chi: `χ > 0`.
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public init(width: Int, readinVarianceScale: Double, readoutVarianceScale: Double,
                kappa0: Double, chi: Double = 1) throws {
        self.width = width
        self.readinVarianceScale = readinVarianceScale
        self.readoutVarianceScale = readoutVarianceScale
        self.kappa0 = kappa0
        self.chi = chi
        try validate()
    }

    /// The likelihood variance `κ = κ0/χ`.
    public var kappa: Double { kappa0 / chi }

    /// Checks the parameters (they are `var`s and may have been changed after `init`).
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public func validate() throws {
        guard width >= 1 else {
            throw TheoryError.invalidParameter(name: "width", value: "\(width)", requirement: "must be at least 1")
        }
        for (name, value) in [("readinVarianceScale", readinVarianceScale),
                              ("readoutVarianceScale", readoutVarianceScale),
                              ("kappa0", kappa0), ("chi", chi)] where !(value > 0 && value.isFinite) {
            throw TheoryError.invalidParameter(name: name, value: "\(value)", requirement: "must be finite and positive")
        }
    }
}
