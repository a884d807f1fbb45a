import Kernels

/// The parameters of the tree-level adaptive kernel theory of a nonlinear two-layer network
/// (Rubin et al., ICML 2025, Algorithm 1) and of the importance sampler that evaluates it.
///
/// Network: `f(x) = Σ_i w_i φ(v_i·x)` with `v_i ~ N(0, (g_v/D) I_D)`, `w_i ~ N(0, g_w/(χN))`,
/// likelihood `exp(−Σ_α (y_α − f_α)²/(2κ))`, `κ = κ0/χ` (mean-field `χ` scaling; `χ = 1` standard,
/// `χ = N` mean field). The tree level replaces the hidden kernel by `C_αβ = E_p[φ(h_α)φ(h_β)]`
/// under the single-neuron measure of `SingleNeuronMeasure`, with the adaptive coupling
/// `a = g_w χ/(2 N κ0²)` (`tilt(chi:)`).
public struct AdaptiveKernelSetup: Sendable, Equatable, Hashable {
    /// `φ`: linear, ReLU, erf or tanh (a quadratic `φ` makes the measure non-normalisable for every `a > 0`).
    public var activation: Activation
    /// `N`: the number of hidden units.
    public var width: Int
    /// `g_v`: read-in weights have variance `g_v/D`.
    public var readinVarianceScale: Double
    /// `g_w`: readout weights have variance `g_w/(χN)`.
    public var readoutVarianceScale: Double
    /// `κ0`: the likelihood variance at `χ = 1`.
    public var kappa0: Double
    /// `χ`: the target output scaling.
    public var chi: Double
    /// Rungs per decade of the annealing ladder `ChiLadder.points(upTo:pointsPerDecade:)`.
    public var pointsPerDecade: Int
    /// `M`: importance samples of the single-neuron measure.
    public var samples: Int
    /// The seed of the Philox streams the samples come from.
    public var seed: UInt64

    /// The fewest samples accepted.
    public static let minimumSamples = 16

    /// A validated setup.
    /// - Parameters:
    ///   - activation: `φ` (not `.quadratic`).
    ///   - width: `N ≥ 1`.
    ///   - readinVarianceScale: `g_v > 0`.
    ///   - readoutVarianceScale: `g_w > 0`.
    ///   - kappa0: `κ0 > 0`.
    ///   - chi: `χ > 0`.
    ///   - pointsPerDecade: `≥ 1` (default 10).
    ///   - samples: `M ≥ 16` (default 20 000).
    ///   - seed: the sampler's seed.
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public init(activation: Activation, width: Int, readinVarianceScale: Double, readoutVarianceScale: Double,
                kappa0: Double, chi: Double, pointsPerDecade: Int = 10, samples: Int = 20_000, seed: UInt64) throws {
        self.activation = activation
        self.width = width
        self.readinVarianceScale = readinVarianceScale
        self.readoutVarianceScale = readoutVarianceScale
        self.kappa0 = kappa0
        self.chi = chi
        self.pointsPerDecade = pointsPerDecade
        self.samples = samples
        self.seed = seed
        try validate()
    }

    /// The adaptive coupling `a = g_w χ/(2 N κ0²)` of the single-neuron measure at a given `χ`.
    /// - Parameter chi: the rung's `χ`.
    /// - Returns: `a`.
    public func tilt(chi: Double) -> Double {
        readoutVarianceScale * chi / (2 * Double(width) * kappa0 * kappa0)
    }

    /// Checks the parameters (they are `var`s and may have been changed after `init`).
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public func validate() throws {
        guard activation != .quadratic else {
            throw TheoryError.invalidParameter(name: "activation", value: activation.rawValue,
                                               requirement: "must be linear, relu, erf or tanh (a quadratic φ makes the single-neuron measure non-normalisable)")
        }
        // Width, variances, κ0 and χ: the same rules as the linear network's.
        _ = try LinearNetworkSetup(width: width, readinVarianceScale: readinVarianceScale,
                                   readoutVarianceScale: readoutVarianceScale, kappa0: kappa0, chi: chi)
        guard pointsPerDecade >= 1 else {
            throw TheoryError.invalidParameter(name: "pointsPerDecade", value: "\(pointsPerDecade)", requirement: "must be at least 1")
        }
        guard samples >= Self.minimumSamples else {
            throw TheoryError.invalidParameter(name: "samples", value: "\(samples)",
                                               requirement: "must be at least \(Self.minimumSamples)")
        }
    }
}
