import Foundation

/// The precomputed reduced-variable quadrature of a population mean-field theory, reusable across `B̃`,
/// precisions and widths' fields (`shared/science/mf2025-symmetry-breaking.md`, "Population form").
///
/// Every neuron is reduced to its relevant weights (`w_S ∈ R^k` for parity, `t = w·u` for single
/// index) and its irrelevant norm `s = |w_⊥|`. The overlap `J` and `Q = |w|²/2` are computed once per
/// grid point; the prior (Gaussian relevant weights with precision `ρ_S`, `s` with density
/// `∝ s^{n−1} exp(−d ρ_⊥ s²/(2σ_w²))`, `n` = irrelevant dimension) enters only through log-weights, so
/// ARD precisions change the weights while the features stay precomputed.
///
/// Relevant coordinates live on `[0, wmax]` (`w = wmax·u²`, Gauss–Legendre in `u`); `J²`, `Q` and the prior
/// are even in each coordinate and symmetric under permutations, so only sorted tuples are stored, each
/// with its permutation multiplicity and a factor 2 per coordinate for the signs. Expectations are
/// normalised on the grid, so that the prior integrates to 1 there; the unnormalised mass is a diagnostic.
public final class PopulationGrid: Sendable {
    /// The configuration the grid was built for.
    public let configuration: PopulationConfiguration
    /// Relevant node values `w_a` in `(0, wmax)`, ascending.
    let relevantValues: [Double]
    /// `ω_a = 2 c_a`: the quadrature weight of node `a` for an even integrand over `[−wmax, wmax]`.
    let relevantWeights: [Double]
    /// Node indices of each sorted tuple, `relevantDimension` per tuple.
    let tupleNodes: [Int32]
    /// `ln(multiplicity · Π ω_a)` per tuple.
    let tupleLogWeight: [Double]
    /// `|w_S|²` (or `t²`) per tuple.
    let tupleSquaredNorm: [Double]
    /// Whether a tuple has a coordinate on the outermost relevant node.
    let tupleTouchesEdge: [Bool]
    /// Irrelevant norms `s_j`, ascending (log-spaced).
    let normValues: [Double]
    /// `ln(trapezoid weight in ln s · s_j) + (n − 1) ln s_j`.
    let normLogWeight: [Double]
    /// `J` at every grid point, tuple-major (`tuple · normCount + j`).
    let overlap: [Double]

