import LinearAlgebra

/// The posterior-mean feature kernel in the Gaussian-equivalence closure (features `φ(h)` treated as
/// Gaussian with covariance `K`; exact for the linear network given `Q̄`):
///
///     ⟨K̂⟩ = K + (Q̄/(λ1 N)) [(K A⁻¹ y)(K A⁻¹ y)ᵀ − K A⁻¹ K] = K − (Q̄/(λ1 N)) K M K,
///     M = A⁻¹ − A⁻¹ y yᵀ A⁻¹,  A = T·I + Q̄ K/λ1,
///
/// with `K̂ = (1/N) Σ_i φ(h_i) φ(h_i)ᵀ` the empirical feature kernel of the training set. It is linear
/// in `K̂`, so the centroid distance follows as `N(⟨d²⟩ − d0²) = (Q̄/λ1)[(mᵀKA⁻¹y)² − mᵀKA⁻¹Km]`,
/// `d0² = mᵀKm` (infinite width); at `T → 0` with labels ±1 this tends to `4λ1/Q̄ − d0²`.
public enum GaussianFeatureKernel {
    /// `⟨K̂⟩` on the training set.
    /// - Parameters:
    ///   - kernel: `K`.
    ///   - spectrum: `K` diagonalised, with the labels.
    ///   - orderParameter: `Q̄`.
    ///   - width: `N`.
    ///   - temperature: `T`.
    ///   - lambda1: `λ1`.
    /// - Returns: the P × P matrix (exactly symmetric).
    public static func featureKernel(kernel: Matrix, spectrum: RenormalisedKernelSpectrum, orderParameter q: Double,
                                     width: Int, temperature: Double, lambda1: Double) -> Matrix {
        let p = kernel.rows
        let a = spectrum.denominators(orderParameter: q, temperature: temperature, lambda1: lambda1)
        let k = spectrum.eigenvalues
        let kay = spectrum.vector(modeCoefficients: (0..<p).map { k[$0] * spectrum.projectedLabels[$0] / a[$0] })  // K A⁻¹ y
        let kak = spectrum.matrix(modeWeights: (0..<p).map { k[$0] * k[$0] / a[$0] })                               // K A⁻¹ K
        let scale = q / (lambda1 * Double(width))
        var out = kernel
        for i in 0..<p {
            for j in 0..<p { out.values[i * p + j] += scale * (kay[i] * kay[j] - kak.values[i * p + j]) }
        }
        return out
    }
}
