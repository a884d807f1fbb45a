import Foundation

/// Power-law exponents: the least-squares slope of ln y against ln x, and a percentile bootstrap
/// interval of that slope over independent runs (seeds) of the same measurement.
public enum LogLogSlope {
    /// A fitted exponent with its bootstrap interval.
    public struct Estimate: Sendable, Equatable {
        /// Slope of ln(mean y) against ln x, the mean taken over all runs.
        public var slope: Double
        /// Intercept of that fit (ln of the prefactor).
        public var intercept: Double
        /// Lower end of the percentile bootstrap interval.
        public var lower: Double
        /// Upper end of the percentile bootstrap interval.
        public var upper: Double
        /// Standard deviation of the bootstrap slopes.
        public var bootstrapStandardDeviation: Double
    }

    /// The least-squares line through `(ln x_i, ln y_i)`.
    /// - Parameters:
    ///   - x: abscissae, all positive.
    ///   - y: ordinates, one per abscissa.
    /// - Returns: slope and intercept; NaN for both when fewer than two points are positive in x and y
    ///   or all positive abscissae coincide (non-positive points are left out).
    public static func fit(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
        precondition(x.count == y.count, "LogLogSlope.fit: x and y differ in length")
        var u: [Double] = [], v: [Double] = []
        for (a, b) in zip(x, y) where a > 0 && b > 0 && a.isFinite && b.isFinite {
            u.append(Foundation.log(a))
            v.append(Foundation.log(b))
        }
        guard u.count >= 2 else { return (.nan, .nan) }
        let n = Double(u.count)
        let mu = u.reduce(0, +) / n, mv = v.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in zip(u, v) {
            sxx += (a - mu) * (a - mu)
            sxy += (a - mu) * (b - mv)
        }
        guard sxx > 0 else { return (.nan, .nan) }
        let slope = sxy / sxx
        return (slope, mv - slope * mu)
    }

    /// The exponent of the run-averaged curve and its percentile bootstrap interval: each resample
    /// draws `runs.count` runs with replacement, averages them point by point and refits.
    /// - Parameters:
    ///   - x: abscissae, all positive.
    ///   - runs: one curve per run, each with `x.count` values.
    ///   - resamples: bootstrap resamples B ≥ 1.
    ///   - level: central coverage of the interval in (0, 1), e.g. 0.95.
    ///   - seed: seed of the resampling stream.
    /// - Returns: the estimate (with a single run the interval collapses to the slope).
    public static func estimate(x: [Double], runs: [[Double]], resamples: Int, level: Double, seed: UInt64) -> Estimate {
        precondition(!runs.isEmpty && runs.allSatisfy { $0.count == x.count }, "LogLogSlope.estimate: every run needs one value per x")
        precondition(resamples >= 1 && level > 0 && level < 1, "LogLogSlope.estimate: resamples ≥ 1 and 0 < level < 1")
        func meanCurve(_ members: [Int]) -> [Double] {
            (0..<x.count).map { i in members.reduce(0) { $0 + runs[$1][i] } / Double(members.count) }
        }
        let full = fit(x: x, y: meanCurve(Array(runs.indices)))
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("log-log-slope-bootstrap")])
        var slopes: [Double] = []
        slopes.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let members = (0..<runs.count).map { _ in Int(rng.nextUniform() * Double(runs.count)) }
            let s = fit(x: x, y: meanCurve(members)).slope
            if s.isFinite { slopes.append(s) }
        }
        guard !slopes.isEmpty else {
            return Estimate(slope: full.slope, intercept: full.intercept, lower: .nan, upper: .nan, bootstrapStandardDeviation: .nan)
        }
        slopes.sort()
        let mean = slopes.reduce(0, +) / Double(slopes.count)
        let variance = slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, slopes.count - 1))
        return Estimate(slope: full.slope, intercept: full.intercept,
                        lower: quantile(slopes, (1 - level) / 2), upper: quantile(slopes, (1 + level) / 2),
                        bootstrapStandardDeviation: variance.squareRoot())
    }

    /// The `p`-quantile of sorted values, linearly interpolated between order statistics.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = p * Double(sorted.count - 1)
        let i = Int(h.rounded(.down)), f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }
}
