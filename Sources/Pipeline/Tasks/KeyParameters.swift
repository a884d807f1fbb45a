/// The two spellings of a task's parameters: the *resolved* parameters (every
/// declared parameter, defaults filled in — what `run` receives) and the *key*
/// parameters (what the content key hashes and the store records as
/// provenance `parameters`: the resolved ones less those declared
/// `omittedFromKeyAtDefault` that sit at their default).
extension TaskKind {
    /// The parameters hashed into the content key.
    /// - Parameter resolved: every declared parameter with its resolved value.
    /// - Returns: `resolved` without the parameters omitted at their default, in the same order.
    public func keyParameters(_ resolved: JSONObject) -> JSONObject {
        let omittable = Dictionary(parameters.filter(\.omittedFromKeyAtDefault).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        if omittable.isEmpty { return resolved }
        return JSONObject(uniqueMembers: resolved.members.filter { m in
            !(omittable[m.key]?.isOmittedFromKey(m.value) ?? false)
        })
    }

    /// Rebuilds the resolved parameters from key parameters (a plan file, the
    /// stored provenance, a plan record): fills in the defaults of the
    /// parameters omitted at their default.
    /// - Parameter stored: key parameters.
    /// - Returns: `stored` plus every absent `omittedFromKeyAtDefault` parameter at its default.
    public func resolvedParameters(fromKey stored: JSONObject) -> JSONObject {
        var out = stored
        for s in parameters where s.omittedFromKeyAtDefault && stored[s.name] == nil {
            out[s.name] = s.defaultValue
        }
        return out
    }
}
