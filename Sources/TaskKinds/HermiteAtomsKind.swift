import LinearAlgebra
import Networks
import Pipeline

/// `stats.hermite_atoms`: the atom count of a trained tanh particle network on the function side
/// (spectra of its Monte-Carlo Hermite tensors C1, C2, C3; see `HermiteTensors`, `HermiteSpectra`)
/// and on the parameter side (active neurons' directions clustered modulo sign; `DirectionClusters`).
///
/// The model is any entry storing `particles` `[N, d + 2]`, rows `(a_i, w_i, b_i)` of
/// `f(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)`.
struct HermiteAtomsKind: TaskKind {
    let name = "stats.hermite_atoms"
    let version = 1
    let summary = "Hermite-tensor atom count of f(x) = (1/N) Σ a_i tanh(w_i·x + b_i): Monte-Carlo C1 = E[f x], C2 = (E[f x xᵀ] − E[f] I)/√2, C3 = E[f He3(x)]/√6 (antithetic Gaussian inputs); spectra ‖C1‖, |eig C2|, singular values of C3 unfolded to d × d²; atom_count = values above threshold; raw_cluster_count = active neurons' directions clustered modulo sign"
    let inputs = ["model"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("mc_samples", .integer(minimum: 1, maximum: 100_000_000), default: .number(100_000),
                      "Gaussian inputs x of the Monte-Carlo tensors, each also used as −x"),
        ParameterSpec("threshold", .number(minimum: 0, maximum: nil), default: .number(0.1), "τ: spectral values above it count as atoms"),
        ParameterSpec("active_quantile", .number(minimum: 0, maximum: 1), default: .number(0.5),
                      "a neuron is active when |a_i| is at least this empirical quantile of |a| (0: all neurons)"),
        ParameterSpec("cluster_cosine", .number(minimum: 0, maximum: 1), default: .number(0.9),
                      "an active neuron joins a cluster when |cos| to its centre is at least this; otherwise it opens a new one"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), default: .number(0), "seed of the Monte-Carlo inputs"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.double("cluster_cosine") <= 0 { throw TaskParameterError("cluster_cosine", "must be positive") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try request.input("model")
        guard let stored = model.arrays["particles"] else {
            throw TaskFailure("the model input has no particles array [N, d + 2] (rows a, w, b)")
        }
        guard stored.shape.count == 2, stored.shape[0] >= 1, stored.shape[1] >= 3 else {
            throw TaskFailure("the model's particles have shape \(stored.shape), expected [N, d + 2] with N ≥ 1, d ≥ 1 (rows a, w, b)")
        }
        let network = try TanhParticleNetwork(particles: stored.matrix("particles"))
        let tensors = try HermiteTensors(of: network, samples: p.int("mc_samples"), seed: p.seed())
        let spectra = try HermiteSpectra(tensors)
        let clusters = try DirectionClusters(readout: network.readout, readin: network.readin,
                                             activeQuantile: p.double("active_quantile"), cosineThreshold: p.double("cluster_cosine"))
        return TaskResult(arrays: [
            "spectrum_c1": NDArray(spectra.c1),
            "spectrum_c2": NDArray(spectra.c2),
            "spectrum_c3": NDArray(spectra.c3),
            "tensor_c1": NDArray(tensors.c1),
        ], scalars: [
            "atom_count": Double(spectra.atomCount(threshold: p.double("threshold"))),
            "raw_cluster_count": Double(clusters.count),
            "active_neuron_count": Double(clusters.activeCount),
            "function_mean": tensors.mean,
        ], attributes: [
            "spectra": "spectrum_c1 = [‖C1‖]; spectrum_c2 = |eigenvalues| of C2, descending; spectrum_c3 = singular values of C3 unfolded to d × d², descending; a component c He_k(u·x)/√k! (|u| = 1, k ≤ 3) gives the value |c|",
            "clusters": "active neurons (|a_i| ≥ active_quantile of |a|) in order of decreasing |a|; greedy clustering of w_i/|w_i| modulo sign at |cos| ≥ cluster_cosine",
        ])
    }
}
