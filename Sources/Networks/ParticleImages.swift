import LinearAlgebra

/// Images of a trained particle set `Θ` of a mean-field tanh network (`TanhParticleNetwork`) for the
/// identifiability test (μP mean-field paper, claim 2): two that realise exactly the same function
/// with a different parameter measure (sign flip + permutation, duplication), and a random
/// perturbation at a prescribed raw W2 distance, which changes the function.
public enum ParticleImages {
    /// A random perturbation and the noise scale that produced it.
    public struct Perturbation: Sendable, Equatable {
        /// `Θ + s·Z`, `Z` standard Gaussian (`N × D`).
        public var network: TanhParticleNetwork
        /// The scale `s`.
        public var scale: Double
    }

    /// The sign flip `(a, w, b) → (−a, −w, −b)` of a uniformly random half of the particles
    /// (`⌊N/2⌋` of them), with the rows in a uniformly random order: the same function, since
    /// tanh is odd, but a different empirical measure.
    ///
    /// One uniform permutation `π` (Fisher–Yates from the stream `[purpose("identifiability-sign-flip")]`)
    /// gives row `k` of the image as particle `π(k)`, negated when `k < ⌊N/2⌋`.
    /// - Parameters:
    ///   - network: `Θ`.
    ///   - seed: the seed.
    /// - Returns: the image.
    public static func signFlippedAndPermuted(_ network: TanhParticleNetwork, seed: UInt64) -> TanhParticleNetwork {
        let n = network.width, cols = network.particles.cols
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("identifiability-sign-flip")])
        var order = Array(0..<n)
        var i = n - 1
        while i > 0 {
            order.swapAt(i, uniformIndex(below: i + 1, from: &stream))
            i -= 1
        }
        var values = [Double](repeating: 0, count: n * cols)
        for k in 0..<n {
            let sign: Double = k < n / 2 ? -1 : 1
            for c in 0..<cols { values[k * cols + c] = sign * network.particles.values[order[k] * cols + c] }
        }
        return TanhParticleNetwork(checkedParticles: Matrix(rows: n, cols: cols, values: values))   // negation keeps entries finite
    }

    /// `Θ ⊕ Θ`: every particle twice (the rows of `Θ`, then the rows of `Θ` again), `2N` particles
    /// of weight `1/(2N)`: the same empirical measure, hence the same function.
    /// - Parameter network: `Θ`.
    /// - Returns: the image.
    public static func duplicated(_ network: TanhParticleNetwork) -> TanhParticleNetwork {
        let p = network.particles
        return TanhParticleNetwork(checkedParticles: Matrix(rows: 2 * p.rows, cols: p.cols, values: p.values + p.values))
    }

    /// `Θ + s·Z` with `Z` an `N × D` standard Gaussian matrix (all coordinates `a, w, b`; stream
    /// `[purpose("identifiability-perturbation")]`) and `s ≥ 0` chosen so that the raw W2 (exact
    /// assignment) between `Θ` and the image equals `rawW2`.
    ///
    /// `W2(s)` is continuous with `W2(0) = 0` and `W2(s) ≤ s·rms(Z)` (the identity coupling), and it
    /// grows without bound; `s` is bracketed by doubling from `rawW2/rms(Z)` and found by Brent's
    /// method to 10⁻¹⁵ relative in `s`.
    /// - Parameters:
    ///   - network: `Θ`.
    ///   - rawW2: the target distance, finite and `≥ 0` (0 gives `Θ` itself, `s = 0`).
    ///   - seed: the seed.
    /// - Returns: the image and `s`.
    /// - Throws: `NetworkError.invalidParameter` for a negative or non-finite target;
    ///   `SolverError` or `LinearAlgebraError` if the search fails.
    public static func perturbed(_ network: TanhParticleNetwork, rawW2 target: Double, seed: UInt64) throws -> Perturbation {
        guard target >= 0, target.isFinite else {
            throw NetworkError.invalidParameter(name: "perturbation_w2", value: "\(target)", requirement: "must be finite and ≥ 0")
        }
        let p = network.particles
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("identifiability-perturbation")])
        let noise = stream.fillGaussian(p.values.count)
        if target == 0 { return Perturbation(network: network, scale: 0) }
        let rms = (noise.reduce(0) { $0 + $1 * $1 } / Double(p.rows)).squareRoot()
        func image(_ s: Double) throws -> TanhParticleNetwork {
            var values = p.values
            for k in values.indices { values[k] += s * noise[k] }
            return try TanhParticleNetwork(particles: Matrix(rows: p.rows, cols: p.cols, values: values))
        }
        func distance(_ s: Double) throws -> Double {
            try ParticleDistances.wasserstein2(p, try image(s).particles, cost: .squaredEuclidean)
        }
        var lower = target / rms, upper = lower
        var valueAtUpper = try distance(upper)
        var doublings = 0
        while valueAtUpper < target {
            lower = upper
            upper *= 2
            valueAtUpper = try distance(upper)
            doublings += 1
            if doublings > 100 {
                throw NetworkError.invalidParameter(name: "perturbation_w2", value: "\(target)", requirement: "no noise scale up to \(upper) reaches it")
            }
        }
        if valueAtUpper == target { return Perturbation(network: try image(upper), scale: upper) }
        if lower == upper { lower = 0 }
        var failure: (any Error)?
        let root: RootResult
        do {
            root = try RootFinder.brent({ s in
                do { return try distance(s) - target } catch { failure = error; return .nan }
            }, lower: lower, upper: upper, tolerance: 1e-15 * upper)
        } catch { throw failure ?? error }
        if let failure { throw failure }
        return Perturbation(network: try image(root.x), scale: root.x)
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject, unbiased).
    private static func uniformIndex(below bound: Int, from stream: inout RandomStream) -> Int {
        let n = UInt64(bound)
        var product = stream.nextUInt64().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = stream.nextUInt64().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }
}
