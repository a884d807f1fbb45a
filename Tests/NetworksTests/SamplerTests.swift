import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// Behaviour of `SGLDSampler.run`: determinism, shapes, validation, minibatches, divergence.
@Suite struct SamplerTests {
    struct Problem {
        let network: TwoLayerNetwork
        let x: Matrix, y: [Double], test: Matrix, teacher: [Double]
    }

    func problem(activation: NetworkActivation = .erf, bias: Bool = true, p: Int = 12, d: Int = 5, n: Int = 7) throws -> Problem {
        var rng = RandomStream(seed: 77, stream: [RandomStream.purpose("sampler-test-data")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let teacher = rng.fillGaussian(d)
        let y = (0..<p).map { a in tanh((0..<d).reduce(0) { $0 + x[a, $1] * teacher[$1] } / Double(d).squareRoot()) }
        let test = Matrix(rows: 4, cols: d, values: rng.fillGaussian(4 * d))
        let spec = try NetworkSpec(inputDimension: d, width: n, activation: activation, parameterization: .ntk, bias: bias,
                                   kappa: 0.2)
        return Problem(network: TwoLayerNetwork(spec: spec), x: x, y: y, test: test, teacher: teacher)
    }

    func sampler(_ pr: Problem, _ c: SGLDConfiguration) -> SGLDSampler {
        SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: pr.y, testInputs: pr.test,
                    teacherDirection: pr.teacher)
    }

    /// Same seed → bit-identical results for 1, 2 and 3 threads; a chain's results do not depend on
    /// how many other chains run or on which thread it ran.
    @Test(arguments: [NetworkActivation.erf, .linear])
    func resultsAreBitIdenticalForAnyThreadCount(activation: NetworkActivation) throws {
        BLASThreads.set(1)
        let pr = try problem(activation: activation)
        for minibatch in [0, 5] {
            let c = try SGLDConfiguration(stepSize: 2e-3, steps: 400, burnIn: 100, thin: 10, chains: 5, minibatchSize: minibatch,
                                          traceEvery: 50, snapshots: 2, seed: 123)
            let one = try sampler(pr, c).run(threads: 1)
            let two = try sampler(pr, c).run(threads: 2)
            let three = try sampler(pr, c).run(threads: 3)
            #expect(one == two)
            #expect(one == three)
            var fewer = c
            fewer.chains = 2
            let subset = try sampler(pr, fewer).run(threads: 2)
            #expect(subset.chainTrainMeans.values == Array(one.chainTrainMeans.values.prefix(2 * pr.x.rows)))
            #expect(subset.chainTestMeans.values == Array(one.chainTestMeans.values.prefix(2 * pr.test.rows)))
            #expect(subset.traces["loss"]!.values == Array(one.traces["loss"]!.values.prefix(2 * c.traceSteps.count)))
            var otherSeed = c
            otherSeed.seed = 124
            #expect(try sampler(pr, otherSeed).run().trainMean != one.trainMean)
        }
    }

    /// Evaluating test inputs at kept samples does not perturb the chain: train results are bit-identical
    /// with and without test inputs, for full batches and minibatches, erf and linear networks.
    @Test func testInputsDoNotPerturbTheChain() throws {
        for activation in [NetworkActivation.erf, .linear] {
            let pr = try problem(activation: activation)
            for minibatch in [0, 6] {
                let c = try SGLDConfiguration(stepSize: 2e-3, steps: 200, burnIn: 50, thin: 5, chains: 2, minibatchSize: minibatch,
                                              traceEvery: 20, seed: 5)
                let with = try sampler(pr, c).run()
                let without = try SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: pr.y,
                                              testInputs: Matrix(rows: 0, cols: 5), teacherDirection: pr.teacher).run()
                #expect(with.trainMean == without.trainMean && with.traces == without.traces)
                #expect(without.testMean.isEmpty && without.chainTestMeans.cols == 0)
            }
            // With one kept sample (θ_99) the means are the network's outputs at that state.
            let c = try SGLDConfiguration(stepSize: 2e-3, steps: 100, burnIn: 99, thin: 1, chains: 1, snapshots: 1, seed: 6)
            let r = try sampler(pr, c).run()
            #expect(r.testMean == pr.network.outputs(r.snapshots[0], inputs: pr.test))
            #expect(r.trainMean == pr.network.outputs(r.snapshots[0], inputs: pr.x))
        }
    }

