/// The geometry of two class manifolds in a feature space known only through its Gram matrix
/// `K_μν = Φ_μ·Φ_ν` (e.g. the hidden-layer kernel `(1/N) Σ_i φ(h_iμ)φ(h_iν)`), for labels ±1:
///
/// - `centroidDistance` `d² = |c₊ − c₋|² = mᵀKm`, `m_μ = 1/P₊` on class +1 and `−1/P₋` on class −1;
/// - `radiusPositive`, `radiusNegative` `R±² = (1/P±) Σ_{μ∈±} |Φ_μ − c±|² = (1/P±) Σ K_μμ − (1/P±²) Σ_{μ,ν∈±} K_μν`;
/// - `separation` `d²/(R₊² + R₋²)`.
///
/// All are linear in `K` except `separation`, so posterior means of the linear ones need only `⟨K⟩`.
public struct ClassManifoldGeometry: Sendable, Equatable {
    public var centroidDistance: Double
    public var radiusPositive: Double
    public var radiusNegative: Double
    public var separation: Double { centroidDistance / (radiusPositive + radiusNegative) }

    /// The geometry of a Gram matrix.
    /// - Parameters:
    ///   - gram: `K`, row-major `P × P` (symmetric).
    ///   - labels: `P` labels, each +1 or −1 (by sign; 0 is refused).
    /// - Throws: `KernelError.invalidParameter` when the sizes disagree, a label is 0 or a class is empty.
    public init(gram: [Double], labels: [Double]) throws {
        let p = labels.count
        guard gram.count == p * p else {
            throw KernelError.invalidParameter(name: "gram", value: "\(gram.count) entries", requirement: "must be P × P for P = \(p) labels")
        }
        guard labels.allSatisfy({ $0 != 0 && $0.isFinite }) else {
            throw KernelError.invalidParameter(name: "labels", value: "0 or non-finite", requirement: "must be ±1 (by sign)")
        }
        let positive = labels.indices.filter { labels[$0] > 0 }, negative = labels.indices.filter { labels[$0] < 0 }
        guard !positive.isEmpty, !negative.isEmpty else {
            throw KernelError.invalidParameter(name: "labels", value: "\(positive.count) positive, \(negative.count) negative",
                                               requirement: "both classes need at least one example")
        }
        func block(_ a: [Int], _ b: [Int]) -> Double {
            var s = 0.0
            for i in a { for j in b { s += gram[i * p + j] } }
            return s / (Double(a.count) * Double(b.count))
        }
        func radius(_ a: [Int]) -> Double { a.reduce(0) { $0 + gram[$1 * p + $1] } / Double(a.count) - block(a, a) }
        centroidDistance = block(positive, positive) + block(negative, negative) - 2 * block(positive, negative)
        radiusPositive = radius(positive)
        radiusNegative = radius(negative)
    }
}
