import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// `GradientDescentTrajectory` against an independent gradient descent on the finite-difference-checked
/// potential gradient (`∇L = T(∇U − θ/σ²)`) and a hidden kernel formed by hand.
@Suite struct GradientDescentTrajectoryTests {
    static let activations: [NetworkActivation] = [.erf, .linear, .tanh]

    @Test("losses and hidden kernels at the recorded steps match a reference descent built on potentialGradient", arguments: activations)
    func matchesReference(activation: NetworkActivation) throws {
        let d = 4, n = 6, p = 7
        let spec = try NetworkSpec(inputDimension: d, width: n, activation: activation, parameterization: .ntk,
                                   readinVarianceScale: 1.3, readoutVarianceScale: 0.7, kappa: 0.4)
        let net = TwoLayerNetwork(spec: spec)
        var rng = RandomStream(seed: 5, stream: [RandomStream.purpose("gd-\(activation)")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let y = (0..<p).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        let start = net.samplePrior(&rng)
        let eta = 0.05, steps = [0, 1, 4, 9]
        let records = try GradientDescentTrajectory.run(spec: spec, inputs: x, labels: y, stepSize: eta, recordSteps: steps, start: start)
        #expect(records.map(\.step) == steps)

        let r = net.resolved
        var theta = start
        var k = 0
        for step in 0...steps.last! {
            if step == steps[k] {
                let f = net.outputs(theta, inputs: x)
                let loss = 0.5 * zip(f, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                #expect(isClose(records[k].loss, loss, relative: 1e-11), "loss at step \(step)")
                // K̂ = (1/N) Σ_i φ(s_in v_i·x_α)φ(s_in v_i·x_β), φ by hand.
                func phi(_ h: Double) -> Double { activation == .erf ? Foundation.erf(h) : activation == .tanh ? Foundation.tanh(h) : h }
                var worst = 0.0
                for a in 0..<p {
                    for b in 0..<p {
                        var sum = 0.0
                        for i in 0..<n {
                            var ha = 0.0, hb = 0.0
                            for j in 0..<d { ha += theta.readin[i, j] * x[a, j]; hb += theta.readin[i, j] * x[b, j] }
                            sum += phi(r.sIn * ha) * phi(r.sIn * hb)
                        }
                        worst = max(worst, abs(records[k].hiddenKernel[a, b] - sum / Double(n)))
                    }
                }
                #expect(worst < 1e-12, "hidden kernel at step \(step): \(worst)")
                k += 1
            }
            if step == steps.last! { break }
            let g = net.potentialGradient(theta, inputs: x, labels: y).gradient
            for q in theta.readin.values.indices {
                theta.readin.values[q] -= eta * r.temperature * (g.readin.values[q] - theta.readin.values[q] / r.readinPriorVariance)
            }
            for i in 0..<n { theta.readout[i] -= eta * r.temperature * (g.readout[i] - theta.readout[i] / r.readoutPriorVariance) }
        }
    }

    @Test("a small step decreases the loss at every step; bad record steps and step sizes are errors")
    func descentAndErrors() throws {
        let spec = try NetworkSpec(inputDimension: 3, width: 5, activation: .erf, parameterization: .ntk)
        var rng = RandomStream(seed: 9, stream: [1])
        let x = Matrix(rows: 6, cols: 3, values: rng.fillGaussian(18))
        let y = (0..<6).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        let start = TwoLayerNetwork(spec: spec).samplePrior(&rng)
        let records = try GradientDescentTrajectory.run(spec: spec, inputs: x, labels: y, stepSize: 0.01, recordSteps: Array(0...50), start: start)
        #expect(zip(records, records.dropFirst()).allSatisfy { $1.loss < $0.loss })
        for bad in [[Int](), [3, 3], [-1, 2]] {
            #expect(throws: NetworkError.self) { try GradientDescentTrajectory.run(spec: spec, inputs: x, labels: y, stepSize: 0.01, recordSteps: bad, start: start) }
        }
        #expect(throws: NetworkError.self) { try GradientDescentTrajectory.run(spec: spec, inputs: x, labels: y, stepSize: 0, recordSteps: [0], start: start) }
    }
}
