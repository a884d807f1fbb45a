import Foundation

extension PopulationGrid {
    /// `σ_a² E_{p0}[J²]` on the grid: the NNGP eigenvalue of the target (parity: degree `k`, with the CLT
    /// for the irrelevant field) or the target's kernel projection `⟨y, K y⟩` (single index); the KRR
    /// limit of the theory is `m = B̃λ/(1 + B̃λ)`.
    /// - Parameter precisions: the prior precisions (`(1, 1)`: the plain prior).
    /// - Returns: `λ_grid`.
    public func kernelProjection(precisions: (relevant: Double, irrelevant: Double) = (1, 1)) -> Double {
        moments(field: nil, residual: 1, precisions: precisions).overlapSquaredOverA
    }

    /// The exact value that `kernelProjection()` approximates: the Krawtchouk sum for parity (no CLT;
    /// the CLT grid overestimates it by ≈ 20 % at d = 35), the closed form for single index.
    public var exactKernelProjection: Double {
        let c = configuration
        switch c.task {
        case .sparseParity:
            return ReducedFeatures.exactParityEigenvalue(inputDimension: c.inputDimension, degree: c.degree,
                                                         weightVariance: c.weightVariance, readoutVariance: c.readoutVariance)
        case .singleIndexHermite:
            return ReducedFeatures.exactSingleIndexProjection(inputDimension: c.inputDimension, degree: c.degree,
                                                              weightVariance: c.weightVariance, readoutVariance: c.readoutVariance)
        }
    }

    /// Prior averages on the grid (normalised there): `E[J²]`, `E[Q]`, `E[|w_S|²]`, `E[s²]`.
    /// - Parameter precisions: the prior precisions.
    /// - Returns: the four averages.
    public func priorAverages(precisions: (relevant: Double, irrelevant: Double) = (1, 1))
        -> (overlapSquared: Double, secondMoment: Double, relevantSquaredNorm: Double, irrelevantSquaredNorm: Double) {
        let m = moments(field: nil, residual: 1, precisions: precisions)
        return (m.overlapSquaredOverA * configuration.readoutVariance, (m.relevantSquaredNorm + m.irrelevantSquaredNorm) / 2,
                m.relevantSquaredNorm, m.irrelevantSquaredNorm)
    }

    /// The observables of `q` at a state.
    /// - Parameters:
    ///   - state: `B̃`, `r`, precisions.
    ///   - field: the cached `A` at `state.signal`.
    ///   - residual: the self-consistency residual to report.
    ///   - iterations: solver iterations.
    ///   - converged: whether the solver met its tolerance.
    ///   - eigenvalue: the ARD stability eigenvalue (nil for plain MF).
    /// - Returns: the result.
    func summary(state: PopulationState, field: PopulationField, residual: Double?, iterations: Int, converged: Bool,
                 eigenvalue: Double? = nil) -> PopulationMeanFieldResult {
        let precisions = (state.relevantPrecision, state.irrelevantPrecision)
        let m = moments(field: field, residual: state.residual, precisions: precisions, full: true)
        let order = state.signal * state.residual * m.overlapSquaredOverA
        let n = configuration.width
        let error = (1 - order) * (1 - order)
        let variance = state.signal * state.signal * state.residual * state.residual / n * m.overlapSquaredSecondMomentOverASquared
            + m.secondMomentOverA - order * order / n
        let kRel = Double(configuration.relevantDimension), nIrr = Double(configuration.irrelevantDimension)
        let mass = priorMass(precisions: precisions)
        return PopulationMeanFieldResult(
            state: state, orderParameter: order, testError: error, gibbsError: error + variance,
            relevantSquaredNorm: m.relevantSquaredNorm, irrelevantSquaredNorm: m.irrelevantSquaredNorm,
            anisotropy: (m.relevantSquaredNorm / kRel) / (m.irrelevantSquaredNorm / nIrr), alignment: m.alignment,
            selfConsistencyResidual: residual ?? abs(order - (1 - state.residual)), iterations: iterations, converged: converged,
            priorMass: mass.relevant * mass.irrelevant, relevantEdgeMass: m.relevantEdgeMass, normEdgeMass: m.normEdgeMass,
            precisionIterationEigenvalue: eigenvalue)
    }

