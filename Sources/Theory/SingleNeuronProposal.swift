import Foundation

/// The importance-sampling proposal for the single-neuron measure: the prior `N(0, σ² I_D)`,
/// `σ² = g_v/D`, with its one-dimensional marginal along the task direction `ê` replaced.
///
/// Write a standard normal draw as `ε = ζ ê + ε⊥` (`ζ = êᵀε`). The proposal sample is
/// `v = σ (ε⊥ + t ê)`, `t = b μ + τ ζ`, where `b = ±1` is a fixed sign per sample (alternating).
/// Along `ê` the proposal density of `t` is therefore the symmetric mixture
/// `q(t) = ½ N(t; μ, τ²) + ½ N(t; −μ, τ²)`, and orthogonal to `ê` it equals the prior.
/// `μ = 0` is the Gaussian whose variance along `ê` is inflated by `r = τ²` (`τ = 1 + β`: then
/// `v = σ(ε + β ζ ê)`); `μ > 0` puts mass on both modes of a bimodal tilted measure
/// (saturating `φ` at large `χ`).
///
/// Importance weight. The prior and the proposal differ only in the marginal of `t`, so
/// `p(v)/q(v) ∝ exp(a s(v)²) · N(t; 0, 1)/q(t)` and
///
///     log w = a s² − t²/2 + (t² + μ²)/(2τ²) − log cosh(t μ/τ²) + const,
///
/// which for `μ = 0` is `a s² − ½ (1 − 1/r) t²` (`t` = the component of `v` along `ê` in prior
/// standard deviations).
struct SingleNeuronProposal: Sendable, Equatable {
    /// `μ ≥ 0`: the centres `±μ` of the two components along `ê`, in prior standard deviations.
    let shift: Double
    /// `τ > 0`: the standard deviation of each component along `ê`, in prior standard deviations.
    let scale: Double

    /// The prior itself (`μ = 0`, `τ = 1`).
    static let prior = SingleNeuronProposal(shift: 0, scale: 1)

    /// The fixed Gaussian candidates: variance along `ê` inflated by `r ∈ {1, 1.5, 2, 3, 5, 8, 13}`.
    static let gaussianCandidates: [SingleNeuronProposal] = [1, 1.5, 2, 3, 5, 8, 13].map {
        SingleNeuronProposal(shift: 0, scale: Foundation.sqrt($0))
    }

    /// The coordinate along `ê` of a proposal sample.
    /// - Parameters:
    ///   - standardNormal: `ζ = êᵀε`.
    ///   - sign: the sample's fixed sign `b = ±1`.
    /// - Returns: `t = b μ + τ ζ`.
    @inline(__always)
    func coordinate(standardNormal zeta: Double, sign: Double) -> Double {
        sign * shift + scale * zeta
    }

    /// `log N(t; 0, 1) − log q(t)` up to a constant that is the same for every sample.
    /// - Parameter t: the coordinate along `ê`.
    /// - Returns: `−t²/2 + (t² + μ²)/(2τ²) − log cosh(tμ/τ²)`.
    @inline(__always)
    func logPriorRatio(_ t: Double) -> Double {
        let inverseVariance = 1 / (scale * scale)
        var value = -0.5 * t * t + 0.5 * (t * t + shift * shift) * inverseVariance
        if shift > 0 {
            // log cosh x = |x| + log1p(e^{−2|x|}) − log 2, stable for every x.
            let x = abs(t * shift * inverseVariance)
            value -= x + Foundation.log1p(Foundation.exp(-2 * x)) - Foundation.log(2.0)
        }
        return value
    }
}
