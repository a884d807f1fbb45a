import Foundation

/// The verdict on one expectation.
public struct ExpectationOutcome: Sendable {
    public var manifest: String
    public var id: String
    public var passed: Bool
    /// What was compared, with the worst case.
    public var detail: String
}

/// Evaluates a manifest's `expect` entries against cached results.
public struct ExpectationChecker {
    public let evaluator: SeriesEvaluator

    public init(evaluator: SeriesEvaluator) { self.evaluator = evaluator }

    /// Checks every expectation of the evaluator's manifest.
    /// - Returns: one outcome per expectation; a selection error or a missing
    ///   result is a failed outcome that says so.
    public func checkAll() -> [ExpectationOutcome] {
        evaluator.plan.manifest.expectations.map { e in
            do { return try check(e) } catch {
                return ExpectationOutcome(manifest: evaluator.plan.manifest.file, id: e.id, passed: false, detail: "cannot evaluate: \(error)")
            }
        }
    }

    /// Checks one expectation.
    public func check(_ e: Expectation) throws -> ExpectationOutcome {
        let s = try evaluator.evaluate(e.selection)
        let file = evaluator.plan.manifest.file
        func outcome(_ ok: Bool, _ detail: String) -> ExpectationOutcome {
            ExpectationOutcome(manifest: file, id: e.id, passed: ok, detail: detail)
        }
        func fmt(_ x: Double) -> String { String(format: "%.6g", x) }
        guard !s.y.isEmpty else { return outcome(false, "the series is empty") }
        switch e.check {
        case let .value(at, equals, rel, abs):
            guard let i = s.x.firstIndex(where: { Swift.abs($0 - at) <= 1e-9 * max(1, Swift.abs(at)) }) else {
                return outcome(false, "no point at x = \(fmt(at)) (x values: \(s.x.map(fmt).joined(separator: ", ")))")
            }
            let tol = abs + rel * Swift.abs(equals)
            let dev = Swift.abs(s.y[i] - equals)
            return outcome(dev <= tol, "y(\(fmt(at))) = \(fmt(s.y[i])), expected \(fmt(equals)) ± \(fmt(tol)) (deviation \(fmt(dev)))")
        case let .monotone(decreasing, strict, tol):
            var worst = -Double.infinity, worstAt = 0
            for i in 1..<max(1, s.y.count) {
                let step = decreasing ? s.y[i] - s.y[i - 1] : s.y[i - 1] - s.y[i]  // must be ≤ 0 (or < 0 if strict)
                if step > worst { worst = step; worstAt = i }
            }
            if s.y.count < 2 { return outcome(false, "a monotonicity check needs at least two points") }
            let ok = strict ? worst < -tol || (tol == 0 && worst < 0) : worst <= tol
            let word = decreasing ? "decreasing" : "increasing"
            return outcome(ok, "\(strict ? "strictly " : "")\(word) over \(s.y.count) points; worst step \(fmt(decreasing ? worst : -worst)) between x = \(fmt(s.x[worstAt - 1])) and \(fmt(s.x[worstAt]))")
        case let .range(lo, hi):
            let bad = s.y.enumerated().filter { !($0.element >= lo && $0.element <= hi) }
            if let b = bad.first {
                return outcome(false, "\(bad.count) of \(s.y.count) values outside [\(fmt(lo)), \(fmt(hi))], e.g. y(\(fmt(s.x[b.offset]))) = \(fmt(b.element))")
            }
            return outcome(true, "all \(s.y.count) values in [\(fmt(lo)), \(fmt(hi))]")
        case let .closeTo(reference, rel, abs, sigmas):
            let r = try evaluator.evaluate(reference)
            var worstRatio = 0.0, worstText = "", compared = 0
            for i in s.x.indices {
                guard let (ry, re) = Self.interpolate(r, at: s.x[i]) else { continue }
                compared += 1
                let combined = ((s.error?[i] ?? 0) * (s.error?[i] ?? 0) + re * re).squareRoot()
                let tol = abs + rel * Swift.abs(ry) + sigmas * combined
                let dev = Swift.abs(s.y[i] - ry)
                let ratio = tol > 0 ? dev / tol : (dev == 0 ? 0 : .infinity)
                if ratio >= worstRatio || worstText.isEmpty {
                    worstRatio = ratio
                    worstText = "at x = \(fmt(s.x[i])): \(fmt(s.y[i])) vs reference \(fmt(ry)), deviation \(fmt(dev)), tolerance \(fmt(tol))"
                }
            }
            guard compared > 0 else { return outcome(false, "no x of the series lies within the reference's range") }
            return outcome(worstRatio <= 1, "\(compared) points compared; worst \(worstText)")
        case let .ratioTo(reference, lo, hi):
            let r = try evaluator.evaluate(reference)
            // NaN marks a missing value (e.g. where a branch does not exist): such points are skipped and counted.
            var ratios: [(x: Double, ratio: Double)] = [], missing = 0
            for i in s.x.indices {
                guard let (ry, _) = Self.interpolate(r, at: s.x[i]) else { continue }
                if s.y[i].isNaN || ry.isNaN { missing += 1; continue }
                ratios.append((s.x[i], s.y[i] / ry))
            }
            guard !ratios.isEmpty else {
                return outcome(false, missing > 0 ? "every shared x has a missing (NaN) value" : "no x of the series lies within the reference's range")
            }
            let bad = ratios.filter { !($0.ratio >= lo && $0.ratio <= hi) }
            let shown = ratios.map { "\(fmt($0.ratio)) at x = \(fmt($0.x))" }.joined(separator: ", ")
            let skipped = missing > 0 ? " (\(missing) points with a missing value skipped)" : ""
            return outcome(bad.isEmpty, "y / reference: \(shown); allowed [\(fmt(lo)), \(fmt(hi))]\(skipped)")
        }
    }

    /// The reference's value (and error) at `x`: exact match, else linear interpolation inside its range.
    static func interpolate(_ r: SeriesPoints, at x: Double) -> (Double, Double)? {
        let order = r.x.indices.sorted { r.x[$0] < r.x[$1] }
        for i in order where Swift.abs(r.x[i] - x) <= 1e-9 * max(1, Swift.abs(x)) { return (r.y[i], r.error?[i] ?? 0) }
        for (a, b) in zip(order, order.dropFirst()) where r.x[a] < x && x < r.x[b] {
            let t = (x - r.x[a]) / (r.x[b] - r.x[a])
            let e = (1 - t) * (r.error?[a] ?? 0) + t * (r.error?[b] ?? 0)
            return ((1 - t) * r.y[a] + t * r.y[b], e)
        }
        return nil
    }
}
