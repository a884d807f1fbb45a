import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `sgld.pool_chains` on synthetic runs with known per-chain arrays.
@Suite("sgld.pool_chains")
struct SGLDPoolChainsKindTests {
    let kind = StandardRegistry.registry["sgld.pool_chains"]!

    /// A run of `chains` chains whose per-chain values are `base + c` and whose pooled means are their averages.
    func run(chains: Int, base: Double, steps: [Double] = [0, 10, 20], temperature: Double = 0.1) -> TaskResult {
        let values = (0..<chains).map { base + Double($0) }
        let mean = values.reduce(0, +) / Double(chains)
        return TaskResult(arrays: [
            "chain_train_means": NDArray(shape: [chains, 2], values: values.flatMap { [$0, -$0] }),
            "chain_readout_square": NDArray(values),
            "chain_hidden_kernel_means": NDArray(shape: [chains, 2, 2], values: values.flatMap { [$0, 0, 0, $0] }),
            "trace_readout_norm2": NDArray(shape: [chains, steps.count], values: values.flatMap { v in steps.map { v + $0 } }),
            "trace_steps": NDArray(steps),
            "train_mean": NDArray([mean, -mean]),
            "hidden_kernel_mean": NDArray(shape: [2, 2], values: [mean, 0, 0, mean]),
            "train_split_rhat": NDArray([1, 1]),
        ], scalars: ["resolved_temperature": temperature, "samples_per_chain": 5, "max_split_rhat": 1 + base / 100])
    }

    func pool(_ runs: [TaskResult]) throws -> TaskResult {
        var inputs: [String: TaskResult] = [:]
        for (i, r) in runs.enumerated() { inputs["runs#\(i)"] = r }
        return try kind.run(TaskRequest(parameters: kind.resolved([:]), inputs: inputs, context: TaskContext()))
    }

    @Test("chains stacked in run order, pooled means chain-weighted, settings carried, single-run diagnostics dropped")
    func pooling() throws {
        let r = try pool([run(chains: 1, base: 10), run(chains: 3, base: 20)])
        #expect(r.arrays["chain_readout_square"]!.values == [10, 20, 21, 22])
        #expect(r.arrays["chain_train_means"]!.shape == [4, 2])
        #expect(r.arrays["chain_hidden_kernel_means"]!.shape == [4, 2, 2])
        #expect(r.arrays["trace_readout_norm2"]!.shape == [4, 3] && r.arrays["trace_readout_norm2"]!.values[3...5] == [20, 30, 40])
        #expect(r.arrays["trace_steps"]!.values == [0, 10, 20])
        // (1·10 + 3·21)/4: the mean over all four chains.
        #expect(isClose(r.arrays["train_mean"]!.values[0], (10.0 + 20 + 21 + 22) / 4, relative: 1e-15))
        #expect(isClose(r.arrays["hidden_kernel_mean"]!.values[3], (10.0 + 20 + 21 + 22) / 4, relative: 1e-15))
        #expect(r.arrays["train_split_rhat"] == nil)
        #expect(r.scalars["chains"] == 4 && r.scalars["runs"] == 2 && r.scalars["resolved_temperature"] == 0.1)
        #expect(r.scalars["max_run_split_rhat"] == 1.2)
        // One run: the same arrays.
        let single = run(chains: 4, base: 1)
        let p = try pool([single])
        for name in ["chain_readout_square", "chain_hidden_kernel_means", "trace_readout_norm2", "train_mean", "hidden_kernel_mean"] {
            #expect(p.arrays[name] == single.arrays[name], "\(name)")
        }
    }

    @Test("runs with other trace steps, other settings, other shapes or no chains are clear errors")
    func errors() throws {
        let steps = #expect(throws: TaskFailure.self) { try pool([run(chains: 1, base: 0), run(chains: 1, base: 1, steps: [0, 20, 40])]) }
        #expect(steps.map { "\($0)".contains("trace_steps") } == true)
        let setting = #expect(throws: TaskFailure.self) { try pool([run(chains: 1, base: 0), run(chains: 1, base: 1, temperature: 0.3)]) }
        #expect(setting.map { "\($0)".contains("resolved_temperature") && "\($0)".contains("runs#1") } == true)
        var other = run(chains: 1, base: 1)
        other.arrays["chain_hidden_kernel_means"] = NDArray(shape: [1, 3, 3], values: Array(repeating: 0, count: 9))
        let shape = #expect(throws: TaskFailure.self) { try pool([run(chains: 1, base: 0), other]) }
        #expect(shape.map { "\($0)".contains("chain_hidden_kernel_means") } == true)
        #expect(throws: TaskFailure.self) { try pool([TaskResult()]) }
    }
}
