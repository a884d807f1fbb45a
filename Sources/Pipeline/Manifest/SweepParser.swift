import Foundation

/// Turns sweep specifications into axes: a plain array or `list`, `range`,
/// `linspace`, `logspace` (one variable), and `zip` / `product` (several).
struct SweepParser {
    let file: String
    let maximumPoints: Int

    /// Parses the axis `name` from `value` at key path `path`.
    func axis(name: String, value: JSONValue, path: String) throws -> SweepAxis {
        if case .object(let o) = value, o.keys.count == 1, let form = o.keys.first, form == "zip" || form == "product" {
            var r = try ObjectReader(value, path: path, file: file)
            let inner = try r.objectValue(form)!
            let innerPath = KeyPath.join(path, form)
            guard !inner.isEmpty else { throw ManifestError(file: file, path: innerPath, message: "needs at least one variable") }
            var columns: [(String, [JSONValue])] = []
            for (k, v) in inner.members {
                try checkName(k, path: KeyPath.join(innerPath, k))
                columns.append((k, try values(v, path: KeyPath.join(innerPath, k))))
            }
            var points: [[String: JSONValue]] = []
            if form == "zip" {
                let n = columns[0].1.count
                for (k, c) in columns where c.count != n {
                    throw ManifestError(file: file, path: KeyPath.join(innerPath, k),
                                        message: "zip needs equally long lists: \(columns[0].0) has \(n) values, \(k) has \(c.count)")
                }
                for i in 0..<n { points.append(Dictionary(uniqueKeysWithValues: columns.map { ($0.0, $0.1[i]) })) }
            } else {
                var total = 1.0
                for (_, c) in columns { total *= Double(c.count) }
                guard total <= Double(maximumPoints) else {
                    throw ManifestError(file: file, path: innerPath, message: "product has \(Int(total)) points (limit \(maximumPoints))")
                }
                points = [[:]]
                for (k, c) in columns {
                    points = points.flatMap { p in c.map { v in var q = p; q[k] = v; return q } }
                }
            }
            return SweepAxis(name: name, variables: columns.map(\.0), points: points)
        }
        try checkName(name, path: path)
        let vs = try values(value, path: path)
        return SweepAxis(name: name, variables: [name], points: vs.map { [name: $0] })
    }

    func checkName(_ name: String, path: String) throws {
        let ok = !name.isEmpty && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
            && !CharacterSet.decimalDigits.contains(name.unicodeScalars.first!)
        guard ok else {
            throw ManifestError(file: file, path: path, message: "variable names use letters, digits and _ and do not start with a digit: \"\(name)\"")
        }
    }

    /// The values of a one-variable sweep.
    func values(_ value: JSONValue, path: String) throws -> [JSONValue] {
        let out: [JSONValue]
        switch value {
        case .array(let a):
            out = a
            for (i, v) in a.enumerated() {
                switch v {
                case .number, .string, .bool: break
                default: throw ManifestError(file: file, path: KeyPath.index(path, i), message: "sweep values must be numbers, strings or booleans, got \(v.typeName)")
                }
            }
        case .object(let o):
            guard o.keys.count == 1, let form = o.keys.first else {
                throw ManifestError(file: file, path: path, message: "a sweep is an array or an object with exactly one of list, range, linspace, logspace, zip, product")
            }
            var r = try ObjectReader(value, path: path, file: file)
            let p = KeyPath.join(path, form)
            switch form {
            case "list":
                out = try values(try r.required("list"), path: p)
            case "range":
                var a = try ObjectReader(try r.required("range"), path: p, file: file)
                let start = try a.number("start") ?? 0
                guard let stop = try a.number("stop") else { throw ManifestError(file: file, path: p, message: "missing required key \"stop\"") }
                let step = try a.number("step") ?? 1
                try a.finish()
                guard step > 0 else { throw ManifestError(file: file, path: KeyPath.join(p, "step"), message: "must be positive") }
                let n = ((stop - start) / step).rounded(.up)
                try checkCount(n, path: p)
                out = (0..<max(0, Int(n))).map { .number(start + Double($0) * step) }
            case "linspace", "logspace":
                var a = try ObjectReader(try r.required(form), path: p, file: file)
                guard let start = try a.number("start"), let stop = try a.number("stop"), let count = try a.int("count") else {
                    throw ManifestError(file: file, path: p, message: "needs start, stop and count")
                }
                let round = try a.bool("round") ?? false
                try a.finish()
                guard count >= 1 else { throw ManifestError(file: file, path: KeyPath.join(p, "count"), message: "must be at least 1") }
                try checkCount(Double(count), path: p)
                if form == "logspace", start <= 0 || stop <= 0 {
                    throw ManifestError(file: file, path: p, message: "logspace needs positive start and stop (they are values, not exponents)")
                }
                var xs: [Double] = []
                var seen = Set<UInt64>()  // bit patterns (-0 and 0 are merged below); a linear scan made 10⁵ points take seconds
                for i in 0..<count {
                    let t = count == 1 ? 0 : Double(i) / Double(count - 1)
                    var x = form == "linspace" ? start + t * (stop - start) : exp(log(start) + t * (log(stop) - log(start)))
                    if i == count - 1 { x = stop }
                    if round { x = x.rounded() }
                    guard x.isFinite else {  // e.g. stop − start overflows: NaN and ∞ must never reach a parameter
                        throw ManifestError(file: file, path: p, message: "the sweep's values are not finite in double precision")
                    }
                    if seen.insert((x == 0 ? 0 : x).bitPattern).inserted { xs.append(x) }
                }
                out = xs.map { .number($0) }
            default:
                throw ManifestError(file: file, path: p, message: "unknown sweep form \"\(form)\"; expected list, range, linspace, logspace, zip or product")
            }
        default:
            throw ManifestError(file: file, path: path, message: "a sweep is an array or an object (list, range, linspace, logspace, zip, product), got \(value.typeName)")
        }
        guard !out.isEmpty else { throw ManifestError(file: file, path: path, message: "the sweep has no values") }
        return out
    }

    func checkCount(_ n: Double, path: String) throws {
        guard n <= Double(maximumPoints) else {
            throw ManifestError(file: file, path: path, message: "the sweep has \(n) points (limit \(maximumPoints))")
        }
    }
}
