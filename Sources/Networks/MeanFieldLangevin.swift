import LinearAlgebra

/// Mean-field Langevin dynamics (MFLD) of a width-`N` tanh network with hidden biases,
/// `f_N(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)`, on training data `(X, y)` (`n × d`, `n`): every particle
/// `θ_i = (a_i, w_i, b_i)` moves by the per-particle gradient (μP: the `1/N` of the output cancelled),
///
///     θ_i ← θ_i − η[(1/n) Σ_j r_j ∇_θ(a tanh(w·x_j + b))|θ_i + λ′θ_i] + √(2ηλ) ξ_i,   r_j = f_N(x_j) − y_j,
///
/// Euler–Maruyama for `F(μ) = (1/2n)Σ(f_μ − y)² + (λ′/2)∫|θ|²dμ + λ∫μ log μ` (`mup-meanfield`).
///
/// **Shared noise (coupling).** `ξ_i` at update `t` is the `t`-th group of `d + 2` values (row order
/// `[a, w_1…w_d, b]`) of `GaussianNoiseStream(seed, [purpose("mfld-noise"), i])`: a function of
/// `(seed, i, t)` only. A system made of the first `N` particles of a width-`M` system therefore receives
/// exactly the first `N` rows of the reference's increments, for every `N`, block size and thread count
/// (`MeanFieldCoupling`). At `λ = 0` no noise is drawn.
///
/// **Kernels.** Particles are split into blocks of `blockSize` (fixed by particle index); each block
/// (`LangevinParticleBlock`) runs the fused MFLD kernel: per tile of inputs, a small dgemm for the
/// pre-activations and one pass for `tanh` (`FastMath.tanh`) and the partial sums `Σ_{i∈block} a_i tanh(·)`,
/// keeping `tanh` for the backward pass; the blocks are added in order and divided by `N`; then one pass over
/// the kept `tanh` values with the residuals `r` and one dgemm (`K = n`) give the bracket's first term.
/// Deterministic for every thread count.
///
/// **Does the SGLD engine (`SGLDSampler`, `.muP`) already give this update?** For `λ > 0, λ′ > 0`,
/// mathematically yes: μP has `s_in = 1`, `s_out = 1/N`, `T = κ/N`, and `SGLDSampler` steps
/// `θ ← θ − η_S[(c/T) ∇_θ ½Σ(y − f)² + θ/σ²] + √(2η_S) ξ`; with `c = 1`, `(1/T)·∇_{θ_i}½Σ(f − y)²
/// = (N/κ)(1/N) Σ_j r_j ∇_θ(a tanh)|θ_i = (1/κ) Σ_j r_j ∇_θ(a tanh)|θ_i`, so matching the three terms gives
/// `η_S/κ = η/n`, `η_S/σ² = ηλ′`, `2η_S = 2ηλ`, i.e. `η_S = ηλ`, `κ = nλ` and `σ² = λ/λ′` for every
/// coordinate (`readin_variance` `g_v = dλ/λ′`, `readout_variance` = `bias_variance` = `λ/λ′`), with an
/// explicit O(1) start (`SGLDInitialization.fixed`). It does not cover what this type is for:
/// (1) `λ = 0` (noiseless MF gradient descent) or `λ′ = 0` need `κ = 0` or `σ² = ∞`, which `NetworkSpec` refuses;
/// (2) an SGLD chain draws one noise stream in the order `[V (N·d), w (N), b (N)]`, so the readout and bias
/// increments of particle `i` sit at offsets `N·d + i` and `N·d + N + i`, which depend on `N`: a width-`N`
/// chain does not see the first `N` rows of a width-`M` chain's increments, and the coupling of
/// `MeanFieldCoupling` cannot be expressed; (3) the scale `(1/T)s_out = (N/(nλ))(1/N)` is not bit-equal to
/// `1/(nλ)`. Hence this type has its own update and per-particle noise, and its own fused kernel
/// (`LangevinParticleBlock`, faster than the engine's general passes for `d ≪ N`); the SGLD engine's
/// `gradient(_:residuals:rows:outputScale:)` computes the same gradient and serves as the test's reference.
public struct MeanFieldLangevin: Sendable {
    /// Particles per block of the batched passes. The blocks' partial sums are added in order, so results
    /// depend on this constant (never on threads); the noise does not.
    public static let blockSize = 128

    /// The initial particles `θ^0`, `N × (d + 2)`, rows `[a, w_1…w_d, b]`.
    public let particles: Matrix
    /// `X`, `n × d`.
    public let trainInputs: Matrix
    /// `y` (`n`).
    public let trainLabels: [Double]
    /// `X*`, `q × d` (`q` may be 0).
    public let testInputs: Matrix
    /// `y*` (`q`).
    public let testLabels: [Double]
    /// `η`, `λ`, `λ′`, steps, recorded states, seed.
    public let configuration: MeanFieldLangevinConfiguration

