import Foundation
import Kernels
import LinearAlgebra
import Pipeline
import Theory

/// `theory.adaptive_kernel`: the tree-level adaptive kernel theory of a two-layer network with a
/// linear, ReLU, erf or tanh hidden layer (Rubin et al., ICML 2025, Algorithm 1 without the one-loop
/// step), the single-neuron measure sampled by self-normalised importance sampling.
struct AdaptiveKernelKind: TaskKind {
    let name = "theory.adaptive_kernel"
    let version = 1
    let summary = "tree-level adaptive kernel theory of a two-layer network (mean-field χ scaling): C = E_p[φφᵀ] under p(v) ∝ exp(−(D/2g_v)|v|² + a(Σ_α Δ_α φ(v·x_α))²), a = g_w χ/(2Nκ0²), Δ = κ0 (g_w C + κ0)⁻¹ y solved self-consistently along a χ ladder from the NNGP; p sampled by importance sampling with common random numbers"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = LinearNetworkParameters.specs + [
        ParameterSpec("activation", .string(allowed: ["linear", "relu", "erf", "tanh"]), "activation φ of the hidden layer"),
        ParameterSpec("points_per_decade", .integer(minimum: 1, maximum: 1000), default: .number(10),
                      "rungs per decade of the annealing ladder 10^{k/n} < χ, then χ"),
        ParameterSpec("samples", .integer(minimum: AdaptiveKernelSetup.minimumSamples, maximum: nil), default: .number(20_000),
                      "importance samples M of the single-neuron measure (Monte-Carlo error ∝ 1/√M)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "seed of the Philox streams of the samples"),
    ]

    /// Effective sample fractions below this trigger a warning.
    static let effectiveSampleWarning = 0.01

    func validate(_ p: TaskParameters) throws {
        for key in ["readin_variance", "readout_variance", "kappa0", "chi"] where p.double(key) <= 0 {
            throw TaskParameterError(key, "must be positive")
        }
    }

    /// About 2 ms per importance sample for the whole χ ladder (measured on the erf runs).
    func estimatedSeconds(_ p: TaskParameters) -> Double { 2e-3 * Double(p.int("samples")) }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (x, y, xt, yt) = try LinearNetworkParameters.inputs(p, request)
        guard yt.count == xt.rows else {
            throw TaskFailure("the data set has \(xt.rows) test inputs but \(yt.count) test labels")
        }
        let setup = try AdaptiveKernelSetup(
            activation: Activation(rawValue: p.string("activation"))!, width: p.int("width"),
            readinVarianceScale: p.double("readin_variance"), readoutVarianceScale: p.double("readout_variance"),
            kappa0: p.double("kappa0"), chi: p.double("chi"), pointsPerDecade: p.int("points_per_decade"),
            samples: p.int("samples"), seed: p.seed())
        let context = request.context
        let r = try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: y, testInputs: xt, setup: setup) { done, total in
            context.progress(Double(done) / Double(total), "χ rung \(done)/\(total)")
        }
        if r.minimumEffectiveSampleFraction < Self.effectiveSampleWarning {
            let worst = r.rungs.min { $0.effectiveSampleFraction < $1.effectiveSampleFraction }!
            context.warn(String(format: "the importance sampler's effective sample size fell to %.2g %% of M at χ = %.4g: the adapted kernel is unreliable; increase samples",
                                100 * worst.effectiveSampleFraction, worst.chi))
        }

        func discrepancies(_ prefix: String, _ train: [Double], _ test: [Double]) -> [String: Double] {
            [
                "\(prefix)train_discrepancy_signed": Discrepancy.meanSigned(labels: y, predictions: train),
                "\(prefix)train_discrepancy_squared": Discrepancy.meanSquared(labels: y, predictions: train),
                "\(prefix)test_discrepancy_signed": yt.isEmpty ? .nan : Discrepancy.meanSigned(labels: yt, predictions: test),
                "\(prefix)test_discrepancy_squared": yt.isEmpty ? .nan : Discrepancy.meanSquared(labels: yt, predictions: test),
            ]
        }
        var scalars = discrepancies("", r.trainMean, r.testMean)
        scalars.merge(discrepancies("nngp_", r.nngpTrainMean, r.nngpTestMean)) { a, _ in a }
        scalars["kernel_task_ratio"] = r.kernelTaskRatio
        scalars["kernel_orthogonal_ratio"] = r.kernelOrthogonalRatio
        scalars["min_effective_sample_fraction"] = r.minimumEffectiveSampleFraction
        scalars["final_residual"] = r.finalResidual
        scalars["iterations"] = Double(r.totalIterations)
        return TaskResult(arrays: [
            "train_mean": NDArray(r.trainMean), "test_mean": NDArray(r.testMean),
            "nngp_train_mean": NDArray(r.nngpTrainMean), "nngp_test_mean": NDArray(r.nngpTestMean),
            "delta": NDArray(r.discrepancy), "kernel": NDArray(r.kernel),
            "ladder_chi": NDArray(r.rungs.map(\.chi)),
            "ladder_ess_fraction": NDArray(r.rungs.map(\.effectiveSampleFraction)),
            "ladder_iterations": NDArray(r.rungs.map { Double($0.iterations) }),
            "ladder_residual": NDArray(r.rungs.map(\.residual)),
            "ladder_proposal_shift": NDArray(r.rungs.map(\.proposalShift)),
            "ladder_proposal_scale": NDArray(r.rungs.map(\.proposalScale)),
        ], scalars: scalars, attributes: [
            "method": "tree level (saddle point) only, no one-loop correction; C by self-normalised importance sampling of the single-neuron measure with M fixed Philox samples (common random numbers), proposal = prior with its marginal along ê = XᵀΔ/|XᵀΔ| replaced by a Gaussian (variance ×r) or a symmetric two-component mixture, chosen by effective sample size; fixed point by Anderson acceleration at every rung of the χ ladder, started from the NNGP",
            "kernel_ratios": "kernel_task_ratio = yᵀCy/yᵀKy, kernel_orthogonal_ratio = tr(P⊥CP⊥)/tr(P⊥KP⊥), P⊥ = I − yyᵀ/|y|², K = E_prior[φφ] (closed-form NNGP kernel; tanh by quadrature)",
        ])
    }
}
