import CLapack
import Foundation

/// The Cholesky factorisation `A = L Lᵀ` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Only the lower triangle of the input is read.
public struct CholeskyFactor: Sendable {
    /// The lower-triangular factor `L` (row-major; the strict upper triangle is zero).
    public let lower: Matrix

    /// The matrix size `n`.
    public var size: Int { lower.rows }

    /// Factorises `a`.
    /// - Parameter a: a symmetric positive-definite matrix (only its lower triangle is used).
    /// - Throws: `LinearAlgebraError.notSquare`, `.nonFiniteInput`, or
    ///   `.notPositiveDefinite(minor:)` naming the first leading minor that is not positive.
    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else { throw LinearAlgebraError.notSquare(rows: a.rows, cols: a.cols) }
        let n = a.rows
        var l = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0...i {
                let v = a.values[i * n + j]
                guard v.isFinite else { throw LinearAlgebraError.nonFiniteInput(operation: "Cholesky factorisation") }
                l.values[i * n + j] = v
            }
        }
        if n > 0 {
            let info = l.values.withUnsafeMutableBufferPointer { p in
                LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), flrepro_lapack_int(n), p.baseAddress, flrepro_lapack_int(n))
            }
            if info > 0 { throw LinearAlgebraError.notPositiveDefinite(minor: Int(info)) }
            if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dpotrf", info: Int(info)) }
        }
        lower = l
    }

    /// Solves `A x = b`.
    /// - Parameter b: the right-hand side (length `n`).
    /// - Returns: `x = A⁻¹ b`.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == size, "Cholesky solve: right-hand side has \(b.count) elements, expected \(size)")
        if size == 0 { return [] }
        return solve(Matrix(rows: size, cols: 1, values: b)).values
    }

    /// Solves `A X = B` for several right-hand sides at once (LAPACK `dpotrs`).
    /// - Parameter b: the `n × m` right-hand sides, one per column.
    /// - Returns: `X = A⁻¹ B`.
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == size, "Cholesky solve: right-hand side has \(b.rows) rows, expected \(size)")
        var x = b
        if size == 0 || b.cols == 0 { return x }
        let info = lower.values.withUnsafeBufferPointer { pl in
            x.values.withUnsafeMutableBufferPointer { px in
                LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), flrepro_lapack_int(size), flrepro_lapack_int(b.cols),
                               pl.baseAddress, flrepro_lapack_int(size), px.baseAddress, flrepro_lapack_int(b.cols))
            }
        }
        precondition(info == 0, "LAPACK dpotrs failed with info = \(info)")
        return x
    }

    /// Computes `B L⁻ᵀ` (CBLAS `dtrsm`): row `j` of the result is `L⁻¹ bⱼ` for row `bⱼ` of `B`.
    ///
    /// With `B` the test×train cross-covariance this gives the whitened vectors whose squared
    /// norms are the quadratic forms `bⱼᵀ A⁻¹ bⱼ` used in predictive variances.
    /// - Parameter b: an `m × n` matrix.
    /// - Returns: the `m × n` matrix `B L⁻ᵀ`.
    public func whitenRows(_ b: Matrix) -> Matrix {
        precondition(b.cols == size, "whitenRows: matrix has \(b.cols) columns, expected \(size)")
        var x = b
        if size == 0 || b.rows == 0 { return x }
        lower.values.withUnsafeBufferPointer { pl in
            x.values.withUnsafeMutableBufferPointer { px in
                cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            blasint(b.rows), blasint(size), 1, pl.baseAddress, blasint(size),
                            px.baseAddress, blasint(size))
            }
        }
        return x
    }

    /// `log det A = 2 Σ log L_ii`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<size { s += Foundation.log(lower.values[i * size + i]) }
        return 2 * s
    }
}
