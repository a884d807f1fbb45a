/// Settings of the particle solver of the plain mean-field (MF) and MF-ARD theories
/// (`MeanFieldParticleSolver`; Göring et al., arXiv 2510.15174, γ = ½, φ = ReLU).
///
/// Step `s = 0 … steps − 1` evaluates every particle at its current position `w_s` with the current
/// predictor `F`, accumulates what is due at `s`, then moves the particles. `F` (and, with ARD, `ρ̄`)
/// is re-estimated after steps with `(s + 1) % updateEvery == 0`; kept steps are
/// `s = burnIn, burnIn + sampleEvery, … < steps`; traces record steps `s = 0, traceEvery, … < steps`.
public struct MeanFieldParticleConfiguration: Sendable, Equatable {
    /// `N`, the network width that sets the scale of the theory (`A = 1/σ_a² + B N⁻¹ Σφ²`, `h = B N^{−½} Σφr`).
    public var width: Double
    /// `M`, the number of particles (Monte Carlo samples of the single-neuron measure `q(w)`).
    public var particles: Int
    /// `B`, the likelihood precision: `exp(−(B/2) Σ_μ (f_μ − y_μ)²)` (`1/κ` for the "sum" loss, `1/(κP)` for "mean").
    public var likelihoodPrecision: Double
    /// `σ_w²`: the read-in prior is `N(0, σ_w²/(d ρ̄_j))` per coordinate (`ρ̄ = 1` for plain MF).
    public var readinVariance: Double
    /// `σ_a²`: the readout prior variance.
    public var readoutVariance: Double
    /// `η`: `w ← w − η ∇U + √(2η) ξ` (constant).
    public var stepSize: Double
    /// Number of particle steps.
    public var steps: Int
    /// Steps before the first kept step.
    public var burnIn: Int
    /// Steps between re-estimations of `F` (and of `ρ̄` with ARD).
    public var updateEvery: Int
    /// `τ`: `F ← (1 − τ)F + τ F_new`.
    public var predictorRate: Double
    /// Steps between kept steps (each costs one extra GEMM on the test inputs).
    public var sampleEvery: Int
    /// Steps between trace entries.
    public var traceEvery: Int
    /// Whether the coordinate precisions `ρ̄_j` are learnt (MF-ARD) or fixed at 1 (plain MF).
    public var usesARD: Bool
    /// `α0 > 0`, the shape of the Gamma hyperprior of `ρ_j`.
    public var ardShape: Double
    /// `β0 > 0`, its rate (`nil`: `β0 = α0`, so that `E ρ = 1`).
    public var ardRate: Double?
    /// The EMA rate of `ρ̄` (`nil`: the predictor rate `τ`).
    public var precisionRate: Double?
    /// Keeps `F` at its initial value (a fixed residual `r = y − F₀`): the particles then sample the fixed
    /// measure `q(w) ∝ p0 A^{−½} exp(h²/2A)` (used to test the sampler).
    public var freezesPredictor: Bool
    /// Particles per block. Each block has its own noise streams and its partial sums are added in block
    /// order, so results depend on `blockSize` but never on the thread count.
    public var blockSize: Int
    /// The seed of every random stream (`mf-particle-init`, `mf-particle-noise`, `mf-particle-readout`, per block).
    public var seed: UInt64

