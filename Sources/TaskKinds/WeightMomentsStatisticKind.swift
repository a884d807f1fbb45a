import LinearAlgebra
import Pipeline

/// `stats.weight_moments`: the finite-width displacement and correlations of the weights of an SGLD run
/// with `record_weight_moments` (Corti et al. 2025, issue 9), with chain-to-chain standard errors. In the
/// model's raw parameters — readout `w_i`, read-in `v_i ∈ R^D` with prior variances `σ_w²`, `σ_v²`
/// (Corti et al.'s `v`, `w` with `1/λ1`, `1/λ0`):
///
/// - `readout_displacement` = `⟨w²⟩/σ_w² − 1` (λ1⟨v²⟩ − 1 in the paper's notation), `readout_ratio` = `⟨w²⟩/σ_w²`;
/// - `cross_norm` = `‖⟨w_i v_i⟩‖`, the readout–read-in alignment (`cross_vector` its direction);
/// - `spike` = the top eigenvalue of `⟨v_i v_iᵀ⟩ − σ_v² I`, `spike_vector` its eigenvector;
/// - `inter_neuron` = `⟨(w_i v_i)·(w_j v_j)⟩`, `i ≠ j`.
///
/// Each `_se` is the standard error over chains of the per-chain value (for the norm and the spike a
/// per-chain value is noisier than the pooled one; the error bar is then conservative).
struct WeightMomentsStatisticKind: TaskKind {
    let name = "stats.weight_moments"
    let version = 1
    let summary = "Weight displacement and correlations from an SGLD run with record_weight_moments: ⟨w²⟩/σ_w² − 1, ‖⟨w_i v_i⟩‖, the top eigenvalue and eigenvector of ⟨v vᵀ⟩ − σ_v² I and the inter-unit correlation ⟨(w_i v_i)·(w_j v_j)⟩, with chain-to-chain standard errors"
    let inputs = ["model"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_v², the read-in prior variance per component (1/λ0)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_w², the readout prior variance (1/λ1)"),
    ]

    func validate(_ p: TaskParameters) throws {
        for name in ["readin_variance", "readout_variance"] where p.double(name) <= 0 {
            throw TaskParameterError(name, "must be positive")
        }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try request.input("model")
        guard let square = model.arrays["chain_readout_square"], let cross = model.arrays["chain_readout_readin"],
              let second = model.arrays["chain_readin_second"], let inter = model.arrays["chain_inter_neuron"] else {
            throw TaskFailure("the model input has no weight moments: run sgld.two_layer with record_weight_moments: true")
        }
        let chains = square.values.count, d = cross.shape.last ?? 0
        guard chains >= 1, cross.shape == [chains, d], second.shape == [chains, d, d], inter.values.count == chains, d >= 1 else {
            throw TaskFailure("inconsistent weight-moment arrays: \(square.shape), \(cross.shape), \(second.shape), \(inter.shape)")
        }
        let sw = p.double("readout_variance"), sv = p.double("readin_variance")
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let standardError = DataInputs.standardError
        func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        func topOfSpike(_ m: [Double]) throws -> (value: Double, vector: [Double]) {
            var a = Matrix(rows: d, cols: d, values: m)
            for k in 0..<d { a.values[k * d + k] -= sv }
            let e = try SymmetricEigen(a)
            return (e.values[d - 1], (0..<d).map { e.vectors.values[$0 * d + d - 1] })
        }
        let displacement = square.values.map { $0 / sw - 1 }
        let chainCross = (0..<chains).map { Array(cross.values[($0 * d)..<(($0 + 1) * d)]) }
        let pooledCross = (0..<d).map { k in mean(chainCross.map { $0[k] }) }
        let chainSecond = (0..<chains).map { Array(second.values[($0 * d * d)..<(($0 + 1) * d * d)]) }
        let pooledSecond = (0..<(d * d)).map { k in mean(chainSecond.map { $0[k] }) }
        let spike = try topOfSpike(pooledSecond)
        let chainSpikes = try chainSecond.map { try topOfSpike($0).value }
        let crossNorm = norm(pooledCross)
        return TaskResult(arrays: [
            "cross_vector": NDArray(pooledCross),
            "spike_vector": NDArray(spike.vector),
            "chain_readout_displacement": NDArray(displacement),
        ], scalars: [
            "readout_displacement": mean(displacement), "readout_displacement_se": standardError(displacement),
            "readout_ratio": mean(displacement) + 1, "readout_ratio_se": standardError(displacement),
            "cross_norm": crossNorm, "cross_norm_se": standardError(chainCross.map(norm)),
            "spike": spike.value, "spike_se": standardError(chainSpikes),
            "inter_neuron": mean(inter.values), "inter_neuron_se": standardError(inter.values),
            "chains": Double(chains),
        ], attributes: [
            "definitions": "raw parameters: readout w_i (prior σ_w²), read-in v_i (prior σ_v² I); readout_displacement = ⟨(1/N)Σw_i²⟩/σ_w² − 1; cross = ⟨(1/N)Σ w_i v_i⟩; spike = top eigenvalue of ⟨(1/N)Σ v_i v_iᵀ⟩ − σ_v² I; inter_neuron = ⟨Σ_{i≠j}(w_i v_i)·(w_j v_j)⟩/(N(N−1)); _se: standard error over chains of the per-chain values",
        ])
    }
}
