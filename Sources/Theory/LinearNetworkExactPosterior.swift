import LinearAlgebra

/// The exact Bayesian posterior of a linear two-layer network at finite width `N`, for every `χ`.
///
/// The read-in weights are integrated out analytically; what remains is a one-dimensional integral
/// over the kernel scale `ρ = χ|w|²/g_w` (see `RhoLogDensity` for the density and its derivation),
/// done on an adaptive `ln ρ` grid after diagonalising `C⁰ = (g_v/D) X Xᵀ` once, so each node
/// costs O(P). Given `ρ`, `f` is Gaussian with mean `g_w ρ C⁰ (g_w ρ C⁰ + κ0)⁻¹ y` (test: `C⁰_*` in
/// front), independent of `χ`, and covariance `(1/χ)` times that of the GP with kernel `g_w ρ C⁰`
/// and noise `κ0`. Rank-deficient `C⁰` (e.g. `D < P` or repeated inputs) is handled.
public enum LinearNetworkExactPosterior {
    /// The posterior means and variances of `f`, the moments of `ρ` and the evidence.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D (P, D ≥ 1).
    ///   - labels: `y`, P finite values.
    ///   - testInputs: `X_*`, P_test × D (P_test may be 0).
    ///   - setup: the network parameters.
    ///   - gridPoints: nodes of the `ln ρ` trapezoid rule (≥ 20; the default is far beyond convergence).
    /// - Returns: the prediction; `logEvidenceGridError` estimates the quadrature error.
    /// - Throws: `TheoryError` for invalid parameters, mismatched shapes, non-finite input, or a
    ///   numerical failure.
    public static func predict(trainInputs: Matrix, labels: [Double], testInputs: Matrix,
                               setup: LinearNetworkSetup, gridPoints: Int = 2000) throws -> LinearNetworkPrediction {
        try setup.validate()
        guard gridPoints >= 20 else {
            throw TheoryError.invalidParameter(name: "gridPoints", value: "\(gridPoints)", requirement: "must be at least 20")
        }
        let spectrum = try LinearKernelSpectrum(trainInputs: trainInputs, labels: labels, testInputs: testInputs,
                                                readinVarianceScale: setup.readinVarianceScale)
        let density = RhoLogDensity(spectrum: spectrum, setup: setup)
        let quadrature = try RhoQuadrature(density: density, gridPoints: gridPoints)
        var prediction = spectrum.posteriorMoments(rhos: quadrature.rhos, weights: quadrature.weights, setup: setup)
        prediction.logEvidence = density.priorConstant + density.likelihoodConstant + quadrature.logNormaliser
        prediction.logEvidenceGridError = quadrature.gridErrorEstimate
        var task = 0.0, trace = 0.0
        for (rho, weight) in zip(quadrature.rhos, quadrature.weights) {
            let projection = spectrum.hiddenKernelProjections(rho: rho, setup: setup, fluctuations: true)
            task += weight * projection.task
            trace += weight * projection.trace
        }
        let prior = spectrum.priorKernelProjections
        prediction.hiddenKernelRatios = HiddenKernelRatios(taskProjection: task, trace: trace,
                                                           priorTaskProjection: prior.task, priorTrace: prior.trace)
        return prediction
    }
}
