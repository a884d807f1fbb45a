import Foundation
import LinearAlgebra
import Testing
import TestSupport

/// The Hungarian / Jonker–Volgenant solver against brute force over all permutations, a closed form
/// (sorted 1-D matching) and its own LP-duality certificate.
@Suite("Linear assignment")
struct LinearAssignmentTests {
    /// The minimum of `Σ_i c[i, σ(i)]` over all permutations σ (Heap's algorithm), summed in row order.
    func bruteForceMinimum(_ c: Matrix) -> Double {
        let n = c.rows
        var sigma = Array(0..<n), counters = [Int](repeating: 0, count: n)
        func cost() -> Double { (0..<n).reduce(0.0) { $0 + c[$1, sigma[$1]] } }
        var best = cost()
        var i = 0
        while i < n {
            if counters[i] < i {
                sigma.swapAt(i % 2 == 0 ? 0 : counters[i], i)
                best = min(best, cost())
                counters[i] += 1
                i = 0
            } else {
                counters[i] = 0
                i += 1
            }
        }
        return best
    }

    /// Whether the result is a permutation whose cost is its entries' sum and whose potentials are a
    /// dual-feasible certificate (reduced costs ≥ −tolerance, zero on the matching).
    func isCertified(_ a: LinearAssignment, _ c: Matrix, tolerance: Double) -> Bool {
        let n = c.rows
        guard Set(a.columnOfRow) == Set(0..<n), a.columnOfRow.count == n else { return false }
        let sum = (0..<n).reduce(0.0) { $0 + c[$1, a.columnOfRow[$1]] }
        guard sum == a.cost else { return false }
        for i in 0..<n {
            for j in 0..<n where c[i, j] - a.rowPotentials[i] - a.columnPotentials[j] < -tolerance { return false }
            if abs(c[i, a.columnOfRow[i]] - a.rowPotentials[i] - a.columnPotentials[a.columnOfRow[i]]) > tolerance { return false }
        }
        return isClose(a.rowPotentials.reduce(0, +) + a.columnPotentials.reduce(0, +), a.cost, relative: 1e-12, absolute: tolerance * Double(n))
    }

    @Test("integer costs with many ties: the brute-force optimum for n = 1 … 7")
    func integerCostsAgainstBruteForce() throws {
        var stream = RandomStream(seed: 11, stream: [RandomStream.purpose("assignment-integer")])
        var checked = 0
        for n in 1...7 {
            for range in [2, 5, 1000] {
                for _ in 0..<(n <= 5 ? 60 : 15) {
                    let c = Matrix(rows: n, cols: n, values: (0..<(n * n)).map { _ in Double(stream.nextUInt64() % UInt64(range)) - Double(range / 2) })
                    let a = try LinearAssignment(costs: c)
                    #expect(a.cost == bruteForceMinimum(c), "n = \(n), range \(range)")
                    #expect(isCertified(a, c, tolerance: 0), "n = \(n)")
                    checked += 1
                }
            }
        }
        #expect(checked == 5 * 3 * 60 + 2 * 3 * 15)
    }

    @Test("real costs (Gaussian, uniform, wide range): the brute-force optimum for n = 1 … 7")
    func realCostsAgainstBruteForce() throws {
        var stream = RandomStream(seed: 12, stream: [RandomStream.purpose("assignment-real")])
        for n in 1...7 {
            for _ in 0..<(n <= 5 ? 80 : 20) {
                let gaussian = Matrix(rows: n, cols: n, values: stream.fillGaussian(n * n))
                let wide = Matrix(rows: n, cols: n, values: stream.fillUniform(n * n).map { exp(20 * ($0 - 0.5)) })
                for c in [gaussian, wide] {
                    let a = try LinearAssignment(costs: c)
                    let best = bruteForceMinimum(c)
                    #expect(isClose(a.cost, best, relative: 1e-12, absolute: 1e-12), "n = \(n): \(a.cost) vs \(best)")
                    #expect(isCertified(a, c, tolerance: 1e-9 * c.values.map(abs).max()!), "n = \(n)")
                }
            }
        }
    }

    @Test("ties: an all-equal matrix, repeated rows and repeated calls give one fixed answer")
    func deterministicTies() throws {
        let flat = Matrix(rows: 5, cols: 5, repeating: 3)
        let a = try LinearAssignment(costs: flat)
        #expect(a.cost == 15 && Set(a.columnOfRow) == Set(0..<5))
        #expect(try LinearAssignment(costs: flat) == a)
        let repeated = Matrix([[1, 2, 3], [1, 2, 3], [1, 2, 3]])
        let r = try LinearAssignment(costs: repeated)
        let rAgain = try LinearAssignment(costs: repeated)
        #expect(r.cost == 6 && r == rAgain)
        // A unique optimum among ties elsewhere is found: the anti-diagonal.
        let anti = Matrix([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
        #expect(try LinearAssignment(costs: anti).columnOfRow == [2, 1, 0])
    }

    @Test("n = 0 and n = 1")
    func edgeCases() throws {
        let empty = try LinearAssignment(costs: Matrix(rows: 0, cols: 0))
        #expect(empty.columnOfRow.isEmpty && empty.cost == 0)
        let one = try LinearAssignment(costs: Matrix([[-2.5]]))
        #expect(one.columnOfRow == [0] && one.cost == -2.5)
    }

    @Test("a non-square matrix and NaN / ±∞ entries are refused")
    func refusals() {
        #expect(throws: LinearAlgebraError.notSquare(rows: 2, cols: 3)) { try LinearAssignment(costs: Matrix(rows: 2, cols: 3)) }
        #expect(throws: LinearAlgebraError.notSquare(rows: 0, cols: 1)) { try LinearAssignment(costs: Matrix(rows: 0, cols: 1)) }
        #expect(LinearAlgebraError.notSquare(rows: 2, cols: 3).description.contains("square"))
        for bad in [Double.nan, .infinity, -.infinity] {
            let error = #expect(throws: LinearAlgebraError.self) { try LinearAssignment(costs: Matrix([[0, 1], [bad, 2]])) }
            #expect(error?.description.contains("NaN or infinity") == true, "\(bad)")
        }
    }

    @Test("300 × 300: 1-D squared-distance costs give the sorted matching's cost; random costs are certified; timing printed")
    func largeProblem() throws {
        let n = 300
        var stream = RandomStream(seed: 13, stream: [RandomStream.purpose("assignment-large")])
        let x = stream.fillGaussian(n), y = stream.fillUniform(n).map { 4 * $0 - 2 }
        var c = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { c[i, j] = (x[i] - y[j]) * (x[i] - y[j]) } }
        let sortedCost = zip(x.sorted(), y.sorted()).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let start = Date()
        let a = try LinearAssignment(costs: c)
        let seconds = Date().timeIntervalSince(start)
        #expect(isClose(a.cost, sortedCost, relative: 1e-12), "\(a.cost) vs sorted \(sortedCost)")
        let random = Matrix(rows: n, cols: n, values: stream.fillUniform(n * n))
        let start2 = Date()
        let r = try LinearAssignment(costs: random)
        let seconds2 = Date().timeIntervalSince(start2)
        #expect(isCertified(r, random, tolerance: 1e-12))
        #expect(r.cost < 5)   // the expected optimum of uniform costs tends to π²/6 ≈ 1.64
        print(String(format: "LinearAssignment 300×300: %.1f ms (1-D squared distances), %.1f ms (uniform costs, optimum %.4f)",
                     seconds * 1e3, seconds2 * 1e3, r.cost))
    }
}
