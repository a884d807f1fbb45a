import Pipeline

/// `sgld.pool_chains`: the chains of several `sgld.two_layer` runs (one run per seed, e.g. one Slurm job per
/// chain at full scale) as one run, for the statistics kinds that read per-chain arrays
/// (`stats.weight_moments`, `stats.feature_geometry`, `stats.trace_convergence`).
///
/// - `chain_*` and `trace_*` arrays (`trace_steps` excepted) are stacked along their first (chain) axis, in
///   the order of the gathered runs; `trace_steps` must agree.
/// - The pooled averages `train_mean`, `test_mean`, `train_second_moment`, `test_second_moment`,
///   `hidden_kernel_mean` are the chain-weighted means of the runs' (each run's is the mean over its chains,
///   all chains keep the same number of samples).
/// - Scalars: `chains`, `runs`, `samples_per_chain`, `max_run_split_rhat` (the largest of the runs' own
///   split-R̂, NaN for one-chain runs), the runs' `resolved_*` settings (which must agree).
/// Arrays that cannot be pooled (per-output diagnostics of one run, weight snapshots) are dropped.
struct SGLDPoolChainsKind: TaskKind {
    let name = "sgld.pool_chains"
    let version = 1
    let summary = "the chains of gathered sgld.two_layer runs (runs: {\"task\": …, \"over\": [\"seed\"]}) as one run: chain_* and trace_* stacked, pooled means chain-weighted, resolved settings checked equal"
    let inputs = ["runs"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = []

    static let pooledMeans = ["train_mean", "test_mean", "train_second_moment", "test_second_moment", "hidden_kernel_mean"]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let runs = try request.gathered("runs")
        guard !runs.isEmpty else { throw TaskFailure("no runs to pool") }
        let chainCounts = try runs.enumerated().map { i, r -> Int in
            guard let a = r.arrays["chain_train_means"], a.shape.count == 2, a.shape[0] >= 1 else {
                throw TaskFailure("runs#\(i) is not an sgld.two_layer result (no chain_train_means)")
            }
            return a.shape[0]
        }
        let total = chainCounts.reduce(0, +)
        var arrays: [String: NDArray] = [:]
        let first = runs[0]
        for name in first.arrays.keys.sorted() {
            let a = first.arrays[name]!
            func others() throws -> [NDArray] {
                try runs.enumerated().map { i, r in
                    guard let b = r.arrays[name], b.shape.dropFirst() == a.shape.dropFirst() else {
                        throw TaskFailure("runs#\(i): array \(name) is missing or its shape \(r.arrays[name]?.shape ?? []) does not match runs#0's \(a.shape)")
                    }
                    return b
                }
            }
            if name == "trace_steps" {
                let all = try others()
                guard all.allSatisfy({ $0.values == a.values }) else { throw TaskFailure("the runs traced different steps (trace_steps differ)") }
                arrays[name] = a
            } else if name.hasPrefix("chain_") || name.hasPrefix("trace_") {
                let all = try others()
                arrays[name] = NDArray(shape: [all.reduce(0) { $0 + $1.shape[0] }] + Array(a.shape.dropFirst()), values: all.flatMap(\.values))
            } else if Self.pooledMeans.contains(name) {
                let all = try others()
                guard all.allSatisfy({ $0.shape == a.shape }) else { throw TaskFailure("array \(name) has different shapes across the runs") }
                var mean = [Double](repeating: 0, count: a.values.count)
                for (b, c) in zip(all, chainCounts) {
                    for k in mean.indices { mean[k] += Double(c) * b.values[k] }
                }
                arrays[name] = NDArray(shape: a.shape, values: mean.map { $0 / Double(total) })
            }
        }
        var scalars: [String: Double] = ["chains": Double(total), "runs": Double(runs.count)]
        for name in first.scalars.keys.sorted() where name.hasPrefix("resolved_") || name == "samples_per_chain" {
            let v = first.scalars[name]!
            for (i, r) in runs.enumerated() where r.scalars[name] != v {
                throw TaskFailure("runs#\(i): \(name) = \(r.scalars[name].map { "\($0)" } ?? "missing") differs from runs#0's \(v): the runs must share every setting but the seed")
            }
            scalars[name] = v
        }
        let rhats = runs.compactMap { $0.scalars["max_split_rhat"] }
        scalars["max_run_split_rhat"] = rhats.contains { $0.isNaN } || rhats.isEmpty ? .nan : rhats.max()!
        return TaskResult(arrays: arrays, scalars: scalars, attributes: [
            "pooling": "chain_* and trace_* stacked over runs#0…runs#\(runs.count - 1) (chains per run: \(chainCounts.map(String.init).joined(separator: ", "))); \(Self.pooledMeans.joined(separator: ", ")) chain-weighted means; per-output diagnostics and snapshots of single runs dropped",
        ])
    }
}
