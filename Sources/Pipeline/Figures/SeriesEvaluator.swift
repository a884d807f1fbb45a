import Foundation

/// The numbers of one series: x, y and an optional error bar per point, and
/// the cache keys they came from.
public struct SeriesPoints: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    public var error: [Double]?
    /// Task keys that contributed, in order of first use.
    public var keys: [String]
    /// Number of instances averaged per point (1 without reduction).
    public var samples: [Int]
}

/// Evaluates series selections (figure series and expectations) against the
/// task instances of a manifest plan and the cached results.
public final class SeriesEvaluator: @unchecked Sendable {  // the result cache is only used from one thread
    public let plan: ManifestPlan
    public let store: ResultStore
    private var cache: [String: TaskResult] = [:]

    public init(plan: ManifestPlan, store: ResultStore) {
        self.plan = plan
        self.store = store
    }

    private var file: String { plan.manifest.file }

    /// Evaluates a selection.
    /// - Throws: `ManifestError` for a selection that does not fit the sweeps,
    ///   `StoreError` when a needed result is not cached.
    public func evaluate(_ s: SeriesSelection) throws -> SeriesPoints {
        let m = plan.manifest
        let (selected, kept) = try select(s)

        // Group by the kept axes' indices, in sweep order.
        var groups: [[Int]: [TaskInstance]] = [:]
        var groupOrder: [[Int]] = []
        for inst in selected {
            let g = kept.map { inst.axisIndices[$0]! }
            if groups[g] == nil { groupOrder.append(g) }
            groups[g, default: []].append(inst)
        }

        var points: [(x: Double, y: Double, e: Double?, n: Int)] = []
        var curveCount = 0
        var keys: [String] = []
        for g in groupOrder {
            let members = groups[g]!
            var xs: [[Double]] = [], ys: [[Double]] = [], es: [[Double]] = []
            for inst in members {
                guard store.exists(inst.key) else {
                    throw StoreError(path: store.url(for: inst.key).path,
                                     message: "\(inst.label) has not been computed (run `flrepro run \(m.file)`)")
                }
                let result = try load(inst.key)
                keys.append(inst.key)
                let y = try values(of: s.y, in: result, instance: inst, path: KeyPath.join(s.path, "y"))
                var x: [Double]
                if case .index = s.x { x = (0..<y.count).map(Double.init) } else {
                    x = try values(of: s.x, in: result, instance: inst, path: KeyPath.join(s.path, "x"))
                }
                if x.count == 1 && y.count > 1 {
                    throw ManifestError(file: file, path: KeyPath.join(s.path, "x"), message: "x is a single value but y is an array of \(y.count); use an array output or \"#index\" for x")
                }
                guard x.count == y.count else {
                    throw ManifestError(file: file, path: s.path, message: "x has \(x.count) values but y has \(y.count) (in \(inst.label))")
                }
                xs.append(x)
                ys.append(y)
                if let eref = s.error {
                    let e = try values(of: eref, in: result, instance: inst, path: KeyPath.join(s.path, "error"))
                    guard e.count == y.count else {
                        throw ManifestError(file: file, path: KeyPath.join(s.path, "error"), message: "error has \(e.count) values but y has \(y.count)")
                    }
                    es.append(e)
                }
            }
            for other in xs.dropFirst() where other != xs[0] {
                let differing = kept.isEmpty ? "" : " within one group"
                throw ManifestError(file: file, path: KeyPath.join(s.path, "x"), message: "x differs between the instances averaged together\(differing); x must not depend on the reduced axes")
            }
            if ys[0].count > 1 { curveCount += 1 }
            if let r = s.reduction, r.statistic == .crossing || r.statistic == .logSlope {
                let along = try crossingAxisValues(members, s)
                for i in xs[0].indices {
                    let values = ys.map { $0[i] }
                    let y = r.statistic == .crossing ? Self.crossing(along: along, values: values, level: r.level!)
                        : Self.logSlope(along: along, values: values)
                    points.append((xs[0][i], y, nil, members.count))
                }
                continue
            }
            for i in xs[0].indices {
                let sample = ys.map { $0[i] }
                let (y, e) = Self.reduce(sample, s.reduction?.statistic)
                points.append((xs[0][i], y, es.isEmpty ? e : es[0][i], sample.count))
            }
        }
        if curveCount > 1 {
            throw ManifestError(file: file, path: s.path, message: "the selection gives \(curveCount) curves; fix the other axes with \"where\" or reduce over them (unreduced axes: \(kept.joined(separator: ", ")))")
        }
        // One point per x: several points at one x mean an axis was left free.
        var seen = Set<Double>()
        for p in points where !seen.insert(p.x).inserted {
            let free = kept.filter { name in
                guard case .variable(let v) = s.x else { return true }
                return !(m.sweep(name)?.variables.contains(v) ?? false)
            }
            throw ManifestError(file: file, path: s.path, message: "several points at x = \(CanonicalJSON.number(p.x)); axis \(free.map { "\"\($0)\"" }.joined(separator: ", ")) is neither fixed by \"where\" nor reduced")
        }
        if curveCount == 0 { points.sort { $0.x < $1.x } }
        let hasError = s.error != nil || (s.reduction.map { $0.statistic == .meanStandardError || $0.statistic == .meanStandardDeviation } ?? false)
        var uniqueKeys: [String] = []
        var seenKeys = Set<String>()
        for k in keys where seenKeys.insert(k).inserted { uniqueKeys.append(k) }
        return SeriesPoints(x: points.map(\.x), y: points.map(\.y), error: hasError ? points.map { $0.e ?? 0 } : nil,
                            keys: uniqueKeys, samples: points.map(\.n))
    }

    /// Checks a selection against the sweeps and parameters without reading any result
    /// (`where`, `reduce.over`, a variable `x`, `#index` as `y`), so that the planner rejects
    /// such a manifest before anything runs instead of when its figure is drawn.
    /// - Throws: `ManifestError` naming the key path.
    public func checkWithoutResults(_ s: SeriesSelection) throws {
        let (selected, _) = try select(s)
        guard let inst = selected.first else { return }
        if case .variable = s.x { _ = try values(of: s.x, in: TaskResult(), instance: inst, path: KeyPath.join(s.path, "x")) }
        if case .index = s.y { _ = try values(of: s.y, in: TaskResult(), instance: inst, path: KeyPath.join(s.path, "y")) }
    }

    /// Checks every figure series and expectation of a manifest plan (see `checkWithoutResults`).
    /// - Throws: `ManifestError` for the first selection that does not fit.
    static func checkSelections(of mp: ManifestPlan) throws {
        // No result is read, so the store is never touched.
        let evaluator = SeriesEvaluator(plan: mp, store: ResultStore(root: FileManager.default.temporaryDirectory))
        for f in mp.manifest.figures {
            for p in f.panels { for s in p.series { try evaluator.checkWithoutResults(s.selection) } }
        }
        for e in mp.manifest.expectations {
            try evaluator.checkWithoutResults(e.selection)
            switch e.check {
            case .closeTo(let reference, _, _, _), .ratioTo(let reference, _, _): try evaluator.checkWithoutResults(reference)
            default: break
            }
        }
    }

    /// The instances a selection's `where` keeps, and the axes that are not reduced over.
    private func select(_ s: SeriesSelection) throws -> (selected: [TaskInstance], kept: [String]) {
        let m = plan.manifest
        guard let template = m.task(s.task), let instances = plan.instances[s.task] else {
            throw ManifestError(file: file, path: KeyPath.join(s.path, "task"), message: "no task named \"\(s.task)\"")
        }
        let axes = template.foreach.map { m.sweep($0)! }
        let variables = Set(axes.flatMap(\.variables))

        // Fix variables with `where`.
        var selected = instances
        for (v, raw) in s.selection.members {
            let path = KeyPath.join(KeyPath.join(s.path, "where"), v)
            guard variables.contains(v) else {
                throw ManifestError(file: file, path: path, message: "task \"\(s.task)\" is not swept over \"\(v)\" (its variables: \(variables.sorted().joined(separator: ", ")))")
            }
            var value = raw
            if case .string(let r) = raw, r.hasPrefix("$"), !r.hasPrefix("$$") {
                guard let p = m.parameters[String(r.dropFirst())] else {
                    throw ManifestError(file: file, path: path, message: "unknown parameter \(r)")
                }
                value = p
            }
            selected = selected.filter { Self.same($0.bindings[v]!, value) }
            if selected.isEmpty {
                throw ManifestError(file: file, path: path, message: "no instance of \"\(s.task)\" has \(v) = \(CanonicalJSON.encode(value))")
            }
        }

        // Axes reduced over.
        var reduced = Set<String>()
        for name in s.reduction?.over ?? [] {
            let axis = axes.first { $0.name == name } ?? axes.first { $0.variables.contains(name) }
            guard let axis else {
                throw ManifestError(file: file, path: KeyPath.join(s.path, "reduce.over"),
                                    message: "task \"\(s.task)\" does not loop over \"\(name)\" (its axes: \(template.foreach.joined(separator: ", ")))")
            }
            reduced.insert(axis.name)
        }
        let kept = template.foreach.filter { !reduced.contains($0) }
        return (selected, kept)
    }

    private func load(_ key: String) throws -> TaskResult {
        if let r = cache[key] { return r }
        let r = try store.read(key)
        cache[key] = r
        return r
    }

    private func values(of ref: ValueReference, in result: TaskResult, instance: TaskInstance, path: String) throws -> [Double] {
        switch ref {
        case .index:
            throw ManifestError(file: file, path: path, message: "\"#index\" is only allowed for x")
        case .variable(let v):
            let value = instance.bindings[v] ?? plan.manifest.parameters[v]
            guard let value else {
                throw ManifestError(file: file, path: path, message: "$\(v) is not a parameter or a variable of task \"\(instance.template)\"")
            }
            guard let x = value.numberValue else {
                throw ManifestError(file: file, path: path, message: "$\(v) is not a number (\(CanonicalJSON.encode(value))) and cannot be plotted")
            }
            return [x]
        case .output(let name):
            if let s = result.scalars[name] { return [s] }
            if let a = result.arrays[name] { return a.values }
            throw ManifestError(file: file, path: path, message: "task \"\(instance.template)\" has no output \"\(name)\" (scalars: \(result.scalars.keys.sorted().joined(separator: ", ")); arrays: \(result.arrays.keys.sorted().joined(separator: ", ")))")
        }
    }

    /// Reduces samples to a value and an error bar.
    /// The numeric values of the single variable of a crossing reduction's axis, per member.
    private func crossingAxisValues(_ members: [TaskInstance], _ s: SeriesSelection) throws -> [Double] {
        let name = s.reduction!.over[0]
        let axis = plan.manifest.sweep(name) ?? plan.manifest.task(s.task)!.foreach.compactMap { plan.manifest.sweep($0) }
            .first { $0.variables.contains(name) }
        let path = KeyPath.join(s.path, "reduce.over")
        // A variable of the axis named directly (e.g. "P" of a zip), or the axis's only variable.
        guard let axis, let variable = axis.variables.contains(name) ? name : (axis.variables.count == 1 ? axis.variables[0] : nil) else {
            throw ManifestError(file: file, path: path, message: "a \(s.reduction!.statistic.rawValue) reduction needs one variable: name it (the axis \"\(name)\" has \(axis?.variables.joined(separator: ", ") ?? "none"))")
        }
        return try members.map { inst in
            guard let v = inst.bindings[variable]?.numberValue else {
                throw ManifestError(file: file, path: path, message: "the values of \"\(variable)\" must be numbers for a \(s.reduction!.statistic.rawValue) reduction")
            }
            return v
        }
    }

    /// Where `values` (given at the points `along`, in any order) first reach `level`, going up `along`.
    /// - Returns: the interpolated position (in log space when all positions are positive); NaN if never.
    static func crossing(along: [Double], values: [Double], level: Double) -> Double {
        let order = along.indices.sorted { along[$0] < along[$1] }
        let logScale = along.allSatisfy { $0 > 0 }
        func position(_ i: Int) -> Double { logScale ? Foundation.log(along[i]) : along[i] }
        guard let first = order.first else { return .nan }
        if values[first] >= level { return along[first] }
        for (a, b) in zip(order, order.dropFirst()) where values[a] < level && values[b] >= level {
            let t = (level - values[a]) / (values[b] - values[a])
            let p = position(a) + t * (position(b) - position(a))
            return logScale ? Foundation.exp(p) : p
        }
        return .nan
    }

    /// The least-squares slope of ln(values) against ln(along) (a power-law exponent). NaN values
    /// mark missing points and are left out; NaN with fewer than two points left or a non-positive value.
    static func logSlope(along: [Double], values: [Double]) -> Double {
        let points = zip(along, values).filter { !$0.1.isNaN }
        guard points.count >= 2, points.allSatisfy({ $0.0 > 0 && $0.1 > 0 }) else { return .nan }
        let lx = points.map { Foundation.log($0.0) }, ly = points.map { Foundation.log($0.1) }
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        var sxy = 0.0, sxx = 0.0
        for (a, b) in zip(lx, ly) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
        return sxx > 0 ? sxy / sxx : .nan
    }

    static func reduce(_ xs: [Double], _ stat: Reduction.Statistic?) -> (Double, Double?) {
        guard let stat else { return (xs[0], nil) }
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let variance = xs.count > 1 ? xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        switch stat {
        case .mean: return (mean, nil)
        case .median:
            let s = xs.sorted()
            return (s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2]), nil)
        case .minimum: return (xs.min()!, nil)
        case .maximum: return (xs.max()!, nil)
        case .meanStandardDeviation: return (mean, variance.squareRoot())
        case .meanStandardError: return (mean, (variance / n).squareRoot())
        case .crossing, .logSlope: preconditionFailure("crossing and log_slope reductions are evaluated along their axis")
        }
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.numberValue, let y = b.numberValue { return x == y }
        return a == b
    }
}
