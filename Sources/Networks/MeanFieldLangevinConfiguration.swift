/// Settings of a mean-field Langevin run (`MeanFieldLangevin`).
///
/// State `θ^t` is the particle set after `t` updates (`θ^0` the initial particles), `t = 0…steps`. Update `t`
/// evaluates `f_N` at `θ^t` on the training inputs and moves to `θ^{t+1}`; a recorded state costs no extra
/// forward pass on the training inputs (one on the test inputs).
public struct MeanFieldLangevinConfiguration: Sendable, Equatable {
    /// `η > 0`, the step size of `θ ← θ − η[∇ + λ′θ] + √(2ηλ) ξ`.
    public var stepSize: Double
    /// Number of updates (≥ 0).
    public var steps: Int
    /// `λ ≥ 0`, the entropy weight (temperature): the noise is `√(2ηλ) ξ`; at `λ = 0` no noise is drawn
    /// (noiseless mean-field gradient descent).
    public var temperature: Double
    /// `λ′ ≥ 0`, the weight decay (the `(λ′/2)∫|θ|²dμ` term of the free energy).
    public var weightDecay: Double
    /// The states `t` (strictly increasing, in `0…steps`) at which loss, test error and test outputs are recorded.
    public var recordSteps: [Int]
    /// The states `t` (strictly increasing, in `0…steps`) at which all particles are copied.
    public var snapshotSteps: [Int]
    /// The seed of the noise streams `GaussianNoiseStream(seed, [purpose("mfld-noise"), i])`, one per particle `i`.
    public var seed: UInt64

    /// A validated configuration.
    /// - Parameters:
    ///   - stepSize: `η > 0`.
    ///   - steps: updates (≥ 0).
    ///   - temperature: `λ ≥ 0`.
    ///   - weightDecay: `λ′ ≥ 0`.
    ///   - recordSteps: states whose loss, test error and test outputs are kept.
    ///   - snapshotSteps: states whose particles are kept.
    ///   - seed: the noise seed.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public init(stepSize: Double, steps: Int, temperature: Double, weightDecay: Double, recordSteps: [Int] = [],
                snapshotSteps: [Int] = [], seed: UInt64 = 0) throws {
        self.stepSize = stepSize
        self.steps = steps
        self.temperature = temperature
        self.weightDecay = weightDecay
        self.recordSteps = recordSteps
        self.snapshotSteps = snapshotSteps
        self.seed = seed
        try validate()
    }

    /// Checks every field.
    /// - Throws: `NetworkError.invalidParameter` naming the first invalid value.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> NetworkError {
            .invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        guard stepSize > 0, stepSize.isFinite else { throw bad("step_size", stepSize, "must be finite and > 0") }
        guard steps >= 0 else { throw bad("steps", steps, "must be ≥ 0") }
        guard temperature >= 0, temperature.isFinite else { throw bad("temperature", temperature, "must be finite and ≥ 0") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw bad("l2", weightDecay, "must be finite and ≥ 0") }
        for (name, list) in [("record_steps", recordSteps), ("snapshot_steps", snapshotSteps)] {
            if let t = list.first(where: { $0 < 0 || $0 > steps }) {
                throw bad(name, t, "every entry must be in 0…steps (= \(steps))")
            }
            if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                throw bad(name, list, "must be strictly increasing")
            }
        }
    }

    /// `√(2ηλ)`, the scale of each coordinate's Gaussian increment.
    var noiseScale: Double { (2 * stepSize * temperature).squareRoot() }
}
