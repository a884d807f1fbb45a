import Foundation
import Testing
import LinearAlgebra
import TestSupport

/// A random symmetric positive-definite matrix `B Bᵀ + shift·I`.
private func randomSPD(_ n: Int, seed: UInt64, shift: Double = 1) -> Matrix {
    var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("spd")])
    let b = Matrix(rows: n, cols: n, values: rng.fillGaussian(n * n))
    return rowGram(b) + shift * Matrix.identity(n)
}

@Suite("Cholesky and symmetric eigen-decomposition")
struct FactorizationTests {
    @Test("L Lᵀ reproduces the matrix, solves have small residuals")
    func choleskySolve() throws {
        let a = randomSPD(30, seed: 11)
        let chol = try CholeskyFactor(a)
        let l = chol.lower
        for i in 0..<30 { for j in (i + 1)..<30 { #expect(l[i, j] == 0) } }
        #expect(maxAbsDifference(matmul(l, l, transposeB: true).values, a.values) < 1e-11)

        var rng = RandomStream(seed: 5, stream: [1])
        let b = rng.fillGaussian(30)
        let x = chol.solve(b)
        #expect(maxAbsDifference(matvec(a, x), b) < 1e-11)

        let bs = Matrix(rows: 30, cols: 4, values: rng.fillGaussian(120))
        let xs = chol.solve(bs)
        #expect(maxAbsDifference(matmul(a, xs).values, bs.values) < 1e-11)
        #expect(allClose(xs.column(2), chol.solve(bs.column(2)), relative: 1e-12, absolute: 1e-14))
    }

    @Test("whitenRows gives squared norms bᵀA⁻¹b")
    func whitening() throws {
        let a = randomSPD(12, seed: 12)
        let chol = try CholeskyFactor(a)
        var rng = RandomStream(seed: 6, stream: [2])
        let b = Matrix(rows: 5, cols: 12, values: rng.fillGaussian(60))
        let w = chol.whitenRows(b)
        for j in 0..<5 {
            let row = b.row(j)
            #expect(isClose(dot(w.row(j), w.row(j)), dot(row, chol.solve(row)), relative: 1e-12))
        }
    }

    @Test("log-determinant agrees with the 2×2 formula and with the eigenvalues")
    func logDeterminant() throws {
        let small = Matrix([[4, 1], [1, 3]])
        #expect(isClose(try CholeskyFactor(small).logDeterminant, log(11.0), relative: 1e-14))
        let a = randomSPD(25, seed: 13)
        let fromEigen = try SymmetricEigen(a).values.reduce(0) { $0 + log($1) }
        #expect(isClose(try CholeskyFactor(a).logDeterminant, fromEigen, relative: 1e-12))
    }

    @Test("indefinite, non-square and non-finite inputs throw clear errors")
    func choleskyFailures() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) {
            try CholeskyFactor(Matrix([[1, 2], [2, 1]]))
        }
        #expect(throws: LinearAlgebraError.notSquare(rows: 2, cols: 3)) {
            try CholeskyFactor(Matrix(rows: 2, cols: 3))
        }
        #expect(throws: LinearAlgebraError.nonFiniteInput(operation: "Cholesky factorisation")) {
            try CholeskyFactor(Matrix([[1, 0], [.nan, 1]]))
        }
        let message = LinearAlgebraError.notPositiveDefinite(minor: 2).description
        #expect(message.contains("not positive definite") && message.contains("order 2"))
    }

    @Test("eigenvalues of the 1-D Laplacian match 2 − 2cos(kπ/(n+1))")
    func laplacianSpectrum() throws {
        let n = 40
        var a = Matrix(rows: n, cols: n)
        for i in 0..<n {
            a[i, i] = 2
            if i + 1 < n { a[i, i + 1] = -1; a[i + 1, i] = -1 }
        }
        let eigen = try SymmetricEigen(a)
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }
        #expect(maxAbsDifference(eigen.values, exact) < 1e-13)
        // Eigenvector k is sin(i k π/(n+1)) up to sign and normalisation.
        let k = 3
        let v = eigen.vectors.column(k - 1)
        let s = (0..<n).map { sin(Double(($0 + 1) * k) * Double.pi / Double(n + 1)) }
        let overlap = abs(dot(v, s)) / dot(s, s).squareRoot()
        #expect(isClose(overlap, 1, relative: 1e-12))
    }

    @Test("A V = V Λ with orthonormal columns and ascending eigenvalues")
    func eigenDecomposition() throws {
        let n = 20
        var rng = RandomStream(seed: 14, stream: [3])
        let b = Matrix(rows: n, cols: n, values: rng.fillGaussian(n * n))
        let a = 0.5 * (b + b.transposed)
        let e = try SymmetricEigen(a)
        #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 })
        let av = matmul(a, e.vectors)
        var vl = e.vectors
        for i in 0..<n { for j in 0..<n { vl[i, j] *= e.values[j] } }
        #expect(maxAbsDifference(av.values, vl.values) < 1e-12)
        let vtv = matmul(e.vectors, e.vectors, transposeA: true)
        #expect(maxAbsDifference(vtv.values, Matrix.identity(n).values) < 1e-13)
        #expect(throws: LinearAlgebraError.notSquare(rows: 1, cols: 2)) { try SymmetricEigen(Matrix(rows: 1, cols: 2)) }
    }

    @Test("BLAS thread count can be set")
    func blasThreads() {
        let before = BLASThreads.current
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        BLASThreads.set(before)
    }
}
