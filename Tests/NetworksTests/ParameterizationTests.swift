import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

@Suite struct ParameterizationTests {
    func spec(_ p: Parameterization, d: Int = 8, n: Int = 5, bias: Bool = false, chi: Double = 1,
              activation: NetworkActivation = .tanh) throws -> NetworkSpec {
        try NetworkSpec(inputDimension: d, width: n, activation: activation, parameterization: p, bias: bias,
                        readinVarianceScale: 0.7, readoutVarianceScale: 1.3, biasVariance: 0.4, chi: chi, kappa: 0.25)
    }

    @Test func resolvedNumbersFollowTheTable() throws {
        let s = try spec(.standard).resolved
        #expect(s.sIn == 1 && s.sOut == 1 && isClose(s.readinPriorVariance, 0.7 / 8) && isClose(s.readoutPriorVariance, 1.3 / 5))
        #expect(s.temperature == 0.25 && s.biasPriorVariance == 0.4)
        let k = try spec(.ntk).resolved
        #expect(isClose(k.sIn, 1 / 8.0.squareRoot()) && isClose(k.sOut, 1 / 5.0.squareRoot()))
        #expect(k.readinPriorVariance == 0.7 && k.readoutPriorVariance == 1.3 && k.temperature == 0.25)
        let m = try spec(.meanField, chi: 4).resolved
        #expect(isClose(m.readoutPriorVariance, 1.3 / 20) && isClose(m.temperature, 0.25 / 4) && isClose(m.readinPriorVariance, 0.7 / 8))
        let u = try spec(.muP).resolved
        #expect(isClose(u.sOut, 1 / 5) && u.readoutPriorVariance == 1.3 && isClose(u.temperature, 0.25 / 5))
        // NNGP readout variance N s_out² σ_w².
        #expect(isClose(s.nngpReadoutVariance, 1.3) && isClose(k.nngpReadoutVariance, 1.3))
        #expect(isClose(m.nngpReadoutVariance, 1.3 / 4) && isClose(u.nngpReadoutVariance, 1.3 / 5))
        #expect(Set(s.provenance.keys) == ["s_in", "s_out", "readin_prior_variance", "readout_prior_variance", "bias_prior_variance",
                                           "temperature", "readin_step_multiplier", "readout_step_multiplier", "bias_step_multiplier",
                                           "nngp_readout_variance"])
        #expect(Parameterization(rawValue: "mean_field") == .meanField && Parameterization(rawValue: "mup") == .muP)
    }

    @Test func validationNamesTheField() {
        #expect(throws: NetworkError.invalidParameter(name: "width", value: "0", requirement: "must be ≥ 1")) {
            try NetworkSpec(inputDimension: 3, width: 0)
        }
        #expect(throws: NetworkError.self) { try NetworkSpec(inputDimension: 0, width: 3) }
        #expect(throws: NetworkError.self) { try NetworkSpec(inputDimension: 3, width: 3, readinVarianceScale: 0) }
        #expect(throws: NetworkError.self) { try NetworkSpec(inputDimension: 3, width: 3, chi: -1) }
        #expect(throws: NetworkError.self) { try NetworkSpec(inputDimension: 3, width: 3, kappa: .nan) }
        #expect(throws: NetworkError.self) { try NetworkSpec(inputDimension: 3, width: 3, activation: .hermite(degree: 0)) }
    }

    /// Mean field with χ = 1 is standard scaling, number for number.
    @Test func meanFieldAtChiOneIsStandard() throws {
        #expect(try spec(.meanField, chi: 1).resolved == spec(.standard).resolved)
    }

    /// The reparameterizations that define the same posterior give the same f and the same U
    /// (standard ↔ NTK: V → V/√D, w → w/√N; mean field χ = N ↔ μP: w → w/N).
    @Test func equivalentParameterizationsGiveTheSamePotential() throws {
        var rng = RandomStream(seed: 5, stream: [1])
        let d = 8, n = 5, p = 6
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let y = rng.fillGaussian(p)
        for bias in [false, true] {
            let ntk = TwoLayerNetwork(spec: try spec(.ntk, bias: bias))
            let standard = TwoLayerNetwork(spec: try spec(.standard, bias: bias))
            let q = ntk.samplePrior(&rng)
            let mapped = NetworkParameters(readin: (1 / Double(d).squareRoot()) * q.readin,
                                           readout: q.readout.map { $0 / Double(n).squareRoot() }, bias: q.bias)
            #expect(allClose(ntk.outputs(q, inputs: x), standard.outputs(mapped, inputs: x), relative: 1e-12, absolute: 1e-14))
            #expect(isClose(ntk.potential(q, inputs: x, labels: y), standard.potential(mapped, inputs: x, labels: y), relative: 1e-12))

            let mup = TwoLayerNetwork(spec: try spec(.muP, bias: bias))
            let meanField = TwoLayerNetwork(spec: try spec(.meanField, bias: bias, chi: Double(n)))
            let r = mup.samplePrior(&rng)
            let rMapped = NetworkParameters(readin: r.readin, readout: r.readout.map { $0 / Double(n) }, bias: r.bias)
            #expect(allClose(mup.outputs(r, inputs: x), meanField.outputs(rMapped, inputs: x), relative: 1e-12, absolute: 1e-14))
            #expect(isClose(mup.potential(r, inputs: x, labels: y), meanField.potential(rMapped, inputs: x, labels: y), relative: 1e-12))
        }
    }

    /// Rubin et al.'s form U_R = ½Σ(y−f)² + (κ/2)[(D/g_v)|V|² + (χN/g_w)|w|²] sampled at T = κ = κ0/χ
    /// is κ·U of the mean-field parameterization.
    @Test func meanFieldMatchesRubinPotential() throws {
        let d = 6, n = 4, p = 5, chi = 3.0, kappa0 = 0.8
        let s = try NetworkSpec(inputDimension: d, width: n, activation: .linear, parameterization: .meanField,
                                readinVarianceScale: 0.5, readoutVarianceScale: 0.5, chi: chi, kappa: kappa0)
        let net = TwoLayerNetwork(spec: s)
        var rng = RandomStream(seed: 9, stream: [2])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let y = rng.fillGaussian(p)
        let theta = net.samplePrior(&rng)
        let f = net.outputs(theta, inputs: x)
        // Independent evaluation of f = Σ_i w_i v_i·x.
        for a in 0..<p {
            var fa = 0.0
            for i in 0..<n { var h = 0.0; for j in 0..<d { h += theta.readin[i, j] * x[a, j] }; fa += theta.readout[i] * h }
            #expect(isClose(f[a], fa, relative: 1e-12))
        }
        let kappa = kappa0 / chi
        let loss = zip(y, f).reduce(0) { $0 + 0.5 * ($1.0 - $1.1) * ($1.0 - $1.1) }
        let v2 = theta.readin.values.reduce(0) { $0 + $1 * $1 }, w2 = theta.readout.reduce(0) { $0 + $1 * $1 }
        let rubin = loss + kappa / 2 * (Double(d) / 0.5 * v2 + chi * Double(n) / 0.5 * w2)
        #expect(isClose(net.potential(theta, inputs: x, labels: y) * kappa, rubin, relative: 1e-12))
    }

    @Test func nngpKernelUsesResolvedReadoutVariance() throws {
        let k = try spec(.meanField, bias: true, chi: 4, activation: .erf).nngpKernel()!
        #expect(k.activation == .erf && k.weightVariance == 0.7 && k.biasVariance == 0.4 && isClose(k.readoutVariance, 1.3 / 4))
        #expect(try spec(.standard, activation: .hermite(degree: 2)).nngpKernel() == nil)
    }

    /// Prior draws have the resolved variances (moments of many draws).
    @Test func priorSampleHasResolvedVariances() throws {
        let net = TwoLayerNetwork(spec: try spec(.meanField, d: 40, n: 50, bias: true, chi: 2))
        var rng = RandomStream(seed: 1, stream: [RandomStream.purpose("prior-test")])
        var sv = 0.0, sw = 0.0, sb = 0.0
        let draws = 200
        for _ in 0..<draws {
            let p = net.samplePrior(&rng)
            sv += p.readin.values.reduce(0) { $0 + $1 * $1 }
            sw += p.readout.reduce(0) { $0 + $1 * $1 }
            sb += p.bias.reduce(0) { $0 + $1 * $1 }
        }
        var fv = 0.0, fw = 0.0, fb = 0.0
        for k in 0..<draws {
            let p = net.samplePrior(seed: 1, stream: [RandomStream.purpose("prior-test"), UInt64(k)])
            fv += p.readin.values.reduce(0) { $0 + $1 * $1 }
            fw += p.readout.reduce(0) { $0 + $1 * $1 }
            fb += p.bias.reduce(0) { $0 + $1 * $1 }
        }
        let r = net.resolved
        #expect(abs(fv / Double(draws * 2000) / r.readinPriorVariance - 1) < 0.01)
        #expect(abs(fw / Double(draws * 50) / r.readoutPriorVariance - 1) < 0.03)
        #expect(abs(fb / Double(draws * 50) / r.biasPriorVariance - 1) < 0.03)
        #expect(abs(sv / Double(draws * 2000) / r.readinPriorVariance - 1) < 0.01)
        #expect(abs(sw / Double(draws * 50) / r.readoutPriorVariance - 1) < 0.03)
        #expect(abs(sb / Double(draws * 50) / r.biasPriorVariance - 1) < 0.03)
    }
}
