import LinearAlgebra

/// Everything the kernel-renormalisation theory computes for one data set and setup (see
/// `KernelRenormalisation.solve`).
public struct KernelRenormalisationResult: Sendable {
    /// `α = P/N`.
    public let alpha: Double
    /// The saddle point `Q̄` with its residual, action and the other stationary points.
    public let saddlePoint: KernelRenormalisationSaddlePoint.Solution
    /// The predictor with kernel `Q̄K/λ1` and noise `T`.
    public let prediction: RenormalisedPredictor
    /// The NNGP predictor (`Q̄ = 1`) at the same temperature, for reference.
    public let nngpPrediction: RenormalisedPredictor
    /// `⟨v²⟩`, `⟨vw⟩`, the read-in covariance spike and the inter-neuron correlation.
    public let weights: RenormalisedWeightMoments
    /// `K`, the NNGP kernel of the training set (= `⟨K̂⟩` at infinite width).
    public let nngpKernel: Matrix
    /// `⟨K̂⟩` in the Gaussian-equivalence closure.
    public let gaussianFeatureKernel: Matrix
    /// Class statistics of `K` (`d0²`, `R0±²`).
    public let nngpGeometry: ClassManifoldGeometry
    /// Class statistics of the Gaussian-closure `⟨K̂⟩`.
    public let gaussianGeometry: ClassManifoldGeometry
    /// The first-order non-Gaussian closure (nil when `nonGaussianSamples` is 0).
    public let nonGaussian: NonGaussianFeatureKernel?
}

/// The kernel-renormalisation theory of a one-hidden-layer Bayesian network in the proportional limit
/// (Corti, Pacelli, Rotondo, Gherardi 2025, after Pacelli et al. 2023 and Baglioni et al. 2024), with
/// the microscopic observables derived in `shared/science/corti2025-signatures.md`.
///
/// Steps: `C`, `K`, `B` (`PriorFeatureCovariances`); `K` diagonalised (`RenormalisedKernelSpectrum`);
/// `Q̄` by bracketing (`KernelRenormalisationSaddlePoint`); the predictor (`RenormalisedPredictor`); weight
/// moments (`RenormalisedWeightMoments`); `⟨K̂⟩` and the class statistics in the Gaussian-equivalence
/// closure (`GaussianFeatureKernel`, `ClassPartition`) and, if asked, the first-order non-Gaussian closure
/// (`NonGaussianFeatureKernel`).
public enum KernelRenormalisation {
    /// Solves the theory.
    /// - Parameters:
    ///   - trainInputs: `X` (P × D), the training rows used.
    ///   - labels: `y` (P values, non-zero; class `+` is `y > 0`, class `−` is `y < 0`; the theory's
    ///     conventions assume ±1).
    ///   - testInputs: `X*` (P* × D; may have no rows).
    ///   - setup: network, temperature, priors and Monte-Carlo settings.
    ///   - storeFeatureKernel: estimate the non-Gaussian `⟨K̂⟩` matrix too (the class statistics need only scalars).
    ///   - progress: called with (samples done, samples) by the non-Gaussian closure.
    /// - Returns: the result.
    /// - Throws: `TheoryError.invalidParameter` for a bad setup (named) or labels without both classes
    ///   (name `labels`), `.dimensionMismatch`/`.nonFiniteInput` for bad data, `.numericalFailure`.
    public static func solve(trainInputs: Matrix, labels: [Double], testInputs: Matrix, setup: KernelRenormalisationSetup,
                             storeFeatureKernel: Bool = true,
                             progress: (Int, Int) -> Void = { _, _ in }) throws -> KernelRenormalisationResult {
        try setup.validate()
        try TrainingDataCheck.validate(trainInputs: trainInputs, labels: labels, testInputs: testInputs)
        let partition = try ClassPartition(labels: labels)
        let prior = PriorFeatureCovariances(inputs: trainInputs, activation: setup.activation, lambda0: setup.lambda0)
        let spectrum = try RenormalisedKernelSpectrum(kernel: prior.kernel, labels: labels)
        let saddle = KernelRenormalisationSaddlePoint(spectrum: spectrum, width: setup.width,
                                                      temperature: setup.temperature, lambda1: setup.lambda1)
        let solution = try saddle.solve()
        let q = solution.orderParameter
        let (cross, diagonal) = prior.testKernels(testInputs: testInputs, trainInputs: trainInputs)
        let prediction = RenormalisedPredictor(spectrum: spectrum, crossKernel: cross, testDiagonal: diagonal,
                                               orderParameter: q, temperature: setup.temperature, lambda1: setup.lambda1)
        let nngp = RenormalisedPredictor(spectrum: spectrum, crossKernel: cross, testDiagonal: diagonal,
                                         orderParameter: 1, temperature: setup.temperature, lambda1: setup.lambda1)
        let weights = try RenormalisedWeightMoments(readinCross: prior.readinCross, spectrum: spectrum, orderParameter: q,
                                                    width: setup.width, temperature: setup.temperature, lambda1: setup.lambda1)
        let gaussian = GaussianFeatureKernel.featureKernel(kernel: prior.kernel, spectrum: spectrum, orderParameter: q,
                                                           width: setup.width, temperature: setup.temperature, lambda1: setup.lambda1)
        var nonGaussian: NonGaussianFeatureKernel?
        if setup.nonGaussianSamples > 0 {
            nonGaussian = NonGaussianFeatureKernel(inputs: trainInputs, prior: prior, spectrum: spectrum, partition: partition,
                                                   orderParameter: q, width: setup.width, temperature: setup.temperature,
                                                   lambda1: setup.lambda1, samples: setup.nonGaussianSamples, seed: setup.seed,
                                                   storeFeatureKernel: storeFeatureKernel, progress: progress)
        }
        return KernelRenormalisationResult(
            alpha: saddle.alpha, saddlePoint: solution, prediction: prediction, nngpPrediction: nngp, weights: weights,
            nngpKernel: prior.kernel, gaussianFeatureKernel: gaussian, nngpGeometry: partition.geometry(prior.kernel),
            gaussianGeometry: partition.geometry(gaussian), nonGaussian: nonGaussian)
    }
}
