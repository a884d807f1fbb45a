import Foundation
import LinearAlgebra
import Networks

/// `flrepro-bench mfld THREADS`: steps per second of the coupled mean-field Langevin systems of
/// `mfld.coupled` at the prototype's size (d = 8, n = 512, M = 4096, N ∈ {256, 1024}, 512 test inputs),
/// best of three runs; a coupled step is one update of the reference and of every width-N system.
/// benchmarks/mfld_reference.py times a NumPy implementation of the same update at the same sizes.
enum MeanFieldLangevinBenchmark {
    static func run(threads: Int) throws -> String {
        BLASThreads.set(1)
        let d = 8, n = 512, q = 512, m = 4096, widths = [256, 1024]
        var rng = RandomStream(seed: 1, stream: [RandomStream.purpose("bench-mfld-data")])
        let x = Matrix(rows: n, cols: d, values: rng.fillGaussian(n * d)), y = rng.fillGaussian(n)
        let xt = Matrix(rows: q, cols: d, values: rng.fillGaussian(q * d)), yt = rng.fillGaussian(q)
        let steps = 20
        let configuration = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: steps, temperature: 0.01, weightDecay: 0.05,
                                                               recordSteps: [0, steps], seed: 1)
        let coupling = MeanFieldCoupling(referenceParticles: MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 1),
                                         widths: widths, trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt,
                                         configuration: configuration)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = Date()
            _ = try coupling.run(threads: threads)
            best = min(best, Date().timeIntervalSince(start))
        }
        let particles = m + widths.reduce(0, +)
        return "{\"benchmark\": \"mfld-coupled\", \"implementation\": \"flrepro\", \"threads\": \(threads), \"d\": \(d), \"n\": \(n), \"M\": \(m), "
            + "\"widths\": \(widths), \"steps\": \(steps), \"coupled_steps_per_second\": \(Double(steps) / best), "
            + "\"particle_steps_per_second\": \(Double(steps * particles) / best)}"
    }
}
