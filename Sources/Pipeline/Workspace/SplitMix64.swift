/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator for choices that must be
/// reproducible but need no statistical quality — which entries `verify --recompute` samples, and the
/// faults the reliability tests inject. Science code uses the counter-based `Philox4x32` streams instead.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    /// - Parameter seed: any value.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    /// - Returns: the value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
