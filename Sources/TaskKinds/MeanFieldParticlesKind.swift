import LinearAlgebra
import Networks
import Pipeline
import Theory

/// `theory.meanfield_particles`: the empirical (finite-P) form of the plain mean-field theory and of
/// MF-ARD (Göring et al., arXiv 2510.15174) on a task's own training set — M particles doing Langevin
/// dynamics in the self-consistent single-neuron potential, the predictor re-estimated by an EMA.
/// Stores the same output names as `sgld.two_layer` where they mean the same thing (`test_mean`,
/// `test_second_moment`, `snapshot_readin`, `snapshot_readout`, `test_discrepancy_squared`), so
/// `stats.alignment` and figures treat particles like one network sample.
struct MeanFieldParticlesKind: TaskKind {
    let name = "theory.meanfield_particles"
    let version = 1
    let summary = "Mean-field theory of a bias-free ReLU two-layer network, f = N^{−1/2} Σ a_i ReLU(w_i·x), empirical particle form: M particles w ~ q(w) ∝ p0(w) A^{−1/2} exp(h²/2A) (readout integrated out), A = 1/σ_a² + B N⁻¹ Σ_μ φ_μ², h = B N^{−1/2} Σ_μ φ_μ (y_μ − F_μ), F re-estimated as √N E_q[φ h/A] with an EMA; ard = true adds coordinate precisions ρ̄_j = (α0 + N/2)/(β0 + N d ⟨w_j²⟩/(2σ_w²)) (MF-ARD)"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("ard", .boolean, default: .bool(false), "learn the coordinate precisions ρ̄_j (MF-ARD) instead of ρ̄ = 1 (plain MF)"),
        ParameterSpec("width", .number(minimum: 0, maximum: nil), "N, the network width that sets the scale of the theory"),
        ParameterSpec("particles", .integer(minimum: 1, maximum: 10_000_000), "M, the number of particles"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_w²: w ~ N(0, σ_w²/d)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_a²: a ~ N(0, σ_a²)"),
        ParameterSpec("kappa", .number(minimum: 0, maximum: nil), "κ, the noise: B = 1/κ (loss sum) or 1/(κP) (loss mean)"),
        ParameterSpec("loss_normalization", .string(allowed: ["sum", "mean"]), default: .string("sum"),
                      "sum: L = ½Σ(y − f)², mean: L = (1/2P)Σ(y − f)²; likelihood exp(−L/κ)"),
        ParameterSpec("step_size", .number(minimum: 0, maximum: nil), "η of the particle Langevin step w ← w − η∇U + √(2η) ξ"),
        ParameterSpec("steps", .integer(minimum: 1, maximum: nil), "particle steps"),
        ParameterSpec("burn_in", .integer(minimum: 0, maximum: nil), "steps before the predictor is averaged"),
        ParameterSpec("update_every", .integer(minimum: 1, maximum: nil), default: .number(1), "steps between re-estimations of F (and ρ̄)"),
        ParameterSpec("predictor_rate", .number(minimum: 0, maximum: 1), default: .number(0.05), "τ: F ← (1 − τ)F + τ F_new"),
        ParameterSpec("precision_rate", .number(minimum: 0, maximum: 1), default: .number(0), "EMA rate of ρ̄ (0: τ)"),
        ParameterSpec("ard_shape", .number(minimum: 0, maximum: nil), default: .number(4), "α0 of the Gamma hyperprior of ρ_j"),
        ParameterSpec("ard_rate", .number(minimum: 0, maximum: nil), default: .number(0), "β0 (0: β0 = α0, so E ρ = 1)"),
        ParameterSpec("sample_every", .integer(minimum: 1, maximum: nil), default: .number(10), "steps between averaged predictor samples after burn-in"),
        ParameterSpec("trace_every", .integer(minimum: 1, maximum: nil), default: .number(100), "steps between trace entries"),
        ParameterSpec("initialization", .string(allowed: ["prior", "aligned"]), default: .string("prior"),
                      "prior draws, or relevant components aligned_scale·z in the data's relevant subspace (metastability check)"),
        ParameterSpec("aligned_scale", .number(minimum: 0, maximum: nil), default: .number(1), "scale of the relevant components of an aligned start"),
        ParameterSpec("block_size", .integer(minimum: 1, maximum: 100_000), default: .number(64), "particles per block (own noise streams; results depend on it, never on threads)"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "use the first train_count training rows; 0 uses all"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.int("burn_in") >= p.int("steps") { throw TaskParameterError("burn_in", "must be smaller than steps (\(p.int("steps")))") }
        for key in ["width", "kappa", "step_size", "readin_variance", "readout_variance", "ard_shape"] where p.double(key) <= 0 {
            throw TaskParameterError(key, "must be positive")
        }
        if p.double("predictor_rate") <= 0 { throw TaskParameterError("predictor_rate", "must be in (0, 1]") }
    }

    /// Like an SGLD step of width M (measured: 0.9–1.4× on the same sizes).
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        let points = p.int("train_count") > 0 ? p.int("train_count") : 80
        return 1.6e-8 * Double(p.int("steps")) * Double(p.int("particles")) * Double(points)
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let (x, y) = try DataInputs.training(p, data)
        try DataInputs.checkReLUCanLearn(data, biasFree: true)
        let xt = try data.array("test_inputs").matrix("test_inputs")
        let yt = try data.array("test_labels").values
        let precision = LikelihoodPrecision.resolve(kappa: p.double("kappa"), normalization: p.string("loss_normalization"), trainCount: x.rows)
        let configuration = try MeanFieldParticleConfiguration(
            width: p.double("width"), particles: p.int("particles"), likelihoodPrecision: precision,
            readinVariance: p.double("readin_variance"), readoutVariance: p.double("readout_variance"),
            stepSize: p.double("step_size"), steps: p.int("steps"), burnIn: p.int("burn_in"), updateEvery: p.int("update_every"),
            predictorRate: p.double("predictor_rate"), sampleEvery: p.int("sample_every"), traceEvery: p.int("trace_every"),
            usesARD: p.bool("ard"), ardShape: p.double("ard_shape"), ardRate: p.double("ard_rate") > 0 ? p.double("ard_rate") : nil,
            precisionRate: p.double("precision_rate") > 0 ? p.double("precision_rate") : nil,
            blockSize: p.int("block_size"), seed: p.seed())
        let initialisation: MeanFieldParticleInitialisation = p.string("initialization") == "prior" ? .prior
            : .aligned(subspace: try RelevantSubspaceInput.read(data, inputDimension: x.cols, purpose: "initialization \"aligned\""),
                       scale: p.double("aligned_scale"))
        let solver = MeanFieldParticleSolver(configuration: configuration, trainInputs: x, trainLabels: y, testInputs: xt,
                                             initialisation: initialisation)
        let context = request.context
        let r = try solver.run(threads: context.threads) { done, all in
            if done % max(1, all / 200) == 0 { context.progress(Double(done) / Double(all), "step \(done)/\(all)") }
        }
        let m = r.particles.rows, d = r.particles.cols
        if r.halfSplitDifference > 0.1 {
            context.warn(String(format: "the two halves of the averaged test predictor differ by %.3g (relative): not converged; run longer", r.halfSplitDifference))
        }
        return TaskResult(arrays: [
            "train_mean": NDArray(r.trainMean), "test_mean": NDArray(r.testMean),
            "test_second_moment": NDArray(r.testSecondMoment), "test_variance": NDArray(r.testVariance),
            "final_predictor": NDArray(r.finalPredictor),
            "snapshot_readin": NDArray(shape: [1, m, d], values: r.particles.values),
            "snapshot_readout": NDArray(shape: [1, m], values: r.readouts),
            "coordinate_second_moment": NDArray(r.coordinateSecondMoments),
            "precisions": NDArray(r.precisions),
            "trace_steps": NDArray(r.traceSteps.map(Double.init)),
            "trace_relative_change": NDArray(r.relativeChangeTrace),
            "trace_train_error": NDArray(r.trainErrorTrace),
            "trace_mean_potential": NDArray(r.meanPotentialTrace),
            "trace_precisions": NDArray(r.precisionTrace),
        ], scalars: [
            "likelihood_precision": precision, "b_tilde": precision * Double(x.rows),
            "train_discrepancy_squared": Discrepancy.meanSquared(labels: y, predictions: r.trainMean),
            "test_discrepancy_squared": Discrepancy.meanSquared(labels: yt, predictions: r.testMean),
            "late_relative_change": r.lateRelativeChange, "half_split_difference": r.halfSplitDifference,
            "kept_steps": Double(r.keptSteps),
        ], attributes: [
            "loss_convention": LikelihoodPrecision.describe(normalization: p.string("loss_normalization")),
            "form": "empirical particle form on the task's training set (readout integrated out; one readout draw per particle stored)",
        ])
    }
}
