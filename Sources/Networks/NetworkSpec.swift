import Kernels

/// The architecture, parameterization, priors and temperature of a two-layer network
/// `f(x) = s_out Σ_{i=1}^N w_i φ(s_in v_i·x + b_i)`, `x ∈ R^D`.
///
/// The spec holds the dimensionless scales; `resolved` turns them into explicit `s_in`, `s_out`,
/// prior variances, temperature and step multipliers (see `Parameterization` for the table).
public struct NetworkSpec: Sendable, Equatable {
    /// `D`, the input dimension.
    public var inputDimension: Int
    /// `N`, the number of hidden units.
    public var width: Int
    /// `φ`.
    public var activation: NetworkActivation
    /// How `N` and `D` enter the scales.
    public var parameterization: Parameterization
    /// Whether the hidden units have biases `b_i`.
    public var bias: Bool
    /// `g_v`: the read-in prior variance scale (`σ_V² = g_v/D`, or `g_v` for NTK).
    public var readinVarianceScale: Double
    /// `g_w`: the readout prior variance scale (`σ_w² = g_w/N`, `g_w`, `g_w/(χN)` or `g_w`).
    public var readoutVarianceScale: Double
    /// `g_b = σ_b²`: the prior variance of each bias.
    public var biasVariance: Double
    /// `χ`: Rubin et al.'s scale parameter (mean-field parameterization only; 1 = standard scaling).
    public var chi: Double
    /// `κ`: the temperature scale (`T = κ`, `κ/χ` or `κ/N`, see `Parameterization`).
    public var kappa: Double

    /// A validated spec.
    /// - Parameters:
    ///   - inputDimension: `D ≥ 1`.
    ///   - width: `N ≥ 1`.
    ///   - activation: `φ` (Hermite degree ≥ 1).
    ///   - parameterization: the scaling.
    ///   - bias: whether hidden units have biases.
    ///   - readinVarianceScale: `g_v > 0`.
    ///   - readoutVarianceScale: `g_w > 0`.
    ///   - biasVariance: `g_b > 0` (used only with `bias`).
    ///   - chi: `χ > 0`.
    ///   - kappa: `κ > 0`.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public init(inputDimension: Int, width: Int, activation: NetworkActivation = .linear,
                parameterization: Parameterization = .standard, bias: Bool = false,
                readinVarianceScale: Double = 1, readoutVarianceScale: Double = 1, biasVariance: Double = 1,
                chi: Double = 1, kappa: Double = 1) throws {
        self.inputDimension = inputDimension
        self.width = width
        self.activation = activation
        self.parameterization = parameterization
        self.bias = bias
        self.readinVarianceScale = readinVarianceScale
        self.readoutVarianceScale = readoutVarianceScale
        self.biasVariance = biasVariance
        self.chi = chi
        self.kappa = kappa
        try validate()
    }

    /// Checks every field.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public func validate() throws {
        if inputDimension < 1 {
            throw NetworkError.invalidParameter(name: "input_dimension", value: "\(inputDimension)", requirement: "must be ≥ 1")
        }
        if width < 1 {
            throw NetworkError.invalidParameter(name: "width", value: "\(width)", requirement: "must be ≥ 1")
        }
        if case let .hermite(k) = activation, k < 1 {
            throw NetworkError.invalidParameter(name: "hermite_degree", value: "\(k)", requirement: "must be ≥ 1")
        }
        for (name, value) in [("readin_variance_scale", readinVarianceScale), ("readout_variance_scale", readoutVarianceScale),
                              ("bias_variance", biasVariance), ("chi", chi), ("kappa", kappa)]
        where !(value > 0 && value.isFinite) {
            throw NetworkError.invalidParameter(name: name, value: "\(value)", requirement: "must be finite and > 0")
        }
    }

    /// The explicit scales, prior variances, temperature and step multipliers.
    public var resolved: ResolvedParameterization {
        let d = Double(inputDimension), n = Double(width)
        var r: ResolvedParameterization
        switch parameterization {
        case .standard:
            r = ResolvedParameterization(sIn: 1, sOut: 1, readinPriorVariance: readinVarianceScale / d,
                                         readoutPriorVariance: readoutVarianceScale / n, biasPriorVariance: biasVariance,
                                         temperature: kappa, readinStepMultiplier: 1, readoutStepMultiplier: 1,
                                         biasStepMultiplier: 1, nngpReadoutVariance: 0)
        case .ntk:
            r = ResolvedParameterization(sIn: 1 / d.squareRoot(), sOut: 1 / n.squareRoot(),
                                         readinPriorVariance: readinVarianceScale, readoutPriorVariance: readoutVarianceScale,
                                         biasPriorVariance: biasVariance, temperature: kappa, readinStepMultiplier: 1,
                                         readoutStepMultiplier: 1, biasStepMultiplier: 1, nngpReadoutVariance: 0)
        case .meanField:
            r = ResolvedParameterization(sIn: 1, sOut: 1, readinPriorVariance: readinVarianceScale / d,
                                         readoutPriorVariance: readoutVarianceScale / (chi * n), biasPriorVariance: biasVariance,
                                         temperature: kappa / chi, readinStepMultiplier: 1, readoutStepMultiplier: 1,
                                         biasStepMultiplier: 1, nngpReadoutVariance: 0)
        case .muP:
            r = ResolvedParameterization(sIn: 1, sOut: 1 / n, readinPriorVariance: readinVarianceScale / d,
                                         readoutPriorVariance: readoutVarianceScale, biasPriorVariance: biasVariance,
                                         temperature: kappa / n, readinStepMultiplier: 1, readoutStepMultiplier: 1,
                                         biasStepMultiplier: 1, nngpReadoutVariance: 0)
        }
        r.nngpReadoutVariance = n * r.sOut * r.sOut * r.readoutPriorVariance
        return r
    }

    /// The number of trainable parameters: `N·D + N` (+ `N` with biases).
    public var parameterCount: Int { width * inputDimension + width + (bias ? width : 0) }

    /// The infinite-width NNGP kernel of this network's prior (`weightVariance = g_v`,
    /// `biasVariance = g_b` or 0, `readoutVariance = N s_out² σ_w²`); the width-→∞ posterior mean is
    /// `KernelRidgeRegression` with this kernel and ridge `resolved.temperature`.
    /// - Returns: the kernel, or `nil` for Hermite degrees ≥ 2 (no kernel in `Kernels`).
    /// - Throws: `KernelError` if the kernel rejects the values (it cannot for a valid spec).
    public func nngpKernel() throws -> NNGPKernel? {
        guard let act = activation.kernelActivation else { return nil }
        return try NNGPKernel(activation: act, weightVariance: readinVarianceScale, biasVariance: bias ? biasVariance : 0,
                              readoutVariance: resolved.nngpReadoutVariance)
    }
}
