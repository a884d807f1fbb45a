/// The explicit numbers a `Parameterization` resolves to for one `NetworkSpec`.
///
/// The network is `f(x) = sOut · Σ_i w_i φ(sIn · v_i·x + b_i)`; the posterior is
/// `p(θ) ∝ exp(−L(θ)/temperature) · N(V; 0, readinPriorVariance) · N(w; 0, readoutPriorVariance) ·
/// N(b; 0, biasPriorVariance)` with `L = ½ Σ_α (y_α − f(x_α))²` (note the ½: the GP limit is
/// kernel regression with ridge = noise variance = `temperature`). Langevin steps on layer ℓ use
/// `η_ℓ = η · (step multiplier)_ℓ`.
public struct ResolvedParameterization: Sendable, Equatable {
    /// `s_in`, the factor in front of `v_i·x`.
    public var sIn: Double
    /// `s_out`, the factor in front of the readout sum.
    public var sOut: Double
    /// `σ_V²`, the prior variance of every read-in entry `V_ij`.
    public var readinPriorVariance: Double
    /// `σ_w²`, the prior variance of every readout weight `w_i`.
    public var readoutPriorVariance: Double
    /// `σ_b²`, the prior variance of every hidden bias `b_i` (unused without biases).
    public var biasPriorVariance: Double
    /// `T`, the temperature dividing `L = ½Σ(y − f)²`.
    public var temperature: Double
    /// `m_V`: read-in step size `η_V = η · m_V`.
    public var readinStepMultiplier: Double
    /// `m_w`: readout step size `η_w = η · m_w`.
    public var readoutStepMultiplier: Double
    /// `m_b`: bias step size `η_b = η · m_b`.
    public var biasStepMultiplier: Double
    /// `N s_out² σ_w²`: the readout variance of the infinite-width NNGP kernel
    /// (`NNGPKernel.readoutVariance`); the NNGP posterior mean is kernel regression with ridge `temperature`.
    public var nngpReadoutVariance: Double

    /// The numbers under stable snake_case names, for provenance records.
    public var provenance: [String: Double] {
        [
            "s_in": sIn, "s_out": sOut,
            "readin_prior_variance": readinPriorVariance,
            "readout_prior_variance": readoutPriorVariance,
            "bias_prior_variance": biasPriorVariance,
            "temperature": temperature,
            "readin_step_multiplier": readinStepMultiplier,
            "readout_step_multiplier": readoutStepMultiplier,
            "bias_step_multiplier": biasStepMultiplier,
            "nngp_readout_variance": nngpReadoutVariance,
        ]
    }
}
