import Foundation

/// The `B̃`-dependent readout precision `A(w) = 1/σ_a² + B̃ Q(w)/N` of every grid point, cached as
/// `J²/A` and `½ ln A` so that the many evaluations at one `B̃` cost one exponential per point.
struct PopulationField: Sendable {
    /// `B̃ = B·P`.
    let signal: Double
    /// `J²/A` per grid point.
    let overlapSquaredOverA: [Double]
    /// `½ ln A` per grid point.
    let halfLogA: [Double]
}

/// Weighted averages over the single-neuron distribution `q` on the grid.
struct PopulationMoments: Sendable {
    /// `E_q[J²/A]`.
    var overlapSquaredOverA = 0.0
    /// `E_q[|w_S|²]` (or `E_q[t²]`).
    var relevantSquaredNorm = 0.0
    /// `E_q[s²]`.
    var irrelevantSquaredNorm = 0.0
    /// `E_q[|w_S|²/(|w_S|² + s²)]`.
    var alignment = 0.0
    /// `E_q[Q/A]`.
    var secondMomentOverA = 0.0
    /// `E_q[J² Q/A²]`.
    var overlapSquaredSecondMomentOverASquared = 0.0
    /// `q`-mass on tuples touching the outermost relevant node.
    var relevantEdgeMass = 0.0
    /// `q`-mass on the smallest and largest `s` node.
    var normEdgeMass = 0.0
}

extension PopulationGrid {
    /// Caches `A` at one `B̃`.
    /// - Parameter signal: `B̃ ≥ 0`.
    /// - Returns: the field.
    func field(signal: Double) -> PopulationField {
        let ns = normValues.count
        let a0 = 1 / configuration.readoutVariance
        let b = signal / configuration.width
        var j2a = [Double](repeating: 0, count: pointCount)
        var hla = [Double](repeating: 0, count: pointCount)
        for t in 0..<tupleCount {
            let w2 = tupleSquaredNorm[t]
            for j in 0..<ns {
                let i = t * ns + j
                let s = normValues[j]
                let a = a0 + b * 0.5 * (w2 + s * s)
                j2a[i] = overlap[i] * overlap[i] / a
                hla[i] = 0.5 * Foundation.log(a)
            }
        }
        return PopulationField(signal: signal, overlapSquaredOverA: j2a, halfLogA: hla)
    }

    /// The tilt `B̃² r²/(2N)` of `q_r(w) ∝ p0 A^{−1/2} exp(B̃² r² J²/(2NA))`.
    func tilt(signal: Double, residual r: Double) -> Double {
        signal * signal * r * r / (2 * configuration.width)
    }

    /// Calls `body(t, j, i, weight)` for every grid point with a non-negligible `q`-weight, the weights
    /// relative to the largest one (two-pass log-sum-exp: the exponent is huge at large `B̃`).
    /// - Parameters:
    ///   - field: the cached `A`, or nil for the prior `p0` itself.
    ///   - tilt: `B̃² r²/(2N)`.
    ///   - precisions: `(ρ_S, ρ_⊥)`.
    ///   - body: the accumulator.
    /// - Returns: the sum of the weights passed to `body` (divide accumulated sums by it).
    @discardableResult
    func forEachWeight(field: PopulationField?, tilt: Double, precisions: (relevant: Double, irrelevant: Double),
                       _ body: (Int, Int, Int, Double) -> Void) -> Double {
        let ns = normValues.count
        let aS = priorCoefficient(precisions.relevant), aN = priorCoefficient(precisions.irrelevant)
        let tupleLog = (0..<tupleCount).map { tupleLogWeight[$0] - aS * tupleSquaredNorm[$0] }
        let normLog = normValues.indices.map { normLogWeight[$0] - aN * normValues[$0] * normValues[$0] }
        let cutoff = -40.0   // e^{−40} ≈ 4e-18 of the largest weight
        let empty = [Double]()
        let hasField = field != nil
        var total = 0.0
        (field?.overlapSquaredOverA ?? empty).withUnsafeBufferPointer { j2a in
            (field?.halfLogA ?? empty).withUnsafeBufferPointer { hla in
                var maximum = -Double.infinity
                for t in 0..<tupleCount {
                    let base = tupleLog[t]
                    for j in 0..<ns {
                        let i = t * ns + j
                        let l = hasField ? base + normLog[j] - hla[i] + tilt * j2a[i] : base + normLog[j]
                        if l > maximum { maximum = l }
                    }
                }
                for t in 0..<tupleCount {
                    let base = tupleLog[t] - maximum
                    for j in 0..<ns {
                        let i = t * ns + j
                        let l = hasField ? base + normLog[j] - hla[i] + tilt * j2a[i] : base + normLog[j]
                        if l > cutoff {
                            let w = Foundation.exp(l)
                            total += w
                            body(t, j, i, w)
                        }
                    }
                }
            }
        }
        return total
    }

    /// The averages over `q_r` (or over the prior when `field` is nil).
    /// - Parameters:
    ///   - field: the cached `A`, or nil for the prior `p0`.
    ///   - residual: `r = 1 − m` (ignored for the prior).
    ///   - precisions: `(ρ_S, ρ_⊥)`.
    ///   - full: also accumulate the Gibbs-variance and diagnostic terms.
    /// - Returns: the moments.
    func moments(field: PopulationField?, residual r: Double, precisions: (relevant: Double, irrelevant: Double),
                 full: Bool = false) -> PopulationMoments {
        let ns = normValues.count
        let tilt = field.map { self.tilt(signal: $0.signal, residual: r) } ?? 0
        let a0 = 1 / configuration.readoutVariance
        let b = (field?.signal ?? 0) / configuration.width
        var m = PopulationMoments()
        let total = forEachWeight(field: field, tilt: tilt, precisions: precisions) { t, j, i, w in
            let w2 = tupleSquaredNorm[t]
            let s2 = normValues[j] * normValues[j]
            let a = a0 + b * 0.5 * (w2 + s2)
            let j2a = overlap[i] * overlap[i] / a
            m.overlapSquaredOverA += w * j2a
            m.relevantSquaredNorm += w * w2
            m.irrelevantSquaredNorm += w * s2
            if full {
                let qa = 0.5 * (w2 + s2) / a
                m.alignment += w * w2 / (w2 + s2)
                m.secondMomentOverA += w * qa
                m.overlapSquaredSecondMomentOverASquared += w * j2a * qa
                if tupleTouchesEdge[t] { m.relevantEdgeMass += w }
                if j == 0 || j == ns - 1 { m.normEdgeMass += w }
            }
        }
        m.overlapSquaredOverA /= total
        m.relevantSquaredNorm /= total
        m.irrelevantSquaredNorm /= total
        m.alignment /= total
        m.secondMomentOverA /= total
        m.overlapSquaredSecondMomentOverASquared /= total
        m.relevantEdgeMass /= total
        m.normEdgeMass /= total
        return m
    }
}
