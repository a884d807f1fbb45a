import LinearAlgebra
import Pipeline
import Theory

/// Parameters shared by the linear-network theory kinds (Rubin et al.'s χ scaling).
enum LinearNetworkParameters {
    static let specs: [ParameterSpec] = [
        ParameterSpec("width", .integer(minimum: 1, maximum: nil), "hidden width N"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_v: V_ij ~ N(0, g_v/D)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_w: w_i ~ N(0, g_w/(χN))"),
        ParameterSpec("kappa0", .number(minimum: 0, maximum: nil), default: .number(1), "κ0: likelihood variance κ = κ0/χ"),
        ParameterSpec("chi", .number(minimum: 0, maximum: nil), default: .number(1), "χ (1: standard scaling, N: mean-field)"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "use the first train_count training rows; 0 uses all"),
    ]

    static func setup(_ p: TaskParameters) throws -> LinearNetworkSetup {
        try LinearNetworkSetup(width: p.int("width"), readinVarianceScale: p.double("readin_variance"),
                               readoutVarianceScale: p.double("readout_variance"), kappa0: p.double("kappa0"), chi: p.double("chi"))
    }

    /// Stores a prediction with its discrepancies.
    static func result(_ r: LinearNetworkPrediction, trainLabels y: [Double], testLabels yt: [Double]) -> TaskResult {
        var result = TaskResult(arrays: [
            "train_mean": NDArray(r.trainMean), "test_mean": NDArray(r.testMean),
            "train_variance": NDArray(r.trainVariance), "test_variance": NDArray(r.testVariance),
        ], scalars: [
            "rho_mean": r.rhoMean, "rho_variance": r.rhoVariance, "quadrature_error_estimate": r.logEvidenceGridError,
            "train_discrepancy_signed": Discrepancy.meanSigned(labels: y, predictions: r.trainMean),
            "test_discrepancy_signed": Discrepancy.meanSigned(labels: yt, predictions: r.testMean),
            "train_discrepancy_squared": Discrepancy.meanSquared(labels: y, predictions: r.trainMean),
            "test_discrepancy_squared": Discrepancy.meanSquared(labels: yt, predictions: r.testMean),
        ])
        if let ratios = r.hiddenKernelRatios {
            result.scalars["kernel_task_ratio"] = ratios.task
            result.scalars["kernel_orthogonal_ratio"] = ratios.orthogonal
        }
        return result
    }

    static func inputs(_ p: TaskParameters, _ request: TaskRequest) throws -> (Matrix, [Double], Matrix, [Double]) {
        let data = try request.input("data")
        let (x, y) = try DataInputs.training(p, data)
        return (x, y, try data.array("test_inputs").matrix("test_inputs"), try data.array("test_labels").values)
    }
}

/// `theory.linear_exact`: the exact finite-N posterior of a linear two-layer network (1-D integral over ρ ∝ |w|²).
struct LinearExactPosteriorKind: TaskKind {
    let name = "theory.linear_exact"
    /// 2: adds the posterior-mean hidden-kernel ratios `kernel_task_ratio`, `kernel_orthogonal_ratio`.
    let version = 2
    let summary = "exact posterior mean and variance of a linear two-layer network at finite N, P for any χ: V integrated out, then a 1-D quadrature over ρ = χ|w|²/g_w on an adaptive log grid"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = LinearNetworkParameters.specs + [
        ParameterSpec("grid_points", .integer(minimum: 50, maximum: 1_000_000), default: .number(2000), "points of the log-ρ grid"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (x, y, xt, yt) = try LinearNetworkParameters.inputs(p, request)
        let r = try LinearNetworkExactPosterior.predict(trainInputs: x, labels: y, testInputs: xt,
                                                        setup: LinearNetworkParameters.setup(p), gridPoints: p.int("grid_points"))
        return LinearNetworkParameters.result(r, trainLabels: y, testLabels: yt)
    }
}

/// `theory.nngp_linear`: the NNGP (infinite-width, χ-independent) predictor of the linear network.
struct LinearNNGPKind: TaskKind {
    let name = "theory.nngp_linear"
    let version = 1
    let summary = "NNGP predictor of the linear two-layer network: g_w C⁰ (g_w C⁰ + κ0 I)⁻¹ y with C⁰ = (g_v/D) X Xᵀ; independent of χ"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    /// Width and χ do not enter the NNGP, so they are not parameters (equal predictors share one key).
    let parameters = LinearNetworkParameters.specs.filter { $0.name != "width" && $0.name != "chi" }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (x, y, xt, yt) = try LinearNetworkParameters.inputs(p, request)
        let setup = try LinearNetworkSetup(width: 1, readinVarianceScale: p.double("readin_variance"),
                                           readoutVarianceScale: p.double("readout_variance"), kappa0: p.double("kappa0"), chi: 1)
        let r = try NNGPLinearPredictor.predict(trainInputs: x, labels: y, testInputs: xt, setup: setup)
        return LinearNetworkParameters.result(r, trainLabels: y, testLabels: yt)
    }
}
