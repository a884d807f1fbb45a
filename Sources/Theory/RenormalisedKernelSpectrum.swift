import LinearAlgebra

/// The NNGP kernel `K = U diag(k_a) Uᵀ` of the training set diagonalised once, with the labels
/// `ỹ = Uᵀ y`, so that everything involving `A = T·I + Q K/λ1` is a sum over modes:
/// `A⁻¹ = U diag(1/(T + Q k_a/λ1)) Uᵀ`.
///
/// Eigenvalues below `4 P ε k_max` (round-off of a rank-deficient kernel, e.g. the linear kernel
/// with `P > D`) are set to 0.
public struct RenormalisedKernelSpectrum: Sendable {
    /// `k_a ≥ 0`, ascending.
    public let eigenvalues: [Double]
    /// `U` (P × P), eigenvectors as columns.
    public let eigenvectors: Matrix
    /// `ỹ = Uᵀ y`.
    public let projectedLabels: [Double]
    /// `|y|²`.
    public let labelNorm2: Double

    /// Diagonalises `kernel`.
    /// - Parameters:
    ///   - kernel: `K`, P × P symmetric positive semi-definite.
    ///   - labels: `y`, P values.
    /// - Throws: `TheoryError.numericalFailure` when the eigen-decomposition fails.
    public init(kernel: Matrix, labels: [Double]) throws {
        let eigen: SymmetricEigen
        do {
            eigen = try SymmetricEigen(kernel)
        } catch {
            throw TheoryError.numericalFailure("diagonalising the NNGP kernel K failed: \(error)")
        }
        let largest = max(0, eigen.values.last ?? 0)
        let threshold = 4 * Double(kernel.rows) * Double.ulpOfOne * largest
        eigenvalues = eigen.values.map { $0 > threshold ? $0 : 0 }
        eigenvectors = eigen.vectors
        projectedLabels = matvec(eigen.vectors, labels, transpose: true)
        labelNorm2 = labels.reduce(0) { $0 + $1 * $1 }
    }

    /// `P`.
    public var count: Int { eigenvalues.count }

    /// The eigenvalues `T + Q k_a/λ1` of `A`.
    public func denominators(orderParameter q: Double, temperature t: Double, lambda1: Double) -> [Double] {
        eigenvalues.map { t + q * $0 / lambda1 }
    }

    /// `U diag(s) Uᵀ` for a vector of mode weights `s`.
    public func matrix(modeWeights s: [Double]) -> Matrix {
        let p = count
        var scaled = eigenvectors
        for i in 0..<p {
            for a in 0..<p { scaled.values[i * p + a] *= s[a] }
        }
        var m = matmul(scaled, eigenvectors, transposeB: true)
        for i in 0..<p {
            for j in (i + 1)..<p {
                let v = 0.5 * (m.values[i * p + j] + m.values[j * p + i])
                m.values[i * p + j] = v
                m.values[j * p + i] = v
            }
        }
        return m
    }

    /// `U s` for mode coefficients `s` (back to the data basis).
    public func vector(modeCoefficients s: [Double]) -> [Double] { matvec(eigenvectors, s) }
}