    /// Builds the grid and evaluates `J` at every point.
    /// - Parameter configuration: the task, network and grid settings.
    /// - Throws: `TheoryError.invalidParameter` for invalid settings.
    public init(configuration: PopulationConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let g = configuration.grid
        let kRel = configuration.relevantDimension
        let n = configuration.irrelevantDimension

        let rule = GaussLegendreRule(order: g.relevantNodes)
        let values = rule.nodes.map { g.relevantMax * $0 * $0 }
        let weights = zip(rule.nodes, rule.weights).map { u, c in 2 * c * 2 * g.relevantMax * u }

        var nodes: [Int32] = [], logWeights: [Double] = [], squaredNorms: [Double] = [], edge: [Bool] = []
        var current = [Int](repeating: 0, count: kRel)
        let logFactorial: Double = Foundation.lgamma(Double(kRel + 1))
        let lastNode = g.relevantNodes - 1
        func emit() {
            var logWeight = logFactorial
            var run = 1
            var squared = 0.0
            for j in 0..<kRel {
                let a = current[j]
                logWeight += Foundation.log(weights[a])
                squared += values[a] * values[a]
                if j > 0 && current[j] == current[j - 1] { run += 1 } else { run = 1 }
                if run > 1 { logWeight -= Foundation.log(Double(run)) }   // divides by Π count! incrementally
                nodes.append(Int32(a))
            }
            logWeights.append(logWeight)
            squaredNorms.append(squared)
            edge.append(current[kRel - 1] == lastNode)
        }
        // Enumerate non-decreasing tuples a_0 ≤ a_1 ≤ … ≤ a_{k−1}.
        func recurse(_ position: Int, _ start: Int) {
            if position == kRel { emit(); return }
            for a in start...lastNode {
                current[position] = a
                recurse(position + 1, a)
            }
        }
        recurse(0, 0)
        let ns = g.normNodes
        let step = Foundation.log(g.normMax / g.normMin) / Double(ns - 1)
        let norms = (0..<ns).map { g.normMin * Foundation.exp(Double($0) * step) }
        let normLogs = (0..<ns).map { j -> Double in
            let trapezoid = (j == 0 || j == ns - 1) ? step / 2 : step
            let s = g.normMin * Foundation.exp(Double(j) * step)
            return Foundation.log(trapezoid) + Double(n) * Foundation.log(s)
        }

        let tupleCount = logWeights.count
        var overlap = [Double](repeating: 0, count: tupleCount * ns)
        var w = [Double](repeating: 0, count: kRel)
        let normalisation = Foundation.pow(2, Double(-kRel))
        let hermite = ReducedFeatures.reluHermiteCoefficient(degree: configuration.degree)
        let kDouble = Double(configuration.degree)
        for t in 0..<tupleCount {
            for j in 0..<kRel { w[j] = values[Int(nodes[t * kRel + j])] }
            for (jn, s) in norms.enumerated() {
                let value: Double
                switch configuration.task {
                case .sparseParity:
                    var total = 0.0
                    for pattern in 0..<(1 << (kRel - 1)) {
                        var mu = w[0]
                        var sign = 1.0
                        for j in 1..<kRel {
                            if pattern & (1 << (j - 1)) != 0 { mu -= w[j]; sign = -sign } else { mu += w[j] }
                        }
                        let z = mu / s
                        let g = mu * 0.5 * Foundation.erfc(-z * 0.7071067811865476) + s * Foundation.exp(-0.5 * z * z) * 0.3989422804014327
                        total += sign * (2 * g - mu)   // the pair ±x_S: g(μ) + g(−μ) = 2g(μ) − μ
                    }
                    value = total * normalisation
                case .singleIndexHermite:
                    let norm = (w[0] * w[0] + s * s).squareRoot()
                    value = norm * hermite * Foundation.pow(w[0] / norm, kDouble)
                }
                overlap[t * ns + jn] = value
            }
        }
        relevantValues = values
        relevantWeights = weights
        tupleNodes = nodes
        tupleLogWeight = logWeights
        tupleSquaredNorm = squaredNorms
        tupleTouchesEdge = edge
        normValues = norms
        normLogWeight = normLogs
        self.overlap = overlap
    }

    /// The number of stored sorted relevant tuples.
    public var tupleCount: Int { tupleLogWeight.count }
    /// The number of grid points (`tupleCount × normNodes`).
    public var pointCount: Int { overlap.count }

    /// `d ρ/(2σ_w²)`, the coefficient of `w²` in the negative log prior.
    func priorCoefficient(_ precision: Double) -> Double {
        Double(configuration.inputDimension) * precision / (2 * configuration.weightVariance)
    }

    /// The unnormalised prior mass of the grid, per factor: Gaussian relevant weights with precision `ρ_S`
    /// and the irrelevant norm with precision `ρ_⊥`; both are 1 for a grid that covers the prior.
    /// - Parameter precisions: `(ρ_S, ρ_⊥)`; `(1, 1)` is the plain prior.
    /// - Returns: the relevant and irrelevant factors of the mass.
    public func priorMass(precisions: (relevant: Double, irrelevant: Double) = (1, 1)) -> (relevant: Double, irrelevant: Double) {
        let kRel = Double(configuration.relevantDimension)
        let n = Double(configuration.irrelevantDimension)
        let aS = priorCoefficient(precisions.relevant), aN = priorCoefficient(precisions.irrelevant)
        let logNormRelevant = 0.5 * kRel * Foundation.log(aS / Double.pi)
        var relevant = 0.0
        for t in 0..<tupleCount { relevant += Foundation.exp(tupleLogWeight[t] - aS * tupleSquaredNorm[t] + logNormRelevant) }
        let logNormIrrelevant = Foundation.log(2) + 0.5 * n * Foundation.log(aN) - Foundation.lgamma(n / 2)
        var irrelevant = 0.0
        for (j, s) in normValues.enumerated() { irrelevant += Foundation.exp(normLogWeight[j] - aN * s * s + logNormIrrelevant) }
        return (relevant, irrelevant)
    }
}
