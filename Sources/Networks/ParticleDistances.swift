import Foundation
import LinearAlgebra

/// Distances between two particle sets of mean-field tanh networks (`TanhParticleNetwork`): on the
/// function side, `‖f_Θ − f_Θ′‖` in `L²(N(0, I_d))` by Monte Carlo; on the parameter side, the
/// 2-Wasserstein distance between the empirical measures `(1/N) Σ δ_θi` and `(1/N′) Σ δ_θ′j`, either
/// raw (cost `|θ − θ′|²`) or modulo the sign symmetry of tanh (cost `min(|θ − θ′|², |θ + θ′|²)`,
/// the W2 of the quotient space `R^D/{±1}`).
///
/// **Exact optimal transport.** For `N = N′` the optimal coupling of two uniform empirical measures
/// is a permutation (Birkhoff), found by `LinearAssignment`. For `N ≠ N′` both sets are replicated
/// to `L = lcm(N, N′)` points (each particle `L/N` resp. `L/N′` times): the transportation problem
/// with integer supplies has integer optimal vertices, so the assignment of the replicated sets is
/// an optimal coupling of the original measures (duplication `Θ ⊕ Θ` against `Θ`: `L = 2N`, W2 = 0).
/// `W2 = √(cost / L)`.
public enum ParticleDistances {
    /// The ground cost between two particles.
    public enum GroundCost: String, Sendable, CaseIterable {
        /// `|θ − θ′|²`.
        case squaredEuclidean
        /// `min(|θ − θ′|², |θ + θ′|²)`: the squared distance modulo `θ → −θ`.
        case signQuotient
    }

    /// A Monte-Carlo `L²` distance between two functions on the same inputs.
    public struct FunctionDistance: Sendable, Equatable {
        /// `√(mean_m (f(x_m) − g(x_m))²)`.
        public var absolute: Double
        /// `√(mean_m f(x_m)²)`, the norm of the reference function.
        public var referenceNorm: Double
        /// `absolute / referenceNorm`.
        public var relative: Double { absolute / referenceNorm }
    }

    /// The largest replicated size `L = lcm(N, N′)` accepted (an `L × L` cost matrix of doubles: 128 MiB).
    public static let maximumReplicatedSize = 4096

    /// The 2-Wasserstein distance between the uniform empirical measures of two point sets.
    /// - Parameters:
    ///   - first: `N × D`, one point per row (`N ≥ 1`).
    ///   - second: `N′ × D`.
    ///   - cost: the ground cost.
    /// - Returns: `W2 = (min over couplings of E|θ − θ′|²_cost)^{1/2}`.
    /// - Throws: `NetworkError.dimensionMismatch` for different `D`, empty sets or `lcm(N, N′)` above
    ///   `maximumReplicatedSize`; `LinearAlgebraError.nonFiniteInput` for non-finite points.
    public static func wasserstein2(_ first: Matrix, _ second: Matrix, cost: GroundCost) throws -> Double {
        guard first.cols == second.cols, first.rows >= 1, second.rows >= 1 else {
            throw NetworkError.dimensionMismatch("W2 needs two non-empty point sets of the same dimension, got \(first.rows)×\(first.cols) and \(second.rows)×\(second.cols)")
        }
        let n = first.rows, m = second.rows
        let size = n / greatestCommonDivisor(n, m) * m
        guard size <= maximumReplicatedSize else {
            throw NetworkError.dimensionMismatch("W2 between \(n) and \(m) particles needs lcm = \(size) replicated points, more than \(maximumReplicatedSize): use sizes with a larger common divisor")
        }
        let base = groundCosts(first, second, cost: cost)
        let firstCopies = size / n, secondCopies = size / m
        var costs = Matrix(rows: size, cols: size)
        costs.values.withUnsafeMutableBufferPointer { c in
            for r in 0..<size {
                let i = r / firstCopies
                for s in 0..<size { c[r * size + s] = base[i * m + s / secondCopies] }
            }
        }
        let assignment = try LinearAssignment(costs: costs)
        return (max(0, assignment.cost) / Double(size)).squareRoot()
    }

    /// The relative Monte-Carlo `L²` distance between two networks on common inputs.
    /// - Parameters:
    ///   - reference: `f_Θ`, whose norm is the unit.
    ///   - other: `f_Θ′`.
    ///   - inputs: `n × d` inputs (e.g. `gaussianInputs`).
    /// - Returns: the absolute distance and the reference norm.
    /// - Throws: `NetworkError.dimensionMismatch` when the dimensions differ.
    public static func functionDistance(_ reference: TanhParticleNetwork, _ other: TanhParticleNetwork, inputs: Matrix) throws -> FunctionDistance {
        try functionDistance(reference: try reference.outputs(inputs), other: try other.outputs(inputs))
    }

    /// The Monte-Carlo `L²` distance from precomputed outputs on common inputs.
    /// - Parameters:
    ///   - reference: `f(x_m)`.
    ///   - other: `g(x_m)`, as many.
    /// - Returns: the absolute distance and the reference norm.
    /// - Throws: `NetworkError.dimensionMismatch` for different or zero counts.
    public static func functionDistance(reference: [Double], other: [Double]) throws -> FunctionDistance {
        guard reference.count == other.count, !reference.isEmpty else {
            throw NetworkError.dimensionMismatch("function distance needs outputs on the same non-empty inputs, got \(reference.count) and \(other.count)")
        }
        var difference = 0.0, norm = 0.0
        for k in reference.indices {
            let e = reference[k] - other[k]
            difference += e * e
            norm += reference[k] * reference[k]
        }
        let count = Double(reference.count)
        return FunctionDistance(absolute: (difference / count).squareRoot(), referenceNorm: (norm / count).squareRoot())
    }

    /// Fresh standard Gaussian inputs `x ~ N(0, I_d)` for the Monte-Carlo norms.
    /// - Parameters:
    ///   - count: `n ≥ 1`.
    ///   - dimension: `d ≥ 1`.
    ///   - seed: the seed; the stream is `[purpose("identifiability-inputs")]`.
    /// - Returns: `n × d`, row after row from one stream.
    public static func gaussianInputs(count: Int, dimension: Int, seed: UInt64) -> Matrix {
        precondition(count >= 1 && dimension >= 1, "gaussianInputs: count and dimension must be positive")
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("identifiability-inputs")])
        return Matrix(rows: count, cols: dimension, values: stream.fillGaussian(count * dimension))
    }

    /// The `N × N′` ground costs, row-major.
    private static func groundCosts(_ first: Matrix, _ second: Matrix, cost: GroundCost) -> [Double] {
        let n = first.rows, m = second.rows, d = first.cols
        var result = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for j in 0..<m {
                var minus = 0.0, plus = 0.0
                for k in 0..<d {
                    let x = first.values[i * d + k], y = second.values[j * d + k]
                    minus += (x - y) * (x - y)
                    plus += (x + y) * (x + y)
                }
                result[i * m + j] = cost == .squaredEuclidean ? minus : min(minus, plus)
            }
        }
        return result
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
