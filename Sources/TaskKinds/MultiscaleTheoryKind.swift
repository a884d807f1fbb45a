import LinearAlgebra
import Pipeline
import Theory

/// `theory.multiscale`: Algorithm 1 of Rubin et al. for the linear network — tree level and one loop.
struct MultiscaleTheoryKind: TaskKind {
    let name = "theory.multiscale"
    let version = 1
    let summary = "multi-scale adaptive theory of a linear two-layer network (Rubin et al., Algorithm 1, reconstructed): anneal from the NNGP along a fixed χ ladder; tree level = adaptive kernel C⁰ + c u C⁰ΔΔᵀC⁰ ≡ scalar rescaling u; one loop = Laplace expansion (variance and tadpole) of the exact ln ρ posterior around its saddle point; all maxima found by a sign-change scan + Brent"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = LinearNetworkParameters.specs + [
        ParameterSpec("points_per_decade", .integer(minimum: 1, maximum: 1000), default: .number(10),
                      "rungs of the annealing ladder 10^{k/n} per factor 10 of χ"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (x, y, xt, yt) = try LinearNetworkParameters.inputs(p, request)
        let m = try MultiscaleLinearTheory.predict(trainInputs: x, labels: y, testInputs: xt,
                                                   setup: LinearNetworkParameters.setup(p),
                                                   pointsPerDecade: p.int("points_per_decade"))
        var arrays: [String: NDArray] = ["ladder_chi": NDArray(m.ladder)]
        var scalars: [String: Double] = [
            "spike_strength": m.spikeStrength,
            "one_loop_log_rho_spread": m.oneLoopLogRhoSpread, "one_loop_log_rho_shift": m.oneLoopLogRhoShift,
        ]
        for (prefix, order) in [("tree", m.treeLevel), ("one_loop", m.oneLoop)] {
            arrays["\(prefix)_train_mean"] = NDArray(order.trainMean)
            arrays["\(prefix)_test_mean"] = NDArray(order.testMean)
            scalars["\(prefix)_train_discrepancy_signed"] = Discrepancy.meanSigned(labels: y, predictions: order.trainMean)
            scalars["\(prefix)_test_discrepancy_signed"] = Discrepancy.meanSigned(labels: yt, predictions: order.testMean)
            scalars["\(prefix)_train_discrepancy_squared"] = Discrepancy.meanSquared(labels: y, predictions: order.trainMean)
            scalars["\(prefix)_test_discrepancy_squared"] = Discrepancy.meanSquared(labels: yt, predictions: order.testMean)
            scalars["\(prefix)_rescaling"] = order.rescaling
            scalars["\(prefix)_kernel_task_ratio"] = order.hiddenKernelRatios.task
            scalars["\(prefix)_kernel_orthogonal_ratio"] = order.hiddenKernelRatios.orthogonal
            scalars["\(prefix)_residual"] = order.residual
            scalars["\(prefix)_maxima"] = Double(order.maximaCount)
            scalars["\(prefix)_maxima_on_path"] = Double(order.maximaCountOnPath)
            scalars["\(prefix)_is_global_maximum"] = order.isGlobalMaximum ? 1 : 0
            if order.maximaCountOnPath > 1 {
                request.context.warn("\(prefix): the self-consistency has \(order.maximaCount) solutions at χ = \(m.chi) (\(order.maximaCountOnPath) on the annealing path); the annealed branch is \(order.isGlobalMaximum ? "" : "not ")the global maximum of the action")
            }
        }
        return TaskResult(arrays: arrays, scalars: scalars, attributes: [
            "tree_level": "saddle point of S(u) = (N/2)(u − e^u + 1) − (χ/2) yᵀ(g_w e^u C⁰ + κ0)⁻¹y, u = ln ρ; equivalent to the rank-one adaptive kernel",
            "one_loop": "saddle point of the exact ln ρ log-posterior (adds −½ ln det(g_w ρ C⁰ + κ0)), then E[h] ≈ h(û) + h′(û)·½S‴σ⁴ + ½h″(û)σ², σ² = −1/S″",
        ])
    }
}
