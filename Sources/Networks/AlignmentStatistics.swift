import LinearAlgebra

/// Order parameters of feature learning in a two-layer network from posterior samples of the
/// read-in weights `v_i ∈ R^D` and the predictive moments on a test set, relative to the data's
/// relevant subspace `span(U)` (`U`: `r × D`, orthonormal rows; a parity's support, a single- or
/// multi-index teacher).
///
/// **Units.** Weight moments are divided by the per-coordinate prior variance `σ_V²` (= `σ_w²/D`
/// in the mean-field paper's `w ~ N(0, σ_w²/D · I)`), so every second moment is 1 under the prior and
/// the histograms of the normalised weights are standard normal under the prior.
///
/// **Irrelevant coordinates.** The irrelevant components of `v` are its coordinates in an
/// orthonormal basis `Q` (`(D − r) × D`) of the orthogonal complement of `span(U)`, built by
/// Gram–Schmidt from the projected standard basis vectors `(I − UᵀU) e_j` in the order
/// `j = 1 … D` (residuals of norm² < 10⁻¹⁰ skipped). For a coordinate-aligned `U` (a parity's
/// support) this basis is exactly the standard basis vectors off the support, so the irrelevant
/// coordinates are the plain weights `v_ij`, `j ∉ support`.
///
/// **Pitfall.** A bias-free ReLU network is invariant under `(v_i, a_i) → (λ v_i, a_i/λ)`, λ > 0:
/// raw second moments (and the histograms) mix the direction of `v_i` with a scale the data do not
/// determine (only the prior does). `relevantFraction`, the mean of `|Uv|²/|v|²`, is invariant
/// under it and is the robust comparison between settings.
public struct AlignmentStatistics: Sendable, Equatable {
    /// `m_S = Σ_μ f̄_μ y_μ / Σ_μ y_μ²` on the test set (`f̄` the posterior-mean output).
    public var overlap: Double
    /// `mean_μ (y_μ − f̄_μ)²`.
    public var testMeanSquaredError: Double
    /// `mean_μ (⟨f_μ²⟩ − 2 y_μ f̄_μ + y_μ²)`, the Gibbs (posterior-sample) test error.
    public var gibbsError: Double
    /// Mean over samples, neurons and the `r` directions of `(u_k·v_i)²/σ_V²` (1 under the prior).
    public var relevantSecondMoment: Double
    /// Mean over samples, neurons and the `D − r` complement directions of `(q_l·v_i)²/σ_V²`
    /// (1 under the prior; NaN when `r = D`).
    public var irrelevantSecondMoment: Double
    /// `relevantSecondMoment / irrelevantSecondMoment`.
    public var anisotropy: Double { relevantSecondMoment / irrelevantSecondMoment }
    /// Mean over samples and neurons of `|Uv_i|²/|v_i|²` (0 for `v_i = 0`).
    public var relevantFraction: Double
    /// `r/D`, the prior mean of `|Uv|²/|v|²` (exact for an isotropic Gaussian).
    public var relevantFractionPrior: Double
    /// Share of (sample, neuron) pairs with `|Uv_i|²/|v_i|² > threshold`.
    public var alignedFraction: Double
    /// `mean over samples and neurons of v_ij²/σ_V²`, per coordinate `j` (`D`).
    public var perCoordinateSecondMoment: [Double]
    /// Histograms of `u_k·v_i/σ_V` (relevant) and `q_l·v_i/σ_V` (irrelevant).
    public var histogram: Histogram

    /// Densities on equal bins of `[−range, range]`, each integrating to 1 over the range (the
    /// values outside are counted in the outside fractions, not in the densities).
    public struct Histogram: Sendable, Equatable {
        public var centers: [Double]
        public var relevant: [Double]
        public var irrelevant: [Double]
        /// Share of relevant values outside `[−range, range]`.
        public var relevantOutsideFraction: Double
        /// Share of irrelevant values outside `[−range, range]`.
        public var irrelevantOutsideFraction: Double
    }

