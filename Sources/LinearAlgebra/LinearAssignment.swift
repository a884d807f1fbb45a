/// The linear assignment problem: a minimum-cost perfect matching of the rows of a dense square
/// cost matrix `C` (`n × n`) to its columns, `min_σ Σ_i C[i, σ(i)]` over permutations `σ`.
///
/// **Algorithm.** The Hungarian method in its shortest-augmenting-path form with dual potentials
/// (Kuhn 1955, Munkres 1957; Jonker & Volgenant 1987's O(n³) organisation): rows are added one at a
/// time, in the order `0 ..< n`; for each, a Dijkstra-like search over reduced costs
/// `C[i, j] − u_i − v_j ≥ 0` finds a shortest augmenting path, and the potentials are updated so
/// that the reduced costs stay non-negative and vanish along the matching. O(n³) time, O(n) memory
/// beyond the matrix.
///
/// **Ties.** The search takes the column with the smallest slack and, among equal slacks, the lowest
/// column index; the result is therefore a fixed function of the matrix (no randomness, no
/// dependence on threads). When several permutations are optimal, which one is returned is part of
/// that function, not a documented choice.
///
/// **Certificate.** On return `u_i + v_j ≤ C[i, j]` for every pair (up to rounding) with equality on
/// the assignment, so `Σu + Σv` equals the optimal cost: linear-programming duality proves the
/// matching optimal. `rowPotentials` and `columnPotentials` expose `u` and `v` for such checks.
public struct LinearAssignment: Sendable, Equatable {
    /// `columnOfRow[i]` is the column matched to row `i` (a permutation of `0 ..< n`).
    public let columnOfRow: [Int]
    /// The optimal cost `Σ_i C[i, columnOfRow[i]]`, summed in row order from the matrix entries.
    public let cost: Double
    /// The dual potentials `u_i` of the rows.
    public let rowPotentials: [Double]
    /// The dual potentials `v_j` of the columns.
    public let columnPotentials: [Double]

    /// Solves the assignment problem for a square cost matrix.
    /// - Parameter costs: the `n × n` cost matrix (`n ≥ 0`), finite entries.
    /// - Throws: `LinearAlgebraError.notSquare` for a non-square matrix, `.nonFiniteInput` when an entry
    ///   is NaN or infinite (or the potentials overflow for costs near the largest doubles).
    public init(costs: Matrix) throws {
        guard costs.rows == costs.cols else { throw LinearAlgebraError.notSquare(rows: costs.rows, cols: costs.cols) }
        guard costs.values.allSatisfy(\.isFinite) else {
            throw LinearAlgebraError.nonFiniteInput(operation: "linear assignment (a cost entry)")
        }
        let n = costs.rows
        let (rowOfColumn, u, v) = try costs.values.withUnsafeBufferPointer { try Self.shortestAugmentingPaths($0, n: n) }
        var columnOfRow = [Int](repeating: 0, count: n)
        for j in stride(from: 1, through: n, by: 1) { columnOfRow[rowOfColumn[j] - 1] = j - 1 }
        var total = 0.0
        for i in 0..<n { total += costs.values[i * n + columnOfRow[i]] }
        self.columnOfRow = columnOfRow
        self.cost = total
        self.rowPotentials = Array(u.dropFirst())
        self.columnPotentials = Array(v.dropFirst())
    }

    /// The Hungarian method with potentials on a row-major `n × n` cost buffer.
    /// - Parameters:
    ///   - c: the costs, `c[i * n + j]`.
    ///   - n: the size.
    /// - Returns: 1-based arrays: the row matched to column `j` (index 0 unused), the row potentials
    ///   `u` and the column potentials `v` (index 0: the virtual row/column).
    /// - Throws: `LinearAlgebraError.nonFiniteInput` when the potentials overflow.
    private static func shortestAugmentingPaths(_ c: UnsafeBufferPointer<Double>, n: Int) throws -> ([Int], [Double], [Double]) {
        var u = [Double](repeating: 0, count: n + 1)
        var v = [Double](repeating: 0, count: n + 1)
        var rowOfColumn = [Int](repeating: 0, count: n + 1)   // 0: the column is free
        var predecessor = [Int](repeating: 0, count: n + 1)   // the previous column on the shortest path
        var minSlack = [Double](repeating: 0, count: n + 1)
        var used = [Bool](repeating: false, count: n + 1)
        for row in stride(from: 1, through: n, by: 1) {
            rowOfColumn[0] = row
            var j0 = 0
            for j in 0...n {
                minSlack[j] = .infinity
                used[j] = false
            }
            repeat {
                used[j0] = true
                let i0 = rowOfColumn[j0]
                let base = (i0 - 1) * n - 1
                let ui0 = u[i0]
                var delta = Double.infinity
                var j1 = 0
                for j in 1...n where !used[j] {
                    let slack = c[base + j] - ui0 - v[j]
                    if slack < minSlack[j] {
                        minSlack[j] = slack
                        predecessor[j] = j0
                    }
                    if minSlack[j] < delta {
                        delta = minSlack[j]
                        j1 = j
                    }
                }
                guard j1 != 0, delta.isFinite else {
                    throw LinearAlgebraError.nonFiniteInput(operation: "linear assignment (the dual potentials overflowed: rescale the costs)")
                }
                for j in 0...n {
                    if used[j] {
                        u[rowOfColumn[j]] += delta
                        v[j] -= delta
                    } else {
                        minSlack[j] -= delta
                    }
                }
                j0 = j1
            } while rowOfColumn[j0] != 0
            // Augment along the path back to the virtual column 0.
            repeat {
                let j1 = predecessor[j0]
                rowOfColumn[j0] = rowOfColumn[j1]
                j0 = j1
            } while j0 != 0
        }
        return (rowOfColumn, u, v)
    }
}
