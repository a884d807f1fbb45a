import LinearAlgebra
import Networks
import Pipeline

/// `stats.alignment`: feature-learning order parameters of a sampled two-layer network relative to
/// the data's relevant subspace — the test overlap `m_S`, test and Gibbs errors, second moments of
/// the read-in weights along and across the relevant subspace (in prior units), the scale-invariant
/// relevant fraction `|Uv|²/|v|²`, and histograms of the normalised weights (see
/// `AlignmentStatistics`; under a bias-free ReLU the rescaling `(v, a) → (λv, a/λ)` leaves `f`
/// unchanged, so compare settings by `relevant_fraction`, not by raw second moments).
///
/// The model is an `sgld.two_layer` entry with snapshots (`snapshot_readin` `[S, N, D]`,
/// `test_mean`, `test_second_moment`), or any entry storing the same arrays (a mean-field particle
/// system: `[1, M, D]`). The data entry gives `test_labels` and `relevant_subspace` `[r, D]` (or
/// `teacher_direction`).
struct AlignmentStatisticKind: TaskKind {
    let name = "stats.alignment"
    let version = 1
    let summary = "alignment of sampled read-in weights with the data's relevant subspace U: m_S = Σf̄y/Σy², test and Gibbs errors, ⟨(u·v)²⟩ and ⟨(q·v)²⟩ in prior units, their ratio, mean |Uv|²/|v|² (prior r/D), histograms of the normalised weights"
    let inputs = ["model", "data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1),
                      "σ_w² of the read-in prior v ~ N(0, σ_w²/D): used only when the model has no scalar resolved_readin_prior_variance"),
        ParameterSpec("aligned_threshold", .number(minimum: 0, maximum: 1), default: .number(0.5),
                      "a neuron counts as aligned when |Uv|²/|v|² exceeds this"),
        ParameterSpec("histogram_bins", .integer(minimum: 1, maximum: 100_000), default: .number(60), "bins of the weight histograms"),
        ParameterSpec("histogram_range", .number(minimum: 0, maximum: nil), default: .number(6),
                      "the histograms cover [−range, range] in prior standard deviations"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.double("readin_variance") <= 0 { throw TaskParameterError("readin_variance", "must be positive") }
        if p.double("histogram_range") <= 0 { throw TaskParameterError("histogram_range", "must be positive") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try request.input("model"), data = try request.input("data")
        guard let readin = model.arrays["snapshot_readin"] else {
            throw TaskFailure("the model input has no snapshot_readin: set snapshots ≥ 1 on that sgld.two_layer task")
        }
        guard readin.shape.count == 3, readin.shape[0] >= 1, readin.shape[1] >= 1, readin.shape[2] >= 1 else {
            throw TaskFailure("the model's snapshot_readin has shape \(readin.shape), expected [S, N, D]")
        }
        let d = readin.shape[2]
        let u = try RelevantSubspaceInput.read(data, inputDimension: d, purpose: "stats.alignment")
        let storedVariance = model.scalars["resolved_readin_prior_variance"]
        let variance = storedVariance ?? p.double("readin_variance") / Double(d)
        let s = try AlignmentStatistics(
            readin: readin.values, inputDimension: d, relevantSubspace: u, readinPriorVariance: variance,
            testMean: try model.array("test_mean").values, testSecondMoment: try model.array("test_second_moment").values,
            testLabels: try data.array("test_labels").values, alignedThreshold: p.double("aligned_threshold"),
            histogramBins: p.int("histogram_bins"), histogramRange: p.double("histogram_range"))
        return TaskResult(arrays: [
            "per_coordinate_second_moment": NDArray(s.perCoordinateSecondMoment),
            "histogram_centers": NDArray(s.histogram.centers),
            "histogram_relevant": NDArray(s.histogram.relevant),
            "histogram_irrelevant": NDArray(s.histogram.irrelevant),
        ], scalars: [
            "overlap_m": s.overlap, "test_mse_mean": s.testMeanSquaredError, "gibbs_error": s.gibbsError,
            "relevant_second_moment": s.relevantSecondMoment, "irrelevant_second_moment": s.irrelevantSecondMoment,
            "anisotropy": s.anisotropy, "relevant_fraction": s.relevantFraction, "relevant_fraction_prior": s.relevantFractionPrior,
            "aligned_fraction": s.alignedFraction,
            "histogram_relevant_outside_fraction": s.histogram.relevantOutsideFraction,
            "histogram_irrelevant_outside_fraction": s.histogram.irrelevantOutsideFraction,
            "readin_prior_variance": variance, "relevant_dimension": Double(u.rows),
            "weight_samples": Double(readin.shape[0] * readin.shape[1]),
        ], attributes: [
            "units": "weight moments and histograms in prior units: (u·v)²/σ_V², σ_V² = readin_prior_variance = σ_w²/D "
                + (storedVariance != nil ? "(the model's resolved_readin_prior_variance)" : "(readin_variance/D: the model stores no resolved_readin_prior_variance)"),
            "irrelevant_directions": "coordinates in an orthonormal basis of the complement of span(U), Gram–Schmidt of (I − UᵀU)e_j in order j; for a coordinate-aligned U (parity) the coordinates off the support",
            "relevant_subspace_source": data.arrays["relevant_subspace"] != nil ? "relevant_subspace" : "teacher_direction",
            "histograms": "densities over [−range, range] integrating to 1; the shares outside are the *_outside_fraction scalars",
        ])
    }
}
