import Foundation
import LinearAlgebra
import Testing
@testable import Networks

@Suite struct GaussianNoiseTests {
    /// The ziggurat's layers all have the same area and the top layer closes.
    @Test func zigguratTableIsConsistent() {
        let t = ZigguratTable.shared
        func f(_ x: Double) -> Double { exp(-0.5 * x * x) }
        let r = t.tailStart
        #expect(abs(r - 3.6541528853610088) < 1e-10)
        let v = r * f(r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        #expect(abs(t.x[0] * f(r) - v) < 1e-15)
        for i in 1..<256 {
            let area = t.x[i] * (f(t.x[i + 1]) - f(t.x[i]))
            #expect(abs(area - v) < 1e-12 * v, "layer \(i) area \(area) vs \(v)")
        }
        #expect(t.x[256] == 0)
    }

    @Test func sequenceDoesNotDependOnChunking() {
        let a = GaussianNoiseStream(seed: 42, stream: [7, 3])
        let b = GaussianNoiseStream(seed: 42, stream: [7, 3])
        var whole = [Double](repeating: 0, count: 5000)
        whole.withUnsafeMutableBufferPointer { a.fill($0.baseAddress!, count: 5000) }
        var pieces: [Double] = []
        var sizes = [1, 2, 255, 256, 257, 13]
        while pieces.count < 5000 {
            let n = min(sizes.removeFirst(), 5000 - pieces.count)
            sizes.append(n + 17)
            var chunk = [Double](repeating: 0, count: n)
            chunk.withUnsafeMutableBufferPointer { b.fill($0.baseAddress!, count: n) }
            pieces += chunk
        }
        #expect(whole == pieces)
        let c = GaussianNoiseStream(seed: 42, stream: [7, 4])
        #expect(c.next() != whole[0])
    }

    /// Moments, tail mass beyond R, Kolmogorov–Smirnov distance to Φ, and lag-1 correlation.
    @Test func drawsAreStandardNormal() {
        let n = 2_000_000
        let g = GaussianNoiseStream(seed: 2026, stream: [RandomStream.purpose("moments")])
        var z = [Double](repeating: 0, count: n)
        z.withUnsafeMutableBufferPointer { g.fill($0.baseAddress!, count: n) }
        let dn = Double(n)
        let mean = z.reduce(0, +) / dn
        let m2 = z.reduce(0) { $0 + $1 * $1 } / dn
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / dn
        let m6 = z.reduce(0) { $0 + pow($1, 6) } / dn
        #expect(abs(mean) < 5 / dn.squareRoot())
        #expect(abs(m2 - 1) < 5 * (2 / dn).squareRoot())
        #expect(abs(m4 - 3) < 5 * (96 / dn).squareRoot())
        #expect(abs(m6 - 15) < 5 * (10395 - 225 / dn).squareRoot() / dn.squareRoot())
        // Tail beyond the ziggurat's base strip, P(|z| > R) = erfc(R/√2).
        let r = ZigguratTable.shared.tailStart
        let tail = Double(z.filter { abs($0) > r }.count)
        let expected = dn * erfc(r / 2.0.squareRoot())
        #expect(abs(tail - expected) < 5 * expected.squareRoot(), "tail count \(tail) vs \(expected)")
        // Kolmogorov–Smirnov on the first 500k draws: √n·D < 1.95 (p ≈ 0.001).
        let sorted = Array(z.prefix(500_000)).sorted()
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
            d = max(d, abs(cdf - Double(i) / Double(sorted.count)), abs(cdf - Double(i + 1) / Double(sorted.count)))
        }
        #expect(d * Double(sorted.count).squareRoot() < 1.95, "KS statistic \(d)")
        var lag1 = 0.0
        for i in 1..<n { lag1 += z[i] * z[i - 1] }
        #expect(abs(lag1 / dn) < 5 / dn.squareRoot())
    }

    /// Two chains' streams are uncorrelated.
    @Test func streamsOfDifferentChainsAreUncorrelated() {
        let n = 400_000
        let a = GaussianNoiseStream(seed: 1, stream: [RandomStream.purpose("sgld-noise"), 0])
        let b = GaussianNoiseStream(seed: 1, stream: [RandomStream.purpose("sgld-noise"), 1])
        var s = 0.0
        for _ in 0..<n { s += a.next() * b.next() }
        #expect(abs(s / Double(n)) < 5 / Double(n).squareRoot())
    }

    /// Minibatch indices are uniform (Lemire's method).
    @Test func uniformIndexIsUniform() {
        var rng = RandomStream(seed: 3, stream: [9])
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[Int(ChainRunner.uniformIndex(7, &rng))] += 1 }
        let expected = Double(n) / 7
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 22.5)  // χ²(6) 99.9 % quantile
    }
}