    /// Computes the statistics.
    /// - Parameters:
    ///   - readin: the read-in weights of every sample, `S × N × D` row-major (`S·N` vectors `v_i`).
    ///   - inputDimension: `D`.
    ///   - relevantSubspace: `U`, `r × D` with orthonormal rows (`1 ≤ r ≤ D`).
    ///   - readinPriorVariance: `σ_V² > 0`, the prior variance of each read-in entry.
    ///   - testMean: `f̄` on the `P*` test inputs.
    ///   - testSecondMoment: `⟨f²⟩` on the test inputs.
    ///   - testLabels: `y` on the test inputs.
    ///   - alignedThreshold: the threshold of `alignedFraction`, in `[0, 1]`.
    ///   - histogramBins: `≥ 1`.
    ///   - histogramRange: `> 0`.
    /// - Throws: `NetworkError` naming the first inconsistent input.
    public init(readin: [Double], inputDimension d: Int, relevantSubspace u: Matrix, readinPriorVariance: Double,
                testMean: [Double], testSecondMoment: [Double], testLabels: [Double],
                alignedThreshold: Double = 0.5, histogramBins: Int = 60, histogramRange: Double = 6) throws {
        guard d >= 1, !readin.isEmpty, readin.count % d == 0 else {
            throw NetworkError.dimensionMismatch("read-in snapshots have \(readin.count) values, not a positive multiple of D = \(d)")
        }
        guard u.cols == d, u.rows >= 1, u.rows <= d else {
            throw NetworkError.dimensionMismatch("the relevant subspace is \(u.rows)×\(u.cols), expected r×\(d) with 1 ≤ r ≤ \(d)")
        }
        guard testMean.count == testLabels.count, testSecondMoment.count == testLabels.count, !testLabels.isEmpty else {
            throw NetworkError.dimensionMismatch("test moments have \(testMean.count) and \(testSecondMoment.count) entries for \(testLabels.count) test labels")
        }
        guard readinPriorVariance > 0, readinPriorVariance.isFinite else {
            throw NetworkError.invalidParameter(name: "readin_variance", value: "\(readinPriorVariance)", requirement: "must be finite and > 0")
        }
        guard (0...1).contains(alignedThreshold) else {
            throw NetworkError.invalidParameter(name: "aligned_threshold", value: "\(alignedThreshold)", requirement: "must lie in [0, 1]")
        }
        guard histogramBins >= 1, histogramRange > 0, histogramRange.isFinite else {
            throw NetworkError.invalidParameter(name: "histogram_bins/histogram_range", value: "\(histogramBins)/\(histogramRange)",
                                                requirement: "need ≥ 1 bins and a finite range > 0")
        }

        // Output order parameters.
        var fy = 0.0, yy = 0.0, mse = 0.0, gibbs = 0.0
        for m in testLabels.indices {
            let y = testLabels[m], f = testMean[m]
            fy += f * y
            yy += y * y
            mse += (y - f) * (y - f)
            gibbs += testSecondMoment[m] - 2 * y * f + y * y
        }
        let count = Double(testLabels.count)
        overlap = fy / yy
        testMeanSquaredError = mse / count
        gibbsError = gibbs / count

        // Weight statistics.
        let r = u.rows, vectors = readin.count / d
        let q = Self.complementBasis(u)
        let scale = 1 / readinPriorVariance.squareRoot()
        var relevantSum = 0.0, irrelevantSum = 0.0, fractionSum = 0.0, aligned = 0
        var perCoordinate = [Double](repeating: 0, count: d)
        var relevantCounter = HistogramCounter(bins: histogramBins, range: histogramRange)
        var irrelevantCounter = relevantCounter
        var projection = [Double](repeating: 0, count: max(r, q.rows))
        for i in 0..<vectors {
            let base = i * d
            var norm2 = 0.0
            for j in 0..<d {
                let v = readin[base + j]
                norm2 += v * v
                perCoordinate[j] += v * v
            }
            var relevant2 = 0.0
            Self.project(readin, base, u, into: &projection)
            for k in 0..<r {
                let c = projection[k] * scale
                relevant2 += projection[k] * projection[k]
                relevantSum += c * c
                relevantCounter.add(c)
            }
            Self.project(readin, base, q, into: &projection)
            for l in 0..<q.rows {
                let c = projection[l] * scale
                irrelevantSum += c * c
                irrelevantCounter.add(c)
            }
            let fraction = norm2 > 0 ? relevant2 / norm2 : 0
            fractionSum += fraction
            if fraction > alignedThreshold { aligned += 1 }
        }
        let n = Double(vectors)
        relevantSecondMoment = relevantSum / (n * Double(r))
        irrelevantSecondMoment = q.rows > 0 ? irrelevantSum / (n * Double(q.rows)) : .nan
        relevantFraction = fractionSum / n
        relevantFractionPrior = Double(r) / Double(d)
        alignedFraction = Double(aligned) / n
        perCoordinateSecondMoment = perCoordinate.map { $0 / (n * readinPriorVariance) }
        histogram = Histogram(centers: relevantCounter.centers, relevant: relevantCounter.densities, irrelevant: irrelevantCounter.densities,
                              relevantOutsideFraction: relevantCounter.outsideFraction, irrelevantOutsideFraction: irrelevantCounter.outsideFraction)
    }

