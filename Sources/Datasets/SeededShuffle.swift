import LinearAlgebra

/// Deterministic permutations from a `RandomStream`.
enum SeededShuffle {
    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject, unbiased).
    /// - Parameters:
    ///   - bound: the exclusive upper bound (≥ 1).
    ///   - stream: the random stream to draw from.
    /// - Returns: the draw.
    static func uniformIndex(below bound: Int, from stream: inout RandomStream) -> Int {
        precondition(bound >= 1, "uniformIndex: bound must be positive")
        let n = UInt64(bound)
        var product = stream.nextUInt64().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = stream.nextUInt64().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }

    /// `items` in a uniformly random order (Fisher–Yates, from the last position down).
    /// - Parameters:
    ///   - items: the items.
    ///   - stream: the random stream to draw from.
    /// - Returns: the permuted items.
    static func shuffled(_ items: [Int], using stream: inout RandomStream) -> [Int] {
        var result = items
        var i = result.count - 1
        while i > 0 {
            let j = uniformIndex(below: i + 1, from: &stream)
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
