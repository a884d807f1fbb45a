import LinearAlgebra

/// The importance-weighted sample of the single-neuron measure at one discrepancy `Δ`
/// (made by `SingleNeuronMeasure.weighting(delta:tilt:proposal:sampleCount:)`).
struct SingleNeuronWeighting: Sendable {
    /// The proposal the samples were drawn from.
    let proposal: SingleNeuronProposal
    /// `m`: the number of samples used (the first `m` of the measure's `M`).
    let sampleCount: Int
    /// `φ(h_mα)` stored as `P × m` (column `m` is sample `m`).
    let activations: Matrix
    /// The self-normalised weights `w̃_m` (non-negative, summing to 1).
    let weights: [Double]
    /// `(Σ w)²/(m Σ w²)`: the effective sample size as a fraction of `m`.
    let effectiveSampleFraction: Double
    /// The unit task direction `ê = XᵀΔ/|XᵀΔ|` in input space (all zeros when `XᵀΔ = 0`).
    let direction: [Double]
    /// `σ (t_m − ζ_m)`: sample `m` is `v_m = σ ε_m + shifts[m] · ê`.
    let shifts: [Double]
    /// The weighted second moment `Σ w̃ t²` of the coordinate along `ê` (prior units).
    let secondMoment: Double
    /// The weighted first absolute moment `Σ w̃ |t|` of the coordinate along `ê` (prior units).
    let firstAbsoluteMoment: Double
}
