import LinearAlgebra
import Networks
import Pipeline
import Theory

/// `sgld.two_layer`: posterior sampling of a two-layer network by (stochastic
/// gradient) Langevin dynamics; stores output moments, per-chain means,
/// traces and convergence diagnostics.
struct SGLDTwoLayerKind: TaskKind {
    let name = "sgld.two_layer"
    let version = 1
    let summary = "Langevin sampling of p(θ) ∝ exp(−L/T)·prior, L = ½Σ(y − f)², f(x) = s_out Σ_i w_i φ(s_in v_i·x + b_i); θ ← θ − η_ℓ∇U + √(2η_ℓ) ξ per layer; many chains with independent Philox streams; averages of f over chains and kept samples"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: ["linear", "relu", "erf", "tanh", "hermite"]), "activation φ"),
        ParameterSpec("hermite_degree", .integer(minimum: 1, maximum: 12), default: .number(2), "degree k of a Hermite activation He_k/√k!"),
        ParameterSpec("parameterization", .string(allowed: Parameterization.allCases.map(\.rawValue)), default: .string("standard"),
                      "standard (σ_V² = g_v/D, σ_w² = g_w/N, T = κ), ntk, mean_field (σ_w² = g_w/(χN), T = κ/χ), mup"),
        ParameterSpec("width", .integer(minimum: 1, maximum: 1_000_000), "hidden width N"),
        ParameterSpec("bias", .boolean, default: .bool(false), "hidden biases"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_v"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_w"),
        ParameterSpec("bias_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_b"),
        ParameterSpec("chi", .number(minimum: 0, maximum: nil), default: .number(1), "χ of the mean-field scaling (1: standard)"),
        ParameterSpec("kappa", .number(minimum: 0, maximum: nil), default: .number(1), "κ: the temperature (κ0 of the mean-field scaling, T = κ0/χ)"),
        ParameterSpec("step_size", .number(minimum: 0, maximum: nil), "Langevin step size η"),
        ParameterSpec("steps", .integer(minimum: 1, maximum: nil), "steps per chain"),
        ParameterSpec("burn_in", .integer(minimum: 0, maximum: nil), "steps discarded at the start of each chain"),
        ParameterSpec("thin", .integer(minimum: 1, maximum: nil), default: .number(10), "keep every thin-th step after burn-in"),
        ParameterSpec("chains", .integer(minimum: 1, maximum: 10_000), default: .number(8), "independent chains"),
        ParameterSpec("minibatch", .integer(minimum: 0, maximum: nil), default: .number(0), "minibatch size (0: full batch)"),
        ParameterSpec("schedule", .string(allowed: ["constant", "polynomial"]), default: .string("constant"), "step-size schedule"),
        ParameterSpec("schedule_t0", .number(minimum: 0, maximum: nil), default: .number(1000), "polynomial schedule: η_t = η (1 + t/t0)^(−γ)"),
        ParameterSpec("schedule_gamma", .number(minimum: 0, maximum: 1), default: .number(0.55), "polynomial schedule exponent γ"),
        ParameterSpec("trace_every", .integer(minimum: 1, maximum: nil), default: .number(100), "record traces every k steps"),
        ParameterSpec("snapshots", .integer(minimum: 0, maximum: 1000), default: .number(0), "thinned weight snapshots kept per chain (opt-in)"),
        ParameterSpec("record_hidden_kernel", .boolean, default: .bool(false),
                      "accumulate the hidden-layer kernel (1/N) Σ_i φ(h_iα)φ(h_iβ) on the training inputs over kept samples (P × P per chain)"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "use the first train_count training rows; 0 uses all"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed (chains use independent streams)"),
        // Added after cache entries existed: left out of the content key at their defaults.
        ParameterSpec("record_weight_moments", .boolean, default: .bool(false), omittedFromKeyAtDefault: true,
                      "accumulate per chain over kept samples ⟨(1/N)Σ w_i²⟩, ⟨(1/N)Σ w_i v_i⟩ (D), ⟨(1/N)Σ v_i v_iᵀ⟩ (D × D) and the inter-unit correlation ⟨Σ_{i≠j} (w_i v_i)·(w_j v_j)⟩/(N(N−1)) (raw parameters; for stats.weight_moments)"),
        ParameterSpec("loss_normalization", .string(allowed: ["sum", "mean"]), default: .string("sum"), omittedFromKeyAtDefault: true,
                      "sum: L = ½Σ(y − f)², likelihood exp(−L/T); mean: L = (1/2P)Σ(y − f)² (run as the sum loss at temperature T·P)"),
        ParameterSpec("initialization", .string(allowed: ["prior", "aligned"]), default: .string("prior"), omittedFromKeyAtDefault: true,
                      "prior: each chain starts from its prior draw; aligned: the prior draw with relevant components u·v_i ~ N(0, aligned_scale²) "
                        + "(U from the data's relevant_subspace or teacher_direction) and readout signs agreeing with the labels"),
        ParameterSpec("aligned_scale", .number(minimum: 0, maximum: nil), default: .number(1), omittedFromKeyAtDefault: true,
                      "standard deviation of each relevant component u_k·v_i of an aligned start (units of v_i)"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.int("burn_in") >= p.int("steps") { throw TaskParameterError("burn_in", "must be smaller than steps (\(p.int("steps")))") }
        if p.double("step_size") <= 0 { throw TaskParameterError("step_size", "must be positive") }
        for key in ["readin_variance", "readout_variance", "chi", "kappa"] where p.double(key) <= 0 {
            throw TaskParameterError(key, "must be positive")
        }
    }

    /// About 1.6e-8 s per step × chain × hidden unit × training point (measured on the
    /// Rubin linear runs, D = 200); a data set of unknown size counts as 80 points.
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        let points = p.int("train_count") > 0 ? p.int("train_count") : 80
        return 1.6e-8 * Double(p.int("steps")) * Double(p.int("chains")) * Double(p.int("width")) * Double(points)
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let (x, y) = try DataInputs.training(p, data)
        let xt = try data.array("test_inputs").matrix("test_inputs")
        let yt = try data.array("test_labels").values
        let teacher = data.arrays["teacher_direction"]?.values
        try DataInputs.checkReLUCanLearn(data, biasFree: p.string("activation") == "relu" && !p.bool("bias"))
        let meanLoss = p.string("loss_normalization") == "mean"
        // The mean loss (1/2P)Σ(y − f)² at temperature T is the sum loss ½Σ(y − f)² at temperature T·P.
        let kappa = meanLoss ? p.double("kappa") * Double(x.rows) : p.double("kappa")
        let spec = try NetworkSpec(
            inputDimension: x.cols, width: p.int("width"),
            activation: try NetworkActivation(name: p.string("activation"), hermiteDegree: p.int("hermite_degree")),
            parameterization: Parameterization(rawValue: p.string("parameterization"))!, bias: p.bool("bias"),
            readinVarianceScale: p.double("readin_variance"), readoutVarianceScale: p.double("readout_variance"),
            biasVariance: p.double("bias_variance"), chi: p.double("chi"), kappa: kappa)
        let schedule: StepSchedule = p.string("schedule") == "constant" ? .constant
            : .polynomialDecay(t0: p.double("schedule_t0"), gamma: p.double("schedule_gamma"))
        var config = try SGLDConfiguration(
            stepSize: p.double("step_size"), steps: p.int("steps"), burnIn: p.int("burn_in"), thin: p.int("thin"),
            chains: p.int("chains"), minibatchSize: p.int("minibatch"), schedule: schedule,
            traceEvery: p.int("trace_every"), snapshots: p.int("snapshots"),
            recordsHiddenKernel: p.bool("record_hidden_kernel"), seed: p.seed())
        config.recordsWeightMoments = p.bool("record_weight_moments")
        var initialization = SGLDInitialization.prior
        var alignedDimension: Int?
        if p.string("initialization") == "aligned" {
            let u = try RelevantSubspaceInput.read(data, inputDimension: x.cols, purpose: "initialization \"aligned\"")
            initialization = .aligned(try AlignedInitialization(relevantSubspace: u, scale: p.double("aligned_scale")))
            alignedDimension = u.rows
        }
        let sampler = SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: config, trainInputs: x, trainLabels: y,
                                  testInputs: xt, teacherDirection: teacher?.count == x.cols ? teacher : nil,
                                  initialization: initialization)
        let context = request.context
        let r = try sampler.run(threads: context.threads) { done, all in
            if done % max(1, all / 200) == 0 { context.progress(Double(done) / Double(all), "step \(done)/\(all)") }
        }
        var arrays: [String: NDArray] = [
            "train_mean": NDArray(r.trainMean), "train_second_moment": NDArray(r.trainSecondMoment),
            "test_mean": NDArray(r.testMean), "test_second_moment": NDArray(r.testSecondMoment),
            "chain_train_means": NDArray(r.chainTrainMeans), "chain_test_means": NDArray(r.chainTestMeans),
            "trace_steps": NDArray(r.traceSteps.map(Double.init)),
            "train_split_rhat": NDArray(r.diagnostics.splitRHat),
            "train_autocorrelation_time": NDArray(r.diagnostics.integratedAutocorrelationTime),
            "train_effective_sample_size": NDArray(r.diagnostics.effectiveSampleSize),
        ]
        for (name, m) in r.traces { arrays["trace_\(name)"] = NDArray(m) }
        if !r.snapshots.isEmpty {
            let n = spec.width, d = x.cols
            arrays["snapshot_readin"] = NDArray(shape: [r.snapshots.count, n, d], values: r.snapshots.flatMap(\.readin.values))
            arrays["snapshot_readout"] = NDArray(shape: [r.snapshots.count, n], values: r.snapshots.flatMap(\.readout))
            if spec.bias { arrays["snapshot_bias"] = NDArray(shape: [r.snapshots.count, n], values: r.snapshots.flatMap(\.bias)) }
        }
        if let kernels = r.chainHiddenKernelMeans {
            let pCount = x.rows, chains = kernels.rows
            arrays["chain_hidden_kernel_means"] = NDArray(shape: [chains, pCount, pCount], values: kernels.values)
            var mean = [Double](repeating: 0, count: pCount * pCount)
            for c in 0..<chains {
                for i in 0..<(pCount * pCount) { mean[i] += kernels.values[c * pCount * pCount + i] }
            }
            arrays["hidden_kernel_mean"] = NDArray(shape: [pCount, pCount], values: mean.map { $0 / Double(chains) })
        }
        if let moments = r.chainWeightMoments {
            let chains = moments.count, d = x.cols
            arrays["chain_readout_square"] = NDArray(moments.map(\.readoutSquare))
            arrays["chain_readout_readin"] = NDArray(shape: [chains, d], values: moments.flatMap(\.readoutReadin))
            arrays["chain_readin_second"] = NDArray(shape: [chains, d, d], values: moments.flatMap(\.readinSecond))
            arrays["chain_inter_neuron"] = NDArray(moments.map(\.interNeuron))
        }
        var scalars: [String: Double] = [
            "max_split_rhat": r.diagnostics.maxSplitRHat, "min_effective_sample_size": r.diagnostics.minEffectiveSampleSize,
            "samples_per_chain": Double(r.samplesPerChain),
            "train_discrepancy_signed": Discrepancy.meanSigned(labels: y, predictions: r.trainMean),
            "test_discrepancy_signed": Discrepancy.meanSigned(labels: yt, predictions: r.testMean),
            "train_discrepancy_squared": Discrepancy.meanSquared(labels: y, predictions: r.trainMean),
            "test_discrepancy_squared": Discrepancy.meanSquared(labels: yt, predictions: r.testMean),
        ]
        // Per-seed error bars for the discrepancies: the chain-to-chain standard error.
        scalars["train_discrepancy_signed_se"] = DataInputs.chainStandardError(r.chainTrainMeans) { Discrepancy.meanSigned(labels: y, predictions: $0) }
        scalars["test_discrepancy_signed_se"] = DataInputs.chainStandardError(r.chainTestMeans) { Discrepancy.meanSigned(labels: yt, predictions: $0) }
        for (k, v) in spec.resolved.provenance { scalars["resolved_\(k)"] = v }
        var attributes = [
            "loss_convention": "L = ½ Σ_α (y_α − f(x_α))², posterior ∝ exp(−L/T)·prior",
            "averaging": "outputs f averaged over chains and kept samples (never weights: (V, w) → (−V, −w) is a symmetry)",
        ]
        // Only for non-default settings, so that the outputs of the defaults stay those of existing entries.
        if meanLoss {
            let t = spec.resolved.temperature
            scalars["resolved_mean_loss_points"] = Double(x.rows)
            scalars["resolved_mean_loss_temperature"] = t / Double(x.rows)
            attributes["loss_convention"] = "L = (1/2P) Σ_α (y_α − f(x_α))² with P = \(x.rows), posterior ∝ exp(−L/T_mean)·prior, "
                + "T_mean = resolved_mean_loss_temperature = \(t / Double(x.rows)); run as the sum loss ½ Σ_α (y_α − f(x_α))² "
                + "at temperature resolved_temperature = T_mean·P = \(t)"
        }
        if let r = alignedDimension {
            scalars["aligned_relevant_dimension"] = Double(r)
            attributes["initialization"] = "aligned: prior draw, then v_i ← (I − UᵀU) v_i + Uᵀ z_i·\(p.double("aligned_scale")), "
                + "z_i ~ N(0, I_\(r)), w_i ← |w_i| sign(Σ_μ φ(v_i·x_μ) y_μ); U from the data's "
                + (data.arrays["relevant_subspace"] != nil ? "relevant_subspace" : "teacher_direction")
        }
        if r.diagnostics.maxSplitRHat > 1.1 {
            context.warn(String(format: "max split-R̂ of the train outputs is %.3f (> 1.1): chains have not converged; run longer or use a smaller step", r.diagnostics.maxSplitRHat))
        }
        return TaskResult(arrays: arrays, scalars: scalars, attributes: attributes)
    }
}
