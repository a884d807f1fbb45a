import Foundation
import Kernels
import LinearAlgebra

/// The single-neuron measure of the tree-level adaptive kernel theory, sampled by self-normalised
/// importance sampling with common random numbers.
///
/// The measure over one hidden unit's read-in vector `v ∈ R^D` is
///
///     p(v) ∝ exp(−|v|²/(2σ²) + a s(v)²),   s(v) = Σ_α Δ_α φ(v·x_α),   σ² = g_v/D,
///
/// and the tree-level hidden kernel is `C_αβ = E_p[φ(v·x_α) φ(v·x_β)]`. The tilt `a s²` rewards
/// neurons whose outputs on the training set align with the discrepancy `Δ`; at `a = 0` `C` is the
/// NNGP kernel.
///
/// Sampling. `M` standard normal vectors `ε_m ∈ R^D` are drawn once (sample `m` from the Philox
/// stream `[RandomStream.purpose("adaptive-kernel-samples"), m]` of the seed, so the first `M`
/// samples do not depend on the total) and `E = X εᵀ` (P × M) is formed once by BLAS. For a given
/// `Δ` the proposal (`SingleNeuronProposal`) moves each `ε_m` along the task direction
/// `ê = XᵀΔ/|XᵀΔ|` only, so the pre-activations `h_m = X v_m = σ E_m + σ (t_m − ζ_m) X ê` cost
/// `O(M P)` (with `ζ_m = êᵀε_m = Δᵀ E_m/|XᵀΔ|`), the weights `w_m ∝ exp(a s_m² + log N(t_m;0,1) −
/// log q(t_m))` are computed in log space with the maximum subtracted, and
/// `C = Σ w_m φ(h_m) φ(h_m)ᵀ / Σ w_m` is one BLAS `dsyrk` (exactly symmetric). Because the random
/// numbers are fixed and the proposal is held fixed, `Δ ↦ C(Δ)` is a smooth deterministic function,
/// so the tree-level fixed point is well defined for every sample set; its Monte-Carlo error is
/// `O(1/√(ESS))`.
struct SingleNeuronMeasure: Sendable {
    /// `φ`.
    let activation: Activation
    /// `σ = √(g_v/D)`.
    let sigma: Double
    /// `X` (P × D).
    let trainInputs: Matrix
    /// `ε` (M × D), one standard normal vector per row.
    let noise: Matrix
    /// `E = X εᵀ` (P × M): column `m` is `X ε_m`.
    let noiseProjections: Matrix
    /// The samples used to choose a proposal (the first `min(M, 4096)`).
    static let selectionSamples = 4096
    /// The most elements of one test-kernel block (`rows × M`), 16 MiB of doubles.
    static let testBlockElements = 1 << 21
    /// An incumbent proposal is kept while its effective sample size is at least this fraction of the best candidate's.
    static let incumbentTolerance = 0.9

    /// `M`.
    var sampleCount: Int { noise.rows }
    /// `P`.
    var trainCount: Int { trainInputs.rows }