    @Test func shapesTracesSnapshotsAndProgress() throws {
        let pr = try problem()
        let c = try SGLDConfiguration(stepSize: 2e-3, steps: 300, burnIn: 100, thin: 20, chains: 3, traceEvery: 20,
                                      snapshots: 2, seed: 9)
        let total = ProgressCounter()
        let r = try sampler(pr, c).run(threads: 2) { done, all in total.record(done, all) }
        #expect(r.samplesPerChain == 10)
        #expect(r.trainMean.count == 12 && r.testMean.count == 4)
        #expect(r.chainTrainMeans.rows == 3 && r.chainTrainMeans.cols == 12)
        #expect(r.chainTestMeans.rows == 3 && r.chainTestMeans.cols == 4)
        #expect(r.traceSteps == Array(stride(from: 0, to: 300, by: 20)))
        #expect(Set(r.traces.keys) == ["loss", "potential", "readin_norm2", "readout_norm2", "bias_norm2", "teacher_overlap"])
        for (_, m) in r.traces { #expect(m.rows == 3 && m.cols == 15 && m.isFinite) }
        #expect(r.snapshots.count == 6)
        #expect(r.diagnostics.splitRHat.count == 12)
        #expect(r.diagnostics.stride == 1 && r.diagnostics.samplesPerChain == 10)
        #expect(total.maximum == 900 && total.total == 900)
        // Means are averages of the chain means; second moments dominate squared means.
        for a in 0..<12 {
            let m = (0..<3).reduce(0) { $0 + r.chainTrainMeans[$1, a] } / 3
            #expect(isClose(m, r.trainMean[a], relative: 1e-12, absolute: 1e-15))
            #expect(r.trainSecondMoment[a] >= r.trainMean[a] * r.trainMean[a] - 1e-12)
        }
        // The last snapshot of a chain is its last kept state θ_280: its loss equals the trace entry at s = 280.
        let last = r.snapshots[1]
        let f = pr.network.outputs(last, inputs: pr.x)
        let loss = zip(f, pr.y).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
        #expect(isClose(loss, r.traces["loss"]![0, 14], relative: 1e-12))
        // The first trace is the prior draw made with the documented stream.
        let initial = pr.network.samplePrior(seed: 9, stream: [RandomStream.purpose("sgld-init"), 0])
        #expect(isClose(initial.readout.reduce(0) { $0 + $1 * $1 }, r.traces["readout_norm2"]![0, 0], relative: 1e-12))
    }

    /// Every activation × parameterization runs (minibatch and full batch) and gives finite summaries.
    @Test(arguments: [NetworkActivation.linear, .relu, .erf, .tanh, .hermite(degree: 2), .hermite(degree: 3)])
    func everyActivationAndParameterizationRuns(activation: NetworkActivation) throws {
        var rng = RandomStream(seed: 4, stream: [RandomStream.purpose("smoke")])
        let x = Matrix(rows: 10, cols: 6, values: rng.fillGaussian(60)), y = rng.fillGaussian(10)
        for parameterization in Parameterization.allCases {
            let spec = try NetworkSpec(inputDimension: 6, width: 9, activation: activation, parameterization: parameterization,
                                       bias: true, chi: 3, kappa: 2)
            // Hermite activations grow polynomially, so the potential is steep far out: a small step.
            let step = 0.01 * min(spec.resolved.readinPriorVariance, spec.resolved.readoutPriorVariance)
            for minibatch in [0, 4] {
                let c = try SGLDConfiguration(stepSize: step, steps: 300, burnIn: 100, thin: 10, chains: 2, minibatchSize: minibatch,
                                              schedule: .polynomialDecay(t0: 100, gamma: 0.55), traceEvery: 50, seed: 8)
                let r = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                                        testInputs: x.rows(0..<3), teacherDirection: [1, 0, 0, 0, 0, 0]).run()
                #expect(r.trainMean.allSatisfy(\.isFinite) && r.testSecondMoment.allSatisfy(\.isFinite))
                let finite = r.traces.values.allSatisfy { $0.isFinite }
                #expect(finite, "\(activation) \(parameterization) minibatch \(minibatch)")
            }
        }
    }

