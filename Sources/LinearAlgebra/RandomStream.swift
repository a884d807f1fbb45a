import Foundation

/// A deterministic stream of random numbers: Philox4x32-10 in counter mode.
///
/// **How a stream is formed.** The 64-bit `seed` is the Philox key
/// `(k0, k1) = (low 32 bits, high 32 bits)`. The stream identifiers (for example
/// `[RandomStream.purpose("train-inputs"), row]`) are compressed into a 64-bit digest `s`
/// (see `streamDigest(_:)`), and block `b = 0, 1, 2, …` of the stream is
/// `Philox4x32-10(counter: (b_lo, b_hi, s_lo, s_hi), key: seed)`.
/// For one seed all streams are therefore disjoint parts of the output of a single
/// bijection; two different identifier lists share blocks only if their 64-bit digests
/// collide (probability ≈ n²/2⁶⁵ for n streams). Each block yields two `UInt64`
/// values, `w0 | w1 << 32` then `w2 | w3 << 32`.
///
/// Values depend only on `(seed, stream, position)`, never on threads or call order elsewhere.
/// Integers and uniforms are exact functions of that triple; Gaussians additionally go through
/// the platform's `log`, `cos` and `sin`, so they are bit-identical on a given machine/libm.
public struct RandomStream: Sendable {
    private let key0: UInt32
    private let key1: UInt32
    private let digest: UInt64
    private var blockIndex: UInt64 = 0
    /// The second `UInt64` of the current block, if not yet used.
    private var pendingWord: UInt64 = 0
    private var hasPendingWord = false
    private var spareGaussian: Double = 0
    private var hasSpareGaussian = false

    /// The key used to compress stream identifiers (ASCII "flrp", "strm").
    private static let digestKey = SIMD2<UInt32>(0x666C_7270, 0x7374_726D)

    /// A stream for a seed and a list of stream identifiers.
    /// - Parameters:
    ///   - seed: the experiment's seed (the Philox key).
    ///   - stream: identifiers that select an independent stream, e.g. `[purpose("train-inputs"), UInt64(row)]`.
    public init(seed: UInt64, stream: [UInt64]) {
        key0 = UInt32(truncatingIfNeeded: seed)
        key1 = UInt32(truncatingIfNeeded: seed >> 32)
        digest = RandomStream.streamDigest(stream)
    }

    /// The 64-bit digest of a list of stream identifiers.
    ///
    /// Starting from `h = count`, each identifier `id` updates
    /// `h ← low 64 bits of Philox4x32-10(counter: (id_lo, id_hi, h_lo, h_hi), key: "flrp","strm")`.
    /// - Parameter stream: the identifiers.
    /// - Returns: the digest used as the high half of the counter.
    public static func streamDigest(_ stream: [UInt64]) -> UInt64 {
        var h = UInt64(stream.count)
        for id in stream {
            let out = Philox4x32.block(UInt32(truncatingIfNeeded: id), UInt32(truncatingIfNeeded: id >> 32),
                                       UInt32(truncatingIfNeeded: h), UInt32(truncatingIfNeeded: h >> 32),
                                       key: digestKey.x, digestKey.y)
            h = UInt64(out.0) | UInt64(out.1) << 32
        }
        return h
    }

    /// A stable 64-bit identifier for a label such as `"train-inputs"`: FNV-1a (64-bit) of its UTF-8 bytes.
    /// - Parameter name: the label.
    /// - Returns: the hash.
    public static func purpose(_ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The next 64 random bits.
    /// - Returns: a uniformly distributed `UInt64`.
    public mutating func nextUInt64() -> UInt64 {
        if hasPendingWord {
            hasPendingWord = false
            return pendingWord
        }
        let out = Philox4x32.block(UInt32(truncatingIfNeeded: blockIndex), UInt32(truncatingIfNeeded: blockIndex >> 32),
                                   UInt32(truncatingIfNeeded: digest), UInt32(truncatingIfNeeded: digest >> 32),
                                   key: key0, key1)
        blockIndex &+= 1
        pendingWord = UInt64(out.2) | UInt64(out.3) << 32
        hasPendingWord = true
        return UInt64(out.0) | UInt64(out.1) << 32
    }

    /// A uniform number in the open interval (0, 1) with 53 random bits.
    ///
    /// Takes the top 53 bits `k` of `nextUInt64()` and returns `k · 2⁻⁵³`; the value
    /// `k = 0` (probability 2⁻⁵³) is rejected and redrawn, so 0 never occurs and
    /// `1 − 2⁻⁵³` is the largest value.
    /// - Returns: the uniform variate.
    public mutating func nextUniform() -> Double {
        while true {
            let k = nextUInt64() >> 11
            if k != 0 { return Double(k) * 0x1p-53 }
        }
    }

    /// A standard normal variate by the Box–Muller transform.
    ///
    /// Two uniforms `u1, u2` give `r = √(−2 ln u1)` and the pair `(r cos 2πu2, r sin 2πu2)`;
    /// the cosine value is returned now and the sine value on the next call.
    /// - Returns: a draw from N(0, 1).
    public mutating func nextGaussian() -> Double {
        if hasSpareGaussian {
            hasSpareGaussian = false
            return spareGaussian
        }
        let (first, second) = nextGaussianPair()
        spareGaussian = second
        hasSpareGaussian = true
        return first
    }

    /// One Box–Muller pair `(r cos 2πu2, r sin 2πu2)`, `r = √(−2 ln u1)`.
    @inline(__always)
    private mutating func nextGaussianPair() -> (Double, Double) {
        let u1 = nextUniform()
        let u2 = nextUniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        return (r * Foundation.cos(theta), r * Foundation.sin(theta))
    }

    /// `count` standard normal variates (the same values as `count` calls of `nextGaussian()`).
    /// - Parameter count: how many.
    /// - Returns: the draws.
    public mutating func fillGaussian(_ count: Int) -> [Double] {
        precondition(count >= 0, "fillGaussian: count must be non-negative")
        if count == 0 { return [] }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            var i = 0
            if hasSpareGaussian {
                hasSpareGaussian = false
                buffer[0] = spareGaussian
                i = 1
            }
            while i + 1 < count {
                let (first, second) = nextGaussianPair()
                buffer[i] = first
                buffer[i + 1] = second
                i += 2
            }
            if i < count { buffer[i] = nextGaussian() }
            initialized = count
        }
    }

    /// `count` uniform variates in (0, 1) (the same values as `count` calls of `nextUniform()`).
    /// - Parameter count: how many.
    /// - Returns: the draws.
    public mutating func fillUniform(_ count: Int) -> [Double] {
        precondition(count >= 0, "fillUniform: count must be non-negative")
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count { out[i] = nextUniform() }
        return out
    }
}
