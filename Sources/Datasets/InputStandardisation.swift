/// Centring by a per-feature mean and scaling by one global factor, fitted on a reference set.
///
/// Fitted on rows `x_i ∈ ℝ^D`, `i = 1…N`: `mean_j = (1/N) Σ_i x_ij` and
/// `scale = √( (1/(N·D)) Σ_i Σ_j (x_ij − mean_j)² )`. Applying it maps `x ↦ (x − mean) / scale`,
/// so that on the reference set every feature has mean 0 and the mean of `|x|²/D` is 1,
/// the normalisation of ±1 inputs. One global scale (rather than one per feature) keeps
/// features with almost no variance (e.g. image borders) from being blown up.
public struct InputStandardisation: Sendable, Equatable {
    /// The per-feature mean of the reference rows.
    public var mean: [Double]
    /// The global scale `√(mean over the reference set of |x − mean|²/D)`.
    public var scale: Double

    /// Fits the transform on `count` rows of `dimension` features stored row-major in `rows`.
    /// - Parameters:
    ///   - rows: `count · dimension` values, row-major.
    ///   - count: number of reference rows (≥ 1).
    ///   - dimension: features per row (≥ 1).
    /// - Returns: the fitted transform, or `nil` when all reference rows are identical (scale 0).
    public static func fitted(rows: [Double], count: Int, dimension: Int) -> InputStandardisation? {
        precondition(count >= 1 && dimension >= 1 && rows.count == count * dimension,
                     "InputStandardisation: \(rows.count) values for \(count) rows of \(dimension)")
        var mean = [Double](repeating: 0, count: dimension)
        var sumOfSquares = 0.0
        rows.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { m in
                for i in 0..<count {
                    for j in 0..<dimension { m[j] += x[i * dimension + j] }
                }
                for j in 0..<dimension { m[j] /= Double(count) }
                for i in 0..<count {
                    for j in 0..<dimension {
                        let d = x[i * dimension + j] - m[j]
                        sumOfSquares += d * d
                    }
                }
            }
        }
        let scale = (sumOfSquares / Double(count * dimension)).squareRoot()
        guard scale > 0 && scale.isFinite else { return nil }
        return InputStandardisation(mean: mean, scale: scale)
    }

    /// - Parameters:
    ///   - mean: the per-feature mean to subtract.
    ///   - scale: the positive global factor to divide by.
    public init(mean: [Double], scale: Double) {
        precondition(scale > 0, "InputStandardisation: scale must be positive")
        self.mean = mean
        self.scale = scale
    }

    /// Applies `x ↦ (x − mean) / scale` in place.
    /// - Parameter row: one row of `mean.count` features.
    public func apply(to row: UnsafeMutableBufferPointer<Double>) {
        precondition(row.count == mean.count, "InputStandardisation: row of \(row.count), expected \(mean.count)")
        mean.withUnsafeBufferPointer { m in
            for j in 0..<row.count { row[j] = (row[j] - m[j]) / scale }
        }
    }
}
