import CLapack

/// The outcome of a fixed-point iteration.
public struct FixedPointResult: Sendable, Equatable {
    /// The converged point `x` (with `g(x) ≈ x`).
    public var solution: [Double]
    /// The number of evaluations of `g`.
    public var iterations: Int
    /// `max_i |g(x)_i − x_i|` at `solution`.
    public var residual: Double
}

/// Solves `x = g(x)` by damped iteration, optionally with Anderson acceleration.
public enum FixedPoint {
    /// Iterates `x ← damping·x + (1 − damping)·g(x)` until `max_i |g(x)_i − x_i| ≤ tolerance`.
    ///
    /// With `andersonMemory = m > 0` the step is Anderson-accelerated (type II, Walker & Ni,
    /// SIAM J. Numer. Anal. 49, 1715 (2011)) using the last `m` residual differences and mixing
    /// `β = 1 − damping`: with `f = g(x) − x` and `γ` minimising `|f − ΔF γ|₂`,
    /// `x ← g(x) − ΔG γ − damping·(f − ΔF γ)`. If the least-squares step fails or gives a
    /// non-finite point, the history is cleared and a plain damped step is taken.
    /// - Parameters:
    ///   - g: the map; it must return a vector of the same length as its argument.
    ///   - start: the initial point.
    ///   - damping: weight of the old iterate, in `[0, 1)`; 0 is the undamped iteration `x ← g(x)`.
    ///   - tolerance: bound on the max-norm of the residual `g(x) − x`.
    ///   - maxIterations: the most evaluations of `g`.
    ///   - andersonMemory: number of past differences Anderson acceleration uses (0 = off).
    /// - Returns: the solution, iteration count and final residual.
    /// - Throws: `SolverError.invalidParameter`, `.nonFiniteValue` (g returned NaN/∞),
    ///   `.didNotConverge`, or any error `g` throws.
    public static func solve(_ g: ([Double]) throws -> [Double], start: [Double], damping: Double = 0,
                             tolerance: Double = 1e-10, maxIterations: Int = 10_000,
                             andersonMemory: Int = 0) throws -> FixedPointResult {
        guard damping >= 0 && damping < 1 else {
            throw SolverError.invalidParameter("damping must be in [0, 1), got \(damping)")
        }
        guard tolerance > 0 else { throw SolverError.invalidParameter("tolerance must be positive, got \(tolerance)") }
        guard maxIterations >= 1 else { throw SolverError.invalidParameter("maxIterations must be ≥ 1, got \(maxIterations)") }
        guard andersonMemory >= 0 else {
            throw SolverError.invalidParameter("andersonMemory must be ≥ 0, got \(andersonMemory)")
        }
        guard start.allSatisfy({ $0.isFinite }) else { throw SolverError.nonFiniteValue(at: "the starting point") }

        let n = start.count
        var x = start
        var residual = Double.infinity
        var differencesF: [[Double]] = []
        var differencesG: [[Double]] = []
        var previousF: [Double]?
        var previousG: [Double]?

        for iteration in 1...maxIterations {
            let gx = try g(x)
            guard gx.count == n else {
                throw SolverError.invalidParameter("g returned \(gx.count) components for a point with \(n)")
            }
            guard gx.allSatisfy({ $0.isFinite }) else { throw SolverError.nonFiniteValue(at: "iteration \(iteration)") }
            var f = [Double](repeating: 0, count: n)
            residual = 0
            for i in 0..<n {
                f[i] = gx[i] - x[i]
                residual = max(residual, abs(f[i]))
            }
            if residual <= tolerance {
                return FixedPointResult(solution: x, iterations: iteration, residual: residual)
            }

            var next = [Double](repeating: 0, count: n)
            for i in 0..<n { next[i] = x[i] + (1 - damping) * f[i] }

            if andersonMemory > 0 {
                if let pf = previousF, let pg = previousG {
                    differencesF.append((0..<n).map { f[$0] - pf[$0] })
                    differencesG.append((0..<n).map { gx[$0] - pg[$0] })
                    if differencesF.count > andersonMemory {
                        differencesF.removeFirst()
                        differencesG.removeFirst()
                    }
                }
                previousF = f
                previousG = gx
                if !differencesF.isEmpty, let gamma = leastSquares(columns: differencesF, rhs: f) {
                    var accelerated = [Double](repeating: 0, count: n)
                    for i in 0..<n {
                        var dg = 0.0, df = 0.0
                        for j in gamma.indices {
                            dg += gamma[j] * differencesG[j][i]
                            df += gamma[j] * differencesF[j][i]
                        }
                        accelerated[i] = gx[i] - dg - damping * (f[i] - df)
                    }
                    if accelerated.allSatisfy({ $0.isFinite }) {
                        next = accelerated
                    } else {
                        differencesF.removeAll(); differencesG.removeAll()
                    }
                }
            }
            x = next
        }
        throw SolverError.didNotConverge(method: "fixed-point iteration", iterations: maxIterations, residual: residual)
    }

    /// Minimum-norm least-squares solution of `A γ ≈ b` (LAPACK `dgelsd`, SVD-based, relative cutoff 1e-12).
    /// - Parameters:
    ///   - columns: the columns of `A`, each of length `n`.
    ///   - rhs: `b`, length `n`.
    /// - Returns: `γ`, or `nil` if LAPACK fails.
    private static func leastSquares(columns: [[Double]], rhs: [Double]) -> [Double]? {
        let n = rhs.count, m = columns.count
        guard n > 0, m > 0 else { return nil }
        var a = [Double](repeating: 0, count: n * m)
        for j in 0..<m {
            for i in 0..<n { a[i * m + j] = columns[j][i] }
        }
        var b = [Double](repeating: 0, count: max(n, m))
        for i in 0..<n { b[i] = rhs[i] }
        var singular = [Double](repeating: 0, count: min(n, m))
        var rank: flrepro_lapack_int = 0
        let info = a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeMutableBufferPointer { pb in
                singular.withUnsafeMutableBufferPointer { ps in
                    LAPACKE_dgelsd(LAPACK_ROW_MAJOR, flrepro_lapack_int(n), flrepro_lapack_int(m), 1,
                                   pa.baseAddress, flrepro_lapack_int(m), pb.baseAddress, 1,
                                   ps.baseAddress, 1e-12, &rank)
                }
            }
        }
        guard info == 0 else { return nil }
        let gamma = Array(b[0..<m])
        return gamma.allSatisfy({ $0.isFinite }) ? gamma : nil
    }
}
