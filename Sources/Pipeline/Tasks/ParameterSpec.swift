/// The declared type, default and documentation of one task parameter.
public struct ParameterSpec: Sendable {
    /// The JSON types a parameter may take, with bounds.
    public enum ValueType: Sendable, CustomStringConvertible {
        case integer(minimum: Int?, maximum: Int?)
        case number(minimum: Double?, maximum: Double?)
        case string(allowed: [String]?)
        case boolean
        case numberArray
        case integerArray

        public var description: String {
            switch self {
            case .integer: return "integer"
            case .number: return "number"
            case .string(let a): return a.map { "one of " + $0.map { "\"\($0)\"" }.joined(separator: ", ") } ?? "string"
            case .boolean: return "boolean"
            case .numberArray: return "array of numbers"
            case .integerArray: return "array of integers"
            }
        }
    }

    public var name: String
    public var type: ValueType
    /// `nil` makes the parameter required.
    public var defaultValue: JSONValue?
    public var documentation: String
    /// Whether the parameter is left out of the content key (and the stored
    /// provenance `parameters`) when its resolved value equals `defaultValue`.
    /// Set it on a parameter added to an existing kind, so that the keys of
    /// entries computed before it existed (at the default behaviour) stay
    /// valid; the kind's `run` still receives the value.
    public var omittedFromKeyAtDefault: Bool

    /// - Parameters:
    ///   - name: the parameter's name.
    ///   - type: its JSON type and bounds.
    ///   - defaultValue: the default; `nil` makes it required.
    ///   - omittedFromKeyAtDefault: leave it out of the key while it has its default (needs a default).
    ///   - documentation: one line for `flrepro kinds`.
    public init(_ name: String, _ type: ValueType, default defaultValue: JSONValue? = nil,
                omittedFromKeyAtDefault: Bool = false, _ documentation: String) {
        precondition(!omittedFromKeyAtDefault || defaultValue != nil, "parameter \(name): omittedFromKeyAtDefault needs a default")
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.omittedFromKeyAtDefault = omittedFromKeyAtDefault
        self.documentation = documentation
    }

    /// Whether `value` is left out of the content key.
    /// - Parameter value: the resolved value.
    /// - Returns: `true` for an `omittedFromKeyAtDefault` parameter at its default
    ///   (compared in canonical JSON spelling, so `1` and `1.0` agree).
    public func isOmittedFromKey(_ value: JSONValue) -> Bool {
        guard omittedFromKeyAtDefault, let d = defaultValue else { return false }
        return CanonicalJSON.encode(value) == CanonicalJSON.encode(d)
    }

    /// Checks `value` against the type.
    /// - Returns: `nil` if it conforms, else what is wrong (e.g. `expected integer, got "1e5"`).
    public func problem(with value: JSONValue) -> String? {
        func got() -> String {
            switch value {
            case .string(let s): return "\"\(s)\""
            case .number: return CanonicalJSON.encode(value)
            default: return value.typeName
            }
        }
        switch type {
        case let .integer(lo, hi):
            guard let i = value.intValue else { return "expected integer, got \(got())" }
            if let lo, i < lo { return "must be ≥ \(lo), got \(i)" }
            if let hi, i > hi { return "must be ≤ \(hi), got \(i)" }
        case let .number(lo, hi):
            guard let x = value.numberValue else { return "expected number, got \(got())" }
            if let lo, x < lo { return "must be ≥ \(CanonicalJSON.number(lo)), got \(CanonicalJSON.number(x))" }
            if let hi, x > hi { return "must be ≤ \(CanonicalJSON.number(hi)), got \(CanonicalJSON.number(x))" }
        case .string(let allowed):
            guard let s = value.stringValue else { return "expected string, got \(got())" }
            if let allowed, !allowed.contains(s) { return "unknown value \"\(s)\"; expected \(type)" }
        case .boolean:
            guard value.boolValue != nil else { return "expected boolean, got \(got())" }
        case .numberArray:
            guard let a = value.arrayValue, a.allSatisfy({ $0.numberValue != nil }) else { return "expected array of numbers, got \(got())" }
        case .integerArray:
            guard let a = value.arrayValue, a.allSatisfy({ $0.intValue != nil }) else { return "expected array of integers, got \(got())" }
        }
        return nil
    }
}
