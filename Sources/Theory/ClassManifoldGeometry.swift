import LinearAlgebra

/// The two classes of a training set with labels of either sign (class `+`: `y > 0`, class `−`: `y < 0`),
/// and the class-manifold statistics of a feature kernel, all linear in the kernel.
///
/// With features `Φ_μ ∈ R^N` and the feature kernel `K̂_μν = Φ_μ·Φ_ν` (`K̂ = (1/N) Σ_i φ(h_i)φ(h_i)ᵀ`
/// for `Φ_μ = (φ(h_1^μ), …, φ(h_N^μ))/√N`):
/// * centroid distance `d² = |c₊ − c₋|² = mᵀK̂m`, `m_μ = 1/P₊` on class `+`, `−1/P₋` on class `−`
///   (`c± = (1/P±) Σ_{μ∈±} Φ_μ`);
/// * class radii `R±² = (1/P±) Σ_{μ∈±} |Φ_μ − c±|² = (1/P±) Σ_{μ∈±} K̂_μμ − m±ᵀK̂m±`,
///   `m±_μ = 1/P±` on class `±` and 0 elsewhere;
/// * normalised separation `d²/(R₊² + R₋²)` (the paper's normalisation could not be read: both the raw
///   distance and this ratio are reported).
public struct ClassPartition: Sendable, Equatable {
    /// Indices of class `+` (`y > 0`).
    public let plus: [Int]
    /// Indices of class `−` (`y < 0`).
    public let minus: [Int]
    /// `m`: `1/P₊` on class `+`, `−1/P₋` on class `−`.
    public let centroidWeights: [Double]

    /// Splits the training set by the sign of the labels.
    /// - Parameter labels: `y`, non-zero.
    /// - Throws: `TheoryError.invalidParameter` (name `labels`) for a zero label or an empty class.
    public init(labels: [Double]) throws {
        var plus: [Int] = [], minus: [Int] = []
        for (i, y) in labels.enumerated() {
            if y > 0 { plus.append(i) } else if y < 0 { minus.append(i) } else {
                throw TheoryError.invalidParameter(name: "labels", value: "y[\(i)] = \(y)",
                                                   requirement: "every label must be non-zero (class + for y > 0, class − for y < 0)")
            }
        }
        guard !plus.isEmpty, !minus.isEmpty else {
            throw TheoryError.invalidParameter(name: "labels", value: "\(plus.count) positive and \(minus.count) negative",
                                               requirement: "the training rows must contain both classes (y > 0 and y < 0)")
        }
        var m = [Double](repeating: 0, count: labels.count)
        for i in plus { m[i] = 1 / Double(plus.count) }
        for i in minus { m[i] = -1 / Double(minus.count) }
        self.plus = plus
        self.minus = minus
        centroidWeights = m
    }

    /// The statistics of a feature kernel.
    /// - Parameter kernel: a P × P kernel on the training set.
    /// - Returns: `d²`, `R₊²`, `R₋²` and `d²/(R₊² + R₋²)`.
    public func geometry(_ kernel: Matrix) -> ClassManifoldGeometry {
        let p = kernel.rows
        func quadratic(_ a: [Int], _ wa: Double, _ b: [Int], _ wb: Double) -> Double {
            var s = 0.0
            for i in a { for j in b { s += kernel.values[i * p + j] } }
            return wa * wb * s
        }
        let np = 1 / Double(plus.count), nm = 1 / Double(minus.count)
        let pp = quadratic(plus, np, plus, np), mm = quadratic(minus, nm, minus, nm), pm = quadratic(plus, np, minus, nm)
        let diagonalPlus = plus.reduce(0.0) { $0 + kernel.values[$1 * p + $1] } * np
        let diagonalMinus = minus.reduce(0.0) { $0 + kernel.values[$1 * p + $1] } * nm
        return ClassManifoldGeometry(centroidDistance: pp + mm - 2 * pm, radiusPlus: diagonalPlus - pp, radiusMinus: diagonalMinus - mm)
    }

    /// The same statistics for the rank-one kernel `φφᵀ` of one feature vector (one neuron's features).
    /// - Parameter features: `φ` (length P).
    /// - Returns: `((m·φ)², (1/P₊)Σ₊φ² − (m₊·φ)², (1/P₋)Σ₋φ² − (m₋·φ)²)`.
    public func geometry(features phi: UnsafeBufferPointer<Double>) -> ClassManifoldGeometry {
        var sp = 0.0, sm = 0.0, qp = 0.0, qm = 0.0
        for i in plus { sp += phi[i]; qp += phi[i] * phi[i] }
        for i in minus { sm += phi[i]; qm += phi[i] * phi[i] }
        let np = 1 / Double(plus.count), nm = 1 / Double(minus.count)
        let cp = sp * np, cm = sm * nm
        return ClassManifoldGeometry(centroidDistance: (cp - cm) * (cp - cm), radiusPlus: qp * np - cp * cp, radiusMinus: qm * nm - cm * cm)
    }
}

/// Class-manifold statistics of one feature kernel (see `ClassPartition`).
public struct ClassManifoldGeometry: Sendable, Equatable {
    /// `d² = mᵀK̂m`.
    public var centroidDistance: Double
    /// `R₊²`.
    public var radiusPlus: Double
    /// `R₋²`.
    public var radiusMinus: Double

    public init(centroidDistance: Double, radiusPlus: Double, radiusMinus: Double) {
        self.centroidDistance = centroidDistance
        self.radiusPlus = radiusPlus
        self.radiusMinus = radiusMinus
    }

    /// `d²/(R₊² + R₋²)`.
    public var normalisedSeparation: Double { centroidDistance / (radiusPlus + radiusMinus) }
}