    /// `out[k] = rows_k · readin[base ..< base + D]` for every row of `m`.
    private static func project(_ readin: [Double], _ base: Int, _ m: Matrix, into out: inout [Double]) {
        let d = m.cols
        for k in 0..<m.rows {
            var s = 0.0
            for j in 0..<d { s += m.values[k * d + j] * readin[base + j] }
            out[k] = s
        }
    }

    /// An orthonormal basis of the orthogonal complement of the row space of `u` (rows orthonormal):
    /// Gram–Schmidt (twice, for stability) of `(I − UᵀU) e_j`, `j = 0 … D−1`, skipping residuals
    /// of norm² < 10⁻¹⁰; at most `D − r` rows.
    /// - Parameter u: `r × D`, orthonormal rows.
    /// - Returns: `(D − r) × D` (fewer rows only if `u` is not orthonormal).
    static func complementBasis(_ u: Matrix) -> Matrix {
        let r = u.rows, d = u.cols
        var basis: [[Double]] = []
        basis.reserveCapacity(d - r)
        var candidate = [Double](repeating: 0, count: d)
        for j in 0..<d where basis.count < d - r {
            for t in 0..<d { candidate[t] = t == j ? 1 : 0 }
            for _ in 0..<2 {
                for k in 0..<r {
                    var c = 0.0
                    for t in 0..<d { c += u.values[k * d + t] * candidate[t] }
                    if c != 0 { for t in 0..<d { candidate[t] -= c * u.values[k * d + t] } }
                }
                for b in basis {
                    var c = 0.0
                    for t in 0..<d { c += b[t] * candidate[t] }
                    if c != 0 { for t in 0..<d { candidate[t] -= c * b[t] } }
                }
            }
            let norm2 = candidate.reduce(0) { $0 + $1 * $1 }
            if norm2 < 1e-10 { continue }
            let inverse = 1 / norm2.squareRoot()
            basis.append(candidate.map { $0 * inverse })
        }
        return Matrix(rows: basis.count, cols: d, values: basis.flatMap { $0 })
    }
}

/// Counts values into equal bins of `[−range, range]` (the right edge belongs to the last bin).
struct HistogramCounter: Sendable {
    let bins: Int
    let range: Double
    private(set) var counts: [Int]
    private(set) var total = 0

    init(bins: Int, range: Double) {
        self.bins = bins
        self.range = range
        counts = [Int](repeating: 0, count: bins)
    }

    var width: Double { 2 * range / Double(bins) }

    mutating func add(_ x: Double) {
        total += 1
        guard x >= -range, x <= range else { return }
        counts[min(bins - 1, Int((x + range) / width))] += 1
    }

    var centers: [Double] { (0..<bins).map { -range + (Double($0) + 0.5) * width } }

    /// Counts / (inside count · width): integrates to 1 over the range (all zero if nothing is inside).
    var densities: [Double] {
        let inside = counts.reduce(0, +)
        guard inside > 0 else { return [Double](repeating: 0, count: bins) }
        return counts.map { Double($0) / (Double(inside) * width) }
    }

    /// Share of the values outside the range (0 when nothing was counted).
    var outsideFraction: Double { total > 0 ? Double(total - counts.reduce(0, +)) / Double(total) : 0 }
}
