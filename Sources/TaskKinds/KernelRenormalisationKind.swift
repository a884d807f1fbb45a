import Kernels
import LinearAlgebra
import Pipeline
import Theory

/// `theory.kernel_renormalisation`: the proportional-limit kernel-renormalisation theory of a one-hidden-layer
/// Bayesian network (Corti, Pacelli, Rotondo, Gherardi 2025) with its microscopic observables and
/// class-manifold statistics (`KernelRenormalisation.solve`).
struct KernelRenormalisationKind: TaskKind {
    let name = "theory.kernel_renormalisation"
    let version = 1
    let summary = "kernel renormalisation (proportional limit) of f(x) = N^{-1/2} Σ v_i φ(w_i·x/√D), Gibbs measure exp(−Σ(f − y)²/2T) × N(v; 0, 1/λ1) × N(w; 0, I/λ0) (prior not scaled by 1/T): Q̄ from the saddle point by bracketing, the GP predictor with kernel Q̄K/λ1, ⟨v²⟩, ⟨vw⟩, the read-in covariance spike, the inter-neuron correlation, ⟨K̂⟩ and class-manifold distance, radii and separation in the Gaussian-equivalence closure and (Monte Carlo) the first-order non-Gaussian closure"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: ["erf", "linear"]), default: .string("erf"), "φ: erf (closed-form NNGP kernel) or linear (Gaussian closure exact)"),
        ParameterSpec("width", .integer(minimum: 1, maximum: nil), "hidden width N (α = P/N)"),
        ParameterSpec("temperature", .number(minimum: 0, maximum: nil), "T > 0: likelihood exp(−Σ(f − y)²/2T)"),
        ParameterSpec("lambda0", .number(minimum: 0, maximum: nil), default: .number(1), "λ0 > 0: read-in prior w ~ N(0, I/λ0), independent of T"),
        ParameterSpec("lambda1", .number(minimum: 0, maximum: nil), default: .number(1), "λ1 > 0: readout prior v ~ N(0, 1/λ1), independent of T"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "use the first train_count training rows (P); 0 uses all"),
        ParameterSpec("non_gaussian_samples", .integer(minimum: 0, maximum: nil), default: .number(100_000),
                      "prior weight samples S of the first-order non-Gaussian closure's Monte Carlo (0: skip that closure; else ≥ 2); standard errors ∝ 1/√S, cost ≈ 5e-10 S P² s (P = 120: 20000 samples give N·Δd² ± 0.13 at T = 0.1)"),
        ParameterSpec("store_feature_kernel", .boolean, default: .bool(true),
                      "store the P × P matrices nngp_kernel, feature_kernel_gaussian and feature_kernel_nongaussian (8P² bytes each; the scalars do not need them)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), default: .number(0), "seed of the prior weight samples"),
    ]

    func validate(_ p: TaskParameters) throws {
        for key in ["temperature", "lambda0", "lambda1"] where !(p.double(key) > 0) {
            throw TaskParameterError(key, "must be positive, got \(p.double(key))")
        }
        if p.int("non_gaussian_samples") == 1 {
            throw TaskParameterError("non_gaussian_samples", "must be 0 (skip the non-Gaussian closure) or at least 2")
        }
    }

    /// The saddle point and kernels cost O(P³ + P²D); the Monte Carlo about 5e-10 S P² s (measured at P = 120).
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        let pp = Double(p.int("train_count") > 0 ? p.int("train_count") : 1000), s = Double(p.int("non_gaussian_samples"))
        return 0.1 + 1e-8 * pp * pp * pp + 5e-10 * s * pp * pp
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let (x, y) = try DataInputs.training(p, data)
        let xt = try data.array("test_inputs").matrix("test_inputs")
        let yt = try data.array("test_labels").values
        guard yt.count == xt.rows else { throw TaskFailure("the data set has \(xt.rows) test inputs but \(yt.count) test labels") }
        let setup: KernelRenormalisationSetup
        do {
            setup = try KernelRenormalisationSetup(activation: Activation(rawValue: p.string("activation"))!, width: p.int("width"),
                                                   temperature: p.double("temperature"), lambda0: p.double("lambda0"),
                                                   lambda1: p.double("lambda1"), nonGaussianSamples: p.int("non_gaussian_samples"),
                                                   seed: p.seed())
        } catch let TheoryError.invalidParameter(name, value, requirement) {
            throw TaskParameterError(Self.parameterName[name] ?? name, "\(requirement), got \(value)")
        }
        let store = p.bool("store_feature_kernel")
        let context = request.context
        let r: KernelRenormalisationResult
        do {
            r = try KernelRenormalisation.solve(trainInputs: x, labels: y, testInputs: xt, setup: setup, storeFeatureKernel: store) { done, total in
                context.progress(Double(done) / Double(total), "non-Gaussian closure: \(done)/\(total) prior samples")
            }
        } catch let TheoryError.invalidParameter(name, value, requirement) where name == "labels" {
            throw TaskFailure("train_count = \(p.int("train_count")) (P = \(y.count) training rows used): \(requirement) (found \(value)); "
                + "use more training rows or a data set with both classes among the first rows")
        }

        let n = Double(setup.width)
        let w = r.weights
        var arrays: [String: NDArray] = [
            "train_mean": NDArray(r.prediction.trainMean),
            "test_mean": NDArray(r.prediction.testMean), "test_variance": NDArray(r.prediction.testVariance),
            "nngp_test_mean": NDArray(r.nngpPrediction.testMean), "nngp_test_variance": NDArray(r.nngpPrediction.testVariance),
            "label_direction": NDArray(w.labelDirection),
            "readout_readin_alignment": NDArray(w.readoutReadinAlignment),
            "readin_spike_vector": NDArray(w.readinSpikeVector),
            "stationary_points": NDArray(r.saddlePoint.stationaryPoints),
        ]
        var scalars: [String: Double] = [
            "order_parameter": r.saddlePoint.orderParameter, "saddle_residual": r.saddlePoint.residual,
            "saddle_action": r.saddlePoint.action, "saddle_iterations": Double(r.saddlePoint.iterations),
            "saddle_bracket_lower": r.saddlePoint.lower, "saddle_bracket_upper": r.saddlePoint.upper,
            "stationary_point_count": Double(r.saddlePoint.stationaryPoints.count),
            "alpha": r.alpha, "train_rows_used": Double(y.count),
            "readout_second_moment": w.readoutSecondMoment,
            "label_direction_norm": w.labelDirectionNorm,
            "readout_readin_alignment_norm": w.readoutReadinAlignment.reduce(0) { $0 + $1 * $1 }.squareRoot(),
            "readin_spike_eigenvalue": w.readinSpikeEigenvalue,
            "readin_contraction_eigenvalue": w.readinContractionEigenvalue,
            "readin_deviation_trace": w.readinDeviationTrace,
            "spike_label_alignment": w.spikeAlignmentWithLabelDirection,
            "inter_neuron_correlation": w.interNeuronCorrelation,
            "inter_neuron_connected_correlation": w.interNeuronConnectedCorrelation,
            "test_error": r.prediction.testError(labels: yt), "gibbs_error": r.prediction.gibbsError(labels: yt),
            "nngp_test_error": r.nngpPrediction.testError(labels: yt), "nngp_gibbs_error": r.nngpPrediction.gibbsError(labels: yt),
        ]
        let g0 = r.nngpGeometry
        func geometry(_ prefix: String, _ g: ClassManifoldGeometry) {
            scalars["\(prefix)_centroid_distance"] = g.centroidDistance
            scalars["\(prefix)_radius_plus"] = g.radiusPlus
            scalars["\(prefix)_radius_minus"] = g.radiusMinus
            scalars["\(prefix)_separation"] = g.normalisedSeparation
            guard prefix != "nngp" else { return }
            scalars["\(prefix)_centroid_shift"] = n * (g.centroidDistance - g0.centroidDistance)
            scalars["\(prefix)_radius_plus_shift"] = n * (g.radiusPlus - g0.radiusPlus)
            scalars["\(prefix)_radius_minus_shift"] = n * (g.radiusMinus - g0.radiusMinus)
            scalars["\(prefix)_separation_shift"] = n * (g.normalisedSeparation - g0.normalisedSeparation)
        }
        geometry("nngp", g0)
        geometry("gaussian", r.gaussianGeometry)
        let kernelLabelRatio = { (k: Matrix) in dot(y, matvec(k, y)) / dot(y, matvec(r.nngpKernel, y)) }
        scalars["gaussian_kernel_label_ratio"] = kernelLabelRatio(r.gaussianFeatureKernel)
        if store {
            arrays["nngp_kernel"] = NDArray(r.nngpKernel)
            arrays["feature_kernel_gaussian"] = NDArray(r.gaussianFeatureKernel)
        }
        if let ng = r.nonGaussian {
            geometry("nongaussian", ng.geometry)
            let e = ng.geometryStandardError
            scalars["nongaussian_centroid_distance_stderr"] = e.centroidDistance
            scalars["nongaussian_radius_plus_stderr"] = e.radiusPlus
            scalars["nongaussian_radius_minus_stderr"] = e.radiusMinus
            scalars["nongaussian_separation_stderr"] = ng.separationStandardError
            scalars["nongaussian_centroid_shift_stderr"] = n * e.centroidDistance
            scalars["nongaussian_radius_plus_shift_stderr"] = n * e.radiusPlus
            scalars["nongaussian_radius_minus_shift_stderr"] = n * e.radiusMinus
            scalars["nongaussian_separation_shift_stderr"] = n * ng.separationStandardError
            scalars["nongaussian_samples"] = Double(ng.samples)
            scalars["linearised_centroid_shift"] = n * (ng.linearisedGeometry.centroidDistance - g0.centroidDistance)
            if let k = ng.featureKernel {
                arrays["feature_kernel_nongaussian"] = NDArray(k)
                scalars["nongaussian_kernel_label_ratio"] = kernelLabelRatio(k)
            }
        }
        return TaskResult(arrays: arrays, scalars: scalars, attributes: Self.definitions)
    }

    /// Manifest names of the science type's parameters.
    private static let parameterName = ["activation": "activation", "width": "width", "temperature": "temperature",
                                        "lambda0": "lambda0", "lambda1": "lambda1", "nonGaussianSamples": "non_gaussian_samples"]

    /// What every stored quantity is.
    static let definitions: [String: String] = [
        "model": "f(x) = N^{-1/2} Σ_i v_i φ(w_i·x/√D), no biases; Gibbs measure ∝ exp(−Σ_μ (f(x_μ) − y_μ)²/(2T)) · N(v; 0, I/λ1) · N(w_i; 0, I/λ0): the prior is NOT multiplied by 1/T (Langevin on L = ½Σ(f − y)² + (Tλ1/2)|v|² + (Tλ0/2)|W|²). Labels: the theory assumes ±1 (class + is y > 0, class − is y < 0); the first train_count rows are used",
        "kernels": "C = XXᵀ/(λ0 D); NNGP K_μν = E_prior[φ(h_μ)φ(h_ν)]: erf (2/π) arcsin(2C_μν/√((1 + 2C_μμ)(1 + 2C_νν))), linear C; nngp_kernel = K; B = Cov_prior(w, φ(h)) = (1/λ0)(Xᵀ/√D)·diag(E[φ'(h_μ)]), E[erf'(h)] = 2/√(π(1 + 2C_μμ))",
        "saddle_point": "A = T I + Q K/λ1; order_parameter Q̄ solves g(Q) = 1 − 1/Q + [Tr(A⁻¹K) − yᵀA⁻¹KA⁻¹y]/(Nλ1) = 0 (the derivative of S(Q) = Q − log Q + (1/N)[log det A + yᵀA⁻¹y]); every root in a proven bracket [saddle_bracket_lower, saddle_bracket_upper] found by a 400-point log scan + Brent (stationary_points), Q̄ the minimum of S with the lowest S; saddle_residual = g(Q̄); alpha = P/N",
        "predictor": "test_mean = (Q̄/λ1) k0ᵀA⁻¹y, test_variance = (Q̄/λ1)[K00 − (Q̄/λ1)k0ᵀA⁻¹k0] (variance of f, noise T excluded); train_mean = (Q̄/λ1)KA⁻¹y; test_error = mean (y0 − mean)², gibbs_error = mean[(y0 − mean)² + variance]; nngp_* the same with Q̄ = 1",
        "weights": "readout_second_moment = ⟨v_i²⟩ = Q̄/λ1; label_direction t = BA⁻¹y (label_direction_norm = |t|); readout_readin_alignment = ⟨v_i w_i⟩ = (Q̄/(λ1√N)) t; read-in covariance ⟨w_i w_iᵀ⟩ = I/λ0 + Δ, Δ = (Q̄/(λ1N))[ttᵀ − BA⁻¹Bᵀ]: readin_spike_eigenvalue/readin_spike_vector = top eigenpair of Δ (vector signed along t), readin_contraction_eigenvalue = bottom eigenvalue, readin_deviation_trace = Tr Δ, spike_label_alignment = |cos(spike vector, t)|; inter_neuron_correlation = ⟨(v_i w_i)·(v_j w_j)⟩ (i ≠ j) = (Q̄/λ1)²(1/N)[|t|² − Tr(BᵀBA⁻¹)], inter_neuron_connected_correlation = that minus ⟨v_i w_i⟩·⟨v_j w_j⟩ = −(Q̄/λ1)² Tr(BᵀBA⁻¹)/N. All in the Gaussian-equivalence closure (exact for the linear network given Q̄)",
        "class_geometry": "feature kernel K̂ = (1/N)Σ_i φ(h_i)φ(h_i)ᵀ on the training rows; m_μ = 1/P₊ (y > 0), −1/P₋ (y < 0); *_centroid_distance d² = mᵀ⟨K̂⟩m; *_radius_plus/minus R±² = (1/P±)Σ_{μ∈±}⟨K̂⟩_μμ − m±ᵀ⟨K̂⟩m± (m± = 1/P± on class ±, else 0); *_separation = d²/(R₊² + R₋²) (the paper's normalisation is reconstructed: both raw and normalised are reported); *_shift = N·(statistic − its nngp_ value) (e.g. gaussian_centroid_shift = N(d² − d0²), d0² = mᵀKm); *_kernel_label_ratio = yᵀ⟨K̂⟩y/yᵀKy",
        "closures": "nngp_: ⟨K̂⟩ = K (N → ∞). gaussian_ (Gaussian equivalence, closed form): ⟨K̂⟩ = K + (Q̄/(λ1N))[(KA⁻¹y)(KA⁻¹y)ᵀ − KA⁻¹K] (feature_kernel_gaussian). nongaussian_ (first order, Monte Carlo): ⟨K̂⟩_μν = K_μν − (Q̄/(2λ1N)) Cov_prior(φ_μφ_ν, φᵀMφ), M = A⁻¹ − A⁻¹yyᵀA⁻¹, over non_gaussian_samples prior draws w ~ N(0, I/λ0) with the linearised features ℓ_μ = E[φ'(h_μ)]h_μ as an exact control variate (Cov(ℓℓᵀ, ℓᵀMℓ) = 2LML, L = diag(b)Cdiag(b)); *_stderr are Monte-Carlo standard errors (separation: linearised); for the linear network φ = ℓ and it equals the Gaussian closure. linearised_centroid_shift = N(d² − d0²) of the control variate's exact part alone, K − (Q̄/(λ1N))LML (feature_kernel_nongaussian is the P × P estimate)",
        "reconstructed": "the paper's statistic definitions and normalisations could not be read: the centroid distance, radii and separation above and the non-Gaussian closure are reconstructions (shared/science/corti2025-signatures.md); the weight moments are derived there, not quoted",
    ]
}
