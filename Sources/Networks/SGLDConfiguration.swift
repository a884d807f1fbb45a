/// Settings of a Langevin / SGLD run.
///
/// State `θ_s` is the parameters after `s` updates (`θ_0` the initialisation). Update `s` evaluates the
/// network at `θ_s` (full batch: on every training point) and moves to `θ_{s+1}`, `s = 0…steps − 1`; the
/// states observed are exactly these `θ_s`, `s < steps`, so observing costs no extra forward pass:
/// kept samples are `θ_s` for `s = burnIn, burnIn + thin, burnIn + 2·thin, … < steps`
/// (`samplesPerChain = ⌈(steps − burnIn)/thin⌉`; with `burnIn = 0` the initial state is the first sample);
/// traces record `θ_s` for `s = 0, traceEvery, 2·traceEvery, … < steps`.
public struct SGLDConfiguration: Sendable, Equatable {
    /// The base step size `η` (per layer `η_ℓ = η_t · m_ℓ`); the update is
    /// `θ ← θ − η_ℓ ∇_ℓ U + √(2η_ℓ) ξ` on `U = L/T + ½Σθ²/σ²`. (A Langevin step `η'` on `T·U` with noise
    /// `√(2η'T)`, as in Rubin et al., is `η = η'·T` here.)
    public var stepSize: Double
    /// Number of updates per chain.
    public var steps: Int
    /// Updates discarded before the first kept sample.
    public var burnIn: Int
    /// Updates between kept samples.
    public var thin: Int
    /// Number of independent chains.
    public var chains: Int
    /// Minibatch size `B` (0 = full batch). With `0 < B < P` each update uses `B` training points drawn
    /// uniformly without replacement from the chain's `sgld-batch` stream, and the likelihood gradient
    /// is scaled by `P/B` (stochastic-gradient Langevin dynamics, Welling & Teh 2011).
    public var minibatchSize: Int
    /// The step-size schedule.
    public var schedule: StepSchedule
    /// Traces are recorded every `traceEvery` updates.
    public var traceEvery: Int
    /// Weight snapshots kept per chain (0 = none): the kept samples with indices
    /// `⌈(j + 1)·S/snapshots⌉ − 1`, `j < snapshots`, `S = samplesPerChain` (so the last sample is always one).
    public var snapshots: Int
    /// Whether each chain accumulates the hidden-layer kernel `C_αβ = (1/N) Σ_i φ(h_iα) φ(h_iβ)` on the
    /// training inputs over its kept samples (`P × P` per chain; see `SGLDResult.chainHiddenKernelMeans`).
    public var recordsHiddenKernel: Bool
    /// Whether each chain accumulates `WeightMoments` over its kept samples (see `SGLDResult.chainWeightMoments`).
    public var recordsWeightMoments: Bool = false
    /// The seed of every random stream (`sgld-init`, `sgld-noise`, `sgld-batch`, per chain).
    public var seed: UInt64

    /// A validated configuration.
    /// - Parameters:
    ///   - stepSize: `η > 0`.
    ///   - steps: updates per chain (≥ 1).
    ///   - burnIn: `0 ≤ burnIn < steps`.
    ///   - thin: `≥ 1`.
    ///   - chains: `≥ 1`.
    ///   - minibatchSize: `≥ 0` (0 = full batch).
    ///   - schedule: the step-size schedule.
    ///   - traceEvery: `≥ 1`.
    ///   - snapshots: `0 ≤ snapshots ≤ samplesPerChain`.
    ///   - recordsHiddenKernel: accumulate the hidden-layer kernel on the training inputs.
    ///   - seed: the seed.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public init(stepSize: Double, steps: Int, burnIn: Int = 0, thin: Int = 1, chains: Int = 1, minibatchSize: Int = 0,
                schedule: StepSchedule = .constant, traceEvery: Int = 100, snapshots: Int = 0, recordsHiddenKernel: Bool = false, seed: UInt64 = 0) throws {
        self.stepSize = stepSize
        self.steps = steps
        self.burnIn = burnIn
        self.thin = thin
        self.chains = chains
        self.minibatchSize = minibatchSize
        self.schedule = schedule
        self.traceEvery = traceEvery
        self.snapshots = snapshots
        self.recordsHiddenKernel = recordsHiddenKernel
        self.seed = seed
        try validate()
    }

    /// Kept samples per chain, `⌈(steps − burnIn)/thin⌉`.
    public var samplesPerChain: Int { thin >= 1 && steps > burnIn && burnIn >= 0 ? (steps - burnIn + thin - 1) / thin : 0 }

    /// The states `θ_s` that are traced: `s = 0, traceEvery, … < steps`.
    public var traceSteps: [Int] { Array(stride(from: 0, to: max(steps, 1), by: max(1, traceEvery))) }

    /// Checks every field.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> NetworkError {
            .invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        if !(stepSize > 0 && stepSize.isFinite) { throw bad("step_size", stepSize, "must be finite and > 0") }
        if steps < 1 { throw bad("steps", steps, "must be ≥ 1") }
        if burnIn < 0 || burnIn >= steps { throw bad("burn_in", burnIn, "must be in 0..<steps (steps = \(steps))") }
        if thin < 1 { throw bad("thin", thin, "must be ≥ 1") }
        if chains < 1 { throw bad("chains", chains, "must be ≥ 1") }
        if minibatchSize < 0 { throw bad("minibatch_size", minibatchSize, "must be ≥ 0 (0 = full batch)") }
        if traceEvery < 1 { throw bad("trace_every", traceEvery, "must be ≥ 1") }
        if snapshots < 0 || snapshots > samplesPerChain {
            throw bad("snapshots", snapshots, "must be in 0...\(samplesPerChain) (the kept samples per chain)")
        }
        try schedule.validate()
    }

    /// The kept-sample indices (0-based, within a chain) stored as snapshots.
    var snapshotIndices: [Int] {
        let s = samplesPerChain
        return (0..<snapshots).map { j in ((j + 1) * s + snapshots - 1) / snapshots - 1 }
    }
}
