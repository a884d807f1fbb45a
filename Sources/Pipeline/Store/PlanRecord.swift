import Foundation

/// What each task instance of a manifest resolved to when it was last run:
/// `<results>/manifests/<manifest path>`. `flrepro explain` compares a new
/// plan against it to say *why* a task would run (which parameter changed, a
/// kind version, an input).
public struct PlanRecord: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var kind: String
        public var version: Int
        public var parameters: JSONObject
        /// Input name → (instance label, key).
        public var inputs: [String: String]
    }
    /// Instance label (e.g. `krr[P=10,seed=0]`) → entry.
    public var entries: [String: Entry]

    public init(entries: [String: Entry]) { self.entries = entries }

    /// The record of a manifest plan.
    public init(_ mp: ManifestPlan, plan: Plan) {
        var entries: [String: Entry] = [:]
        for list in mp.instances.values {
            for inst in list {
                let t = plan.tasks[inst.key]!
                entries[inst.label] = Entry(key: t.key, kind: t.kind, version: t.version, parameters: t.parameters.values,
                                            inputs: Dictionary(uniqueKeysWithValues: t.inputs.map { ($0.name, $0.key) }))
            }
        }
        self.entries = entries
    }

    /// Where the record of `manifest` lives.
    public static func url(results: URL, manifest: Manifest) -> URL {
        results.appendingPathComponent("manifests").appendingPathComponent(manifest.relativePath)
    }

    /// Stable JSON text (sorted keys, one entry per line).
    public func encoded() -> String {
        var lines: [String] = []
        for label in entries.keys.sorted() {
            let e = entries[label]!
            let obj = JSONObject([
                ("key", .string(e.key)), ("kind", .string(e.kind)), ("version", .number(Double(e.version))),
                ("parameters", .object(e.parameters)),
                ("inputs", .object(JSONObject(e.inputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))),
            ])
            lines.append("  \(CanonicalJSON.quote(label)): \(CanonicalJSON.encode(.object(obj)))")
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Parses `encoded()` text.
    public static func decode(_ data: Data) throws -> PlanRecord {
        guard case .object(let o) = try JSONParser().parse(data) else { throw TaskFailure("plan record is not an object") }
        var entries: [String: Entry] = [:]
        for (label, v) in o.members {
            guard let e = v.objectValue, let key = e["key"]?.stringValue, let kind = e["kind"]?.stringValue,
                  let version = e["version"]?.intValue, let params = e["parameters"]?.objectValue,
                  let inputs = e["inputs"]?.objectValue else { throw TaskFailure("plan record entry \(label) is malformed") }
            entries[label] = Entry(key: key, kind: kind, version: version, parameters: params,
                                   inputs: Dictionary(uniqueKeysWithValues: inputs.members.map { ($0.key, $0.value.stringValue ?? "") }))
        }
        return PlanRecord(entries: entries)
    }

    /// Writes the record (atomically) if its text changed.
    public func write(to url: URL) throws {
        let text = encoded()
        if let old = try? String(contentsOf: url, encoding: .utf8), old == text { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