    /// Marginal densities of one relevant and one irrelevant first-layer weight under `q` at a state.
    ///
    /// Relevant: the `q`-mass of one coordinate at each Gauss–Legendre node divided by the node's weight
    /// (a density on the nodes; `ln` density interpolated quadratically in `|w|`, exact for a Gaussian;
    /// 0 beyond `wmax`). Resolving the prior's width `σ_w/√d` needs `nw` of about 40 or more. Irrelevant: given `s`, a
    /// coordinate of a uniform point on the sphere of radius `s` in `n` dimensions has density
    /// `Γ(n/2)/(Γ((n−1)/2) √π s) (1 − w²/s²)^{(n−3)/2}` on `|w| < s` (exact, no Gaussian approximation),
    /// mixed over the `q`-marginal of `s`.
    /// - Parameters:
    ///   - state: `B̃`, `r` and precisions of a solution (`result.state`).
    ///   - relevantValues: where to evaluate the relevant marginal.
    ///   - irrelevantValues: where to evaluate the irrelevant marginal.
    /// - Returns: the two densities.
    public func weightMarginals(state: PopulationState, relevantValues: [Double], irrelevantValues: [Double])
        -> (relevant: [Double], irrelevant: [Double]) {
        let kRel = configuration.relevantDimension
        let n = Double(configuration.irrelevantDimension)
        let field = self.field(signal: state.signal)
        var nodeMass = [Double](repeating: 0, count: self.relevantValues.count)
        var normMass = [Double](repeating: 0, count: normValues.count)
        let total = forEachWeight(field: field, tilt: tilt(signal: state.signal, residual: state.residual),
                                  precisions: (state.relevantPrecision, state.irrelevantPrecision)) { t, j, _, w in
            for c in 0..<kRel { nodeMass[Int(tupleNodes[t * kRel + c])] += w / Double(kRel) }
            normMass[j] += w
        }
        let nodes = self.relevantValues
        let density = nodes.indices.map { nodeMass[$0] / total / relevantWeights[$0] }
        let relevant = relevantValues.map { v -> Double in
            let x = abs(v)
            if x >= configuration.grid.relevantMax { return 0 }
            // Three-point Lagrange interpolation of ln(density) in w (exact for a Gaussian), linear where a density is 0.
            let upper = nodes.firstIndex(where: { $0 >= x }) ?? nodes.count - 1
            let centre = min(max(upper, 1), nodes.count - 2)
            let i = [centre - 1, centre, centre + 1]
            if i.allSatisfy({ density[$0] > 0 }) {
                var logValue = 0.0
                for a in 0..<3 {
                    var basis = 1.0
                    for b in 0..<3 where b != a { basis *= (x - nodes[i[b]]) / (nodes[i[a]] - nodes[i[b]]) }
                    logValue += basis * Foundation.log(density[i[a]])
                }
                return Foundation.exp(logValue)
            }
            let lower = max(upper - 1, 0)
            guard upper > lower else { return density[upper] }
            let f = max(0, min(1, (x - nodes[lower]) / (nodes[upper] - nodes[lower])))
            return density[lower] + f * (density[upper] - density[lower])
        }
        let logConstant = Foundation.lgamma(n / 2) - Foundation.lgamma((n - 1) / 2) - 0.5 * Foundation.log(Double.pi)
        let irrelevant = irrelevantValues.map { v -> Double in
            var sum = 0.0
            for (j, s) in normValues.enumerated() where abs(v) < s && normMass[j] > 0 {
                let u = 1 - v * v / (s * s)
                sum += normMass[j] * Foundation.exp(logConstant - Foundation.log(s) + 0.5 * (n - 3) * Foundation.log(u))
            }
            return sum / total
        }
        return (relevant, irrelevant)
    }
}
