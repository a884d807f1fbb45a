import Networks
import Pipeline

/// `stats.trace_convergence`: convergence of one traced scalar of an SGLD run (e.g. `|w|²` of the readout,
/// `trace_readout_norm2`), the check of the Corti et al. finite-size study (issue 9, Figure 3) that a
/// chain's `⟨v²⟩` no longer drifts. From the trace points at steps `≥ burn_in` (times `scale`):
///
/// - `mean` over chains and points, `mean_se` the standard error over chains of the per-chain means;
/// - `split_rhat`, `effective_sample_size`, `autocorrelation_steps` (τ in steps) by `SamplerDiagnostics`
///   (split-R̂ of Gelman et al. over the 2C half-chains of the trace);
/// - `drift` = mean of the second half − mean of the first half of the kept points, `drift_se` the
///   standard error over chains of the per-chain differences, `drift_sigmas` = `drift/drift_se`,
///   `relative_drift` = `drift/mean`.
struct TraceConvergenceStatisticKind: TaskKind {
    let name = "stats.trace_convergence"
    let version = 1
    let summary = "split-R̂, ESS, autocorrelation time and half-to-half drift (with its chain standard error) of one traced scalar of an SGLD run after burn-in, e.g. λ1⟨v²⟩ from trace_readout_norm2"
    let inputs = ["model"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("trace", .string(allowed: nil), default: .string("readout_norm2"), "the traced scalar: the model's array trace_<trace> (chains × points) with trace_steps"),
        ParameterSpec("burn_in", .integer(minimum: 0, maximum: nil), "trace points at steps < burn_in are discarded"),
        ParameterSpec("scale", .number(minimum: nil, maximum: nil), default: .number(1), "factor applied to the trace (e.g. 1/(N σ_w²) turns |w|² into λ1⟨v²⟩)"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.string("trace").isEmpty { throw TaskParameterError("trace", "must name a trace") }
        if p.double("scale") == 0 || !p.double("scale").isFinite { throw TaskParameterError("scale", "must be finite and non-zero") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try request.input("model")
        let name = "trace_" + p.string("trace")
        guard let trace = model.arrays[name], let steps = model.arrays["trace_steps"] else {
            throw TaskFailure("the model input has no arrays \(name) and trace_steps")
        }
        let points = steps.values.count
        guard trace.shape.count == 2, trace.shape[1] == points, trace.shape[0] >= 1 else {
            throw TaskFailure("\(name) has shape \(trace.shape), expected [chains, \(points)]")
        }
        let chains = trace.shape[0], scale = p.double("scale")
        let kept = steps.values.indices.filter { steps.values[$0] >= Double(p.int("burn_in")) }
        guard kept.count >= 4 else {
            throw TaskFailure("\(kept.count) trace points at steps ≥ burn_in = \(p.int("burn_in")) (at least 4 needed); trace more often")
        }
        let series = (0..<chains).map { c in kept.map { scale * trace.values[c * points + $0] } }
        func mean(_ v: ArraySlice<Double>) -> Double { v.reduce(0, +) / Double(v.count) }
        let chainMeans = series.map { mean($0[...]) }
        let half = kept.count / 2
        let drifts = series.map { mean($0[(kept.count - half)...]) - mean($0[..<half]) }
        let d = SamplerDiagnostics.compute(series: series, samples: kept.count, outputs: 1, priorDiscretisationBias: 0)
        let spacing = kept.count > 1 ? steps.values[kept[1]] - steps.values[kept[0]] : .nan
        let total = mean(chainMeans[...]), drift = mean(drifts[...]), driftSE = DataInputs.standardError(drifts)
        return TaskResult(arrays: [
            "chain_means": NDArray(chainMeans), "chain_drifts": NDArray(drifts),
        ], scalars: [
            "mean": total, "mean_se": DataInputs.standardError(chainMeans),
            "split_rhat": d.maxSplitRHat, "effective_sample_size": d.minEffectiveSampleSize,
            "autocorrelation_steps": d.integratedAutocorrelationTime[0] * spacing,
            "drift": drift, "drift_se": driftSE, "drift_sigmas": drift / driftSE, "relative_drift": drift / total,
            "kept_points": Double(kept.count), "chains": Double(chains),
        ], attributes: [
            "definitions": "x = scale · \(name) at the trace points with step ≥ burn_in; mean over chains and points, mean_se over chains of per-chain means; split_rhat, effective_sample_size, autocorrelation_steps (τ × trace spacing) of SamplerDiagnostics over the 2C half-chains; drift = ⟨x⟩(second half) − ⟨x⟩(first half) averaged over chains, drift_se its standard error over chains, drift_sigmas = drift/drift_se, relative_drift = drift/mean",
        ])
    }
}
