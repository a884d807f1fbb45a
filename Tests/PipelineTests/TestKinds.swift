import Foundation
import Pipeline

/// `test.source`: n deterministic pseudo-random numbers from a seed (no inputs).
///
/// With `addedShift`, the same kind after a parameter `shift` (default 0,
/// `omittedFromKeyAtDefault`) was added to it: at the default its keys and
/// results equal those of the kind without it.
struct SourceKind: TaskKind {
    var addedShift = false
    let name = "test.source"
    let version = 1
    let summary = "deterministic numbers from a seed"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    var parameters: [ParameterSpec] {
        [
            ParameterSpec("n", .integer(minimum: 1, maximum: 1000), default: .number(4), "how many numbers"),
            ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "seed"),
            ParameterSpec("offset", .number(minimum: nil, maximum: nil), default: .number(0), "added to every number"),
        ] + (addedShift ? [ParameterSpec("shift", .number(minimum: nil, maximum: nil), default: .number(0),
                                         omittedFromKeyAtDefault: true, "also added to every number")] : [])
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        var state = p.seed() &* 6364136223846793005 &+ 1442695040888963407
        var values: [Double] = []
        for _ in 0..<p.int("n") {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(state >> 11) / Double(1 << 53) + p.double("offset") + (addedShift ? p.double("shift") : 0))
        }
        return TaskResult(arrays: ["values": NDArray(values)], scalars: ["mean": values.reduce(0, +) / Double(values.count)],
                          attributes: ["note": "test source"])
    }
}

/// `test.scale`: multiplies its input's values by a factor.
struct ScaleKind: TaskKind {
    let name = "test.scale"
    let version = 1
    let summary = "scales an input"
    let inputs = ["x"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = [ParameterSpec("factor", .number(minimum: nil, maximum: nil), "the factor")]

    func validate(_ p: TaskParameters) throws {
        if p.double("factor") == 13 { throw TaskParameterError("factor", "13 is unlucky") }
    }

    /// |factor| seconds: lets the scheduling test tell long from short tasks.
    func estimatedSeconds(_ p: TaskParameters) -> Double { abs(p.double("factor")) }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let x = try request.input("x").array("values").values
        let f = request.parameters.double("factor")
        if f.isNaN { throw TaskFailure("unreachable") }
        if f == 666 { throw TaskFailure("factor 666 fails on purpose") }
        let y = x.map { $0 * f }
        return TaskResult(arrays: ["values": NDArray(y)], scalars: ["sum": y.reduce(0, +)])
    }
}

let testRegistry = TaskRegistry([SourceKind(), ScaleKind()])
/// `testRegistry` after `test.source` gained the parameter `shift` (omitted from the key at its default).
let testRegistryWithAddedParameter = TaskRegistry([SourceKind(addedShift: true), ScaleKind()])
