import Foundation

/// A trapezoid rule in `u = ln ρ` that holds the posterior mass of `ρ`, with normalised weights.
///
/// The grid is found adaptively: start from the interval outside which the log-density is
/// guaranteed to lie 60 below its maximum (`RhoLogDensity.bracket`), scan it with 4096 points,
/// shrink it to the points where `L ≥ max L − 40` plus one scan step on each side, and repeat until
/// at least 256 scan points lie in that region (so that even a very narrow posterior, large `N` or
/// `χ`, is resolved). The final rule has `gridPoints` equally spaced nodes on the interval; both
/// ends lie ≥ 40 below the maximum, so the truncated mass is ≲ e⁻⁴⁰ relative. The integrand is
/// smooth and negligible at both ends, so the trapezoid rule converges faster than any power of
/// the spacing. Weights are formed by log-sum-exp. Should the region stay unresolved after 60
/// passes (not seen in practice), the final rule is still built and `gridErrorEstimate` reports it.
struct RhoQuadrature: Sendable {
    /// The nodes `ρ_m = e^{u_m}`.
    let rhos: [Double]
    /// The normalised posterior weights of the nodes (summing to 1).
    let weights: [Double]
    /// `log ∫ e^{L(u)} du` on the full grid.
    let logNormaliser: Double
    /// `|log Z(n) − log Z(n/2)|`: the change when the same interval is integrated with half the nodes.
    let gridErrorEstimate: Double
    /// The integration interval in `u`.
    let interval: (lower: Double, upper: Double)

    /// Scan points per refinement pass.
    static let scanPoints = 4096
    /// Scan points that must lie above the threshold for the region to count as resolved.
    static let resolvedPoints = 256
    /// The log-density drop at the ends of the final interval.
    static let truncationDrop = 40.0

    /// Builds the rule.
    /// - Parameters:
    ///   - density: the log-density `L(u)`.
    ///   - gridPoints: the number of nodes (≥ 20).
    /// - Throws: `TheoryError.numericalFailure` if the density is not finite on the grid.
    init(density: RhoLogDensity, gridPoints: Int) throws {
        var (a, b) = try density.bracket(margin: 60)
        var best = -Double.infinity
        for _ in 0..<60 {
            let n = Self.scanPoints
            let h = (b - a) / Double(n - 1)
            var values = [Double](repeating: 0, count: n)
            for i in 0..<n {
                values[i] = density(a + Double(i) * h)
                guard !values[i].isNaN else {
                    throw TheoryError.numericalFailure("the log-density of ρ is NaN at ln ρ = \(a + Double(i) * h)")
                }
            }
            best = max(best, values.max() ?? -.infinity)
            guard best.isFinite else { throw TheoryError.numericalFailure("the log-density of ρ has no finite maximum") }
            let threshold = best - Self.truncationDrop
            guard let first = values.firstIndex(where: { $0 >= threshold }),
                  let last = values.lastIndex(where: { $0 >= threshold }) else {
                throw TheoryError.numericalFailure("no grid point within \(Self.truncationDrop) of the maximum log-density")
            }
            let newA = a + Double(max(first - 1, 0)) * h
            let newB = a + Double(min(last + 1, n - 1)) * h
            a = newA
            b = newB
            if last - first + 1 >= Self.resolvedPoints { break }
        }
        interval = (a, b)

        let full = try Self.trapezoid(density: density, lower: a, upper: b, count: gridPoints)
        let half = try Self.trapezoid(density: density, lower: a, upper: b, count: max(gridPoints / 2, 2))
        rhos = full.nodes.map { Foundation.exp($0) }
        weights = full.weights
        logNormaliser = full.logIntegral
        gridErrorEstimate = abs(full.logIntegral - half.logIntegral)
    }

    /// The trapezoid rule for `∫ e^{L(u)} du` on `count` equally spaced nodes.
    /// - Returns: the nodes `u_m`, the normalised weights and `log ∫`.
    private static func trapezoid(density: RhoLogDensity, lower: Double, upper: Double, count: Int) throws
        -> (nodes: [Double], weights: [Double], logIntegral: Double) {
        let h = (upper - lower) / Double(count - 1)
        var nodes = [Double](repeating: 0, count: count)
        var logTerms = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let u = i == count - 1 ? upper : lower + Double(i) * h
            nodes[i] = u
            let l = density(u)
            guard !l.isNaN else { throw TheoryError.numericalFailure("the log-density of ρ is NaN at ln ρ = \(u)") }
            logTerms[i] = l + Foundation.log(i == 0 || i == count - 1 ? 0.5 * h : h)
        }
        let top = logTerms.max() ?? 0
        guard top.isFinite else { throw TheoryError.numericalFailure("the log-density of ρ has no finite maximum on the grid") }
        var weights = logTerms.map { Foundation.exp($0 - top) }
        let sum = weights.reduce(0, +)
        for i in weights.indices { weights[i] /= sum }
        return (nodes, weights, top + Foundation.log(sum))
    }
}
