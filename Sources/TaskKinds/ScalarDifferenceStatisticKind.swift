import Pipeline

/// `stats.difference`: `a − b` of a scalar output of one task and one of another, with the error bars added
/// in quadrature, e.g. a sampled statistic minus a theory's prediction of it (SGLD minus each closure in the
/// Corti et al. finite-size study).
struct ScalarDifferenceStatisticKind: TaskKind {
    let name = "stats.difference"
    let version = 1
    let summary = "difference = a.a_output − b.b_output of two scalar outputs, difference_se = √(a_error² + b_error²) (either error optional)"
    let inputs = ["a", "b"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("a_output", .string(allowed: nil), "scalar output of input a"),
        ParameterSpec("b_output", .string(allowed: nil), "scalar output of input b"),
        ParameterSpec("a_error", .string(allowed: nil), default: .string(""), "scalar standard error of a (empty: none)"),
        ParameterSpec("b_error", .string(allowed: nil), default: .string(""), "scalar standard error of b (empty: none)"),
    ]

    func validate(_ p: TaskParameters) throws {
        for name in ["a_output", "b_output"] where p.string(name).isEmpty { throw TaskParameterError(name, "must name an output") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        func scalar(_ input: String, _ output: String) throws -> Double {
            if output.isEmpty { return 0 }
            guard let v = try request.input(input).scalars[output] else {
                throw TaskFailure("input \(input) has no scalar output \"\(output)\"")
            }
            return v
        }
        let a = try scalar("a", p.string("a_output")), b = try scalar("b", p.string("b_output"))
        let ea = try scalar("a", p.string("a_error")), eb = try scalar("b", p.string("b_error"))
        return TaskResult(scalars: [
            "difference": a - b, "difference_se": (ea * ea + eb * eb).squareRoot(),
            "a": a, "b": b, "a_se": ea, "b_se": eb,
        ])
    }
}
