import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// `WeightMomentAccumulator` and `SGLDConfiguration.recordsWeightMoments`: the accumulated means against
/// a direct computation, and against the weight snapshots of the same SGLD run.
@Suite struct WeightMomentsTests {
    /// Moments of one weight set computed the plain way.
    static func direct(readout w: [Double], readin v: Matrix) -> WeightMoments {
        let n = w.count, d = v.cols
        var cross = [Double](repeating: 0, count: d), second = [Double](repeating: 0, count: d * d)
        var square = 0.0, inter = 0.0
        for i in 0..<n {
            square += w[i] * w[i] / Double(n)
            for a in 0..<d {
                cross[a] += w[i] * v[i, a] / Double(n)
                for b in 0..<d { second[a * d + b] += v[i, a] * v[i, b] / Double(n) }
            }
            for j in 0..<n where j != i {
                inter += w[i] * w[j] * (0..<d).reduce(0) { $0 + v[i, $1] * v[j, $1] } / Double(n * (n - 1))
            }
        }
        return WeightMoments(readoutSquare: square, readoutReadin: cross, readinSecond: second, interNeuron: inter)
    }

    static func close(_ a: WeightMoments, _ b: WeightMoments, _ tolerance: Double) -> Bool {
        isClose(a.readoutSquare, b.readoutSquare, relative: tolerance) && isClose(a.interNeuron, b.interNeuron, relative: tolerance, absolute: 1e-14)
            && zip(a.readoutReadin, b.readoutReadin).allSatisfy { isClose($0, $1, relative: tolerance, absolute: 1e-14) }
            && zip(a.readinSecond, b.readinSecond).allSatisfy { isClose($0, $1, relative: tolerance, absolute: 1e-14) }
    }

    static func average(_ list: [WeightMoments]) -> WeightMoments {
        let c = Double(list.count)
        return WeightMoments(readoutSquare: list.reduce(0) { $0 + $1.readoutSquare } / c,
                             readoutReadin: list[0].readoutReadin.indices.map { k in list.reduce(0) { $0 + $1.readoutReadin[k] } / c },
                             readinSecond: list[0].readinSecond.indices.map { k in list.reduce(0) { $0 + $1.readinSecond[k] } / c },
                             interNeuron: list.reduce(0) { $0 + $1.interNeuron } / c)
    }

    @Test("two hand-made samples: the accumulator's means equal the direct moments averaged")
    func accumulator() {
        let w1: [Double] = [1, -2, 0.5], w2: [Double] = [0.3, 0.7, -1.1]
        let v1 = Matrix(rows: 3, cols: 2, values: [1, 0, 0.5, -1, 2, 3])
        let v2 = Matrix(rows: 3, cols: 2, values: [-0.4, 0.2, 1.5, 0.1, 0, -0.6])
        var acc = WeightMomentAccumulator(width: 3, inputDimension: 2, enabled: true)
        for (w, v) in [(w1, v1), (w2, v2)] {
            w.withUnsafeBufferPointer { pw in v.values.withUnsafeBufferPointer { pv in acc.add(readout: pw.baseAddress!, readin: pv.baseAddress!) } }
        }
        let expected = Self.average([Self.direct(readout: w1, readin: v1), Self.direct(readout: w2, readin: v2)])
        #expect(Self.close(acc.means(), expected, 1e-14))
        // Sample 1 by hand: (1/N)Σw² = 5.25/3; inter = (|Σ w_i v_i|² − Σ w_i²|v_i|²)/(N(N−1)).
        let s = w1.indices.map { i in (0..<2).map { w1[i] * v1[i, $0] } }
        let total = (0..<2).map { a in s.reduce(0) { $0 + $1[a] } }
        let inter = (total.reduce(0) { $0 + $1 * $1 } - s.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }) / 6
        #expect(isClose(Self.direct(readout: w1, readin: v1).interNeuron, inter, relative: 1e-14))
        #expect(isClose(Self.direct(readout: w1, readin: v1).readoutSquare, 5.25 / 3, relative: 1e-15))
    }

    @Test("an SGLD run's recorded moments equal the moments of its weight snapshots (every kept sample snapshotted)")
    func matchesSnapshots() throws {
        let d = 5, n = 7, p = 12, chains = 3
        var rng = RandomStream(seed: 2, stream: [RandomStream.purpose("weight-moments-test")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let y = (0..<p).map { x[$0, 0] > 0 ? 1.0 : -1.0 }
        let spec = try NetworkSpec(inputDimension: d, width: n, activation: .erf, parameterization: .ntk,
                                   readinVarianceScale: 1.5, readoutVarianceScale: 0.8, kappa: 0.3)
        var c = try SGLDConfiguration(stepSize: 1e-3, steps: 40, burnIn: 10, thin: 3, chains: chains, traceEvery: 10, snapshots: 10, seed: 4)
        c.recordsWeightMoments = true
        #expect(c.samplesPerChain == 10)
        let r = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                                testInputs: x.rows(0..<2)).run(threads: 2)
        let moments = try #require(r.chainWeightMoments)
        #expect(moments.count == chains)
        for chain in 0..<chains {
            let snaps = r.snapshots[(chain * 10)..<((chain + 1) * 10)]
            let expected = Self.average(snaps.map { Self.direct(readout: $0.readout, readin: $0.readin) })
            #expect(Self.close(moments[chain], expected, 1e-12), "chain \(chain)")
        }
        // Off by default: nothing recorded, and the outputs are bit-identical to a recording run.
        c.recordsWeightMoments = false
        let plain = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                                    testInputs: x.rows(0..<2)).run(threads: 1)
        #expect(plain.chainWeightMoments == nil)
        #expect(plain.trainMean == r.trainMean && plain.testMean == r.testMean)
    }
}
