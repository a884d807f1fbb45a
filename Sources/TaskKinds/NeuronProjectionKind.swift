import LinearAlgebra
import Networks
import Pipeline

/// `stats.neuron_projection`: where the active neurons of a trained tanh particle network point,
/// relative to a target's directions: `cos_{is} = w_i·u_s/|w_i|` for every active neuron `i`
/// (the active set of `DirectionClusters`: `|a_i|` at least the `active_quantile` of `|a|`, in order
/// of decreasing `|a_i|`) and every direction `u_s` stored with the data (`directions`, `S × d`).
struct NeuronProjectionKind: TaskKind {
    let name = "stats.neuron_projection"
    let version = 1
    let summary = "Active neurons of f(x) = (1/N) Σ a_i tanh(w_i·x + b_i) projected on the target directions u_s of the data: projection_<s> = w_i·u_s/|w_i| (s = 1…S), readout_magnitude = |a_i|, subspace_fraction = mean over active neurons of Σ_s cos²"
    let inputs = ["model", "data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("active_quantile", .number(minimum: 0, maximum: 1), default: .number(0.5),
                      "a neuron is active when |a_i| is at least this empirical quantile of |a| (0: all neurons)"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let network = try IdentifiabilityStatisticKind.network(try request.input("model"), input: "model")
        let data = try request.input("data")
        guard let stored = data.arrays["directions"], stored.shape.count == 2 else {
            throw TaskFailure("the data input has no directions array [S, d] (the target's directions u_s as rows)")
        }
        guard stored.shape[1] == network.inputDimension else {
            throw TaskFailure("the data's directions have dimension \(stored.shape[1]) but the model's inputs \(network.inputDimension)")
        }
        let directions = try stored.matrix("directions")
        // cosineThreshold 1: the clustering itself is not used here, only the active set and its order.
        let clusters = try DirectionClusters(readout: network.readout, readin: network.readin,
                                             activeQuantile: request.parameters.double("active_quantile"), cosineThreshold: 1)
        let active = (0..<network.width).filter { clusters.assignments[$0] != nil }
            .sorted { abs(network.readout[$0]) != abs(network.readout[$1]) ? abs(network.readout[$0]) > abs(network.readout[$1]) : $0 < $1 }
        var projections = [[Double]](repeating: [], count: directions.rows)
        var fraction = 0.0
        for i in active {
            let w = network.readin.row(i)
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            var inside = 0.0
            for s in 0..<directions.rows {
                let c = zip(w, directions.row(s)).reduce(0) { $0 + $1.0 * $1.1 } / norm
                projections[s].append(c)
                inside += c * c
            }
            fraction += inside
        }
        var arrays: [String: NDArray] = ["readout_magnitude": NDArray(active.map { abs(network.readout[$0]) })]
        for s in 0..<directions.rows { arrays["projection_\(s + 1)"] = NDArray(projections[s]) }
        return TaskResult(arrays: arrays, scalars: [
            "active_count": Double(active.count),
            "subspace_fraction": active.isEmpty ? .nan : fraction / Double(active.count),
        ], attributes: [
            "projection": "projection_<s> = w_i·u_s/|w_i| for the active neurons (|a_i| ≥ active_quantile of |a|, zero |w| excluded), in order of decreasing |a_i|; u_s = row s of the data's directions",
        ])
    }
}