    /// A run (inputs are checked by `run`).
    /// - Parameters:
    ///   - particles: `θ^0`, `N × (d + 2)`, rows `[a, w, b]`.
    ///   - trainInputs: `X` (`n × d`).
    ///   - trainLabels: `y` (`n`).
    ///   - testInputs: `X*` (`q × d`, `q` may be 0).
    ///   - testLabels: `y*` (`q`).
    ///   - configuration: the settings.
    public init(particles: Matrix, trainInputs: Matrix, trainLabels: [Double], testInputs: Matrix, testLabels: [Double],
                configuration: MeanFieldLangevinConfiguration) {
        self.particles = particles
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
        self.configuration = configuration
    }

    /// Most doubles the snapshots may hold in total.
    public static let snapshotBudget = 100_000_000

    /// Checks the inputs.
    /// - Throws: `NetworkError` naming the first problem.
    public func validate() throws {
        try configuration.validate()
        let n = trainInputs.rows, d = trainInputs.cols
        guard n >= 1, d >= 1 else { throw NetworkError.dimensionMismatch("the training inputs are \(n) × \(d); need n ≥ 1 and d ≥ 1") }
        guard trainLabels.count == n else { throw NetworkError.dimensionMismatch("\(trainLabels.count) labels for \(n) training inputs") }
        guard particles.rows >= 1 else {
            throw NetworkError.invalidParameter(name: "width", value: "\(particles.rows)", requirement: "must be ≥ 1")
        }
        guard particles.cols == d + 2 else {
            throw NetworkError.dimensionMismatch("particles have \(particles.cols) columns; rows [a, w, b] need d + 2 = \(d + 2)")
        }
        guard testInputs.rows == 0 || testInputs.cols == d else {
            throw NetworkError.dimensionMismatch("test inputs have \(testInputs.cols) columns, the training inputs \(d)")
        }
        guard testLabels.count == testInputs.rows else {
            throw NetworkError.dimensionMismatch("\(testLabels.count) test labels for \(testInputs.rows) test inputs")
        }
        guard trainInputs.isFinite, trainLabels.allSatisfy(\.isFinite), testInputs.isFinite, testLabels.allSatisfy(\.isFinite) else {
            throw NetworkError.invalidParameter(name: "data", value: "non-finite", requirement: "inputs and labels must be finite")
        }
        guard particles.isFinite else {
            throw NetworkError.invalidParameter(name: "initial_particles", value: "non-finite", requirement: "must all be finite")
        }
        let doubles = configuration.snapshotSteps.count * particles.rows * particles.cols
        if doubles > Self.snapshotBudget {
            throw NetworkError.invalidParameter(name: "snapshots", value: "\(configuration.snapshotSteps.count)",
                                                requirement: "snapshots × N × (d + 2) = \(doubles) exceeds \(Self.snapshotBudget) doubles")
        }
    }

    /// Runs the dynamics.
    /// - Parameters:
    ///   - threads: workers over the particle blocks (≥ 1); results do not depend on it.
    ///   - progress: called on the calling thread with (updates done, updates total) about 200 times.
    /// - Returns: the recorded losses, test errors and test outputs, the snapshots and the final particles.
    /// - Throws: `NetworkError` for invalid inputs, or `.invalidParameter("step_size")` when `f_N` stops being finite.
    public func run(threads: Int = 1, progress: (_ stepsDone: Int, _ stepsTotal: Int) -> Void = { _, _ in }) throws -> MeanFieldLangevinResult {
        try validate()
        guard threads >= 1 else { throw NetworkError.invalidParameter(name: "threads", value: "\(threads)", requirement: "must be ≥ 1") }
        let c = configuration
        let system = MeanFieldLangevinSystem(particles: particles, trainInputs: trainInputs, trainLabels: trainLabels,
                                             testInputs: testInputs, testLabels: testLabels, seed: c.seed, threads: threads)
        let q = testInputs.rows
        var loss: [Double] = [], testError: [Double] = [], testOutputs: [Double] = []
        loss.reserveCapacity(c.recordSteps.count)
        testOutputs.reserveCapacity(c.recordSteps.count * q)
        var snapshots: [Matrix] = []
        var nextRecord = 0, nextSnapshot = 0
        let reportEvery = max(1, c.steps / 200)
        for step in 0...c.steps {
            guard system.forward() else {
                throw NetworkError.invalidParameter(
                    name: "step_size", value: "\(c.stepSize)",
                    requirement: "the dynamics diverged at step \(step) (f_N is not finite): reduce step_size")
            }
            if nextRecord < c.recordSteps.count && c.recordSteps[nextRecord] == step {
                loss.append(system.trainingLoss())
                testError.append(system.evaluateTest())
                testOutputs.append(contentsOf: UnsafeBufferPointer(start: system.testOutputs, count: q))
                nextRecord += 1
            }
            if nextSnapshot < c.snapshotSteps.count && c.snapshotSteps[nextSnapshot] == step {
                snapshots.append(system.particles())
                nextSnapshot += 1
            }
            if step == c.steps { break }
            system.step(c)
            if (step + 1) % reportEvery == 0 || step + 1 == c.steps { progress(step + 1, c.steps) }
        }
        return MeanFieldLangevinResult(recordSteps: c.recordSteps, trainLoss: loss, testError: testError,
                                       testOutputs: Matrix(rows: c.recordSteps.count, cols: q, values: testOutputs),
                                       snapshotSteps: c.snapshotSteps, snapshots: snapshots, finalParticles: system.particles())
    }
}
