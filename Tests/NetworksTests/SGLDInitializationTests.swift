import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// `SGLDInitialization`: the prior start is the old one bit for bit; the aligned start has the
/// requested relevant scale, prior irrelevant components, and label-agreeing readout signs.
@Suite struct SGLDInitializationTests {
    static let d = 20, n = 400, p = 60, r = 2

    /// Two orthonormal, not coordinate-aligned directions.
    static func subspace() -> Matrix {
        var rng = RandomStream(seed: 5, stream: [RandomStream.purpose("init-test-subspace")])
        var rows: [[Double]] = []
        for _ in 0..<r {
            var v = rng.fillGaussian(d)
            for b in rows {
                let c = zip(b, v).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<d { v[j] -= c * b[j] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            rows.append(v.map { $0 / norm })
        }
        return Matrix(rows)
    }

    /// ReLU network (standard parameterization, σ_V² = 2/D), labels from a ReLU teacher along u₁.
    func sampler(_ initialization: SGLDInitialization, chains: Int = 3, seed: UInt64 = 9) throws -> SGLDSampler {
        let d = Self.d, p = Self.p
        var rng = RandomStream(seed: 11, stream: [RandomStream.purpose("init-test-data")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let u = Self.subspace().row(0)
        let y = (0..<p).map { a in max(0, (0..<d).reduce(0) { $0 + x[a, $1] * u[$1] }) - 0.4 }
        let spec = try NetworkSpec(inputDimension: d, width: Self.n, activation: .relu, parameterization: .standard,
                                   readinVarianceScale: 2, readoutVarianceScale: 1, kappa: 0.5)
        let c = try SGLDConfiguration(stepSize: 1e-4, steps: 2, burnIn: 0, thin: 1, chains: chains, traceEvery: 1, snapshots: 2, seed: seed)
        return SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                           testInputs: x.rows(0..<3), initialization: initialization)
    }

    /// Whether two runs agree bit for bit in every output that is defined for two kept samples
    /// (the convergence diagnostics are NaN there, and NaN ≠ NaN).
    func sameRuns(_ a: SGLDResult, _ b: SGLDResult) -> Bool {
        a.trainMean == b.trainMean && a.trainSecondMoment == b.trainSecondMoment && a.testMean == b.testMean
            && a.testSecondMoment == b.testSecondMoment && a.snapshots == b.snapshots && a.traces == b.traces
    }

    func project(_ v: [Double], _ u: Matrix) -> [Double] {
        (0..<u.rows).map { k in (0..<u.cols).reduce(0) { $0 + u[k, $1] * v[$1] } }
    }

    @Test func priorStartIsThePreviousPriorDrawBitForBit() throws {
        let s = try sampler(.prior)
        for chain in 0..<3 {
            let old = s.network.samplePrior(seed: 9, stream: [RandomStream.purpose("sgld-init"), UInt64(chain)])
            #expect(SGLDInitialization.prior.parameters(chain: chain, sampler: s) == old)
        }
        // The default initialiser and `initialParameters: nil` are the prior start; whole runs agree bit for bit.
        let a = try s.run(), b = try sampler(.prior).run()
        let spec = s.network.spec
        let c = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: s.configuration, trainInputs: s.trainInputs,
                                trainLabels: s.trainLabels, testInputs: s.testInputs, initialParameters: nil).run()
        #expect(sameRuns(a, b) && sameRuns(a, c))
        #expect(a.snapshots[0] == SGLDInitialization.prior.parameters(chain: 0, sampler: s))
    }

    @Test func alignedStartHasTheRequestedScalesAndLabelAgreeingSigns() throws {
        let u = Self.subspace(), scale = 0.7
        let aligned = try sampler(.aligned(AlignedInitialization(relevantSubspace: u, scale: scale)))
        let prior = try sampler(.prior)
        let d = Self.d, n = Self.n
        let sigma2 = prior.network.resolved.readinPriorVariance  // 2/D
        var relevant: [Double] = [], irrelevantNorm2 = 0.0, count = 0
        for chain in 0..<3 {
            let a = SGLDInitialization.aligned(try AlignedInitialization(relevantSubspace: u, scale: scale)).parameters(chain: chain, sampler: aligned)
            let o = SGLDInitialization.prior.parameters(chain: chain, sampler: prior)
            #expect(a.bias == o.bias)
            for i in 0..<n {
                let va = a.readin.row(i), vo = o.readin.row(i)
                let ca = project(va, u), co = project(vo, u)
                relevant += ca
                // The irrelevant part is the prior draw's, unchanged.
                var residual = 0.0, rest = 0.0
                for j in 0..<d {
                    let back = (0..<Self.r).reduce(0.0) { $0 + u[$1, j] * (ca[$1] - co[$1]) }
                    residual = max(residual, abs(va[j] - vo[j] - back))
                    let orth = vo[j] - (0..<Self.r).reduce(0.0) { $0 + u[$1, j] * co[$1] }
                    rest += orth * orth
                }
                #expect(residual < 1e-12)
                irrelevantNorm2 += rest
                count += 1
                // |w| is the prior's; the sign agrees with the labels.
                #expect(abs(a.readout[i]) == abs(o.readout[i]))
                var agreement = 0.0
                for mu in 0..<Self.p {
                    let h = (0..<d).reduce(0) { $0 + va[$1] * aligned.trainInputs[mu, $1] }
                    agreement += max(0, h) * aligned.trainLabels[mu]
                }
                #expect(a.readout[i] * agreement >= 0)
            }
            // Every neuron now agrees with the labels, so the start's outputs correlate positively with them.
            let fa = aligned.network.outputs(a, inputs: aligned.trainInputs)
            #expect(zip(fa, aligned.trainLabels).reduce(0) { $0 + $1.0 * $1.1 } > 0)
        }
        // Relevant components: mean 0, variance scale² (2400 draws: SE of the variance ≈ 2.9 %).
        let m = relevant.reduce(0, +) / Double(relevant.count)
        let v = relevant.reduce(0) { $0 + $1 * $1 } / Double(relevant.count)
        #expect(abs(m) < 4 * scale / Double(relevant.count).squareRoot())
        #expect(isClose(v, scale * scale, relative: 0.12), "relevant variance \(v) vs \(scale * scale)")
        // Irrelevant components: the prior variance per complement dimension.
        let perDimension = irrelevantNorm2 / (Double(count) * Double(d - Self.r))
        #expect(isClose(perDimension, sigma2, relative: 0.03), "irrelevant variance \(perDimension) vs prior \(sigma2)")
    }

    @Test func theSamplerStartsFromTheAlignedDraw() throws {
        let u = Self.subspace()
        let init0 = SGLDInitialization.aligned(try AlignedInitialization(relevantSubspace: u, scale: 1.5))
        let s = try sampler(init0)
        let r = try s.run(threads: 2)
        // Two snapshots per chain over two kept samples: the first is the state at step 0, the start itself.
        for chain in 0..<3 {
            #expect(r.snapshots[2 * chain] == init0.parameters(chain: chain, sampler: s))
            #expect(r.snapshots[2 * chain + 1] != r.snapshots[2 * chain])
        }
        #expect(sameRuns(try sampler(init0).run(threads: 1), r))
        #expect(!sameRuns(try sampler(.prior).run(threads: 1), r))
    }

    @Test func badSubspacesAreRejected() throws {
        #expect(throws: NetworkError.self) { try AlignedInitialization(relevantSubspace: Matrix([[1, 1, 0]]), scale: 1) }
        #expect(throws: NetworkError.self) { try AlignedInitialization(relevantSubspace: Matrix([[1, 0, 0]]), scale: -1) }
        let wrongDimension = try AlignedInitialization(relevantSubspace: Matrix([[1, 0, 0]]), scale: 1)
        #expect(throws: NetworkError.self) { try sampler(.aligned(wrongDimension)).run() }
    }
}
