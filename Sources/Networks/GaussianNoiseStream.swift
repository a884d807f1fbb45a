import Foundation
import LinearAlgebra

/// A fast, deterministic source of standard normal variates for Langevin noise.
///
/// **Bits.** xoshiro256++ (Blackman & Vigna 2021; passes BigCrush and PractRand), whose 256-bit
/// state is the first four 64-bit words of the Philox4x32-10 stream
/// `RandomStream(seed: seed, stream: stream)`. Every chain therefore has its own counter-based
/// stream identity `(seed, purpose, chain)` as in the rest of flrepro, while the per-step noise
/// (N·D + 2N values) is generated at ~1 ns a word instead of Philox's ~6 ns in scalar Swift.
/// Two chains' sequences overlap only if their random 256-bit starting points fall within one
/// run's length of each other on the 2²⁵⁶ − 1 cycle (probability ≈ 10⁻⁵⁸ for 10¹⁰ words).
///
/// **Gaussians.** A 256-layer ziggurat (`ZigguratTable`) turns words into exact N(0, 1) draws
/// (rejection sampling, no approximation beyond double rounding): bits 0–7 of a word pick the layer,
/// bits 11–63 the signed uniform `u = (2k + 1)·2⁻⁵³ ∈ (−1, 1)`; 99 % of draws are accepted as
/// `u·x[layer]` at once, wedge and tail draws (Marsaglia's tail method) take further words. The
/// sequence is a fixed function of `(seed, stream)`, independent of how it is split into `fill`
/// calls. It differs from `RandomStream.nextGaussian()` (Box–Muller on Philox words).
///
/// A reference type: one per chain, used from one thread at a time (public for the particle solvers of
/// `Theory`, which draw their Langevin noise the same way).
public final class GaussianNoiseStream {
    private var state: Xoshiro256PlusPlus
    private let table = ZigguratTable.shared

    /// A stream whose state is seeded from `RandomStream(seed: seed, stream: stream)`.
    /// - Parameters:
    ///   - seed: the experiment seed.
    ///   - stream: the stream identifiers, e.g. `[RandomStream.purpose("sgld-noise"), chain]`.
    public init(seed: UInt64, stream: [UInt64]) {
        var philox = RandomStream(seed: seed, stream: stream)
        state = Xoshiro256PlusPlus(philox.nextUInt64(), philox.nextUInt64(), philox.nextUInt64(), philox.nextUInt64())
    }

    /// The next 64 random bits.
    /// - Returns: the word.
    public func nextWord() -> UInt64 { state.next() }

    /// Fills `count` standard normal variates.
    /// - Parameters:
    ///   - out: destination of `count` doubles.
    ///   - count: how many.
    public func fill(_ out: UnsafeMutablePointer<Double>, count: Int) {
        var rng = state   // in registers for the loop
        let x = table.x, ratio = table.ratio
        for k in 0..<count {
            let w = rng.next()
            let layer = Int(truncatingIfNeeded: w & 0xFF)
            let u = Double(2 &* (Int64(bitPattern: w) >> 11) &+ 1) * 0x1p-53
            if abs(u) < ratio[layer] {
                out[k] = u * x[layer]
            } else {
                // A copy, so that `rng` itself can stay in registers on the fast path.
                var slow = rng
                out[k] = Self.slowPath(layer: layer, u: u, table: table, rng: &slow)
                rng = slow
            }
        }
        state = rng
    }

    /// The next standard normal variate (the same sequence as `fill`).
    /// - Returns: a draw from N(0, 1).
    public func next() -> Double {
        var z = 0.0
        fill(&z, count: 1)
        return z
    }

    /// Wedge test, tail, and fresh draws after a failed fast test.
    @inline(never)
    private static func slowPath(layer firstLayer: Int, u firstU: Double, table: ZigguratTable,
                                 rng: inout Xoshiro256PlusPlus) -> Double {
        var layer = firstLayer, u = firstU
        while true {
            if layer == 0 {
                // Tail beyond R (Marsaglia 1964): x = −ln(U1)/R, y = −ln(U2), accept if 2y > x².
                let r = table.tailStart
                while true {
                    let xt = -Foundation.log(rng.nextOpenUniform()) / r
                    let yt = -Foundation.log(rng.nextOpenUniform())
                    if 2 * yt > xt * xt { return u < 0 ? -(r + xt) : r + xt }
                }
            }
            // Wedge of layer i: y uniform in [f(x[i]), f(x[i+1])], accept if y < f(x) (Doornik's form).
            let xi = table.x[layer], xNext = table.x[layer + 1]
            let x = u * xi
            let f0 = Foundation.exp(-0.5 * (xi * xi - x * x))
            let f1 = Foundation.exp(-0.5 * (xNext * xNext - x * x))
            if f1 + rng.nextOpenUniform() * (f0 - f1) < 1 { return x }
            let w = rng.next()
            layer = Int(truncatingIfNeeded: w & 0xFF)
            u = Double(2 &* (Int64(bitPattern: w) >> 11) &+ 1) * 0x1p-53
            if abs(u) < table.ratio[layer] { return u * table.x[layer] }
        }
    }
}

/// The xoshiro256++ generator (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 2021), period 2²⁵⁶ − 1.
struct Xoshiro256PlusPlus {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator with the given state (the all-zero state, probability 2⁻²⁵⁶, is replaced by `s0 = 1`).
    init(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        self.s0 = s0 | s1 | s2 | s3 == 0 ? 1 : s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }

    /// The next 64 bits.
    @inline(__always)
    mutating func next() -> UInt64 {
        let sum = s0 &+ s3
        let result = ((sum << 23) | (sum >> 41)) &+ s0
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform in (0, 1): `(top 53 bits + ½)·2⁻⁵³`.
    @inline(__always)
    mutating func nextOpenUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }
}
