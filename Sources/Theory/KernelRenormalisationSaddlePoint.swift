import Foundation
import LinearAlgebra

/// The saddle point of the kernel-renormalisation effective action for the order parameter `Q̄`
/// (the readout's renormalised variance in prior units, `λ1⟨v²⟩ = Q̄`).
///
/// With `K = U diag(k_a) Uᵀ`, `ỹ = Uᵀy`, `A = T·I + Q K/λ1`:
///
///     S(Q) = Q − log Q + (1/N) Σ_a [log(T + Q k_a/λ1) + ỹ_a²/(T + Q k_a/λ1)]
///     S′(Q) = 1 − 1/Q + [Tr(A⁻¹K) − yᵀA⁻¹KA⁻¹y]/(N λ1)            (the residual `g(Q)`)
///
/// `Q̄` solves `g(Q̄) = 0`. Limits: `α = P/N → 0` gives `Q̄ = 1` (NNGP); `T → ∞` gives `Q̄ → 1`;
/// `T → 0` gives `1 − (1 − α)/Q̄ − λ1 yᵀK⁻¹y/(N Q̄²) = 0`.
///
/// **Root finding** (robust where `S` is flat): every root lies in `[Q_lo, Q_hi]`, proven below; a
/// grid of `scanPoints` log-spaced points there is scanned for sign changes of `g`, each refined by
/// Brent's method, and among the minima of `S` (sign changes from − to +) the one with the lowest
/// `S` is `Q̄`.
/// * `g(Q) ≤ 1 − 1/Q + min(τ, α/Q)` with `τ = Tr K/(N T λ1)`, so `g < 0` for
///   `Q < max(1/(1 + τ), 1 − α)`: `Q_lo` is half of that.
/// * `g(Q) ≥ 1 − (1 + |y|²/(4NT))/Q` (since `k/(T + Qk/λ1)² ≤ λ1/(4TQ)`) and
///   `g(Q) ≥ 1 − 1/Q − b/Q²` with `b = λ1 Σ_{k_a>0} ỹ_a²/(N k_a)`, so `g > 0` beyond the smaller of
///   `1 + |y|²/(4NT)` and `(1 + √(1 + 4b))/2`: `Q_hi` is twice that.
public struct KernelRenormalisationSaddlePoint: Sendable {
    /// The diagonalised kernel.
    public let spectrum: RenormalisedKernelSpectrum
    /// `N`.
    public let width: Int
    /// `T`.
    public let temperature: Double
    /// `λ1`.
    public let lambda1: Double

    /// Log-spaced points scanned for sign changes of the residual.
    public static let scanPoints = 400

    /// - Parameters:
    ///   - spectrum: the diagonalised NNGP kernel and labels.
    ///   - width: `N`.
    ///   - temperature: `T > 0`.
    ///   - lambda1: `λ1 > 0`.
    public init(spectrum: RenormalisedKernelSpectrum, width: Int, temperature: Double, lambda1: Double) {
        self.spectrum = spectrum
        self.width = width
        self.temperature = temperature
        self.lambda1 = lambda1
    }

    /// `α = P/N`.
    public var alpha: Double { Double(spectrum.count) / Double(width) }

    /// The residual `g(Q) = S′(Q)`.
    public func residual(_ q: Double) -> Double {
        let n = Double(width)
        var trace = 0.0, labelTerm = 0.0
        for (k, yt) in zip(spectrum.eigenvalues, spectrum.projectedLabels) where k > 0 {
            let a = temperature + q * k / lambda1
            trace += k / a
            labelTerm += yt * yt * k / (a * a)
        }
        return 1 - 1 / q + (trace - labelTerm) / (n * lambda1)
    }

    /// The effective action `S(Q)`.
    public func action(_ q: Double) -> Double {
        var s = 0.0
        for (k, yt) in zip(spectrum.eigenvalues, spectrum.projectedLabels) {
            let a = temperature + q * k / lambda1
            s += Foundation.log(a) + yt * yt / a
        }
        return q - Foundation.log(q) + s / Double(width)
    }

    /// The interval `[Q_lo, Q_hi]` that holds every root of `g` (see the type's documentation).
    public var bracket: (lower: Double, upper: Double) {
        let n = Double(width)
        let tau = spectrum.eigenvalues.reduce(0, +) / (n * temperature * lambda1)
        var negativeBelow = 1 / (1 + tau)
        if alpha < 1 { negativeBelow = max(negativeBelow, 1 - alpha) }
        var b = 0.0
        for (k, yt) in zip(spectrum.eigenvalues, spectrum.projectedLabels) where k > 0 { b += yt * yt / k }
        b *= lambda1 / n
        let positiveAbove = min(1 + spectrum.labelNorm2 / (4 * n * temperature), (1 + (1 + 4 * b).squareRoot()) / 2)
        return (0.5 * negativeBelow, 2 * positiveAbove)
    }

    /// The outcome of the root search.
    public struct Solution: Sendable, Equatable {
        /// `Q̄`.
        public var orderParameter: Double
        /// `g(Q̄)`.
        public var residual: Double
        /// `S(Q̄)`.
        public var action: Double
        /// Every root of `g` found (the stationary points of `S`), ascending.
        public var stationaryPoints: [Double]
        /// The searched interval.
        public var lower: Double
        public var upper: Double
        /// Brent iterations spent on `Q̄`.
        public var iterations: Int
    }

    /// Solves `g(Q̄) = 0`.
    /// - Returns: the solution.
    /// - Throws: `TheoryError.numericalFailure` when no root is found (not expected: `g < 0` at `Q_lo`
    ///   and `g > 0` at `Q_hi` by construction).
    public func solve() throws -> Solution {
        let (lower, upper) = bracket
        let n = Self.scanPoints
        let step = Foundation.log(upper / lower) / Double(n - 1)
        var grid = (0..<n).map { lower * Foundation.exp(Double($0) * step) }
        grid[0] = lower
        grid[n - 1] = upper
        let brackets = RootFinder.bracketAll(residual, grid: grid)
        var roots: [(x: Double, iterations: Int, minimum: Bool)] = []
        for interval in brackets {
            if interval.lowerBound == interval.upperBound {
                let x = interval.lowerBound
                let left = residual(x * (1 - 1e-9)), right = residual(x * (1 + 1e-9))
                roots.append((x, 0, left <= 0 && right >= 0))
                continue
            }
            do {
                let r = try RootFinder.brent(residual, lower: interval.lowerBound, upper: interval.upperBound,
                                             tolerance: 1e-15 * interval.upperBound, maxIterations: 300)
                roots.append((r.x, r.iterations, residual(interval.lowerBound) < 0))
            } catch {
                throw TheoryError.numericalFailure("refining the saddle point of Q̄ in [\(interval.lowerBound), \(interval.upperBound)] failed: \(error)")
            }
        }
        let minima = roots.filter(\.minimum)
        guard let best = minima.min(by: { action($0.x) < action($1.x) }) else {
            throw TheoryError.numericalFailure("no root of the saddle-point equation for Q̄ in [\(lower), \(upper)] "
                + "(g = \(residual(lower)) at the lower end, \(residual(upper)) at the upper end)")
        }
        return Solution(orderParameter: best.x, residual: residual(best.x), action: action(best.x),
                        stationaryPoints: roots.map(\.x).sorted(), lower: lower, upper: upper,
                        iterations: best.iterations)
    }
}
