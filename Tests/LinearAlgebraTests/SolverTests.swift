import Foundation
import Testing
import LinearAlgebra
import TestSupport

/// The Dottie number, the unique real solution of cos x = x.
private let dottie = 0.739_085_133_215_160_6

@Suite("Root finding and fixed points")
struct SolverTests {
    @Test("Brent finds the solution of cos x = x")
    func cosineRoot() throws {
        let r = try RootFinder.brent({ cos($0) - $0 }, lower: 0, upper: 1, tolerance: 1e-14)
        #expect(abs(r.x - dottie) < 1e-14)
        #expect(abs(r.residual) < 1e-14)
        #expect(r.iterations > 0 && r.iterations < 20)
    }

    @Test("Wallis's cubic x³ − 2x − 5 has its root at 2.0945514815423265")
    func wallisCubic() throws {
        let r = try RootFinder.brent({ $0 * $0 * $0 - 2 * $0 - 5 }, lower: 2, upper: 3)
        #expect(abs(r.x - 2.094_551_481_542_326_5) < 1e-12)
    }

    @Test("all three roots of (x + 1.5)(x − 0.2)(x − 2) are bracketed and found")
    func threeRoots() throws {
        let f: (Double) -> Double = { ($0 + 1.5) * ($0 - 0.2) * ($0 - 2) }
        let grid = stride(from: -3.0, through: 3.0, by: 0.25).map { $0 + 0.01 }
        let brackets = RootFinder.bracketAll(f, grid: grid)
        #expect(brackets.count == 3)
        let roots = try brackets.map { try RootFinder.brent(f, lower: $0.lowerBound, upper: $0.upperBound).x }
        #expect(allClose(roots, [-1.5, 0.2, 2], relative: 0, absolute: 1e-12))
    }

    @Test("bracketAll reports exact zeros on the grid once")
    func zerosOnGrid() {
        #expect(RootFinder.bracketAll({ $0 }, grid: [-1, 0, 1]) == [0...0])
        #expect(RootFinder.bracketAll({ $0 * $0 + 1 }, grid: [-1, 0, 1]).isEmpty)
    }

    @Test("a bracket without a sign change, a bad bracket, NaN and too few iterations throw")
    func failures() throws {
        #expect(throws: SolverError.noSignChange(lower: -1, upper: 1, valueAtLower: 2, valueAtUpper: 2)) {
            try RootFinder.brent({ $0 * $0 + 1 }, lower: -1, upper: 1)
        }
        let message = SolverError.noSignChange(lower: -1, upper: 1, valueAtLower: 2, valueAtUpper: 2).description
        #expect(message.contains("same sign"))
        #expect(throws: SolverError.invalidBracket(lower: 1, upper: 0)) {
            try RootFinder.brent({ $0 }, lower: 1, upper: 0)
        }
        #expect(throws: SolverError.self) { try RootFinder.brent({ _ in .nan }, lower: 0, upper: 1) }
        #expect(throws: SolverError.self) {
            try RootFinder.brent({ cos($0) - $0 }, lower: 0, upper: 1, tolerance: 1e-15, maxIterations: 2)
        }
        let exact = try RootFinder.brent({ $0 - 1 }, lower: 1, upper: 2)
        #expect(exact.x == 1 && exact.iterations == 0)
    }

    @Test("the fixed point of cos is the Dottie number")
    func scalarFixedPoint() throws {
        let plain = try FixedPoint.solve({ [cos($0[0])] }, start: [1], tolerance: 1e-13)
        #expect(abs(plain.solution[0] - dottie) < 1e-12)
        let accelerated = try FixedPoint.solve({ [cos($0[0])] }, start: [1], tolerance: 1e-13, andersonMemory: 2)
        #expect(abs(accelerated.solution[0] - dottie) < 1e-12)
        #expect(accelerated.iterations < plain.iterations)
    }

    @Test("a linear contraction converges to (I − A)⁻¹ b, with and without Anderson")
    func linearSystem() throws {
        let n = 8
        var rng = RandomStream(seed: 21, stream: [4])
        var a = Matrix(rows: n, cols: n, values: rng.fillGaussian(n * n))
        a = (0.9 / 8.0.squareRoot() / 3) * a          // spectral radius well below 1
        let b = rng.fillGaussian(n)
        let g: ([Double]) -> [Double] = { x in zip(matvec(a, x), b).map { $0 + $1 } }
        // Reference: (I − A) x = b by LU-free normal equations (I − A)ᵀ(I − A) x = (I − A)ᵀ b.
        let m = Matrix.identity(n) - a
        let exact = try CholeskyFactor(matmul(m, m, transposeA: true)).solve(matvec(m, b, transpose: true))
        let plain = try FixedPoint.solve(g, start: [Double](repeating: 0, count: n), tolerance: 1e-12)
        let anderson = try FixedPoint.solve(g, start: [Double](repeating: 0, count: n), tolerance: 1e-12,
                                            andersonMemory: n)
        #expect(maxAbsDifference(plain.solution, exact) < 1e-10)
        #expect(maxAbsDifference(anderson.solution, exact) < 1e-10)
        #expect(anderson.iterations <= n + 3)
        #expect(anderson.iterations < plain.iterations)
    }

    @Test("damping makes an expanding map converge; without it the iteration fails")
    func dampingNeeded() throws {
        let g: ([Double]) -> [Double] = { [-2 * $0[0] + 3] }   // fixed point 1, |g'| = 2
        let damped = try FixedPoint.solve(g, start: [0], damping: 0.6, tolerance: 1e-13)
        #expect(abs(damped.solution[0] - 1) < 1e-12)
        #expect(throws: SolverError.self) { try FixedPoint.solve(g, start: [0], maxIterations: 50) }
        #expect(throws: SolverError.self) { try FixedPoint.solve(g, start: [0], damping: 1) }
        #expect(throws: SolverError.self) { try FixedPoint.solve({ _ in [1, 2] }, start: [0]) }
    }
}
