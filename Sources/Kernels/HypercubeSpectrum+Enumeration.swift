import LinearAlgebra

extension HypercubeSpectrum {
    /// The eigenvalues `λ_0, …, λ_maxOrder` by direct Walsh projection of one kernel row, a
    /// method independent of the Krawtchouk sum.
    ///
    /// Enumerates all `2^d` cube points `x`, evaluates the row `K(x0, x)` with `NNGPKernel.gram` on
    /// the actual ±1 vectors (reference point `x0 = (+1, −1, +1, −1, …)`), and returns
    /// `λ_S = 2^{−d} Σ_x K(x0, x) χ_S(x) χ_S(x0)` for `S = {0, …, k−1}`, summed with Neumaier's
    /// compensated summation. Cost `O(2^d · (d + maxOrder))`.
    /// - Parameter maxOrder: the highest order, `0 ≤ maxOrder ≤ d`.
    /// - Returns: `maxOrder + 1` eigenvalues.
    /// - Throws: `KernelError.invalidParameter` for `d > maximumEnumerationDimension` or a bad `maxOrder`.
    public func eigenvaluesByEnumeration(maxOrder: Int) throws -> [Double] {
        try checkOrder(maxOrder)
        let d = dimension
        if d > Self.maximumEnumerationDimension {
            throw KernelError.invalidParameter(name: "dimension", value: "\(d)",
                                               requirement: "enumeration of all 2^d points needs d ≤ \(Self.maximumEnumerationDimension)")
        }
        let points = Self.allCubePoints(dimension: d)
        let reference = Matrix(rows: 1, cols: d, values: (0..<d).map { $0 % 2 == 0 ? 1 : -1 })
        let row = kernel.gram(reference, points).values
        let count = points.rows
        var result = [Double](repeating: 0, count: maxOrder + 1)
        for k in 0...maxOrder {
            let referenceCharacter = Self.signProduct(reference.values[0..<k])
            var sum = 0.0, compensation = 0.0
            for p in 0..<count {
                let character = Self.signProduct(points.values[(p * d)..<(p * d + k)])
                let term = row[p] * character * referenceCharacter
                let t = sum + term
                compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
                sum = t
            }
            result[k] = (sum + compensation) / Double(count)
        }
        return result
    }

    /// All `2^d` points of `{±1}^d` as rows; row `p` has entry `j` equal to −1 where bit `j` of `p` is set.
    /// - Parameter dimension: `d`.
    /// - Returns: the `2^d × d` matrix.
    public static func allCubePoints(dimension d: Int) -> Matrix {
        let count = 1 << d
        var values = [Double](repeating: 1, count: count * d)
        for p in 0..<count {
            for j in 0..<d where (p >> j) & 1 == 1 { values[p * d + j] = -1 }
        }
        return Matrix(rows: count, cols: d, values: values)
    }

    /// The product of a run of ±1 entries (a Walsh character on the leading coordinates).
    private static func signProduct(_ entries: ArraySlice<Double>) -> Double {
        var product = 1.0
        for v in entries { product *= v }
        return product
    }
}
