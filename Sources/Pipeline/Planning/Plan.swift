/// The expanded task graph of one or more manifests: unique tasks by content
/// key in a dependency-respecting order, and per manifest which task instance
/// (template + sweep point) maps to which key.
public struct Plan: Sendable {
    /// Tasks by key.
    public var tasks: [String: PlannedTask]
    /// Keys in topological order (inputs before their consumers).
    public var order: [String]
    /// One entry per manifest, in the order given.
    public var manifests: [ManifestPlan]

    /// The planned tasks in topological order.
    public var orderedTasks: [PlannedTask] { order.map { tasks[$0]! } }
}

/// One concrete task: kind, resolved parameters, input keys and its key.
public struct PlannedTask: Sendable {
    public var key: String
    public var kind: String
    public var version: Int
    /// The resolved parameters (every declared one) that `run` receives.
    public var parameters: TaskParameters
    /// The parameters the key hashes: `parameters` less those omitted at
    /// their default (`ParameterSpec.omittedFromKeyAtDefault`).
    public var keyParameters: JSONObject
    /// `CanonicalJSON.encode(keyParameters)`, exactly as hashed and stored as provenance.
    public var canonicalParameters: String
    /// Input name → input key, sorted by name.
    public var inputs: [(name: String, key: String)]
    /// Human-readable names of every instance that requested this task, e.g.
    /// `krr/learning-curves.json:krr[P=10,seed=0]`.
    public var labels: [String]

    /// The first label, used in progress lines.
    public var label: String { labels.first ?? String(key.prefix(12)) }
    /// The short key shown to users.
    public var shortKey: String { String(key.prefix(12)) }
}

/// A manifest's instances.
public struct ManifestPlan: Sendable {
    public var manifest: Manifest
    /// Template name → instances in sweep order.
    public var instances: [String: [TaskInstance]]
}

/// One sweep point of one task template.
public struct TaskInstance: Sendable {
    public var template: String
    /// Sweep variable → value at this point (all variables of the template's axes).
    public var bindings: [String: JSONValue]
    /// Axis name → point index.
    public var axisIndices: [String: Int]
    public var key: String
    /// e.g. `krr[P=10,seed=0]`.
    public var label: String
}
