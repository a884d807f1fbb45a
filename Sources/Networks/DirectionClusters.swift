import LinearAlgebra

/// The raw (parameter-side) atom count of a particle network: the read-in directions `w_i/|w_i|` of
/// its active neurons clustered modulo sign.
///
/// * Active: `|a_i| ≥ Q_q(|a|)` with `Q_q` the lower empirical `q`-quantile (element `⌊q (N − 1)⌋`
///   of the ascending `|a_i|`), and `a_i ≠ 0`, `w_i ≠ 0`.
/// * Greedy clustering: active neurons in order of decreasing `|a_i|` (ties by index); a neuron joins
///   the centre with the largest `|cos|` if that is at least `cosineThreshold`, and otherwise opens a
///   new cluster with its own direction as the (fixed) centre.
///
/// Unlike the function-side count (`HermiteSpectra`), this count depends on the realisation: a
/// sign-flipped particle `(−a, −w, −b)` joins its partner's cluster, but several neurons that
/// together realise one atom may spread over directions, and a low-degree atom need not be
/// realised by aligned neurons at all.
public struct DirectionClusters: Sendable, Equatable {
    /// The cluster centres (unit vectors; sign as first seen).
    public var centres: [[Double]]
    /// Per particle: its cluster index, or `nil` for an inactive neuron.
    public var assignments: [Int?]
    /// The number of active neurons.
    public var activeCount: Int
    /// The number of clusters.
    public var count: Int { centres.count }

    /// Clusters the active neurons of a network.
    /// - Parameters:
    ///   - readout: the read-out weights `a_i` (`N`).
    ///   - readin: the read-in weights `w_i` as rows (`N × d`).
    ///   - activeQuantile: `q ∈ [0, 1]` (0: every neuron with `a_i ≠ 0` is active).
    ///   - cosineThreshold: the `|cos|` in `(0, 1]` at which a neuron joins a centre.
    /// - Throws: `NetworkError.invalidParameter` for `q` or the threshold out of range,
    ///   `.dimensionMismatch` when `readout` and `readin` disagree.
    public init(readout: [Double], readin: Matrix, activeQuantile: Double, cosineThreshold: Double) throws {
        guard activeQuantile >= 0 && activeQuantile <= 1 else {
            throw NetworkError.invalidParameter(name: "activeQuantile", value: "\(activeQuantile)", requirement: "must be in [0, 1]")
        }
        guard cosineThreshold > 0 && cosineThreshold <= 1 else {
            throw NetworkError.invalidParameter(name: "cosineThreshold", value: "\(cosineThreshold)", requirement: "must be in (0, 1]")
        }
        guard readout.count == readin.rows else {
            throw NetworkError.dimensionMismatch("\(readout.count) read-out weights but \(readin.rows) read-in rows")
        }
        let n = readout.count, d = readin.cols
        var centres: [[Double]] = []
        var assignments = [Int?](repeating: nil, count: n)
        var active = 0
        if n > 0 {
            let magnitudes = readout.map { abs($0) }
            let cut = magnitudes.sorted()[Int((activeQuantile * Double(n - 1)).rounded(.down))]
            let order = (0..<n).sorted { magnitudes[$0] != magnitudes[$1] ? magnitudes[$0] > magnitudes[$1] : $0 < $1 }
            for i in order where magnitudes[i] >= cut && magnitudes[i] > 0 {
                var w = readin.row(i)
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard norm > 0 else { continue }
                for j in 0..<d { w[j] /= norm }
                active += 1
                var best = -1, bestCosine = -1.0
                for (c, centre) in centres.enumerated() {
                    let cosine = abs(zip(w, centre).reduce(0) { $0 + $1.0 * $1.1 })
                    if cosine > bestCosine { best = c; bestCosine = cosine }
                }
                if best >= 0 && bestCosine >= cosineThreshold {
                    assignments[i] = best
                } else {
                    assignments[i] = centres.count
                    centres.append(w)
                }
            }
        }
        self.centres = centres
        self.assignments = assignments
        activeCount = active
    }
}
