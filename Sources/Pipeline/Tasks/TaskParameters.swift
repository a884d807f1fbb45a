/// Resolved, type-checked parameters of one task, with typed accessors.
///
/// The planner has already checked every value against the kind's
/// `ParameterSpec`s and filled in defaults, so the accessors only fail on a
/// programming error (asking for a parameter the kind never declared).
public struct TaskParameters: Sendable, Equatable {
    /// The parameters as a JSON object (canonical order when encoded).
    public var values: JSONObject

    public init(_ values: JSONObject) { self.values = values }

    private func value(_ name: String) -> JSONValue {
        guard let v = values[name] else { preconditionFailure("task parameter \"\(name)\" was never declared") }
        return v
    }

    public func int(_ name: String) -> Int { value(name).intValue! }
    public func double(_ name: String) -> Double { value(name).numberValue! }
    public func string(_ name: String) -> String { value(name).stringValue! }
    public func bool(_ name: String) -> Bool { value(name).boolValue! }
    public func doubles(_ name: String) -> [Double] { value(name).arrayValue!.map { $0.numberValue! } }
    public func ints(_ name: String) -> [Int] { value(name).arrayValue!.map { $0.intValue! } }
    /// The seed as an unsigned integer.
    public func seed(_ name: String = "seed") -> UInt64 { UInt64(int(name)) }
}
