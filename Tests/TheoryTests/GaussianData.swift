import LinearAlgebra

/// Reproducible Gaussian test data.
enum GaussianData {
    /// A matrix of independent N(0, 1) entries.
    /// - Parameters:
    ///   - rows: number of rows.
    ///   - cols: number of columns.
    ///   - seed: the RNG seed.
    ///   - purpose: a label selecting an independent stream.
    /// - Returns: the matrix.
    static func matrix(rows: Int, cols: Int, seed: UInt64, purpose: String) -> Matrix {
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose(purpose)])
        return Matrix(rows: rows, cols: cols, values: rng.fillGaussian(rows * cols))
    }

    /// A vector of independent N(0, 1) entries.
    /// - Parameters:
    ///   - count: its length.
    ///   - seed: the RNG seed.
    ///   - purpose: a label selecting an independent stream.
    /// - Returns: the vector.
    static func vector(count: Int, seed: UInt64, purpose: String) -> [Double] {
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose(purpose)])
        return rng.fillGaussian(count)
    }
}
