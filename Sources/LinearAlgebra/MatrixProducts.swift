import CLapack

/// The matrix product `alpha · op(a) · op(b)` (CBLAS `dgemm`), where `op` optionally transposes.
/// - Parameters:
///   - a: the left factor.
///   - b: the right factor.
///   - transposeA: use `aᵀ` instead of `a`.
///   - transposeB: use `bᵀ` instead of `b`.
///   - alpha: a scale applied to the product.
/// - Returns: the `rows(op(a)) × cols(op(b))` product.
public func matmul(_ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
                   alpha: Double = 1) -> Matrix {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let kB = transposeB ? b.cols : b.rows
    let n = transposeB ? b.rows : b.cols
    precondition(k == kB, "matmul: inner dimensions differ (\(m)×\(k) times \(kB)×\(n))")
    var c = Matrix(rows: m, cols: n)
    if m == 0 || n == 0 || k == 0 { return c }
    a.values.withUnsafeBufferPointer { pa in
        b.values.withUnsafeBufferPointer { pb in
            c.values.withUnsafeMutableBufferPointer { pc in
                cblas_dgemm(CblasRowMajor,
                            transposeA ? CblasTrans : CblasNoTrans,
                            transposeB ? CblasTrans : CblasNoTrans,
                            blasint(m), blasint(n), blasint(k), alpha,
                            pa.baseAddress, blasint(a.cols),
                            pb.baseAddress, blasint(b.cols),
                            0, pc.baseAddress, blasint(n))
            }
        }
    }
    return c
}

/// The matrix–vector product `op(a) · x` (CBLAS `dgemv`).
/// - Parameters:
///   - a: the matrix.
///   - x: the vector; its length is `a.cols` (or `a.rows` when transposed).
///   - transpose: use `aᵀ` instead of `a`.
/// - Returns: the product vector.
public func matvec(_ a: Matrix, _ x: [Double], transpose: Bool = false) -> [Double] {
    let outCount = transpose ? a.cols : a.rows
    let inCount = transpose ? a.rows : a.cols
    precondition(x.count == inCount, "matvec: vector has \(x.count) elements, matrix needs \(inCount)")
    var y = [Double](repeating: 0, count: outCount)
    if outCount == 0 || inCount == 0 { return y }
    a.values.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                            blasint(a.rows), blasint(a.cols), 1, pa.baseAddress, blasint(a.cols),
                            px.baseAddress, 1, 0, py.baseAddress, 1)
            }
        }
    }
    return y
}

/// The Euclidean inner product `Σ a_i b_i` (CBLAS `ddot`).
/// - Parameters:
///   - a: first vector.
///   - b: second vector, same length.
/// - Returns: the inner product.
public func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot: lengths differ (\(a.count) vs \(b.count))")
    if a.isEmpty { return 0 }
    return a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            cblas_ddot(blasint(a.count), pa.baseAddress, 1, pb.baseAddress, 1)
        }
    }
}

/// The Gram matrix of the rows, `a · aᵀ` (CBLAS `dsyrk`), exactly symmetric.
///
/// Element `(i, j)` is the inner product of rows `i` and `j`; only one triangle is
/// computed and it is mirrored, so the result is symmetric bit for bit.
/// - Parameter a: the matrix whose rows are the vectors.
/// - Returns: the `a.rows × a.rows` matrix of row inner products.
public func rowGram(_ a: Matrix) -> Matrix {
    let n = a.rows
    var c = Matrix(rows: n, cols: n)
    if n == 0 || a.cols == 0 { return c }
    a.values.withUnsafeBufferPointer { pa in
        c.values.withUnsafeMutableBufferPointer { pc in
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, blasint(n), blasint(a.cols),
                        1, pa.baseAddress, blasint(a.cols), 0, pc.baseAddress, blasint(n))
            for i in 0..<n {
                for j in (i + 1)..<n { pc[j * n + i] = pc[i * n + j] }
            }
        }
    }
    return c
}
