/// The mean-field update of the coordinate precisions of MF-ARD.
///
/// With `w_ij | ρ_j ~ N(0, σ_w²/(d ρ_j))` for all `N` neurons and `ρ_j ~ Gamma(α0, β0)` (shape, rate), the
/// factorised posterior of `ρ_j` is `Gamma(α0 + N/2, β0 + N d ⟨w_j²⟩/(2σ_w²))`, whose mean is
/// `ρ̄_j = (α0 + N/2)/(β0 + N d ⟨w_j²⟩/(2σ_w²))`. With no data the fixed point of
/// `⟨w_j²⟩ = σ_w²/(d ρ̄_j)` is `ρ̄_j = α0/β0`.
public enum ARDPrecisionUpdate {
    /// The target precisions `ρ̄_j`.
    /// - Parameters:
    ///   - secondMoments: `⟨w_j²⟩` (`d`).
    ///   - width: `N`.
    ///   - readinVariance: `σ_w²`.
    ///   - shape: `α0`.
    ///   - rate: `β0`.
    /// - Returns: `ρ̄` (`d`).
    public static func target(secondMoments: [Double], width: Double, readinVariance: Double, shape: Double, rate: Double) -> [Double] {
        let d = Double(secondMoments.count)
        return secondMoments.map { (shape + width / 2) / (rate + width * d * $0 / (2 * readinVariance)) }
    }

    /// The damped update `ρ̄ ← (1 − τ_ρ) ρ̄ + τ_ρ ρ̄_target`.
    /// - Parameters:
    ///   - precisions: the current `ρ̄`, updated in place.
    ///   - target: `ρ̄_target` (same length).
    ///   - damping: `τ_ρ ∈ (0, 1]`.
    public static func damp(_ precisions: inout [Double], toward target: [Double], damping: Double) {
        for j in precisions.indices { precisions[j] = (1 - damping) * precisions[j] + damping * target[j] }
    }
}
