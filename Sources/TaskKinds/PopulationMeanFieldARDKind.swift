import Pipeline
import Theory

/// `theory.meanfield_ard`: the population form of MF-ARD — the plain mean-field theory plus coordinate
/// precisions ρ_j ~ Gamma(α0, β0) shared by all neurons (ρ_S, ρ_⊥ by symmetry) as extra order
/// parameters — followed by continuation up (from ρ = 1) and down (from a feature-selected start) in
/// B̃, so both branches of the first-order transition and their ends (spinodals) are reported.
struct PopulationMeanFieldARDKind: TaskKind {
    let name = "theory.meanfield_ard"
    let version = 1
    let summary = "MF-ARD, population form: plain MF with per-coordinate prior precisions ρ̄_j = (α0 + N/2)/(β0 + N d ⟨w_j²⟩_q/(2σ_w²)); Newton on (logit r, ln ρ_S, ln ρ_⊥) with continuation in B̃ up (unselected branch) and down (selected branch); both branches (NaN where a branch does not exist), spinodals, critical points, marginals"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters = PopulationKindSupport.parameters + [
        ParameterSpec("ard_shape", .number(minimum: 0, maximum: nil), default: .number(4), "α0 of the Gamma hyperprior"),
        ParameterSpec("ard_rate", .number(minimum: 0, maximum: nil), default: .number(0), "β0 (0: β0 = α0, E ρ = 1)"),
    ]

    func validate(_ p: TaskParameters) throws {
        try PopulationKindSupport.validate(p)
        if p.double("ard_shape") <= 0 { throw TaskParameterError("ard_shape", "must be positive") }
    }

    func estimatedSeconds(_ p: TaskParameters) -> Double { 20 + 3 * Double(p.doubles("kappas").count * p.doubles("train_counts").count) }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let grid = try PopulationKindSupport.grid(p)
        let settings = PopulationARDSettings(shape: p.double("ard_shape"), rate: p.double("ard_rate") > 0 ? p.double("ard_rate") : nil)
        let control = PopulationKindSupport.controlGrid(p)
        var signals = control.map(\.signal)
        let marginalSignal: Double? = p.double("marginal_train_count") > 0
            ? (p.string("loss_normalization") == "mean" ? 1 / p.doubles("kappas")[0] : p.double("marginal_train_count") / p.doubles("kappas")[0]) : nil
        if let s = marginalSignal { signals.append(s) }
        request.context.progress(0.05, "continuation over \(Set(signals).count) values of B̃")
        let sweep = try PopulationMeanFieldARD.sweep(grid: grid, signals: signals, settings: settings)
        func lookup(_ branch: PopulationARDBranch, _ signal: Double) -> PopulationMeanFieldResult? {
            branch.points.first { $0.converged && abs($0.state.signal - signal) <= 1e-12 * signal }
        }
        var arrays: [String: NDArray] = [
            "kappa": NDArray(control.map(\.kappa)), "train_count": NDArray(control.map(\.trainCount)),
            "b_tilde": NDArray(control.map(\.signal)), "phase_kappas": NDArray(PopulationKindSupport.phaseKappas(p)),
        ]
        arrays.merge(PopulationKindSupport.columns(p, control.map { lookup(sweep.lowerBranch, $0.signal) }, suffix: "_unselected")) { $1 }
        arrays.merge(PopulationKindSupport.columns(p, control.map { lookup(sweep.upperBranch, $0.signal) }, suffix: "_selected")) { $1 }
        // The equilibrium-agnostic "ARD" curve: the selected branch where it exists, else the unselected one.
        arrays.merge(PopulationKindSupport.columns(p, control.map { lookup(sweep.upperBranch, $0.signal) ?? lookup(sweep.lowerBranch, $0.signal) })) { $1 }
        var scalars: [String: Double] = [
            "unselected_spinodal_b_tilde": sweep.lowerBranch.spinodal?.estimate ?? .nan,
            "selected_spinodal_b_tilde": sweep.upperBranch.spinodal?.estimate ?? .nan,
            "coexistence_points": Double(sweep.coexistence().count),
            "unconverged_points": Double((sweep.lowerBranch.points + sweep.upperBranch.points).filter { !$0.converged }.count),
        ]
        let threshold = p.double("threshold")
        scalars["critical_b_tilde_selected"] = try PopulationMeanFieldARD.criticalSignal(grid: grid, branch: sweep.upperBranch, threshold: threshold, settings: settings) ?? .nan
        scalars["critical_b_tilde_unselected"] = try PopulationMeanFieldARD.criticalSignal(grid: grid, branch: sweep.lowerBranch, threshold: threshold, settings: settings) ?? .nan
        // Phase lines: where the selected branch appears (lower spinodal) and where the unselected one ends (upper).
        for (name, signal) in [("selected_spinodal", scalars["selected_spinodal_b_tilde"]!), ("unselected_spinodal", scalars["unselected_spinodal_b_tilde"]!)] {
            for (key, value) in PopulationKindSupport.criticalLines(p, criticalSignal: signal) { arrays["\(name)_\(key)"] = value }
        }
        if let s = marginalSignal, let solution = lookup(sweep.upperBranch, s) ?? lookup(sweep.lowerBranch, s) {
            let m = PopulationKindSupport.marginals(p, grid: grid, state: solution.state)
            arrays["histogram_centers"] = NDArray(PopulationKindSupport.marginalCenters(p))
            arrays["marginal_relevant"] = NDArray(m.relevant)
            arrays["marginal_irrelevant"] = NDArray(m.irrelevant)
            scalars["marginal_on_selected_branch"] = lookup(sweep.upperBranch, s) != nil ? 1 : 0
        }
        if scalars["unconverged_points"]! > 0 {
            request.context.warn("\(Int(scalars["unconverged_points"]!)) continuation points did not converge (they end their branch; see converged_*)")
        }
        return TaskResult(arrays: arrays, scalars: scalars, attributes: [
            "form": "population (P → ∞ at fixed B̃ = B·P), two precisions (ρ_S, ρ_⊥); unselected = continued up from ρ = 1 at the smallest B̃, selected = continued down from a feature-selected start at the largest B̃; columns without suffix: the selected branch where it exists",
            "loss_convention": LikelihoodPrecision.describe(normalization: p.string("loss_normalization")),
        ])
    }
}
