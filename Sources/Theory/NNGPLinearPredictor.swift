import LinearAlgebra

/// The NNGP (infinite-width) predictor of a linear two-layer network.
///
/// As `N → ∞` the kernel scale `ρ` concentrates at 1 and `f` becomes a GP with kernel
/// `g_w C⁰/χ` and noise `κ0/χ`. The mean `g_w C⁰ (g_w C⁰ + κ0 I)⁻¹ y` (test: `g_w C⁰_*` in front)
/// does not depend on `χ`; the variances are those of the GP with kernel `g_w C⁰` and noise `κ0`
/// divided by `χ` (at `χ = 1`: kernel ridge regression with ridge `κ0`).
public enum NNGPLinearPredictor {
    /// The NNGP posterior of `f`.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D (P, D ≥ 1).
    ///   - labels: `y`, P finite values.
    ///   - testInputs: `X_*`, P_test × D (P_test may be 0).
    ///   - setup: the network parameters (`width` is not used).
    /// - Returns: means and variances; `rhoMean = 1`, `rhoVariance = 0`, `logEvidence` is the GP
    ///   log marginal likelihood `log N(y; 0, (g_w C⁰ + κ0 I)/χ)`, `logEvidenceGridError = 0`.
    /// - Throws: `TheoryError` for invalid parameters, mismatched shapes or non-finite input.
    public static func predict(trainInputs: Matrix, labels: [Double], testInputs: Matrix,
                               setup: LinearNetworkSetup) throws -> LinearNetworkPrediction {
        try setup.validate()
        let spectrum = try LinearKernelSpectrum(trainInputs: trainInputs, labels: labels, testInputs: testInputs,
                                                readinVarianceScale: setup.readinVarianceScale)
        var prediction = spectrum.posteriorMoments(rhos: [1], weights: [1], setup: setup)
        prediction.logEvidence = RhoLogDensity(spectrum: spectrum, setup: setup).logLikelihood(rho: 1)
        return prediction
    }
}
