import LinearAlgebra

/// Posterior moments of single weights at the saddle point (derived in
/// `shared/science/corti2025-signatures.md`; Gaussian equivalence for `φ(h)`, exact for the linear
/// network given `Q̄`). With `B = Cov_prior(w, φ(h))` (D × P), `A = T·I + Q̄K/λ1` and `t = B A⁻¹ y`:
///
/// * readout second moment `⟨v_i²⟩ = Q̄/λ1` (prior `1/λ1`);
/// * readout–read-in alignment `⟨v_i w_i⟩ = (Q̄/(λ1√N)) t` (it survives the `(v, w) → (−v, −w)`
///   symmetry that makes `⟨v⟩ = ⟨w⟩ = 0`);
/// * read-in covariance `⟨w_i w_iᵀ⟩ = I/λ0 + Δ`, `Δ = (Q̄/(λ1N))[t tᵀ − B A⁻¹ Bᵀ]`: a rank-one spike of
///   size O(α) along `t` on top of an O(α) contraction;
/// * inter-neuron correlation (`i ≠ j`) `⟨(v_i w_i)·(v_j w_j)⟩ = (Q̄/λ1)² (1/N)[|t|² − Tr(BᵀB A⁻¹)]`,
///   whose connected part (minus `⟨v_i w_i⟩·⟨v_j w_j⟩ = (Q̄/λ1)²|t|²/N`) is `−(Q̄/λ1)² Tr(BᵀB A⁻¹)/N`.
public struct RenormalisedWeightMoments: Sendable {
    /// `⟨v_i²⟩ = Q̄/λ1`.
    public let readoutSecondMoment: Double
    /// `t = B A⁻¹ y` (length D).
    public let labelDirection: [Double]
    /// `|t|`.
    public let labelDirectionNorm: Double
    /// `⟨v_i w_i⟩ = (Q̄/(λ1√N)) t` (length D).
    public let readoutReadinAlignment: [Double]
    /// The largest eigenvalue of `Δ = ⟨w_i w_iᵀ⟩ − I/λ0` (the spike).
    public let readinSpikeEigenvalue: Double
    /// Its unit eigenvector, signed so that its overlap with `t` is ≥ 0.
    public let readinSpikeVector: [Double]
    /// The smallest eigenvalue of `Δ` (the strongest contraction).
    public let readinContractionEigenvalue: Double
    /// `Tr Δ`.
    public let readinDeviationTrace: Double
    /// `|cos|` of the angle between the spike eigenvector and `t` (NaN when `t = 0`).
    public let spikeAlignmentWithLabelDirection: Double
    /// `⟨(v_i w_i)·(v_j w_j)⟩`, `i ≠ j`.
    public let interNeuronCorrelation: Double
    /// Its connected part `⟨(v_i w_i)·(v_j w_j)⟩ − ⟨v_i w_i⟩·⟨v_j w_j⟩ = −(Q̄/λ1)² Tr(BᵀB A⁻¹)/N`.
    public let interNeuronConnectedCorrelation: Double

    /// Computes the moments.
    /// - Parameters:
    ///   - readinCross: `B` (D × P).
    ///   - spectrum: the diagonalised kernel and labels.
    ///   - orderParameter: `Q̄`.
    ///   - width: `N`.
    ///   - temperature: `T`.
    ///   - lambda1: `λ1`.
    /// - Throws: `TheoryError.numericalFailure` if the D × D eigen-decomposition fails.
    public init(readinCross b: Matrix, spectrum: RenormalisedKernelSpectrum, orderParameter q: Double,
                width: Int, temperature: Double, lambda1: Double) throws {
        let n = Double(width), d = b.rows, p = b.cols
        let a = spectrum.denominators(orderParameter: q, temperature: temperature, lambda1: lambda1)
        let bu = matmul(b, spectrum.eigenvectors)                     // B U, D × P
        let t = matvec(bu, zip(spectrum.projectedLabels, a).map { $0 / $1 })
        let tNorm2 = t.reduce(0) { $0 + $1 * $1 }
        var traceBBA = 0.0
        var whitened = bu                                              // B U diag(a)^{-1/2}
        for a0 in 0..<p {
            let scale = 1 / a[a0].squareRoot()
            for r in 0..<d { whitened.values[r * p + a0] *= scale }
        }
        for v in whitened.values { traceBBA += v * v }
        let prefactor = q / (lambda1 * n)
        var delta = rowGram(whitened)                                  // B A⁻¹ Bᵀ
        for i in 0..<d {
            for j in 0..<d { delta.values[i * d + j] = prefactor * (t[i] * t[j] - delta.values[i * d + j]) }
        }
        let eigen: SymmetricEigen
        do {
            eigen = try SymmetricEigen(delta)
        } catch {
            throw TheoryError.numericalFailure("diagonalising the read-in covariance deviation failed: \(error)")
        }
        var top = eigen.vectors.column(d - 1)
        let overlap = dot(top, t)
        if overlap < 0 { top = top.map { -$0 } }
        let tNorm = tNorm2.squareRoot()
        let ratio = q / lambda1

        readoutSecondMoment = ratio
        labelDirection = t
        labelDirectionNorm = tNorm
        readoutReadinAlignment = t.map { ratio / n.squareRoot() * $0 }
        readinSpikeEigenvalue = eigen.values[d - 1]
        readinSpikeVector = top
        readinContractionEigenvalue = eigen.values[0]
        readinDeviationTrace = delta.diagonal().reduce(0, +)
        spikeAlignmentWithLabelDirection = tNorm > 0 ? abs(overlap) / tNorm : .nan
        interNeuronCorrelation = ratio * ratio / n * (tNorm2 - traceBBA)
        interNeuronConnectedCorrelation = -ratio * ratio / n * traceBBA
    }
}
