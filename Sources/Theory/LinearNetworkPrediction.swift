/// Posterior predictions of a linear two-layer network (exact or NNGP).
///
/// Means and variances are those of the latent network output `f` (no likelihood noise added).
public struct LinearNetworkPrediction: Sendable, Equatable {
    /// Posterior mean `⟨f(x_α)⟩` on the training inputs.
    public var trainMean: [Double]
    /// Posterior mean `⟨f(x_*)⟩` on the test inputs.
    public var testMean: [Double]
    /// Posterior variance of `f(x_α)` on the training inputs: `E_ρ[Var(f|ρ)] + Var_ρ(E[f|ρ])`.
    public var trainVariance: [Double]
    /// Posterior variance of `f(x_*)` on the test inputs: `E_ρ[Var(f|ρ)] + Var_ρ(E[f|ρ])`.
    public var testVariance: [Double]
    /// Posterior mean of `ρ = χ|w|²/g_w` (the kernel rescaling; 1 under the prior and for the NNGP).
    public var rhoMean: Double
    /// Posterior variance of `ρ` (0 for the NNGP).
    public var rhoVariance: Double
    /// `log p(y)`: the log marginal likelihood of the labels with the normalised Gaussian likelihood
    /// `N(y; f, κ I)`, including all constants.
    public var logEvidence: Double
    /// A self-estimate of the quadrature error: `|log Z(n) − log Z(n/2)|`, the change of the
    /// log-normaliser when the ρ grid is halved (an upper estimate of the error of the full grid;
    /// 0 for the NNGP, which needs no quadrature).
    public var logEvidenceGridError: Double
    /// The posterior-mean hidden-layer kernel compared with `C⁰` along the label direction and across
    /// the orthogonal directions (exact posterior: `E_ρ E[C | ρ]`; NNGP: both 1); `nil` if not computed.
    public var hiddenKernelRatios: HiddenKernelRatios?

    /// A prediction from its parts.
    /// - Parameters:
    ///   - trainMean: `⟨f⟩` on the training inputs.
    ///   - testMean: `⟨f⟩` on the test inputs.
    ///   - trainVariance: `Var f` on the training inputs.
    ///   - testVariance: `Var f` on the test inputs.
    ///   - rhoMean: `⟨ρ⟩`.
    ///   - rhoVariance: `Var ρ`.
    ///   - logEvidence: `log p(y)`.
    ///   - logEvidenceGridError: the quadrature-error estimate.
    public init(trainMean: [Double], testMean: [Double], trainVariance: [Double], testVariance: [Double],
                rhoMean: Double, rhoVariance: Double, logEvidence: Double, logEvidenceGridError: Double) {
        self.trainMean = trainMean
        self.testMean = testMean
        self.trainVariance = trainVariance
        self.testVariance = testVariance
        self.rhoMean = rhoMean
        self.rhoVariance = rhoVariance
        self.logEvidence = logEvidence
        self.logEvidenceGridError = logEvidenceGridError
    }
}
