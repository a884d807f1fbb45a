import Foundation
import LinearAlgebra
import Networks

/// `flrepro-bench sgld SIZE CHAINS THREADS`: chain-steps per second of the
/// SGLD engine on the benchmark sizes (erf network, full batch, the same
/// update as benchmarks/sgld_reference.py), plus a dgemm measured in the same
/// process for the dgemm bound.
enum SGLDBenchmark {
    /// The benchmark sizes: (D, N, P).
    static let sizes: [String: (d: Int, n: Int, p: Int)] = [
        "small": (20, 100, 100), "rubin": (200, 100, 80), "large": (784, 1000, 2000),
    ]

    /// FLOPs of one chain step, counted as in the reference script: the forward
    /// gemm X Vᵀ and the backward gemm for ∇V (2·P·D·N each) plus the O(P·N) terms.
    static func flopsPerStep(d: Int, n: Int, p: Int) -> Double {
        4 * Double(p) * Double(d) * Double(n) + 6 * Double(p) * Double(n)
    }

    static func run(size: String, chains: Int, threads: Int) throws -> String {
        guard let s = sizes[size] else { throw TaskError("unknown size \(size) (small, rubin, large)") }
        BLASThreads.set(1)
        var rng = RandomStream(seed: 1, stream: [RandomStream.purpose("bench-data")])
        let x = Matrix(rows: s.p, cols: s.d, values: rng.fillGaussian(s.p * s.d))
        let y = rng.fillGaussian(s.p)
        let spec = try NetworkSpec(inputDimension: s.d, width: s.n, activation: .erf, parameterization: .standard, bias: false,
                                   readinVarianceScale: 1, readoutVarianceScale: 1, biasVariance: 1, chi: 1, kappa: 1)
        // Calibrate the step count so that one measurement takes about 2 s.
        var steps = max(2, Int(2e9 / (flopsPerStep(d: s.d, n: s.n, p: s.p) * Double(chains))))
        var seconds = 0.0
        while true {
            let config = try SGLDConfiguration(stepSize: 1e-4, steps: steps, burnIn: 0, thin: 1, chains: chains, minibatchSize: 0,
                                               schedule: .constant, traceEvery: steps, snapshots: 0, seed: 1)
            let sampler = SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: config, trainInputs: x, trainLabels: y,
                                      testInputs: x.rows(0..<1))
            let start = Date()
            _ = try sampler.run(threads: threads)
            seconds = Date().timeIntervalSince(start)
            if seconds > 1.5 || steps > 10_000_000 { break }
            steps = Int(Double(steps) * min(50, max(2, 2.0 / max(seconds, 1e-3))))
        }
        let rate = Double(steps * chains) / seconds
        return "{\"impl\": \"flrepro\", \"size\": \"\(size)\", \"D\": \(s.d), \"N\": \(s.n), \"P\": \(s.p), \"chains\": \(chains), \"threads\": \(threads), \"steps\": \(steps), \"seconds\": \(seconds), \"chain_steps_per_second\": \(rate), \"flops_per_chain_step\": \(flopsPerStep(d: s.d, n: s.n, p: s.p))}"
    }

    /// GFLOP/s of dgemm at the large size's forward shape, with `threads` BLAS threads.
    static func dgemm(threads: Int) -> String {
        BLASThreads.set(threads)
        let s = sizes["large"]!
        var rng = RandomStream(seed: 2, stream: [RandomStream.purpose("bench-gemm")])
        let a = Matrix(rows: s.p, cols: s.d, values: rng.fillGaussian(s.p * s.d))
        let b = Matrix(rows: s.n, cols: s.d, values: rng.fillGaussian(s.n * s.d))
        _ = matmul(a, b, transposeB: true)
        var best = Double.infinity
        for _ in 0..<5 {
            let start = Date()
            _ = matmul(a, b, transposeB: true)
            best = min(best, Date().timeIntervalSince(start))
        }
        BLASThreads.set(1)
        let gflops = 2 * Double(s.p * s.d * s.n) / best / 1e9
        return "{\"impl\": \"flrepro-dgemm\", \"threads\": \(threads), \"gflops\": \(gflops)}"
    }
}

struct TaskError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
