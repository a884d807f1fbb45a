/// A JSON value that keeps object key order and the source spelling of numbers.
///
/// Manifests are parsed into `JSONValue` rather than decoded straight into Swift
/// types so that validation can name the exact key path of a problem and reject
/// unknown keys.
public indirect enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short name of the value's type, for error messages ("integer", "string", …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let x): return x.rounded() == x && abs(x) < 9.007199254740992e15 ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The value as compact canonical JSON (sorted keys, canonical numbers).
    public var description: String { CanonicalJSON.encode(self) }

    /// The value if this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The value if this is a number.
    public var numberValue: Double? { if case .number(let x) = self { return x }; return nil }
    /// The value if this is an integral number that fits an `Int`.
    public var intValue: Int? {
        if case .number(let x) = self, x.rounded() == x, abs(x) < 9.007199254740992e15 { return Int(x) }
        return nil
    }
    /// The value if this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The elements if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// The members if this is an object.
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
}

/// A JSON object: members in source order, with unique keys.
public struct JSONObject: Sendable, Equatable {
    /// The members in source order.
    public private(set) var members: [(key: String, value: JSONValue)]

    /// Creates an object from members; later duplicates replace earlier ones.
    /// - Parameter members: key–value pairs.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = []
        for (k, v) in members { self[k] = v }
    }

    /// Creates an object from members whose keys are known to be unique (no checks).
    /// - Parameter uniqueMembers: key–value pairs with distinct keys.
    public init(uniqueMembers: [(key: String, value: JSONValue)]) {
        self.members = uniqueMembers
    }

    /// The keys in source order.
    public var keys: [String] { members.map(\.key) }
    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member named `key`; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let i = members.firstIndex(where: { $0.key == key }) {
                if let v = newValue { members[i].value = v } else { members.remove(at: i) }
            } else if let v = newValue {
                members.append((key, v))
            }
        }
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (k, v) in a.members where b[k] != v { return false }
        return true
    }
}