    /// A validated configuration.
    /// - Parameters:
    ///   - width: `N > 0`.
    ///   - particles: `M ≥ 1`.
    ///   - likelihoodPrecision: `B > 0`.
    ///   - readinVariance: `σ_w² > 0`.
    ///   - readoutVariance: `σ_a² > 0`.
    ///   - stepSize: `η > 0`.
    ///   - steps: `≥ 1`.
    ///   - burnIn: `0 ≤ burnIn < steps`.
    ///   - updateEvery: `≥ 1`.
    ///   - predictorRate: `τ ∈ (0, 1]`.
    ///   - sampleEvery: `≥ 1`.
    ///   - traceEvery: `≥ 1`.
    ///   - usesARD: MF-ARD instead of plain MF.
    ///   - ardShape: `α0 > 0`.
    ///   - ardRate: `β0 > 0`, or `nil` for `α0`.
    ///   - precisionRate: in `(0, 1]`, or `nil` for `τ`.
    ///   - freezesPredictor: keep `F = F₀`.
    ///   - blockSize: `≥ 1`.
    ///   - seed: the seed.
    /// - Throws: `TheoryError.invalidParameter` naming the first invalid value.
    public init(width: Double, particles: Int, likelihoodPrecision: Double, readinVariance: Double = 1,
                readoutVariance: Double = 1, stepSize: Double, steps: Int, burnIn: Int = 0, updateEvery: Int = 1,
                predictorRate: Double = 0.05, sampleEvery: Int = 1, traceEvery: Int = 100, usesARD: Bool = false,
                ardShape: Double = 4, ardRate: Double? = nil, precisionRate: Double? = nil,
                freezesPredictor: Bool = false, blockSize: Int = 64, seed: UInt64 = 0) throws {
        self.width = width
        self.particles = particles
        self.likelihoodPrecision = likelihoodPrecision
        self.readinVariance = readinVariance
        self.readoutVariance = readoutVariance
        self.stepSize = stepSize
        self.steps = steps
        self.burnIn = burnIn
        self.updateEvery = updateEvery
        self.predictorRate = predictorRate
        self.sampleEvery = sampleEvery
        self.traceEvery = traceEvery
        self.usesARD = usesARD
        self.ardShape = ardShape
        self.ardRate = ardRate
        self.precisionRate = precisionRate
        self.freezesPredictor = freezesPredictor
        self.blockSize = blockSize
        self.seed = seed
        try validate()
    }

    /// `β0` (`α0` when not given).
    public var resolvedARDRate: Double { ardRate ?? ardShape }
    /// The EMA rate of `ρ̄` (`τ` when not given).
    public var resolvedPrecisionRate: Double { precisionRate ?? predictorRate }
    /// Kept steps, `⌈(steps − burnIn)/sampleEvery⌉`.
    public var keptSteps: Int { (steps - burnIn + sampleEvery - 1) / sampleEvery }
    /// The traced steps `0, traceEvery, … < steps`.
    public var traceSteps: [Int] { Array(stride(from: 0, to: steps, by: traceEvery)) }

    /// Checks every field.
    /// - Throws: `TheoryError.invalidParameter` naming the first invalid value.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> TheoryError {
            .invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        func positive(_ name: String, _ value: Double) throws {
            if !(value > 0 && value.isFinite) { throw bad(name, value, "must be finite and > 0") }
        }
        func rate(_ name: String, _ value: Double) throws {
            if !(value > 0 && value <= 1) { throw bad(name, value, "must be in (0, 1] (the EMA weight of the new estimate)") }
        }
        try positive("width", width)
        if particles < 1 { throw bad("particles", particles, "must be ≥ 1") }
        try positive("likelihood_precision", likelihoodPrecision)
        try positive("readin_variance", readinVariance)
        try positive("readout_variance", readoutVariance)
        try positive("step_size", stepSize)
        if steps < 1 { throw bad("steps", steps, "must be ≥ 1") }
        if burnIn < 0 || burnIn >= steps { throw bad("burn_in", burnIn, "must be in 0..<steps (steps = \(steps))") }
        if updateEvery < 1 { throw bad("update_every", updateEvery, "must be ≥ 1") }
        try rate("predictor_rate", predictorRate)
        if sampleEvery < 1 { throw bad("sample_every", sampleEvery, "must be ≥ 1") }
        if traceEvery < 1 { throw bad("trace_every", traceEvery, "must be ≥ 1") }
        try positive("ard_shape", ardShape)
        if let ardRate { try positive("ard_rate", ardRate) }
        if let precisionRate { try rate("precision_rate", precisionRate) }
        if blockSize < 1 { throw bad("block_size", blockSize, "must be ≥ 1") }
    }
}
