import Foundation
import LinearAlgebra
import Testing
@testable import Networks

@Suite struct LangevinUpdateTests {
    /// For U = (θ − μ)²/(2σ²) the Euler–Maruyama chain θ ← θ − η∇U + √(2η)ξ is AR(1) with
    /// coefficient 1 − η/σ², mean μ and variance exactly σ²/(1 − η/(2σ²)).
    @Test func gaussianStationaryLawIncludesTheKnownDiscretisationBias() {
        let k = 20_000, sigma2 = 2.0, eta = 0.4, mu = 0.7
        let update = LangevinUpdate(stepSize: eta, priorVariance: sigma2)
        let noise = GaussianNoiseStream(seed: 8, stream: [RandomStream.purpose("langevin-test")])
        var theta = [Double](repeating: 0, count: k)
        let gradient = [Double](repeating: -mu / sigma2, count: k)  // ∇ of the data part −θμ/σ²
        var scratch = [Double](repeating: 0, count: LangevinUpdate.chunk)
        var sum = 0.0, sumSq = 0.0, lag = 0.0, count = 0.0
        var previous = theta
        for step in 0..<300 {
            previous = theta
            theta.withUnsafeMutableBufferPointer { t in
                gradient.withUnsafeBufferPointer { g in
                    scratch.withUnsafeMutableBufferPointer { s in
                        update.apply(t.baseAddress!, count: k, gradient: g.baseAddress!, noise: noise, scratch: s.baseAddress!)
                    }
                }
            }
            if step >= 100 {
                for i in 0..<k {
                    let c = theta[i] - mu
                    sum += theta[i]
                    sumSq += c * c
                    lag += c * (previous[i] - mu)
                    count += 1
                }
            }
        }
        let mean = sum / count, variance = sumSq / count
        let a = 1 - eta / sigma2
        let exact = sigma2 / (1 - eta / (2 * sigma2))
        // Effective samples: k · 200 / τ with τ = (1 + a)/(1 − a).
        let effective = count * (1 - a) / (1 + a)
        #expect(abs(mean - mu) < 5 * (exact / effective).squareRoot(), "mean \(mean)")
        #expect(abs(variance / exact - 1) < 5 * (2 / effective).squareRoot(), "variance \(variance) vs \(exact)")
        #expect(abs(variance / sigma2 - 1) > 0.1)   // the bias is resolved: it is not σ²
        #expect(abs(lag / sumSq - a) < 0.01)
    }

    /// The rank-one update is bit-identical to the dense one with the materialised gradient.
    @Test func rankOneUpdateEqualsDenseUpdate() {
        let rows = 7, cols = 93
        var rng = RandomStream(seed: 4, stream: [1])
        let a = rng.fillGaussian(rows), z = rng.fillGaussian(cols)
        let start = rng.fillGaussian(rows * cols)
        var g = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { g[i * cols + j] = a[i] * z[j] } }
        let update = LangevinUpdate(stepSize: 0.01, priorVariance: 0.5)
        var dense = start, rankOne = start
        var scratch = [Double](repeating: 0, count: LangevinUpdate.chunk)
        let n1 = GaussianNoiseStream(seed: 1, stream: [5]), n2 = GaussianNoiseStream(seed: 1, stream: [5])
        dense.withUnsafeMutableBufferPointer { t in
            scratch.withUnsafeMutableBufferPointer { s in
                update.apply(t.baseAddress!, count: rows * cols, gradient: g, noise: n1, scratch: s.baseAddress!)
            }
        }
        rankOne.withUnsafeMutableBufferPointer { t in
            scratch.withUnsafeMutableBufferPointer { s in
                update.applyRankOne(t.baseAddress!, rows: rows, cols: cols, rowFactors: a, columnFactors: z, noise: n2,
                                    scratch: s.baseAddress!)
            }
        }
        #expect(dense == rankOne)
    }
}
