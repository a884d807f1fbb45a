import Testing
import LinearAlgebra
import TestSupport

/// A reference product by the textbook triple loop.
private func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
    let m = a.count, k = b.count, n = b.first?.count ?? 0
    return (0..<m).map { i in (0..<n).map { j in (0..<k).reduce(0.0) { $0 + a[i][$1] * b[$1][j] } } }
}

private func nestedRows(_ m: Matrix) -> [[Double]] { (0..<m.rows).map { m.row($0) } }

private func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
    var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("matrix-tests")])
    return Matrix(rows: rows, cols: cols, values: rng.fillGaussian(rows * cols))
}

@Suite("Matrix")
struct MatrixTests {
    @Test("storage is row-major")
    func rowMajorLayout() {
        let m = Matrix(rows: 2, cols: 3, values: [1, 2, 3, 4, 5, 6])
        #expect(m[0, 2] == 3)
        #expect(m[1, 0] == 4)
        #expect(m.row(1) == [4, 5, 6])
        #expect(m.column(1) == [2, 5])
        #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.diagonal() == [1, 5])
        #expect(m.rows(1..<2) == Matrix([[4, 5, 6]]))
        var e = m
        e[1, 2] = 9
        #expect(e.values == [1, 2, 3, 4, 5, 9])
    }

    @Test("identity, repeating and arithmetic")
    func constructors() {
        #expect(Matrix.identity(3).values == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(Matrix(rows: 2, cols: 2, repeating: 7).values == [7, 7, 7, 7])
        let a = Matrix([[1, 2], [3, 4]])
        #expect((a + a).values == [2, 4, 6, 8])
        #expect((a - a).values == [0, 0, 0, 0])
        #expect((0.5 * a).values == [0.5, 1, 1.5, 2])
    }

    @Test("matmul matches the triple loop for every transpose combination", arguments: [false, true], [false, true])
    func matmulAgainstNaive(transposeA: Bool, transposeB: Bool) {
        let a = randomMatrix(4, 5, seed: 1), b = randomMatrix(5, 3, seed: 2)
        let aStored = transposeA ? a.transposed : a
        let bStored = transposeB ? b.transposed : b
        let c = matmul(aStored, bStored, transposeA: transposeA, transposeB: transposeB, alpha: 2.5)
        let reference = naiveProduct(nestedRows(a), nestedRows(b)).flatMap { $0 }.map { 2.5 * $0 }
        #expect(c.rows == 4 && c.cols == 3)
        #expect(allClose(c.values, reference, relative: 1e-13, absolute: 1e-13))
    }

    @Test("matvec and dot match explicit sums")
    func matvecAndDot() {
        let a = randomMatrix(6, 4, seed: 3)
        let x = [1.0, -2, 0.5, 3]
        let y = [0.5, 1, -1, 2, 0, 1]
        let ax = (0..<6).map { i in (0..<4).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
        let aty = (0..<4).map { j in (0..<6).reduce(0.0) { $0 + a[$1, j] * y[$1] } }
        #expect(allClose(matvec(a, x), ax, relative: 1e-13, absolute: 1e-14))
        #expect(allClose(matvec(a, y, transpose: true), aty, relative: 1e-13, absolute: 1e-14))
        #expect(dot([1, 2, 3], [4, -5, 6]) == 12)
        #expect(dot([], []) == 0)
    }

    @Test("rowGram equals a·aᵀ and is exactly symmetric")
    func rowGramSymmetric() {
        let a = randomMatrix(7, 3, seed: 4)
        let g = rowGram(a)
        #expect(allClose(g.values, matmul(a, a, transposeB: true).values, relative: 1e-13, absolute: 1e-14))
        #expect(g == g.transposed)
    }

    @Test("empty shapes are handled")
    func emptyShapes() {
        let c = matmul(Matrix(rows: 2, cols: 0), Matrix(rows: 0, cols: 3))
        #expect(c == Matrix(rows: 2, cols: 3))
        #expect(matvec(Matrix(rows: 0, cols: 3), [1, 2, 3]).isEmpty)
        #expect(rowGram(Matrix(rows: 0, cols: 4)).values.isEmpty)
    }
}
