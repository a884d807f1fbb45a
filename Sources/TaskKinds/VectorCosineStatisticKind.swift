import Pipeline

/// `stats.vector_cosine`: the cosine between a vector output of one task and a vector output of another,
/// e.g. the sampled readout–read-in alignment `⟨v_i w_i⟩` of an SGLD run (`stats.weight_moments`'
/// `cross_vector`) and the theory's direction (`theory.kernel_renormalisation`'s `readout_readin_alignment`).
struct VectorCosineStatisticKind: TaskKind {
    let name = "stats.vector_cosine"
    let version = 1
    let summary = "cos(a, b) = a·b/(|a||b|) between the array output a_output of input a and b_output of input b (same length), and their norms"
    let inputs = ["a", "b"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("a_output", .string(allowed: nil), "array output of input a"),
        ParameterSpec("b_output", .string(allowed: nil), "array output of input b"),
    ]

    func validate(_ p: TaskParameters) throws {
        for name in ["a_output", "b_output"] where p.string(name).isEmpty { throw TaskParameterError(name, "must name an output") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        func vector(_ input: String, _ output: String) throws -> [Double] {
            guard let a = try request.input(input).arrays[output] else {
                throw TaskFailure("input \(input) has no array output \"\(output)\"")
            }
            return a.values
        }
        let a = try vector("a", p.string("a_output")), b = try vector("b", p.string("b_output"))
        guard a.count == b.count, !a.isEmpty else {
            throw TaskFailure("\(p.string("a_output")) has \(a.count) values but \(p.string("b_output")) has \(b.count)")
        }
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard na > 0, nb > 0 else { throw TaskFailure("a zero vector has no direction (|a| = \(na), |b| = \(nb))") }
        return TaskResult(scalars: ["cosine": dot / (na * nb), "norm_a": na, "norm_b": nb])
    }
}
