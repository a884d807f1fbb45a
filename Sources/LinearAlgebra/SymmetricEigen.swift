import CLapack

/// The eigen-decomposition `A = V diag(λ) Vᵀ` of a real symmetric matrix (LAPACK `dsyevd`).
public struct SymmetricEigen: Sendable {
    /// The eigenvalues in ascending order.
    public let values: [Double]
    /// The orthonormal eigenvectors as COLUMNS: column `j` belongs to `values[j]`.
    public let vectors: Matrix

    /// Decomposes `a`.
    /// - Parameter a: a symmetric matrix (only its upper triangle is read).
    /// - Throws: `LinearAlgebraError.notSquare`, `.nonFiniteInput`, `.eigenDecompositionFailed`.
    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else { throw LinearAlgebraError.notSquare(rows: a.rows, cols: a.cols) }
        let n = a.rows
        var v = a
        for i in 0..<n {
            for j in i..<n where !a.values[i * n + j].isFinite {
                throw LinearAlgebraError.nonFiniteInput(operation: "symmetric eigen-decomposition")
            }
        }
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = v.values.withUnsafeMutableBufferPointer { pv in
                w.withUnsafeMutableBufferPointer { pw in
                    LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                   flrepro_lapack_int(n), pv.baseAddress, flrepro_lapack_int(n), pw.baseAddress)
                }
            }
            if info > 0 { throw LinearAlgebraError.eigenDecompositionFailed(info: Int(info)) }
            if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dsyevd", info: Int(info)) }
        }
        values = w
        vectors = v
    }
}
