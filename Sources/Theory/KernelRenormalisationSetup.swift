import Kernels

/// The network, Gibbs measure and numerical settings of the kernel-renormalisation theory
/// (Corti, Pacelli, Rotondo, Gherardi 2025; `shared/science/corti2025-signatures.md`).
///
/// **Network** (standard parameterisation, no biases): `f(x) = (1/√N) Σ_i v_i φ(w_i·x/√D)`.
///
/// **Gibbs measure**: `p(v, W) ∝ exp(−Σ_μ (f(x_μ) − y_μ)²/(2T)) · N(v; 0, I/λ1) · Π_i N(w_i; 0, I/λ0)`,
/// the stationary law of Langevin dynamics on `L = ½Σ(f − y)² + (Tλ1/2)|v|² + (Tλ0/2)|W|²` at
/// temperature `T`. The prior variances `1/λ0`, `1/λ1` do **not** depend on `T` (the prior is not
/// multiplied by `1/T`); `T` is the GP noise variance of the infinite-width limit.
public struct KernelRenormalisationSetup: Sendable, Equatable {
    /// `φ`: `.erf` (closed-form NNGP kernel) or `.linear` (where the Gaussian-equivalence closure is exact).
    public var activation: Activation
    /// `N`: the hidden width.
    public var width: Int
    /// `T > 0`: the temperature (likelihood variance).
    public var temperature: Double
    /// `λ0 > 0`: read-in prior precision, `w_i ~ N(0, I/λ0)`.
    public var lambda0: Double
    /// `λ1 > 0`: readout prior precision, `v_i ~ N(0, 1/λ1)`.
    public var lambda1: Double
    /// Prior weight samples of the first-order non-Gaussian closure (0: skip it).
    public var nonGaussianSamples: Int
    /// The seed of the prior weight samples.
    public var seed: UInt64

    /// A validated setup.
    /// - Parameters:
    ///   - activation: `.erf` or `.linear`.
    ///   - width: `N ≥ 1`.
    ///   - temperature: `T > 0`.
    ///   - lambda0: `λ0 > 0`.
    ///   - lambda1: `λ1 > 0`.
    ///   - nonGaussianSamples: Monte-Carlo samples `≥ 0` (0, or at least 2).
    ///   - seed: the seed of the samples.
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public init(activation: Activation, width: Int, temperature: Double, lambda0: Double = 1, lambda1: Double = 1,
                nonGaussianSamples: Int = 0, seed: UInt64 = 0) throws {
        self.activation = activation
        self.width = width
        self.temperature = temperature
        self.lambda0 = lambda0
        self.lambda1 = lambda1
        self.nonGaussianSamples = nonGaussianSamples
        self.seed = seed
        try validate()
    }

    /// Checks the parameters (they are `var`s and may have been changed after `init`).
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public func validate() throws {
        guard activation == .erf || activation == .linear else {
            throw TheoryError.invalidParameter(name: "activation", value: activation.rawValue,
                                               requirement: "must be erf or linear (a non-odd φ such as ReLU needs an extra order parameter for the mean mode, not derived)")
        }
        guard width >= 1 else {
            throw TheoryError.invalidParameter(name: "width", value: "\(width)", requirement: "must be at least 1")
        }
        for (name, value) in [("temperature", temperature), ("lambda0", lambda0), ("lambda1", lambda1)]
        where !(value > 0 && value.isFinite) {
            throw TheoryError.invalidParameter(name: name, value: "\(value)", requirement: "must be finite and positive")
        }
        guard nonGaussianSamples == 0 || nonGaussianSamples >= 2 else {
            throw TheoryError.invalidParameter(name: "nonGaussianSamples", value: "\(nonGaussianSamples)",
                                               requirement: "must be 0 (skip the non-Gaussian closure) or at least 2")
        }
    }
}
