import Pipeline
import Theory

/// `theory.meanfield`: the population form (P → ∞ at fixed B̃ = B·P) of the plain mean-field theory
/// (Göring et al., arXiv 2510.15174, reconstructed; shared/science/mf2025-symmetry-breaking.md) for a
/// k-sparse parity or a single-index Hermite target: one root in r = 1 − m per B̃ on a precomputed
/// quadrature grid of the reduced variables (relevant weights, irrelevant norm).
struct PopulationMeanFieldKind: TaskKind {
    let name = "theory.meanfield"
    let version = 1
    let summary = "Plain mean-field theory, population form: m = B̃ r E_q[J²/A], q_r(w) ∝ p0 A^{−1/2} exp(B̃² r² J²/(2NA)), A = 1/σ_a² + B̃Q/N, r = 1 − m, on a (κ, P) grid; ε = (1 − m)², the Gibbs error, the weight anisotropy, the critical B̃ (m = m*), the NNGP eigenvalue (grid and exact) and the weight marginals"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters = PopulationKindSupport.parameters

    func validate(_ p: TaskParameters) throws { try PopulationKindSupport.validate(p) }

    func estimatedSeconds(_ p: TaskParameters) -> Double { 2 + 0.3 * Double(p.doubles("kappas").count * p.doubles("train_counts").count) }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let grid = try PopulationKindSupport.grid(p)
        let control = PopulationKindSupport.controlGrid(p)
        var results: [PopulationMeanFieldResult?] = []
        for (i, point) in control.enumerated() {
            results.append(try PopulationMeanField.solve(grid: grid, signal: point.signal))
            request.context.progress(Double(i + 1) / Double(control.count + 1), "B̃ = \(point.signal)")
        }
        let critical = try Self.criticalSignal(grid, threshold: p.double("threshold"), context: request.context)
        let onset = try Self.criticalSignal(grid, threshold: p.double("onset_threshold"), context: request.context)
        var arrays = PopulationKindSupport.columns(p, results)
        arrays["kappa"] = NDArray(control.map(\.kappa))
        arrays["train_count"] = NDArray(control.map(\.trainCount))
        arrays["b_tilde"] = NDArray(control.map(\.signal))
        arrays["phase_kappas"] = NDArray(PopulationKindSupport.phaseKappas(p))
        arrays.merge(PopulationKindSupport.criticalLines(p, criticalSignal: critical)) { $1 }
        arrays.merge(PopulationKindSupport.criticalLines(p, criticalSignal: onset, name: "onset")) { $1 }
        // The N → ∞ (kernel) limit of the same grid: q = p0, m = B̃λ/(1 + B̃λ) with λ = σ_a² E_p0[J²].
        let lambda = grid.kernelProjection()
        arrays["krr_limit_m"] = NDArray(control.map { $0.signal * lambda / (1 + $0.signal * lambda) })
        if p.double("marginal_train_count") > 0 {
            let kappa = p.doubles("kappas")[0], count = p.double("marginal_train_count")
            let signal = p.string("loss_normalization") == "mean" ? 1 / kappa : count / kappa
            let solution = try PopulationMeanField.solve(grid: grid, signal: signal)
            let m = PopulationKindSupport.marginals(p, grid: grid, state: solution.state)
            arrays["histogram_centers"] = NDArray(PopulationKindSupport.marginalCenters(p))
            arrays["marginal_relevant"] = NDArray(m.relevant)
            arrays["marginal_irrelevant"] = NDArray(m.irrelevant)
        }
        return TaskResult(arrays: arrays, scalars: [
            "critical_b_tilde": critical, "onset_b_tilde": onset,
            "nngp_eigenvalue_grid_over_exact": grid.kernelProjection() / grid.exactKernelProjection,
            "nngp_eigenvalue_grid": grid.kernelProjection(),
            "nngp_eigenvalue_exact": grid.exactKernelProjection,
            "grid_points": Double(grid.pointCount),
        ], attributes: [
            "form": "population (P → ∞ at fixed B̃ = B·P); irrelevant field by the CLT, Z ~ N(0, s²) (overestimates the NNGP eigenvalue at small d: compare nngp_eigenvalue_grid with nngp_eigenvalue_exact)",
            "loss_convention": LikelihoodPrecision.describe(normalization: p.string("loss_normalization")),
        ])
    }

    /// The B̃ where m reaches `threshold`, or NaN (with a warning) when m saturates below it even at
    /// the largest B̃ searched (small N can cap m below 1).
    static func criticalSignal(_ grid: PopulationGrid, threshold: Double, context: TaskContext) throws -> Double {
        let largest = 1e12
        let top = try PopulationMeanField.solve(grid: grid, signal: largest).orderParameter
        guard top >= threshold else {
            context.warn(String(format: "m stays below %.3g up to B̃ = 1e12 (m = %.3g there): no critical point (NaN)", threshold, top))
            return .nan
        }
        return try PopulationMeanField.criticalSignal(grid: grid, threshold: threshold, upper: largest)
    }
}
