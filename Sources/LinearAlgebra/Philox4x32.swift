/// The Philox4x32 counter-based block function of Salmon, Moraes, Dror and Shaw,
/// "Parallel random numbers: as easy as 1, 2, 3" (SC'11), as in the Random123 library.
///
/// A 128-bit counter and a 64-bit key are mapped to 128 pseudo-random bits by `rounds`
/// rounds of `(hi, lo) = M·x` multiplications, with the key bumped by the Weyl constants
/// between rounds. For a fixed key the map is a bijection of the counter.
public enum Philox4x32 {
    /// Round multiplier for counter word 0 (`PHILOX_M4x32_0`).
    public static let multiplier0: UInt32 = 0xD251_1F53
    /// Round multiplier for counter word 2 (`PHILOX_M4x32_1`).
    public static let multiplier1: UInt32 = 0xCD9E_8D57
    /// Weyl key increment for key word 0 (golden ratio, `PHILOX_W32_0`).
    public static let weyl0: UInt32 = 0x9E37_79B9
    /// Weyl key increment for key word 1 (√3 − 1, `PHILOX_W32_1`).
    public static let weyl1: UInt32 = 0xBB67_AE85

    /// Applies the Philox4x32 block function.
    /// - Parameters:
    ///   - counter: the four 32-bit counter words `(c0, c1, c2, c3)`.
    ///   - key: the two 32-bit key words `(k0, k1)`.
    ///   - rounds: number of rounds (10 is the standard, crush-resistant choice).
    /// - Returns: the four 32-bit output words.
    @inlinable
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>, rounds: Int = 10) -> SIMD4<UInt32> {
        let out = block(counter.x, counter.y, counter.z, counter.w, key: key.x, key.y, rounds: rounds)
        return SIMD4(out.0, out.1, out.2, out.3)
    }

    /// The block function on scalar words (the fast path used by `RandomStream`).
    /// - Parameters:
    ///   - c0: counter word 0.
    ///   - c1: counter word 1.
    ///   - c2: counter word 2.
    ///   - c3: counter word 3.
    ///   - k0: key word 0.
    ///   - k1: key word 1.
    ///   - rounds: number of rounds.
    /// - Returns: the four output words.
    @inlinable
    public static func block(_ c0: UInt32, _ c1: UInt32, _ c2: UInt32, _ c3: UInt32,
                             key k0: UInt32, _ k1: UInt32, rounds: Int = 10) -> (UInt32, UInt32, UInt32, UInt32) {
        var x0 = c0, x1 = c1, x2 = c2, x3 = c3
        var key0 = k0, key1 = k1
        for round in 0..<rounds {
            if round > 0 {
                key0 &+= weyl0
                key1 &+= weyl1
            }
            let (hi0, lo0) = multiplier0.multipliedFullWidth(by: x0)
            let (hi1, lo1) = multiplier1.multipliedFullWidth(by: x2)
            x0 = hi1 ^ x1 ^ key0
            x1 = lo1
            x2 = hi0 ^ x3 ^ key1
            x3 = lo0
        }
        return (x0, x1, x2, x3)
    }
}