    @Test func initialParametersAreUsed() throws {
        let pr = try problem()
        var start = NetworkParameters.zeros(for: pr.network.spec)
        start.readout = [Double](repeating: 0.5, count: 7)
        let c = try SGLDConfiguration(stepSize: 1e-3, steps: 10, burnIn: 0, thin: 10, chains: 2, traceEvery: 10, seed: 1)
        let r = try SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: pr.y, testInputs: pr.test,
                                initialParameters: start).run()
        #expect(r.traces["readout_norm2"]![0, 0] == 7 * 0.25 && r.traces["readout_norm2"]![1, 0] == 7 * 0.25)
        #expect(r.traces["readin_norm2"]![0, 0] == 0)
    }

    @Test func invalidInputsAreRejectedWithClearErrors() throws {
        let pr = try problem()
        let c = try SGLDConfiguration(stepSize: 1e-3, steps: 10, seed: 1)
        #expect(throws: NetworkError.self) {
            try SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: [1], testInputs: pr.test).run()
        }
        #expect(throws: NetworkError.self) {
            try SGLDSampler(network: pr.network, configuration: c, trainInputs: Matrix(rows: 2, cols: 3), trainLabels: [1, 2],
                            testInputs: pr.test).run()
        }
        #expect(throws: NetworkError.self) {
            try SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: pr.y, testInputs: pr.test,
                            teacherDirection: [0, 0, 0, 0, 0]).run()
        }
        var big = c
        big.minibatchSize = 13
        #expect(throws: NetworkError.self) { try sampler(pr, big).run() }
        // Step size too large for the prior: η/σ² ≥ 1 in the readout layer (σ_w² = 1 in NTK scaling).
        var huge = c
        huge.stepSize = 1.5
        #expect(throws: NetworkError.self) { try sampler(pr, huge).run() }
        #expect(throws: NetworkError.self) { try sampler(pr, c).run(threads: 0) }
    }

    @Test func divergenceIsReported() throws {
        let pr = try problem(activation: .linear, bias: false)
        let labels = pr.y.map { $0 * 1e3 }
        let c = try SGLDConfiguration(stepSize: 0.9, steps: 2000, burnIn: 0, thin: 1, chains: 2, traceEvery: 1, seed: 1)
        #expect {
            try SGLDSampler(network: pr.network, configuration: c, trainInputs: pr.x, trainLabels: labels, testInputs: pr.test).run()
        } throws: { error in
            guard case let NetworkError.diverged(chain, _, _)? = error as? NetworkError else { return false }
            return chain == 0
        }
    }

    /// SGLD with minibatches samples the same posterior (up to its larger discretisation noise):
    /// the posterior mean agrees with full-batch Langevin within Monte-Carlo error.
    @Test func minibatchAgreesWithFullBatch() throws {
        BLASThreads.set(1)
        let pr = try problem(activation: .linear, bias: false, p: 8, d: 3, n: 2)
        let full = try SGLDConfiguration(stepSize: 2e-3, steps: 60_000, burnIn: 5_000, thin: 10, chains: 8, seed: 3)
        var mini = full
        mini.minibatchSize = 4
        mini.stepSize = 5e-4
        mini.steps = 200_000
        mini.burnIn = 20_000
        mini.thin = 40
        let a = try sampler(pr, full).run(threads: 2), b = try sampler(pr, mini).run(threads: 2)
        for i in 0..<8 {
            let sa = standardError(a.chainTrainMeans, column: i), sb = standardError(b.chainTrainMeans, column: i)
            let z = abs(a.trainMean[i] - b.trainMean[i]) / (sa * sa + sb * sb).squareRoot()
            #expect(z < 5, "output \(i): \(a.trainMean[i]) vs \(b.trainMean[i]) (z = \(z))")
        }
    }
}

/// Standard error of a column's mean from the spread of the per-chain values.
func standardError(_ m: Matrix, column: Int) -> Double {
    let c = Double(m.rows)
    let values = (0..<m.rows).map { m[$0, column] }
    let mean = values.reduce(0, +) / c
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (c - 1)
    return (variance / c).squareRoot()
}

/// Thread-safe record of progress calls.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var maximum = 0
    private(set) var total = 0
    func record(_ done: Int, _ all: Int) {
        lock.withLock {
            maximum = max(maximum, done)
            total = all
        }
    }
}
