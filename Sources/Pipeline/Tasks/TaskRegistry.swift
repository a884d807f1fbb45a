/// The set of task kinds a pipeline knows, by name.
public struct TaskRegistry: Sendable {
    public private(set) var kinds: [String: any TaskKind] = [:]

    /// - Parameter kinds: the kinds; names must be unique.
    public init(_ kinds: [any TaskKind]) {
        for k in kinds {
            precondition(self.kinds[k.name] == nil, "task kind \(k.name) registered twice")
            self.kinds[k.name] = k
        }
    }

    /// The kind named `name`, if registered.
    public subscript(name: String) -> (any TaskKind)? { kinds[name] }

    /// Kind names, sorted.
    public var names: [String] { kinds.keys.sorted() }
}