    /// Draws the samples.
    /// - Parameters:
    ///   - trainInputs: `X` (P × D, finite; validated by the caller).
    ///   - readinVarianceScale: `g_v`.
    ///   - activation: `φ`.
    ///   - samples: `M`.
    ///   - seed: the Philox seed.
    init(trainInputs: Matrix, readinVarianceScale: Double, activation: Activation, samples: Int, seed: UInt64) {
        let d = trainInputs.cols
        let purpose = RandomStream.purpose("adaptive-kernel-samples")
        var values = [Double](repeating: 0, count: samples * d)
        for m in 0..<samples {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(m)])
            let row = stream.fillGaussian(d)
            for i in 0..<d { values[m * d + i] = row[i] }
        }
        self.activation = activation
        sigma = (readinVarianceScale / Double(d)).squareRoot()
        self.trainInputs = trainInputs
        noise = Matrix(rows: samples, cols: d, values: values)
        noiseProjections = matmul(trainInputs, noise, transposeB: true)
    }

    /// The weighted sample at a discrepancy.
    /// - Parameters:
    ///   - delta: `Δ` (P values).
    ///   - tilt: `a ≥ 0`.
    ///   - proposal: the proposal along `ê`.
    ///   - sampleCount: use the first `m ≤ M` samples (default all).
    /// - Returns: activations, normalised weights, the effective sample fraction and the proposal geometry.
    func weighting(delta: [Double], tilt: Double, proposal: SingleNeuronProposal, sampleCount requested: Int? = nil) -> SingleNeuronWeighting {
        let p = trainCount, total = sampleCount
        let k = min(requested ?? total, total)
        precondition(delta.count == p && k >= 1, "SingleNeuronMeasure.weighting: need P discrepancies and at least one sample")

        // The task direction ê = XᵀΔ/|XᵀΔ| and X ê.
        var direction = matvec(trainInputs, delta, transpose: true)
        let norm = dot(direction, direction).squareRoot()
        let hasDirection = norm > 0 && norm.isFinite
        var projectedDirection = [Double](repeating: 0, count: p)
        if hasDirection {
            for i in direction.indices { direction[i] /= norm }
            projectedDirection = matvec(trainInputs, direction)
        } else {
            for i in direction.indices { direction[i] = 0 }
        }

        // ζ_m = Δᵀ E_m / |XᵀΔ|, t_m, and the shift σ (t_m − ζ_m) along ê.
        var coordinates = [Double](repeating: 0, count: k)
        var shifts = [Double](repeating: 0, count: k)
        if hasDirection {
            var zeta = [Double](repeating: 0, count: k)
            noiseProjections.values.withUnsafeBufferPointer { e in
                zeta.withUnsafeMutableBufferPointer { z in
                    for a in 0..<p {
                        let c = delta[a] / norm
                        let row = a * total
                        for m in 0..<k { z[m] += c * e[row + m] }
                    }
                }
            }
            for m in 0..<k {
                let t = proposal.coordinate(standardNormal: zeta[m], sign: m % 2 == 0 ? 1 : -1)
                coordinates[m] = t
                shifts[m] = sigma * (t - zeta[m])
            }
        }

        // Row by row (each row stays in cache): h = σ E + shift ⊗ X ê, φ(h) (P × k), and
        // s_m = Σ_α Δ_α φ(h_mα).
        var activations = Matrix(rows: p, cols: k)
        var s = [Double](repeating: 0, count: k)
        noiseProjections.values.withUnsafeBufferPointer { e in
            activations.values.withUnsafeMutableBufferPointer { out in
                s.withUnsafeMutableBufferPointer { sp in
                    for a in 0..<p {
                        let row = a * total, outRow = a * k, xe = projectedDirection[a], c = delta[a]
                        for m in 0..<k { out[outRow + m] = sigma * e[row + m] + shifts[m] * xe }
                        Self.apply(activation, UnsafeMutableBufferPointer(rebasing: out[outRow..<(outRow + k)]))
                        for m in 0..<k { sp[m] += c * out[outRow + m] }
                    }
                }
            }
        }

        // log w_m = a s_m² + log N(t_m; 0, 1) − log q(t_m).
        var logWeights = [Double](repeating: 0, count: k)
        for m in 0..<k {
            logWeights[m] = tilt * s[m] * s[m] + (hasDirection ? proposal.logPriorRatio(coordinates[m]) : 0)
        }
        let (weights, fraction) = Self.normalise(logWeights)
        var second = 0.0, first = 0.0
        for m in 0..<k {
            second += weights[m] * coordinates[m] * coordinates[m]
            first += weights[m] * abs(coordinates[m])
        }
        return SingleNeuronWeighting(proposal: proposal, sampleCount: k, activations: activations, weights: weights,
                                     effectiveSampleFraction: fraction, direction: direction, shifts: shifts,
                                     secondMoment: second, firstAbsoluteMoment: first)
    }

    /// The hidden kernel `C = Σ w̃_m φ(h_m) φ(h_m)ᵀ` (P × P, exactly symmetric, positive semi-definite).
    /// - Parameter weighting: the weighted sample.
    /// - Returns: `C`.
    func kernel(_ weighting: SingleNeuronWeighting) -> Matrix {
        let p = trainCount, k = weighting.sampleCount
        var scaled = weighting.activations
        let roots = weighting.weights.map { $0.squareRoot() }
        scaled.values.withUnsafeMutableBufferPointer { f in
            for a in 0..<p {
                let row = a * k
                for m in 0..<k { f[row + m] *= roots[m] }
            }
        }
        return rowGram(scaled)
    }

    /// The test–train kernel `C_*,jα = Σ w̃_m φ(v_m·x*_j) φ(v_m·x_α)` with the same samples and weights.
    ///
    /// Test rows are processed in blocks of at most `testBlockElements / M` rows, so memory stays
    /// `O(M·(P + block))` whatever `P_test`.
    /// - Parameters:
    ///   - testInputs: `X_*` (P_test × D).
    ///   - weighting: a weighting over all `M` samples.
    /// - Returns: `C_*` (P_test × P).
    func testKernel(testInputs: Matrix, _ weighting: SingleNeuronWeighting) -> Matrix {
        let p = trainCount, total = sampleCount, n = testInputs.rows
        precondition(weighting.sampleCount == total, "SingleNeuronMeasure.testKernel needs a weighting over all samples")
        var result = Matrix(rows: n, cols: p)
        guard n > 0 else { return result }
        // w̃_m φ(h_mα), P × M.
        var weighted = weighting.activations
        weighted.values.withUnsafeMutableBufferPointer { f in
            for a in 0..<p {
                let row = a * total
                for m in 0..<total { f[row + m] *= weighting.weights[m] }
            }
        }
        let block = max(1, min(n, Self.testBlockElements / total))
        var start = 0
        while start < n {
            let end = min(n, start + block)
            let rows = testInputs.rows(start..<end)
            var h = matmul(rows, noise, transposeB: true)        // (end − start) × M: x*_j · ε_m
            let along = matvec(rows, weighting.direction)         // x*_j · ê
            h.values.withUnsafeMutableBufferPointer { out in
                for j in 0..<(end - start) {
                    let row = j * total, xe = along[j]
                    for m in 0..<total { out[row + m] = sigma * out[row + m] + weighting.shifts[m] * xe }
                }
                Self.apply(activation, out)
            }
            let part = matmul(h, weighted, transposeB: true)      // (end − start) × P
            for i in 0..<part.values.count { result.values[start * p + i] = part.values[i] }
            start = end
        }
        return result
    }

    /// The proposal with the largest effective sample size at `Δ`, measured on the first
    /// `min(M, 4096)` samples, unless the incumbent comes within `incumbentTolerance` of it.
    ///
    /// Candidates, in order (a later one replaces the best only if strictly better): the Gaussian
    /// inflations `r ∈ {1, 1.5, 2, 3, 5, 8, 13}` (`SingleNeuronProposal.gaussianCandidates`), then
    /// two rounds of moment matching to the current best weighted sample, each giving a Gaussian
    /// with `τ = 1.1 √E[t²]` and a two-component mixture with `μ = E|t|`,
    /// `τ = 1.1 √max(E[t²] − μ², 0.04 E[t²])` (`t` the coordinate along `ê`). The incumbent is kept
    /// when its effective sample size is at least `incumbentTolerance` (0.9) times the best one, so
    /// that a continuously moment-matched proposal does not force a new solve at every rung (an
    /// incumbent with a fraction ≥ 0.9 is kept without evaluating the others). Deterministic.
    /// - Parameters:
    ///   - delta: `Δ`.
    ///   - tilt: `a`.
    ///   - incumbent: the proposal in use, if any.
    /// - Returns: the chosen proposal.
    func selectProposal(delta: [Double], tilt: Double, incumbent: SingleNeuronProposal? = nil) -> SingleNeuronProposal {
        let k = min(sampleCount, Self.selectionSamples)
        // An incumbent within the tolerance of the largest possible fraction, 1, needs no comparison.
        let current = incumbent.map { weighting(delta: delta, tilt: tilt, proposal: $0, sampleCount: k) }
        if let current, current.effectiveSampleFraction >= Self.incumbentTolerance { return current.proposal }
        var best = weighting(delta: delta, tilt: tilt, proposal: SingleNeuronProposal.gaussianCandidates[0], sampleCount: k)
        func consider(_ candidate: SingleNeuronProposal) {
            guard candidate.scale.isFinite, candidate.scale > 0, candidate.shift.isFinite, candidate != best.proposal else { return }
            let w = weighting(delta: delta, tilt: tilt, proposal: candidate, sampleCount: k)
            if w.effectiveSampleFraction > best.effectiveSampleFraction { best = w }
        }
        for candidate in SingleNeuronProposal.gaussianCandidates.dropFirst() { consider(candidate) }
        for _ in 0..<2 {
            let second = best.secondMoment, first = best.firstAbsoluteMoment
            guard second > 0 && second.isFinite else { break }
            let gaussian = SingleNeuronProposal(shift: 0, scale: 1.1 * second.squareRoot())
            let mixture = SingleNeuronProposal(shift: first,
                                               scale: 1.1 * max(second - first * first, 0.04 * second).squareRoot())
            consider(gaussian)
            consider(mixture)
        }
        if let current {
            return current.effectiveSampleFraction >= Self.incumbentTolerance * best.effectiveSampleFraction ? current.proposal : best.proposal
        }
        return best.proposal
    }

    /// Self-normalised weights from log weights (maximum subtracted) and the effective sample fraction.
    private static func normalise(_ logWeights: [Double]) -> (weights: [Double], fraction: Double) {
        let top = logWeights.max() ?? 0
        var weights = logWeights.map { Foundation.exp($0 - top) }
        let sum = weights.reduce(0, +)
        var squares = 0.0
        for m in weights.indices {
            weights[m] /= sum
            squares += weights[m] * weights[m]
        }
        return (weights, 1 / (Double(weights.count) * squares))
    }

    /// Applies `φ` in place.
    private static func apply(_ activation: Activation, _ values: UnsafeMutableBufferPointer<Double>) {
        switch activation {
        case .linear:
            break
        case .relu:
            for i in values.indices where !(values[i] > 0) { values[i] = 0 }
        case .erf:
            for i in values.indices { values[i] = Foundation.erf(values[i]) }
        case .tanh:
            for i in values.indices { values[i] = Foundation.tanh(values[i]) }
        case .quadratic:
            for i in values.indices { values[i] *= values[i] }
        }
    }
}
