/// The outcome of a scalar root search.
public struct RootResult: Sendable, Equatable {
    /// The root estimate.
    public var x: Double
    /// `f(x)` at the estimate.
    public var residual: Double
    /// The number of iterations used.
    public var iterations: Int
}

/// Scalar root finding: Brent's method and sign-change scanning.
public enum RootFinder {
    /// Finds a root of `f` in `[lower, upper]` by Brent's method (inverse quadratic interpolation,
    /// secant and bisection steps; R. P. Brent, *Algorithms for Minimization without Derivatives*, 1973).
    /// - Parameters:
    ///   - f: the function; `f(lower)` and `f(upper)` must differ in sign (or one be zero).
    ///   - lower: left end of the bracket.
    ///   - upper: right end of the bracket.
    ///   - tolerance: absolute tolerance on the root's location.
    ///   - maxIterations: iteration limit.
    /// - Returns: the root, `f` there, and the iteration count.
    /// - Throws: `SolverError.noSignChange` when the bracket has no sign change,
    ///   `.invalidBracket`, `.nonFiniteValue`, or `.didNotConverge`.
    public static func brent(_ f: (Double) -> Double, lower: Double, upper: Double,
                             tolerance: Double = 1e-12, maxIterations: Int = 200) throws -> RootResult {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw SolverError.invalidBracket(lower: lower, upper: upper)
        }
        guard tolerance > 0 else { throw SolverError.invalidParameter("tolerance must be positive, got \(tolerance)") }
        var a = lower, b = upper
        var fa = f(a), fb = f(b)
        guard fa.isFinite else { throw SolverError.nonFiniteValue(at: "x = \(a)") }
        guard fb.isFinite else { throw SolverError.nonFiniteValue(at: "x = \(b)") }
        if fa == 0 { return RootResult(x: a, residual: 0, iterations: 0) }
        if fb == 0 { return RootResult(x: b, residual: 0, iterations: 0) }
        guard (fa < 0) != (fb < 0) else {
            throw SolverError.noSignChange(lower: lower, upper: upper, valueAtLower: fa, valueAtUpper: fb)
        }
        // Invariant: b is the best estimate, c the contrapoint (f(b), f(c) of opposite sign), a the previous b.
        var c = a, fc = fa
        var d = b - a, e = d
        for iteration in 1...max(1, maxIterations) {
            if (fb < 0) == (fc < 0) {
                c = a; fc = fa
                d = b - a; e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let half = 0.5 * (c - b)
            if abs(half) <= tol || fb == 0 {
                return RootResult(x: b, residual: fb, iterations: iteration)
            }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                // Interpolation: secant when a == c, inverse quadratic otherwise.
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * half * s
                    q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * half * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = half; e = d
                }
            } else {
                d = half; e = d
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (half > 0 ? tol : -tol)
            fb = f(b)
            guard fb.isFinite else { throw SolverError.nonFiniteValue(at: "x = \(b)") }
        }
        throw SolverError.didNotConverge(method: "Brent's method", iterations: maxIterations, residual: fb)
    }

    /// Every sign change of `f` between consecutive grid points, to detect multiple roots.
    ///
    /// A grid point where `f` is exactly zero is reported as the degenerate interval `x...x`
    /// (and the neighbouring intervals are not reported again for it). Intervals where `f` is not
    /// finite at an end are skipped. Roots of even multiplicity, or pairs of roots closer than the
    /// grid spacing, produce no sign change and are missed: refine the grid to find them.
    /// - Parameters:
    ///   - f: the function.
    ///   - grid: strictly increasing abscissae.
    /// - Returns: the bracketing intervals in increasing order.
    public static func bracketAll(_ f: (Double) -> Double, grid: [Double]) -> [ClosedRange<Double>] {
        precondition(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 }, "bracketAll: the grid must be strictly increasing")
        let values = grid.map(f)
        var brackets: [ClosedRange<Double>] = []
        for i in grid.indices {
            let v = values[i]
            if v == 0 {
                brackets.append(grid[i]...grid[i])
                continue
            }
            guard i + 1 < grid.count else { break }
            let w = values[i + 1]
            guard v.isFinite, w.isFinite, w != 0 else { continue }
            if (v < 0) != (w < 0) { brackets.append(grid[i]...grid[i + 1]) }
        }
        return brackets
    }
}
