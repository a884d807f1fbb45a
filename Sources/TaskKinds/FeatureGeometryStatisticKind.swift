import Kernels
import LinearAlgebra
import Pipeline
import Theory

/// `stats.feature_geometry`: the class-manifold geometry of the hidden-layer features of an SGLD run
/// with `record_hidden_kernel` (Corti et al. 2025, issue 9), against the infinite-width (NNGP) kernel of
/// the same inputs: `ClassManifoldGeometry` of each chain's `⟨K̂⟩` (`K̂ = (1/N) Σ_i φ(h_i)φ(h_i)ᵀ` on the
/// training inputs) and of the pooled mean, the finite-width shifts `N·(d² − d0²)`, `N·(R² − R0²)` and
/// `N·(s − s0)` of the separation, with standard errors over chains.
///
/// The NNGP kernel is `E[φ(h)φ(h′)]`, `h = w·x`, `w ~ N(0, σ_v²/D)` per component (`readin_variance`
/// σ_v² = 1/λ0 for the standard-parameterisation networks of Corti et al., `parameterization: ntk`).
struct FeatureGeometryStatisticKind: TaskKind {
    let name = "stats.feature_geometry"
    let version = 1
    let summary = "Class-manifold geometry of an SGLD run's hidden kernel ⟨K̂⟩ (record_hidden_kernel) against the NNGP kernel of the same inputs: centroid distance d² = mᵀK̂m, class radii R±², separation d²/(R₊² + R₋²), and N·(d² − d0²), N·(R² − R0²), N·(s − s0) with chain standard errors"
    let inputs = ["model", "data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: ["linear", "erf", "relu", "tanh"]), "activation φ of the hidden layer (as in the SGLD run)"),
        ParameterSpec("width", .integer(minimum: 1, maximum: nil), "N, the hidden width of the SGLD run (scales the finite-width shifts)"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1),
                      "σ_v²: h = w·x with w ~ N(0, σ_v²/D) per component (1/λ0 for Corti et al.)"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.double("readin_variance") <= 0 { throw TaskParameterError("readin_variance", "must be positive") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try request.input("model"), data = try request.input("data")
        guard let kernels = model.arrays["chain_hidden_kernel_means"], kernels.shape.count == 3, kernels.shape[1] == kernels.shape[2] else {
            throw TaskFailure("the model input has no chain_hidden_kernel_means [chains, P, P]: run sgld.two_layer with record_hidden_kernel: true")
        }
        let chains = kernels.shape[0], count = kernels.shape[1]
        let x = try data.array("train_inputs").matrix("train_inputs")
        let labels = try data.array("train_labels").values
        guard x.rows >= count, labels.count >= count else {
            throw TaskFailure("the hidden kernel covers \(count) training rows but the data has \(x.rows)")
        }
        let inputs = x.rows(0..<count), y = Array(labels[0..<count])
        let nngp = try NNGPKernel(activation: Activation(rawValue: p.string("activation"))!, weightVariance: p.double("readin_variance"))
        let classes = try DataInputs.classPartition(y)
        let reference = classes.geometry(nngp.gram(inputs))
        let perChain = (0..<chains).map { c in
            classes.geometry(Matrix(rows: count, cols: count, values: Array(kernels.values[(c * count * count)..<((c + 1) * count * count)])))
        }
        let pooledGram = (0..<(count * count)).map { k in (0..<chains).reduce(0) { $0 + kernels.values[$1 * count * count + k] } / Double(chains) }
        let pooled = classes.geometry(Matrix(rows: count, cols: count, values: pooledGram))
        let n = Double(p.int("width"))
        let se = DataInputs.standardError
        let radius = { (g: ClassManifoldGeometry) in g.radiusPlus + g.radiusMinus }
        return TaskResult(scalars: [
            "centroid_distance": pooled.centroidDistance, "centroid_distance_se": se(perChain.map(\.centroidDistance)),
            "nngp_centroid_distance": reference.centroidDistance,
            "scaled_distance_shift": n * (pooled.centroidDistance - reference.centroidDistance),
            "scaled_distance_shift_se": n * se(perChain.map(\.centroidDistance)),
            "radius_positive": pooled.radiusPlus, "radius_negative": pooled.radiusMinus,
            "nngp_radius_positive": reference.radiusPlus, "nngp_radius_negative": reference.radiusMinus,
            "scaled_radius_shift": n * (radius(pooled) - radius(reference)), "scaled_radius_shift_se": n * se(perChain.map(radius)),
            "separation": pooled.normalisedSeparation, "nngp_separation": reference.normalisedSeparation,
            "scaled_separation_shift": n * (pooled.normalisedSeparation - reference.normalisedSeparation),
            "scaled_separation_shift_se": n * se(perChain.map(\.normalisedSeparation)),
            "chains": Double(chains), "train_count": Double(count),
        ], attributes: [
            "definitions": "K̂ = (1/N) Σ_i φ(h_iμ)φ(h_iν) on the first train_count training inputs, averaged over kept samples per chain and over chains; d² = mᵀK̂m (m = 1/P₊ on y > 0, −1/P₋ on y < 0); R±² = mean squared distance of a class's features from its centroid; separation = d²/(R₊² + R₋²); nngp_* from the NNGP kernel E[φ(w·x)φ(w·x′)], w ~ N(0, σ_v²/D); scaled_*_shift = N·(SGLD − NNGP) (radius: R₊² + R₋²); _se: N × standard error over chains of the per-chain values",
        ])
    }
}
