import Foundation
import LinearAlgebra

/// The plain population mean-field theory (P → ∞ at fixed `B̃ = B·P`, γ = 1/2):
/// `A = 1/σ_a² + B̃ Q/N`, `q_r(w) ∝ p0(w) A^{−1/2} exp(B̃² r² J²/(2NA))`, and the self-consistency
/// `m = B̃ r E_{q_r}[J²/A]` with `r = 1 − m` (`shared/science/mf2025-symmetry-breaking.md`, "Population form").
///
/// `f(r) = B̃ r E_{q_r}[J²/A] − (1 − r)` is −1 at `r → 0` and positive at `r = 1`; its root is found by
/// Brent's method in `ln r`. As `N → ∞`, `q → p0` and `m → B̃λ/(1 + B̃λ)` (kernel ridge regression),
/// `λ = grid.kernelProjection()`.
public enum PopulationMeanField {
    /// Solves the plain MF self-consistency at one `B̃`.
    /// - Parameters:
    ///   - grid: the precomputed grid.
    ///   - signal: `B̃ > 0`.
    ///   - tolerance: absolute tolerance on `ln r` (default 1e-12).
    /// - Returns: the solution and its observables.
    /// - Throws: `TheoryError.invalidParameter` for `B̃ ≤ 0`, `TheoryError.numericalFailure` if the root fails.
    public static func solve(grid: PopulationGrid, signal: Double, tolerance: Double = 1e-12) throws -> PopulationMeanFieldResult {
        try validateSignal(signal)
        let field = grid.field(signal: signal)
        let root = try residualRoot(grid: grid, field: field, precisions: (1, 1), tolerance: tolerance)
        return grid.summary(state: PopulationState(signal: signal, residual: root.residual), field: field,
                            residual: nil, iterations: root.iterations, converged: true)
    }

    /// The `B̃` at which the plain-MF order parameter reaches `threshold` (bisection-type Brent search in
    /// `ln B̃`; `m` increases monotonically with `B̃`).
    /// - Parameters:
    ///   - grid: the precomputed grid.
    ///   - threshold: `m*` in (0, 1) (default 0.5).
    ///   - lower: a `B̃` with `m < m*` (default 1).
    ///   - upper: a `B̃` with `m > m*` (default 1e12).
    ///   - relativeTolerance: on `B̃` (default 1e-6).
    /// - Returns: `B̃_c`.
    /// - Throws: `TheoryError.invalidParameter`, or `.numericalFailure` if `[lower, upper]` does not bracket `m*`.
    public static func criticalSignal(grid: PopulationGrid, threshold: Double = 0.5, lower: Double = 1, upper: Double = 1e12,
                                      relativeTolerance: Double = 1e-6) throws -> Double {
        guard threshold > 0 && threshold < 1 else {
            throw TheoryError.invalidParameter(name: "threshold", value: "\(threshold)", requirement: "must lie in (0, 1)")
        }
        try validateSignal(lower)
        guard upper > lower && upper.isFinite else {
            throw TheoryError.invalidParameter(name: "upper", value: "\(upper)", requirement: "must be finite and exceed lower = \(lower)")
        }
        var failure: Error?
        let f: (Double) -> Double = { logSignal in
            do { return try solve(grid: grid, signal: Foundation.exp(logSignal)).orderParameter - threshold } catch {
                failure = error
                return .nan
            }
        }
        do {
            let root = try RootFinder.brent(f, lower: Foundation.log(lower), upper: Foundation.log(upper), tolerance: relativeTolerance)
            return Foundation.exp(root.x)
        } catch {
            if let failure { throw failure }
            throw TheoryError.numericalFailure("plain MF critical signal: m = \(threshold) is not bracketed by B̃ in [\(lower), \(upper)] (\(error))")
        }
    }

    /// Throws unless `B̃` is finite and positive.
    static func validateSignal(_ signal: Double) throws {
        guard signal.isFinite && signal > 0 else {
            throw TheoryError.invalidParameter(name: "signal", value: "\(signal)", requirement: "B̃ = B·P must be finite and positive")
        }
    }

    /// The root `r` of `B̃ r E_{q_r}[J²/A] = 1 − r` at fixed precisions, by Brent's method in `ln r`.
    /// - Returns: `r` and the iteration count.
    static func residualRoot(grid: PopulationGrid, field: PopulationField, precisions: (relevant: Double, irrelevant: Double),
                             tolerance: Double = 1e-12) throws -> (residual: Double, iterations: Int) {
        let signal = field.signal
        let largest = field.overlapSquaredOverA.max() ?? 0
        // f(r) ≤ r(1 + B̃ max J²/A) − 1, negative at the lower end.
        let lowerLog = -Foundation.log1p(signal * largest) - Foundation.log(2)
        let f: (Double) -> Double = { u in
            let r = Foundation.exp(u)
            let g = grid.moments(field: field, residual: r, precisions: precisions).overlapSquaredOverA
            return signal * r * g - (1 - r)
        }
        do {
            let root = try RootFinder.brent(f, lower: lowerLog, upper: 0, tolerance: tolerance)
            return (Foundation.exp(root.x), root.iterations)
        } catch {
            throw TheoryError.numericalFailure("population MF at B̃ = \(signal): the root in r failed (\(error))")
        }
    }
}
