import Foundation
import LinearAlgebra
import Theory

/// The posterior means of a tiny linear network by self-normalised importance sampling of
/// `(V, w)` from the prior, weighted by the likelihood `exp(−(1/2κ) |y − f|²)`: nothing is
/// integrated analytically, so this checks the GP reduction over `V` as well.
enum ImportanceSamplingPosterior {
    /// Estimates with standard errors (delta method for the self-normalised estimator).
    struct Estimate {
        /// Means of `f` on the training then the test inputs.
        var mean: [Double]
        /// Their standard errors.
        var standardError: [Double]
        /// The mean of `ρ = χ|w|²/g_w`.
        var rhoMean: Double
        /// Its standard error.
        var rhoStandardError: Double
    }

    /// Samples the prior `samples` times.
    /// - Parameters:
    ///   - trainInputs: `X`.
    ///   - labels: `y`.
    ///   - testInputs: `X_*`.
    ///   - setup: the network parameters.
    ///   - samples: the number of prior draws.
    ///   - seed: the RNG seed.
    /// - Returns: the estimates.
    static func estimate(trainInputs x: Matrix, labels y: [Double], testInputs xs: Matrix,
                         setup: LinearNetworkSetup, samples: Int, seed: UInt64) -> Estimate {
        let n = setup.width, d = x.cols, p = x.rows, m = xs.rows
        let all = Matrix(rows: p + m, cols: d, values: x.values + xs.values)
        let sv = (setup.readinVarianceScale / Double(d)).squareRoot()
        let sw = (setup.readoutVarianceScale / (setup.chi * Double(n))).squareRoot()
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("importance-sampling")])
        var logWeights = [Double](repeating: 0, count: samples)
        var values = [[Double]](repeating: [], count: samples)
        var rhos = [Double](repeating: 0, count: samples)
        for s in 0..<samples {
            let v = rng.fillGaussian(n * d)
            let w = rng.fillGaussian(n).map { sw * $0 }
            var u = [Double](repeating: 0, count: d)
            for i in 0..<n { for k in 0..<d { u[k] += w[i] * sv * v[i * d + k] } }
            let f = matvec(all, u)
            var misfit = 0.0
            for a in 0..<p { misfit += (y[a] - f[a]) * (y[a] - f[a]) }
            logWeights[s] = -misfit / (2 * setup.kappa)
            values[s] = f
            rhos[s] = setup.chi * w.reduce(0) { $0 + $1 * $1 } / setup.readoutVarianceScale
        }
        let top = logWeights.max()!
        let raw = logWeights.map { Foundation.exp($0 - top) }
        let total = raw.reduce(0, +)
        func summary(_ h: (Int) -> Double) -> (Double, Double) {
            var mean = 0.0
            for s in 0..<samples { mean += raw[s] * h(s) }
            mean /= total
            var spread = 0.0
            for s in 0..<samples { let e = raw[s] * (h(s) - mean); spread += e * e }
            return (mean, spread.squareRoot() / total)
        }
        var estimate = Estimate(mean: [], standardError: [], rhoMean: 0, rhoStandardError: 0)
        for i in 0..<(p + m) {
            let (mean, se) = summary { values[$0][i] }
            estimate.mean.append(mean)
            estimate.standardError.append(se)
        }
        (estimate.rhoMean, estimate.rhoStandardError) = summary { rhos[$0] }
        return estimate
    }
}
