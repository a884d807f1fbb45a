import LinearAlgebra

/// The predictor of the kernel-renormalisation theory: GP regression with the prior kernel rescaled
/// by `Q̄`. At a test input `x0` with `k0 = K(X, x0)`, `A = T·I + Q̄K/λ1`:
///
///     mean      (Q̄/λ1) k0ᵀ A⁻¹ y
///     variance  (Q̄/λ1) [K00 − (Q̄/λ1) k0ᵀ A⁻¹ k0]
///
/// (the variance of `f`, without the noise `T`). The Gibbs generalisation error is the test average
/// of `(y0 − mean)² + variance`; the test error that of `(y0 − mean)²` alone.
public struct RenormalisedPredictor: Sendable {
    /// Posterior means of `f` on the test inputs.
    public let testMean: [Double]
    /// Posterior variances of `f` on the test inputs.
    public let testVariance: [Double]
    /// Posterior means of `f` on the training inputs, `(Q̄/λ1) K A⁻¹ y`.
    public let trainMean: [Double]

    /// - Parameters:
    ///   - spectrum: `K` diagonalised, with the labels.
    ///   - crossKernel: `K(X*, X)` (P* × P).
    ///   - testDiagonal: `K(x*_j, x*_j)`.
    ///   - orderParameter: `Q̄` (1: the NNGP predictor at the same temperature).
    ///   - temperature: `T`.
    ///   - lambda1: `λ1`.
    public init(spectrum: RenormalisedKernelSpectrum, crossKernel: Matrix, testDiagonal: [Double],
                orderParameter q: Double, temperature: Double, lambda1: Double) {
        let p = spectrum.count, m = crossKernel.rows
        let a = spectrum.denominators(orderParameter: q, temperature: temperature, lambda1: lambda1)
        let ratio = q / lambda1
        let labelsOverA = zip(spectrum.projectedLabels, a).map { $0 / $1 }
        trainMean = spectrum.vector(modeCoefficients: (0..<p).map { ratio * spectrum.eigenvalues[$0] * labelsOverA[$0] })
        let rotated = matmul(crossKernel, spectrum.eigenvectors)      // rows k0ᵀ U
        var mean = [Double](repeating: 0, count: m), variance = mean
        for j in 0..<m {
            var linear = 0.0, quadratic = 0.0
            for k in 0..<p {
                let v = rotated.values[j * p + k]
                linear += v * labelsOverA[k]
                quadratic += v * v / a[k]
            }
            mean[j] = ratio * linear
            variance[j] = ratio * (testDiagonal[j] - ratio * quadratic)
        }
        testMean = mean
        testVariance = variance
    }

    /// `(1/P*) Σ (y0 − mean)²`.
    public func testError(labels: [Double]) -> Double {
        guard !labels.isEmpty else { return .nan }
        return zip(labels, testMean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(labels.count)
    }

    /// `(1/P*) Σ [(y0 − mean)² + variance]`.
    public func gibbsError(labels: [Double]) -> Double {
        guard !labels.isEmpty else { return .nan }
        return testError(labels: labels) + testVariance.reduce(0, +) / Double(labels.count)
    }
}
