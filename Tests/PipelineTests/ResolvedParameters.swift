import Pipeline

extension TaskKind {
    /// The kind's defaults with `overrides` applied, as the planner resolves them (unknown names ignored).
    /// - Parameter overrides: parameter name → value.
    /// - Returns: the resolved parameters.
    func resolved(_ overrides: [String: JSONValue]) -> TaskParameters {
        var values = JSONObject()
        for spec in parameters {
            if let value = overrides[spec.name] ?? spec.defaultValue { values[spec.name] = value }
        }
        return TaskParameters(values)
    }
}
