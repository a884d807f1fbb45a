import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `mfld.two_layer` and `mfld.coupled` through the standard registry: stored arrays and shapes,
/// determinism across thread counts, the exact N = M coupling, and parameter refusals.
@Suite("mfld.two_layer and mfld.coupled")
struct MeanFieldLangevinKindTests {
    let single = StandardRegistry.registry["mfld.two_layer"]!
    let coupled = StandardRegistry.registry["mfld.coupled"]!

    /// The kind's defaults with `overrides` applied (as the planner resolves them).
    func parameters(_ kind: any TaskKind, _ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    /// A small data entry (d = 3, n = 20, q = 12) with labels `tanh(x_1) + ½x_2`.
    func data() -> TaskResult {
        var state: UInt64 = 777
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let d = 3, n = 20, q = 12
        let x = (0..<(n * d)).map { _ in next() }, xt = (0..<(q * d)).map { _ in next() }
        func label(_ v: [Double], _ a: Int) -> Double { Foundation.tanh(v[a * d]) + 0.5 * v[a * d + 1] }
        return TaskResult(arrays: [
            "train_inputs": NDArray(shape: [n, d], values: x), "train_labels": NDArray((0..<n).map { label(x, $0) }),
            "test_inputs": NDArray(shape: [q, d], values: xt), "test_labels": NDArray((0..<q).map { label(xt, $0) }),
        ])
    }

    func run(_ kind: any TaskKind, _ overrides: [String: JSONValue], threads: Int = 1) throws -> TaskResult {
        let p = parameters(kind, overrides)
        try kind.validate(p)
        return try kind.run(TaskRequest(parameters: p, inputs: ["data": data()], context: TaskContext(threads: threads)))
    }

    let singleParameters: [String: JSONValue] = [
        "width": .number(150), "step_size": .number(0.1), "steps": .number(50), "temperature": .number(0.01),
        "l2": .number(0.05), "record_every": .number(20), "snapshots": .number(3), "seed": .number(4),
    ]

    @Test func twoLayerStoresParticlesTracesAndSnapshots() throws {
        let r = try run(single, singleParameters)
        #expect(r.arrays["particles"]!.shape == [150, 5])
        #expect(r.arrays["trace_steps"]!.values == [0, 20, 40, 50])
        #expect(r.arrays["trace_loss"]!.shape == [4] && r.arrays["trace_test_error"]!.shape == [4])
        #expect(r.arrays["snapshot_particles"]!.shape == [3, 150, 5])
        #expect(r.arrays["snapshot_steps"]!.values == [0, 25, 50])
        // The last snapshot is the final state.
        #expect(Array(r.arrays["snapshot_particles"]!.values[(2 * 150 * 5)...]) == r.arrays["particles"]!.values)
        #expect(r.scalars["final_loss"] == r.arrays["trace_loss"]!.values.last)
        let two = try run(single, singleParameters, threads: 2)
        for (name, a) in r.arrays { #expect(two.arrays[name]!.isBitIdentical(to: a), "\(name)") }
        var none = singleParameters
        none["snapshots"] = .number(0)
        #expect(try run(single, none).arrays["snapshot_particles"] == nil)
    }

    @Test func coupledStoresExactZerosForTheReferenceWidth() throws {
        let r = try run(coupled, ["reference_width": .number(160), "widths": .array([.number(40), .number(160)]),
                                  "step_size": .number(0.1), "steps": .number(30), "temperature": .number(0.01), "l2": .number(0.05),
                                  "record_steps": .array([.number(0), .number(10), .number(30)]), "seed": .number(2)], threads: 2)
        #expect(r.arrays["widths"]!.values == [40, 160] && r.arrays["record_steps"]!.values == [0, 10, 30])
        let e = r.arrays["function_error"]!, dpar = r.arrays["parameter_distance"]!
        #expect(e.shape == [2, 3] && dpar.shape == [2, 3])
        #expect(Array(e.values[3...]) == [0, 0, 0] && Array(dpar.values[3...]) == [0, 0, 0])
        #expect(e.values[0..<3].allSatisfy { $0 > 0 } && dpar.values[0] == 0 && dpar.values[2] > 0)
        #expect(r.arrays["reference_test_error"]!.shape == [3])
    }

    @Test func badParametersAreRefusedByName() {
        func refused(_ kind: any TaskKind, _ overrides: [String: JSONValue]) -> String? {
            do { try kind.validate(parameters(kind, overrides)) } catch let e as TaskParameterError { return e.parameter } catch { return "other" }
            return nil
        }
        let base: [String: JSONValue] = ["reference_width": .number(64), "widths": .array([.number(16), .number(32)]),
                                         "step_size": .number(0.1), "steps": .number(10), "temperature": .number(0),
                                         "l2": .number(0), "record_steps": .array([.number(0), .number(10)]), "seed": .number(1)]
        #expect(refused(coupled, base) == nil)
        var wide = base
        wide["widths"] = .array([.number(16), .number(65)])
        #expect(refused(coupled, wide) == "widths")
        var zero = base
        zero["step_size"] = .number(0)
        #expect(refused(coupled, zero) == "step_size")
        var late = base
        late["record_steps"] = .array([.number(0), .number(11)])
        #expect(refused(coupled, late) == "record_steps")
        var single = singleParameters
        single["step_size"] = .number(0)
        #expect(refused(self.single, single) == "step_size")
        single = singleParameters
        single["snapshots"] = .number(52)
        #expect(refused(self.single, single) == "snapshots")
    }
}
