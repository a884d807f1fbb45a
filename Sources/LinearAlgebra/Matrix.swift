/// A dense matrix of `Double` stored in ROW-MAJOR order.
///
/// Element `(i, j)` lives at `values[i * cols + j]`. The BLAS/LAPACK wrappers in this
/// module pass `CblasRowMajor` / `LAPACK_ROW_MAJOR`, so no transposition happens at the
/// boundary.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// The elements, row after row (row-major): `values[i * cols + j]` is element `(i, j)`.
    public var values: [Double]

    /// A matrix with every element equal to `repeating`.
    /// - Parameters:
    ///   - rows: number of rows (≥ 0).
    ///   - cols: number of columns (≥ 0).
    ///   - repeating: the value of every element.
    public init(rows: Int, cols: Int, repeating: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(cols)")
        self.rows = rows
        self.cols = cols
        self.values = [Double](repeating: repeating, count: rows * cols)
    }

    /// A matrix from row-major storage.
    /// - Parameters:
    ///   - rows: number of rows (≥ 0).
    ///   - cols: number of columns (≥ 0).
    ///   - values: `rows * cols` elements in row-major order.
    public init(rows: Int, cols: Int, values: [Double]) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(cols)")
        precondition(values.count == rows * cols,
                     "Matrix \(rows)×\(cols) needs \(rows * cols) values, got \(values.count)")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix from an array of equally long rows.
    /// - Parameter rowArrays: the rows; all must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let cols = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == cols }, "All rows of a Matrix must have the same length")
        self.init(rows: rowArrays.count, cols: cols, values: rowArrays.flatMap { $0 })
    }

    /// The `n × n` identity matrix.
    /// - Parameter n: the size.
    /// - Returns: the identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.values[i * n + i] = 1 }
        return m
    }

    /// Element `(i, j)`.
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Index (\(i), \(j)) out of range for \(rows)×\(cols) matrix")
            return values[i * cols + j]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < cols, "Index (\(i), \(j)) out of range for \(rows)×\(cols) matrix")
            values[i * cols + j] = newValue
        }
    }

    /// A copy of row `i`.
    /// - Parameter i: the row index.
    /// - Returns: the `cols` elements of that row.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Row \(i) out of range for \(rows)×\(cols) matrix")
        return Array(values[(i * cols)..<((i + 1) * cols)])
    }

    /// A copy of column `j`.
    /// - Parameter j: the column index.
    /// - Returns: the `rows` elements of that column.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < cols, "Column \(j) out of range for \(rows)×\(cols) matrix")
        return (0..<rows).map { values[$0 * cols + j] }
    }

    /// The sub-matrix made of a contiguous range of rows (e.g. the first `P` training inputs).
    /// - Parameter range: the rows to keep.
    /// - Returns: a `range.count × cols` matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows,
                     "Row range \(range) out of range for \(rows)×\(cols) matrix")
        return Matrix(rows: range.count, cols: cols,
                      values: Array(values[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        values.withUnsafeBufferPointer { src in
            t.values.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows {
                    for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] }
                }
            }
        }
        return t
    }

    /// The main diagonal.
    /// - Returns: the `min(rows, cols)` elements `(i, i)`.
    public func diagonal() -> [Double] {
        (0..<min(rows, cols)).map { values[$0 * cols + $0] }
    }

    /// Whether every element is finite (no NaN or infinity).
    public var isFinite: Bool { values.allSatisfy { $0.isFinite } }

    /// Elementwise sum.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Matrix sum needs equal shapes")
        return Matrix(rows: lhs.rows, cols: lhs.cols, values: zip(lhs.values, rhs.values).map { $0 + $1 })
    }

    /// Elementwise difference.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.cols == rhs.cols, "Matrix difference needs equal shapes")
        return Matrix(rows: lhs.rows, cols: lhs.cols, values: zip(lhs.values, rhs.values).map { $0 - $1 })
    }

    /// Multiplication by a scalar.
    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        Matrix(rows: matrix.rows, cols: matrix.cols, values: matrix.values.map { scalar * $0 })
    }
}
