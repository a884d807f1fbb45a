import Foundation

/// What one Slurm job asks for: partition, account, time limit, memory and
/// CPUs per task. Every field is optional; unset fields are left to the
/// cluster's defaults.
///
/// A manifest may give per-kind defaults (`"resources": {"kernel.krr":
/// {"time": "00:10:00", "mem": "2G", "cpus": 1, "partition": "short"}}`);
/// `flrepro run --executor slurm --time … --mem …` overrides them, globally or
/// for one kind (`--time kernel.krr=01:00:00`).
public struct SlurmResources: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var partition: String?
    public var account: String?
    /// A Slurm time limit: `MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM` or `D-HH:MM:SS`.
    public var time: String?
    /// Memory per node: an integer with an optional unit `K`, `M`, `G` or `T` (megabytes without unit).
    public var mem: String?
    /// CPUs per task (`--cpus-per-task`).
    public var cpus: Int?

    public init(partition: String? = nil, account: String? = nil, time: String? = nil, mem: String? = nil, cpus: Int? = nil) {
        self.partition = partition
        self.account = account
        self.time = time
        self.mem = mem
        self.cpus = cpus
    }

    /// Whether no field is set.
    public var isEmpty: Bool { partition == nil && account == nil && time == nil && mem == nil && cpus == nil }

    /// These resources with the unset fields taken from `base`.
    public func over(_ base: SlurmResources) -> SlurmResources {
        SlurmResources(partition: partition ?? base.partition, account: account ?? base.account, time: time ?? base.time,
                       mem: mem ?? base.mem, cpus: cpus ?? base.cpus)
    }

    /// The `sbatch` options these resources stand for.
    public var sbatchArguments: [String] {
        var a: [String] = []
        if let partition { a.append("--partition=\(partition)") }
        if let account { a.append("--account=\(account)") }
        if let time { a.append("--time=\(time)") }
        if let mem { a.append("--mem=\(mem)") }
        if let cpus { a.append("--cpus-per-task=\(cpus)") }
        return a
    }

    public var description: String {
        let parts = [partition.map { "partition=\($0)" }, account.map { "account=\($0)" }, time.map { "time=\($0)" },
                     mem.map { "mem=\($0)" }, cpus.map { "cpus=\($0)" }].compactMap { $0 }
        return parts.isEmpty ? "cluster defaults" : parts.joined(separator: " ")
    }

    // MARK: JSON

    /// The resources as a JSON object (only the fields that are set).
    public var json: JSONValue {
        var o = JSONObject()
        if let partition { o["partition"] = .string(partition) }
        if let account { o["account"] = .string(account) }
        if let time { o["time"] = .string(time) }
        if let mem { o["mem"] = .string(mem) }
        if let cpus { o["cpus"] = .number(Double(cpus)) }
        return .object(o)
    }

    /// Reads `json` output (plan files).
    public init(json: JSONValue?) {
        let o = json?.objectValue ?? JSONObject()
        self.init(partition: o["partition"]?.stringValue, account: o["account"]?.stringValue, time: o["time"]?.stringValue,
                  mem: o["mem"]?.stringValue, cpus: o["cpus"]?.intValue)
    }

    // MARK: Validation

    /// Fields a manifest's `resources` entry may set.
    public static let manifestFields = ["time", "mem", "cpus", "partition"]

    /// Whether `s` is a Slurm time limit (`MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`, `D-HH:MM:SS`, or `UNLIMITED`).
    public static func isValidTime(_ s: String) -> Bool {
        if s == "UNLIMITED" || s == "INFINITE" { return true }
        func numbers(_ t: Substring, max: Int) -> Bool {
            let parts = t.split(separator: ":", omittingEmptySubsequences: false)
            return (1...max).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        let dayParts = s.split(separator: "-", omittingEmptySubsequences: false)
        switch dayParts.count {
        case 1: return numbers(dayParts[0], max: 3)
        case 2: return numbers(dayParts[0], max: 1) && numbers(dayParts[1], max: 3)
        default: return false
        }
    }

    /// Whether `s` is a Slurm memory size (digits with an optional `K`, `M`, `G` or `T`).
    public static func isValidMemory(_ s: String) -> Bool {
        var digits = Substring(s)
        if let last = s.last, "KMGTkmgt".contains(last) { digits = digits.dropLast() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether `s` is a plausible partition or account name.
    public static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.,".contains($0)) }
    }

    /// The problem with one field's value, if any.
    public static func problem(field: String, value: String) -> String? {
        switch field {
        case "time": return isValidTime(value) ? nil : "expected a Slurm time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), got \"\(value)\""
        case "mem": return isValidMemory(value) ? nil : "expected a memory size such as 4000, 500M or 4G, got \"\(value)\""
        case "cpus":
            guard let n = Int(value), n >= 1 else { return "expected a positive integer, got \"\(value)\"" }
            return nil
        case "partition", "account": return isValidName(value) ? nil : "expected a \(field) name (letters, digits, - _ .), got \"\(value)\""
        default: return "unknown resource \"\(field)\""
        }
    }

    /// Sets one field from text (after `problem(field:value:)` found none).
    mutating func set(field: String, value: String) {
        switch field {
        case "time": time = value
        case "mem": mem = value
        case "cpus": cpus = Int(value)
        case "partition": partition = value
        case "account": account = value
        default: break
        }
    }

    /// Validates a manifest's optional `resources` member: task kind → resources.
    /// - Parameters:
    ///   - value: the member (nil when absent).
    ///   - kinds: the kinds of the manifest's tasks (a key naming another kind is an error).
    ///   - file: the manifest file, for errors.
    /// - Returns: kind → resources.
    static func manifestResources(_ value: JSONValue?, kinds: Set<String>, file: String) throws -> [String: SlurmResources] {
        guard let value else { return [:] }
        guard case .object(let o) = value else {
            throw ManifestError(file: file, path: "resources", message: "expected object (task kind → {time, mem, cpus, partition}), got \(value.typeName)")
        }
        var out: [String: SlurmResources] = [:]
        for (kind, v) in o.members {
            let p = KeyPath.join("resources", kind)
            guard kinds.contains(kind) else {
                throw ManifestError(file: file, path: p, message: "no task of this manifest has kind \"\(kind)\" (kinds: \(kinds.sorted().joined(separator: ", ")))")
            }
            var r = try ObjectReader(v, path: p, file: file)
            var res = SlurmResources()
            for field in ["time", "mem", "partition"] {
                if let s = try r.string(field) {
                    if let problem = problem(field: field, value: s) { throw r.error(field, problem) }
                    res.set(field: field, value: s)
                }
            }
            if let n = try r.int("cpus") {
                guard n >= 1 else { throw r.error("cpus", "must be at least 1, got \(n)") }
                res.cpus = n
            }
            try r.finish()
            out[kind] = res
        }
        return out
    }
}

/// Resources given on the command line: each option either for every kind
/// (`--time 01:00:00`) or for one kind (`--time kernel.krr=04:00:00`).
/// Precedence, most specific first: command line for the kind, command line
/// for every kind, the manifest's entry for the kind, the cluster's defaults.
public struct SlurmResourceOverrides: Sendable, Equatable {
    public var global = SlurmResources()
    public var perKind: [String: SlurmResources] = [:]

    public init() {}

    /// Adds one command-line value.
    /// - Parameters:
    ///   - field: `partition`, `account`, `time`, `mem` or `cpus`.
    ///   - spec: `VALUE` or `KIND=VALUE`.
    /// - Throws: `SlurmError` describing a malformed value.
    public mutating func add(field: String, _ spec: String) throws {
        var kind: String?
        var value = spec
        if let eq = spec.firstIndex(of: "=") {
            kind = String(spec[..<eq])
            value = String(spec[spec.index(after: eq)...])
            if kind!.isEmpty { throw SlurmError("--\(field) \(spec): the task kind before \"=\" is empty") }
        }
        if let problem = SlurmResources.problem(field: field, value: value) {
            throw SlurmError("--\(field) \(spec): \(problem)")
        }
        if let kind {
            perKind[kind, default: SlurmResources()].set(field: field, value: value)
        } else {
            global.set(field: field, value: value)
        }
    }

    /// The resources of a task of `kind`.
    /// - Parameter manifestDefault: the manifest's entry for the kind, if any.
    public func resources(kind: String, manifestDefault: SlurmResources?) -> SlurmResources {
        (perKind[kind] ?? SlurmResources()).over(global).over(manifestDefault ?? SlurmResources())
    }
}

/// A Slurm command failed, or a plan file is unusable.
public struct SlurmError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
