import Foundation
import Testing
import LinearAlgebra
import TestSupport

/// Kolmogorov–Smirnov statistic `sup |F_n(x) − F(x)|` of a sample against a continuous CDF.
private func kolmogorovSmirnov(_ sample: [Double], cdf: (Double) -> Double) -> Double {
    let sorted = sample.sorted()
    let n = Double(sorted.count)
    var d = 0.0
    for (i, x) in sorted.enumerated() {
        let f = cdf(x)
        d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
    }
    return d
}

/// Critical value of √n·D at significance 0.001 (asymptotic Kolmogorov distribution).
private let ksCritical001 = 1.949

@Suite("Philox4x32-10 and RandomStream")
struct RandomStreamTests {
    @Test("Philox4x32-10 reproduces the Random123 known-answer vectors")
    func knownAnswers() {
        // Random123 tests/kat_vectors: "philox4x32 10 <ctr×4> <key×2> <expected×4>".
        let cases: [(SIMD4<UInt32>, SIMD2<UInt32>, SIMD4<UInt32>)] = [
            (SIMD4(0, 0, 0, 0), SIMD2(0, 0),
             SIMD4(0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
            (SIMD4(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), SIMD2(0xffff_ffff, 0xffff_ffff),
             SIMD4(0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)),
            (SIMD4(0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), SIMD2(0xa409_3822, 0x299f_31d0),
             SIMD4(0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)),
        ]
        for (counter, key, expected) in cases {
            #expect(Philox4x32.block(counter: counter, key: key) == expected)
        }
    }

    @Test("purpose() is FNV-1a 64 (published test vectors)")
    func purposeHash() {
        #expect(RandomStream.purpose("") == 0xcbf2_9ce4_8422_2325)
        #expect(RandomStream.purpose("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(RandomStream.purpose("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("stream blocks are Philox(counter: (block, digest), key: seed) as documented")
    func documentedLayout() {
        let seed: UInt64 = 0x0123_4567_89ab_cdef
        let ids: [UInt64] = [RandomStream.purpose("train-inputs"), 17]
        var stream = RandomStream(seed: seed, stream: ids)
        let digest = RandomStream.streamDigest(ids)
        let key = SIMD2<UInt32>(0x89ab_cdef, 0x0123_4567)
        for block: UInt32 in 0..<3 {
            let out = Philox4x32.block(
                counter: SIMD4(block, 0, UInt32(truncatingIfNeeded: digest), UInt32(truncatingIfNeeded: digest >> 32)),
                key: key)
            #expect(stream.nextUInt64() == UInt64(out[0]) | UInt64(out[1]) << 32)
            #expect(stream.nextUInt64() == UInt64(out[2]) | UInt64(out[3]) << 32)
        }
    }

    @Test("same seed and stream give identical values; other ids or seeds give other values")
    func reproducibleAndDistinct() {
        let p = RandomStream.purpose("train-inputs")
        func draw(_ seed: UInt64, _ ids: [UInt64]) -> [Double] {
            var s = RandomStream(seed: seed, stream: ids)
            return s.fillGaussian(64)
        }
        #expect(draw(7, [p, 3]) == draw(7, [p, 3]))
        let variants = [draw(7, [p, 3]), draw(7, [p, 4]), draw(8, [p, 3]), draw(7, [p]), draw(7, [p, 3, 0]),
                        draw(7, [RandomStream.purpose("test-inputs"), 3]), draw(7, [3, p])]
        for i in variants.indices {
            for j in variants.indices where i < j { #expect(variants[i] != variants[j]) }
        }
        #expect(Set((0..<10_000).map { RandomStream.streamDigest([p, UInt64($0)]) }).count == 10_000)
    }

    @Test("fillGaussian equals repeated nextGaussian (including the Box–Muller spare)")
    func fillMatchesSingleDraws() {
        var a = RandomStream(seed: 3, stream: [9])
        var b = a
        let filled = a.fillGaussian(7) + a.fillGaussian(4)
        let single = (0..<11).map { _ in b.nextGaussian() }
        #expect(filled == single)
    }

    @Test("uniforms lie in (0, 1) with mean 1/2, variance 1/12, and pass Kolmogorov–Smirnov")
    func uniformStatistics() {
        var s = RandomStream(seed: 2024, stream: [RandomStream.purpose("uniform-test")])
        let n = 200_000
        let u = s.fillUniform(n)
        #expect(u.allSatisfy { $0 > 0 && $0 < 1 })
        let mean = u.reduce(0, +) / Double(n)
        let variance = u.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        // Standard errors: 1/√(12n) for the mean; √(1/180n) for the variance (μ4 = 1/80).
        #expect(abs(mean - 0.5) < 5 / (12 * Double(n)).squareRoot())
        #expect(abs(variance - 1.0 / 12) < 5 * (1 / (180 * Double(n))).squareRoot())
        let d = kolmogorovSmirnov(u) { $0 }
        #expect(d * Double(n).squareRoot() < ksCritical001)
    }

    @Test("Gaussians have mean 0, variance 1, fourth moment 3, and pass Kolmogorov–Smirnov")
    func gaussianStatistics() {
        var s = RandomStream(seed: 99, stream: [RandomStream.purpose("gaussian-test")])
        let n = 200_000
        let z = s.fillGaussian(n)
        let m1 = z.reduce(0, +) / Double(n)
        let m2 = z.reduce(0) { $0 + $1 * $1 } / Double(n)
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(n)
        // Standard errors: 1/√n, √(2/n), √((105 − 9)/n).
        let sn = Double(n).squareRoot()
        #expect(abs(m1) < 5 / sn)
        #expect(abs(m2 - 1) < 5 * 2.0.squareRoot() / sn)
        #expect(abs(m4 - 3) < 5 * 96.0.squareRoot() / sn)
        let d = kolmogorovSmirnov(z) { 0.5 * erfc(-$0 / 2.0.squareRoot()) }
        #expect(d * sn < ksCritical001)
    }

    @Test("neighbouring streams are uncorrelated")
    func streamsUncorrelated() {
        let p = RandomStream.purpose("train-inputs")
        var a = RandomStream(seed: 1, stream: [p, 0])
        var b = RandomStream(seed: 1, stream: [p, 1])
        let n = 100_000
        let x = a.fillGaussian(n), y = b.fillGaussian(n)
        let correlation = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / Double(n)
        #expect(abs(correlation) < 5 / Double(n).squareRoot())
    }
}
