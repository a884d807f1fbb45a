import Foundation
import LinearAlgebra
import Networks
import Theory

/// `flrepro-bench mfparticles`: seconds per step of the mean-field particle solver (`M` particles, one block)
/// against one full-batch SGLD step of the existing engine at width `N = M` (ReLU, standard
/// parameterization), same `d` and `P`, measured in the same run (best of three alternating runs each).
enum MeanFieldParticleBenchmark {
    /// The sizes: (d, P, M = N).
    static let sizes: [(name: String, d: Int, p: Int, m: Int)] = [("small", 16, 2048, 64), ("paper", 35, 8192, 512)]

    static func run() throws -> [String] {
        BLASThreads.set(1)
        var lines: [String] = []
        for s in sizes {
            var rng = RandomStream(seed: 1, stream: [RandomStream.purpose("bench-mf-data")])
            let x = Matrix(rows: s.p, cols: s.d, values: rng.fillGaussian(s.p * s.d).map { $0 < 0 ? -1 : 1 })
            let y = rng.fillGaussian(s.p)
            let flops = 4 * Double(s.p * s.d * s.m)
            let steps = max(5, Int(1.5e9 / flops))
            let spec = try NetworkSpec(inputDimension: s.d, width: s.m, activation: .relu, parameterization: .standard, bias: false,
                                       readinVarianceScale: 1, readoutVarianceScale: 1, biasVariance: 1, chi: 1, kappa: 1)
            let sgldConfig = try SGLDConfiguration(stepSize: 1e-6, steps: steps, burnIn: 0, thin: steps, chains: 1, minibatchSize: 0,
                                                   schedule: .constant, traceEvery: steps, snapshots: 0, seed: 1)
            let sgld = SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: sgldConfig, trainInputs: x, trainLabels: y,
                                   testInputs: Matrix(rows: 0, cols: s.d))
            let mfConfig = try MeanFieldParticleConfiguration(width: Double(s.m), particles: s.m, likelihoodPrecision: 1,
                                                              stepSize: 1e-6, steps: steps, burnIn: steps - 1, traceEvery: steps,
                                                              blockSize: s.m, seed: 1)
            let mf = MeanFieldParticleSolver(configuration: mfConfig, trainInputs: x, trainLabels: y, testInputs: Matrix(rows: 0, cols: s.d))
            var sgldBest = Double.infinity, mfBest = Double.infinity
            for _ in 0..<3 {
                var start = Date()
                _ = try sgld.run(threads: 1)
                sgldBest = min(sgldBest, Date().timeIntervalSince(start) / Double(steps))
                start = Date()
                _ = try mf.run(threads: 1)
                mfBest = min(mfBest, Date().timeIntervalSince(start) / Double(steps))
            }
            lines.append("{\"benchmark\": \"mf-particles\", \"size\": \"\(s.name)\", \"d\": \(s.d), \"P\": \(s.p), \"M\": \(s.m), "
                + "\"steps\": \(steps), \"particle_step_seconds\": \(mfBest), \"sgld_step_seconds\": \(sgldBest), "
                + "\"ratio\": \(mfBest / sgldBest)}")
        }
        return lines
    }
}
