import Foundation
import LinearAlgebra
import Pipeline

/// `stats.slope_fit`: a power-law exponent — the least-squares slope of ln y against ln x of the
/// curve averaged over runs (seeds), with a percentile bootstrap interval over the runs
/// (`LogLogSlope`). The runs come from an input gathered with `over` (e.g. every seed of an
/// `mfld.coupled` task); `y` may be one curve `[x]` or one curve per column `[x, columns]`
/// (e.g. one per recorded time), each fitted separately.
///
/// With `reference_size` M > 0 the abscissa is the effective size `1/(1/x − 1/M)`, the size at which
/// a quantity scaling like `1/x − 1/M` (a width-x system coupled to a reference of M particles)
/// reads as `1/size`.
struct SlopeFitStatisticKind: TaskKind {
    let name = "stats.slope_fit"
    let version = 1
    let summary = "Power-law exponent: least-squares slope of ln(mean over runs of y) against ln x (optionally x_eff = 1/(1/x − 1/M)), one per column of y, with a percentile bootstrap interval over the runs; also the run means and standard errors and x_eff·mean per column"
    let inputs = ["runs"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("x", .string(allowed: nil), "output of the runs holding the abscissae (positive), e.g. widths"),
        ParameterSpec("y", .string(allowed: nil), "output of the runs holding the ordinates: [x] or [x, columns]"),
        ParameterSpec("columns", .string(allowed: nil), default: .string(""),
                      "output labelling the columns of a two-dimensional y (e.g. record_steps); empty for a one-dimensional y"),
        ParameterSpec("reference_size", .number(minimum: 0, maximum: nil), default: .number(0),
                      "M > every x: fit against x_eff = 1/(1/x − 1/M) instead of x (0: x itself)"),
        ParameterSpec("ratio_from", .number(minimum: nil, maximum: nil), default: .number(-1e300),
                      "scaled_max_over_min uses the columns labelled at least this (e.g. 100: leave out the initial state t = 0); scaled_max_over_min_all uses all"),
        ParameterSpec("resamples", .integer(minimum: 1, maximum: 1_000_000), default: .number(2000), "bootstrap resamples of the runs"),
        ParameterSpec("level", .number(minimum: 0, maximum: 1), default: .number(0.95), "central coverage of the bootstrap interval"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), default: .number(0), "seed of the bootstrap resampling"),
    ]

    func validate(_ p: TaskParameters) throws {
        let level = p.double("level")
        if level <= 0 || level >= 1 { throw TaskParameterError("level", "must lie strictly between 0 and 1") }
        if p.string("x").isEmpty { throw TaskParameterError("x", "must name an output") }
        if p.string("y").isEmpty { throw TaskParameterError("y", "must name an output") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let runs = try request.gathered("runs")
        let xName = p.string("x"), yName = p.string("y"), columnName = p.string("columns")
        let x = try array(xName, of: runs[0], run: 0).values
        guard !x.isEmpty, x.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw TaskFailure("\(xName): the abscissae must be positive and finite") }
        let labels: [Double] = columnName.isEmpty ? [0] : try array(columnName, of: runs[0], run: 0).values
        let columnCount = labels.count
        var curves: [[Double]] = []  // run-major: [run][i * columnCount + c]
        for (r, run) in runs.enumerated() {
            if try array(xName, of: run, run: r).values != x { throw TaskFailure("run \(r): \(xName) differs from run 0's") }
            if !columnName.isEmpty, try array(columnName, of: run, run: r).values != labels {
                throw TaskFailure("run \(r): \(columnName) differs from run 0's")
            }
            let y = try array(yName, of: run, run: r)
            let expected = columnName.isEmpty ? [x.count] : [x.count, columnCount]
            guard y.shape == expected else {
                throw TaskFailure("run \(r): \(yName) has shape \(y.shape), expected \(expected) (\(xName)\(columnName.isEmpty ? "" : " × " + columnName))")
            }
            curves.append(y.values)
        }
        let m = p.double("reference_size")
        if m > 0, let bad = x.first(where: { $0 >= m }) {
            throw TaskFailure("reference_size \(CanonicalJSON.number(m)) must exceed every abscissa (got \(CanonicalJSON.number(bad)))")
        }
        let effective = m > 0 ? x.map { 1 / (1 / $0 - 1 / m) } : x

        let n = Double(runs.count)
        var slope: [Double] = [], lower: [Double] = [], upper: [Double] = [], spread: [Double] = [], intercept: [Double] = []
        var mean = [Double](repeating: 0, count: x.count * columnCount), se = mean
        var arrays: [String: NDArray] = [:]
        for c in 0..<columnCount {
            let columnRuns = curves.map { v in x.indices.map { v[$0 * columnCount + c] } }
            let e = LogLogSlope.estimate(x: effective, runs: columnRuns, resamples: p.int("resamples"), level: p.double("level"),
                                         seed: p.seed() &+ UInt64(c))
            slope.append(e.slope); lower.append(e.lower); upper.append(e.upper)
            spread.append(e.bootstrapStandardDeviation); intercept.append(e.intercept)
            for i in x.indices {
                let values = columnRuns.map { $0[i] }
                mean[i * columnCount + c] = values.reduce(0, +) / n
                se[i * columnCount + c] = DataInputs.standardError(values)
            }
            if !columnName.isEmpty {
                let tag = Self.label(labels[c])
                arrays["mean_at_\(tag)"] = NDArray(x.indices.map { mean[$0 * columnCount + c] })
                arrays["se_at_\(tag)"] = NDArray(x.indices.map { se[$0 * columnCount + c] })
            }
        }
        // x_eff · mean per abscissa, across the columns (flat in the columns when the rate holds uniformly).
        let ratioColumns = labels.indices.filter { labels[$0] >= p.double("ratio_from") }
        guard !ratioColumns.isEmpty else { throw TaskFailure("ratio_from \(p.double("ratio_from")) leaves no column (labels \(labels))") }
        var ratio: [Double] = [], ratioAll: [Double] = []
        for i in x.indices {
            let scaled = (0..<columnCount).map { effective[i] * mean[i * columnCount + $0] }
            arrays["scaled_\(Self.label(x[i]))"] = NDArray(scaled)
            arrays["scaled_se_\(Self.label(x[i]))"] = NDArray((0..<columnCount).map { effective[i] * se[i * columnCount + $0] })
            let kept = ratioColumns.map { scaled[$0] }
            ratio.append(kept.max()! / kept.min()!)
            ratioAll.append(scaled.max()! / scaled.min()!)
        }
        arrays["x"] = NDArray(x)
        arrays["x_effective"] = NDArray(effective)
        arrays["columns"] = NDArray(labels)
        arrays["slope"] = NDArray(slope)
        arrays["slope_low"] = NDArray(lower)
        arrays["slope_high"] = NDArray(upper)
        arrays["slope_bootstrap_sd"] = NDArray(spread)
        arrays["intercept"] = NDArray(intercept)
        arrays["mean"] = NDArray(shape: columnName.isEmpty ? [x.count] : [x.count, columnCount], values: mean)
        arrays["standard_error"] = NDArray(shape: columnName.isEmpty ? [x.count] : [x.count, columnCount], values: se)
        arrays["scaled_max_over_min"] = NDArray(ratio)
        arrays["scaled_max_over_min_all"] = NDArray(ratioAll)
        return TaskResult(arrays: arrays, scalars: ["runs": n], attributes: [
            "fit": "slope = least-squares slope of ln(mean over runs of \(yName)) against ln x_eff, x_eff = \(m > 0 ? "1/(1/\(xName) - 1/\(CanonicalJSON.number(m)))" : xName); interval: percentile bootstrap (level \(CanonicalJSON.number(p.double("level")))) over the runs resampled with replacement",
            "scaled": "scaled_<x> = x_eff * mean over runs, one value per column; scaled_max_over_min = its max/min over the columns labelled ≥ ratio_from, per x; scaled_max_over_min_all = over all columns",
        ])
    }

    private func array(_ name: String, of run: TaskResult, run index: Int) throws -> NDArray {
        guard let a = run.arrays[name] else {
            throw TaskFailure("run \(index) has no output \"\(name)\" (outputs: \(run.arrays.keys.sorted().joined(separator: ", ")))")
        }
        return a
    }

    /// An output-name tag for a label value: the integer when it is one (`3000`), else its canonical JSON number.
    static func label(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : CanonicalJSON.number(v)
    }
}
