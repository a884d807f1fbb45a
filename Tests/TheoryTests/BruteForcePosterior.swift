import Foundation
import LinearAlgebra
import Theory

/// The posterior of a tiny linear network by direct quadrature over the readout `w ∈ R^N`
/// (N = 1 or 2), independent of the ρ-integral implementation.
///
/// Given `w`, `f` is Gaussian with kernel `K = |w|² C⁰` and `y | w ~ N(0, K + κ I)`, `κ = κ0/χ`:
/// closed-form GP posterior moments, each node weighted by prior (tensor Gauss–Hermite in
/// `w = √(g_w/(χN)) z`, or the trapezoid rule on a fine uniform `z` grid) times that likelihood.
/// Matrices are solved by Cholesky (no eigenbasis).
///
/// Accuracy: the integrand is analytic in each `z` but has poles at `z = ± i √(κ/(σ_w² λ_k))`, so
/// Gauss–Hermite converges only like `exp(−c √order)` (≈ 1e-7 relative at order 400 for the test
/// data), while the trapezoid rule converges like `exp(−2π d/h)` with `d` the distance of the
/// nearest pole from the real axis (≈ e⁻⁵⁰ at `h = 1/16` for the test data).
enum BruteForcePosterior {
    /// The quadrature estimate.
    /// - Parameters:
    ///   - trainInputs: `X` (P × D).
    ///   - labels: `y`.
    ///   - testInputs: `X_*`.
    ///   - setup: the network parameters; `width` must be 1 or 2.
    ///   - rule: the one-dimensional rule for `E[g(Z)]`, `Z ~ N(0, 1)` (nodes and weights).
    /// - Returns: a prediction (`logEvidenceGridError` is 0).
    static func predict(trainInputs x: Matrix, labels y: [Double], testInputs xs: Matrix,
                        setup: LinearNetworkSetup, rule: (nodes: [Double], weights: [Double])) throws -> LinearNetworkPrediction {
        precondition(setup.width == 1 || setup.width == 2, "brute force supports N = 1 or 2")
        let p = x.rows, d = x.cols, m = xs.rows
        let scale = setup.readinVarianceScale / Double(d)
        var c = Matrix(rows: p, cols: p)
        for a in 0..<p { for b in 0..<p { c[a, b] = scale * (0..<d).reduce(0) { $0 + x[a, $1] * x[b, $1] } } }
        var cs = Matrix(rows: m, cols: p)
        for j in 0..<m { for b in 0..<p { cs[j, b] = scale * (0..<d).reduce(0) { $0 + xs[j, $1] * x[b, $1] } } }
        let css = (0..<m).map { j in scale * (0..<d).reduce(0) { $0 + xs[j, $1] * xs[j, $1] } }
        let kappa = setup.kappa0 / setup.chi
        let priorVariance = setup.readoutVarianceScale / (setup.chi * Double(setup.width))
        let order = rule.nodes.count

        var nodes: [(logWeight: Double, rho: Double, mean: [Double], variance: [Double])] = []
        let count = setup.width == 1 ? order : order * order
        for index in 0..<count {
            let zs = setup.width == 1 ? [index] : [index / order, index % order]
            let r = priorVariance * zs.reduce(0) { $0 + rule.nodes[$1] * rule.nodes[$1] }
            let priorWeight = zs.reduce(1.0) { $0 * rule.weights[$1] }
            var s = r * c
            for a in 0..<p { s[a, a] += kappa }
            let chol = try CholeskyFactor(s)
            let alpha = chol.solve(y)
            let logLik = -0.5 * zip(y, alpha).reduce(0) { $0 + $1.0 * $1.1 } - 0.5 * chol.logDeterminant
                - 0.5 * Double(p) * Foundation.log(2 * Double.pi)
            let trainMean = matvec(r * c, alpha)
            let testMean = m > 0 ? matvec(r * cs, alpha) : []
            let whiteTrain = chol.whitenRows(r * c)
            let trainVar = (0..<p).map { a in r * c[a, a] - (0..<p).reduce(0) { $0 + whiteTrain[a, $1] * whiteTrain[a, $1] } }
            var testVar: [Double] = []
            if m > 0 {
                let whiteTest = chol.whitenRows(r * cs)
                testVar = (0..<m).map { j in r * css[j] - (0..<p).reduce(0) { $0 + whiteTest[j, $1] * whiteTest[j, $1] } }
            }
            nodes.append((Foundation.log(priorWeight) + logLik, setup.chi * r / setup.readoutVarianceScale,
                          trainMean + testMean, trainVar + testVar))
        }
        let top = nodes.map(\.logWeight).max()!
        let raw = nodes.map { Foundation.exp($0.logWeight - top) }
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        let n = p + m
        var mean = [Double](repeating: 0, count: n)
        var rhoMean = 0.0
        for (k, node) in nodes.enumerated() {
            rhoMean += w[k] * node.rho
            for i in 0..<n { mean[i] += w[k] * node.mean[i] }
        }
        var variance = [Double](repeating: 0, count: n)
        var rhoVariance = 0.0
        for (k, node) in nodes.enumerated() {
            rhoVariance += w[k] * (node.rho - rhoMean) * (node.rho - rhoMean)
            for i in 0..<n {
                let dev = node.mean[i] - mean[i]
                variance[i] += w[k] * (node.variance[i] + dev * dev)
            }
        }
        return LinearNetworkPrediction(trainMean: Array(mean[0..<p]), testMean: Array(mean[p...]),
                                       trainVariance: Array(variance[0..<p]), testVariance: Array(variance[p...]),
                                       rhoMean: rhoMean, rhoVariance: rhoVariance,
                                       logEvidence: top + Foundation.log(total), logEvidenceGridError: 0)
    }

    /// The trapezoid rule for `E[g(Z)]`, `Z ~ N(0, 1)`, on `[−cutoff, cutoff]` with spacing `h`.
    /// - Parameters:
    ///   - spacing: `h`.
    ///   - cutoff: the half-width (the Gaussian weight beyond it is negligible).
    /// - Returns: nodes and weights `h φ(z)`.
    static func trapezoidRule(spacing h: Double, cutoff: Double = 9) -> (nodes: [Double], weights: [Double]) {
        let count = Int((2 * cutoff / h).rounded()) + 1
        let nodes = (0..<count).map { -cutoff + Double($0) * h }
        let weights = nodes.map { h * Foundation.exp(-0.5 * $0 * $0) / (2 * Double.pi).squareRoot() }
        return (nodes, weights)
    }
}
