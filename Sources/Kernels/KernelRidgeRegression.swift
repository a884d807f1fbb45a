import Foundation
import LinearAlgebra

/// Gaussian-process regression / kernel ridge regression with ridge `λ`.
///
/// With Gram matrix `K` (train × train), labels `y` and ridge `λ` (the GP noise variance), the
/// dual coefficients are `α = (K + λI)⁻¹ y`, computed with one Cholesky factorisation. The
/// predictive mean at a test point with cross-kernel row `k*` is `k*ᵀ α`; the posterior
/// variance of the latent function (without the noise λ) is `k(x, x) − k*ᵀ (K + λI)⁻¹ k*`.
public struct KernelRidgeRegression: Sendable {
    /// The ridge `λ`.
    public let ridge: Double
    /// `α = (K + λI)⁻¹ y`.
    public let dualCoefficients: [Double]
    /// The fitted values on the training inputs, `K α` (→ `y` as `λ → 0`).
    public let trainPredictions: [Double]
    /// `log p(y) = −½ yᵀα − ½ log det(K + λI) − (n/2) log 2π` under the GP prior with noise variance `λ`.
    public let logMarginalLikelihood: Double
    private let factor: CholeskyFactor

    /// Fits the regression.
    /// - Parameters:
    ///   - trainGram: the symmetric `n × n` kernel matrix of the training inputs.
    ///   - labels: the `n` training labels.
    ///   - ridge: `λ ≥ 0` (0 means interpolation, needs `K` positive definite).
    /// - Throws: `KernelError.invalidParameter` (bad ridge), `.dimensionMismatch`, or
    ///   `.notPositiveDefinite` when `K + λI` cannot be Cholesky-factorised.
    public init(trainGram: Matrix, labels: [Double], ridge: Double) throws {
        guard ridge >= 0, ridge.isFinite else {
            throw KernelError.invalidParameter(name: "ridge", value: "\(ridge)", requirement: "must be finite and non-negative")
        }
        guard trainGram.rows == trainGram.cols else {
            throw KernelError.dimensionMismatch("the training Gram matrix is \(trainGram.rows)×\(trainGram.cols), not square")
        }
        guard labels.count == trainGram.rows else {
            throw KernelError.dimensionMismatch("\(labels.count) labels for a \(trainGram.rows)×\(trainGram.rows) Gram matrix")
        }
        guard labels.allSatisfy({ $0.isFinite }) else {
            throw KernelError.invalidParameter(name: "labels", value: "non-finite", requirement: "must all be finite")
        }
        let n = labels.count
        var regularised = trainGram
        for i in 0..<n { regularised.values[i * n + i] += ridge }
        do {
            factor = try CholeskyFactor(regularised)
        } catch let LinearAlgebraError.notPositiveDefinite(minor) {
            throw KernelError.notPositiveDefinite(minor: minor, ridge: ridge)
        } catch {
            throw KernelError.invalidParameter(name: "trainGram", value: "\(error)", requirement: "must be a finite symmetric matrix")
        }
        self.ridge = ridge
        let alpha = factor.solve(labels)
        dualCoefficients = alpha
        trainPredictions = matvec(trainGram, alpha)
        logMarginalLikelihood = -0.5 * dot(labels, alpha) - 0.5 * factor.logDeterminant
            - 0.5 * Double(n) * Foundation.log(2 * Double.pi)
    }

    /// The number of training examples.
    public var trainCount: Int { dualCoefficients.count }

    /// Predictive means `k*ᵀ α`.
    /// - Parameter crossGram: kernel values, test rows × train columns.
    /// - Returns: one mean per test row.
    public func predictMean(crossGram: Matrix) -> [Double] {
        precondition(crossGram.cols == trainCount, "predictMean: crossGram has \(crossGram.cols) columns, expected \(trainCount)")
        return matvec(crossGram, dualCoefficients)
    }

    /// Posterior variances of the latent function, `k(x, x) − k*ᵀ (K + λI)⁻¹ k*`.
    ///
    /// Computed as `k(x, x) − |L⁻¹ k*|²` with the Cholesky factor `L`; values below zero that
    /// arise from round-off (the exact value is non-negative for a positive semi-definite kernel)
    /// are set to 0.
    /// - Parameters:
    ///   - crossGram: kernel values, test rows × train columns.
    ///   - testDiagonal: prior variances `k(x, x)` of the test points.
    /// - Returns: one variance per test row.
    public func predictVariance(crossGram: Matrix, testDiagonal: [Double]) -> [Double] {
        precondition(crossGram.cols == trainCount, "predictVariance: crossGram has \(crossGram.cols) columns, expected \(trainCount)")
        precondition(testDiagonal.count == crossGram.rows, "predictVariance: \(testDiagonal.count) prior variances for \(crossGram.rows) test rows")
        let whitened = factor.whitenRows(crossGram)
        let n = trainCount
        return (0..<crossGram.rows).map { j in
            var s = 0.0
            for i in 0..<n { let v = whitened.values[j * n + i]; s += v * v }
            return max(0, testDiagonal[j] - s)
        }
    }
}
