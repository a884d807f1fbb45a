import LinearAlgebra

/// The O(1) initialisation of mean-field (μP) particles: `a ~ N(0, 1)`, `w ~ N(0, I_d/d)`, `b ~ N(0, 1)`.
public enum MeanFieldInitialization {
    /// `count` independent particles; particle `i` is drawn from `RandomStream(seed, [purpose("mfld-init"), i])`
    /// in the order `a, w_1…w_d, b`, so the first `N` particles of a larger draw are the draw of `N`.
    /// - Parameters:
    ///   - count: `N ≥ 0`.
    ///   - inputDimension: `d ≥ 1`.
    ///   - seed: the seed.
    /// - Returns: `N × (d + 2)`, rows `[a, w_1…w_d, b]`.
    public static func particles(count: Int, inputDimension d: Int, seed: UInt64) -> Matrix {
        precondition(count >= 0 && d >= 1, "MeanFieldInitialization: need count ≥ 0 and d ≥ 1")
        let purpose = RandomStream.purpose("mfld-init")
        let scale = 1 / Double(d).squareRoot()
        var m = Matrix(rows: count, cols: d + 2)
        for i in 0..<count {
            var rng = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            let z = rng.fillGaussian(d + 2)
            let row = i * (d + 2)
            m.values[row] = z[0]
            for j in 0..<d { m.values[row + 1 + j] = scale * z[1 + j] }
            m.values[row + 1 + d] = z[1 + d]
        }
        return m
    }
}
