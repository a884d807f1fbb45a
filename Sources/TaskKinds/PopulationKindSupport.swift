import Pipeline
import Theory

/// What the population mean-field kinds (`theory.meanfield`, `theory.meanfield_ard`) share: the
/// model and grid parameters, the (κ, P) control grid and its B̃ = B·P, and the weight marginals
/// in the units of `stats.alignment`'s histograms.
enum PopulationKindSupport {
    static let parameters: [ParameterSpec] = [
        ParameterSpec("task", .string(allowed: ["parity", "single_index"]), default: .string("parity"),
                      "k-sparse parity on {±1}^d, or single index He_k(u·x)/√k! on x ~ N(0, I_d)"),
        ParameterSpec("dimension", .integer(minimum: 2, maximum: 100_000), "input dimension d"),
        ParameterSpec("order", .integer(minimum: 1, maximum: 8), "k: parity order |S| or Hermite degree (even: a bias-free ReLU has no odd overlap ≥ 3)"),
        ParameterSpec("width", .number(minimum: 0, maximum: nil), "N, the network width"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_w²: w ~ N(0, σ_w²/d)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_a²: a ~ N(0, σ_a²)"),
        ParameterSpec("kappas", .numberArray, "noise values κ (the control grid is kappas × train_counts)"),
        ParameterSpec("train_counts", .numberArray, "sample sizes P"),
        ParameterSpec("loss_normalization", .string(allowed: ["sum", "mean"]), default: .string("sum"),
                      "sum: B̃ = P/κ; mean: B̃ = 1/κ (the population form then does not depend on P)"),
        ParameterSpec("phase_kappas", .numberArray, default: .array([]),
                      "κ values of the stored phase lines P_c(κ) = B̃_c κ (empty: kappas)"),
        ParameterSpec("threshold", .number(minimum: 0, maximum: 1), default: .number(0.5), "m* defining the critical point (m = m*)"),
        ParameterSpec("onset_threshold", .number(minimum: 0, maximum: 1), default: .number(0.1), "m defining the onset of alignment (plain MF)"),
        ParameterSpec("relevant_nodes", .integer(minimum: 4, maximum: 400), default: .number(28), "grid nodes per relevant weight (nw)"),
        ParameterSpec("norm_nodes", .integer(minimum: 8, maximum: 2000), default: .number(64), "grid nodes of the irrelevant norm s (ns)"),
        ParameterSpec("relevant_max", .number(minimum: 0, maximum: nil), default: .number(12), "largest relevant weight on the grid (wmax)"),
        ParameterSpec("norm_min", .number(minimum: 0, maximum: nil), default: .number(1e-3), "smallest irrelevant norm on the grid"),
        ParameterSpec("norm_max", .number(minimum: 0, maximum: nil), default: .number(3), "largest irrelevant norm on the grid"),
        ParameterSpec("marginal_train_count", .number(minimum: 0, maximum: nil), default: .number(0),
                      "P at which to store the weight marginals (first κ; 0: none)"),
        ParameterSpec("histogram_bins", .integer(minimum: 1, maximum: 10_000), default: .number(60), "marginal grid: bins on [−range, range]"),
        ParameterSpec("histogram_range", .number(minimum: 0, maximum: nil), default: .number(6), "marginal grid half-width, in units of the prior std σ_w/√d"),
    ]

    /// Checks the shared parameters.
    static func validate(_ p: TaskParameters) throws {
        if p.doubles("kappas").isEmpty || p.doubles("kappas").contains(where: { !($0 > 0) }) {
            throw TaskParameterError("kappas", "must be a non-empty list of positive numbers")
        }
        if p.doubles("train_counts").isEmpty || p.doubles("train_counts").contains(where: { !($0 > 0) }) {
            throw TaskParameterError("train_counts", "must be a non-empty list of positive numbers")
        }
        if p.int("order") > p.int("dimension") { throw TaskParameterError("order", "exceeds the dimension \(p.int("dimension"))") }
        if p.int("order") % 2 == 1 && p.int("order") >= 3 {
            throw TaskParameterError("order", "a bias-free ReLU has zero overlap with odd targets of degree ≥ 3; use an even order")
        }
        for key in ["width", "readin_variance", "readout_variance"] where p.double(key) <= 0 {
            throw TaskParameterError(key, "must be positive")
        }
        for key in ["threshold", "onset_threshold"] where !(p.double(key) > 0 && p.double(key) < 1) {
            throw TaskParameterError(key, "must lie in (0, 1)")
        }
    }

    /// The precomputed grid.
    static func grid(_ p: TaskParameters) throws -> PopulationGrid {
        let settings = PopulationGridSettings(relevantNodes: p.int("relevant_nodes"), normNodes: p.int("norm_nodes"),
                                              relevantMax: p.double("relevant_max"), normMin: p.double("norm_min"), normMax: p.double("norm_max"))
        return try PopulationGrid(configuration: PopulationConfiguration(
            task: p.string("task") == "parity" ? .sparseParity : .singleIndexHermite, inputDimension: p.int("dimension"),
            degree: p.int("order"), width: p.double("width"), weightVariance: p.double("readin_variance"),
            readoutVariance: p.double("readout_variance"), grid: settings))
    }

    /// The control grid, κ-major: for each κ every P, with B̃ = P/κ ("sum") or 1/κ ("mean").
    static func controlGrid(_ p: TaskParameters) -> [(kappa: Double, trainCount: Double, signal: Double)] {
        p.doubles("kappas").flatMap { kappa in
            p.doubles("train_counts").map { count in
                (kappa, count, p.string("loss_normalization") == "mean" ? 1 / kappa : count / kappa)
            }
        }
    }

    /// The κ of the phase lines: `phase_kappas`, or `kappas` when it is empty.
    static func phaseKappas(_ p: TaskParameters) -> [Double] {
        p.doubles("phase_kappas").isEmpty ? p.doubles("kappas") : p.doubles("phase_kappas")
    }

    /// Per phase κ the critical P = B̃_c κ, and per P the critical κ = P/B̃_c ("sum"); with "mean" the
    /// population form does not depend on P: the critical κ is 1/B̃_c and the critical P is undefined (NaN).
    /// - Parameters:
    ///   - criticalSignal: B̃_c.
    ///   - name: the arrays' stem (`critical` → `critical_train_count`, `critical_kappa`).
    static func criticalLines(_ p: TaskParameters, criticalSignal: Double, name: String = "critical") -> [String: NDArray] {
        let sum = p.string("loss_normalization") == "sum"
        return [
            "\(name)_train_count": NDArray(phaseKappas(p).map { sum ? criticalSignal * $0 : .nan }),
            "\(name)_kappa": NDArray(p.doubles("train_counts").map { sum ? $0 / criticalSignal : 1 / criticalSignal }),
        ]
    }

    /// The bin centres of the marginals, in units of the prior std (z = √d w/σ_w).
    static func marginalCenters(_ p: TaskParameters) -> [Double] {
        let bins = p.int("histogram_bins"), range = p.double("histogram_range")
        return (0..<bins).map { -range + (Double($0) + 0.5) * 2 * range / Double(bins) }
    }

    /// The densities of one relevant and one irrelevant weight at a solution, in z = √d w/σ_w.
    static func marginals(_ p: TaskParameters, grid: PopulationGrid, state: PopulationState) -> (relevant: [Double], irrelevant: [Double]) {
        let unit = (p.double("readin_variance") / Double(p.int("dimension"))).squareRoot()
        let w = marginalCenters(p).map { $0 * unit }
        let m = grid.weightMarginals(state: state, relevantValues: w, irrelevantValues: w)
        return (m.relevant.map { $0 * unit }, m.irrelevant.map { $0 * unit })
    }

    /// The arrays of a list of solutions (NaN where a solution is missing), named `<name><suffix>`; the
    /// second moments per coordinate in prior units (× d/σ_w², 1 under the prior), as in `stats.alignment`.
    static func columns(_ p: TaskParameters, _ results: [PopulationMeanFieldResult?], suffix: String = "") -> [String: NDArray] {
        func column(_ value: (PopulationMeanFieldResult) -> Double) -> NDArray { NDArray(results.map { $0.map(value) ?? .nan }) }
        let d = Double(p.int("dimension")), unit = d / p.double("readin_variance")
        let r = p.string("task") == "parity" ? Double(p.int("order")) : 1
        return [
            "m\(suffix)": column(\.orderParameter), "test_error\(suffix)": column(\.testError),
            "gibbs_error\(suffix)": column(\.gibbsError), "anisotropy\(suffix)": column(\.anisotropy),
            "relevant_fraction\(suffix)": column(\.alignment),
            "relevant_second_moment\(suffix)": column { $0.relevantSquaredNorm / r * unit },
            "irrelevant_second_moment\(suffix)": column { $0.irrelevantSquaredNorm / (d - r) * unit },
            "relevant_precision\(suffix)": column(\.state.relevantPrecision),
            "irrelevant_precision\(suffix)": column(\.state.irrelevantPrecision),
            "converged\(suffix)": column { $0.converged ? 1 : 0 },
            "prior_mass\(suffix)": column(\.priorMass),
        ]
    }
}
