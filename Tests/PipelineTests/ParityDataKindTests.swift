import Foundation
import Pipeline
import TaskKinds
import Testing

/// `data.sparse_parity`, `data.single_index` and `kernel.hypercube_spectrum` through the standard registry.
@Suite("Parity, single-index and hypercube-spectrum task kinds")
struct ParityDataKindTests {
    /// The registered kind called `name`.
    private func kind(_ name: String) throws -> any TaskKind {
        guard let kind = StandardRegistry.registry[name] else { throw TaskFailure("\(name) is not registered") }
        return kind
    }

    /// The kind's defaults with `overrides` applied.
    private func parameters(of kind: any TaskKind, _ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    private func run(_ kind: any TaskKind, _ p: TaskParameters) throws -> TaskResult {
        try kind.validate(p)
        return try kind.run(TaskRequest(parameters: p, inputs: [:], context: TaskContext()))
    }

    @Test func sparseParityStoresSupportSubspaceAndParityLabels() throws {
        let kind = try kind("data.sparse_parity")
        #expect(kind.reproducibility == .bitIdentical && kind.inputs.isEmpty)
        let p = parameters(of: kind, ["dimension": .number(12), "order": .number(4), "train_count": .number(25),
                                      "test_count": .number(9), "seed": .number(3)])
        let result = try run(kind, p)
        let support = try #require(result.arrays["support"]).values
        #expect(support.count == 4 && support == support.sorted() && Set(support).count == 4)
        let subspace = try #require(result.arrays["relevant_subspace"])
        #expect(subspace.shape == [4, 12])
        for (row, j) in support.enumerated() {
            #expect((0..<12).map { subspace.values[row * 12 + $0] } == (0..<12).map { Double($0) == j ? 1 : 0 })
        }
        let x = try #require(result.arrays["train_inputs"]), y = try #require(result.arrays["train_labels"])
        #expect(x.shape == [25, 12] && y.shape == [25] && result.arrays["test_inputs"]?.shape == [9, 12])
        for i in 0..<25 { #expect(y.values[i] == support.reduce(1.0) { $0 * x.values[i * 12 + Int($1)] }) }
        #expect(result.scalars["order"] == 4 && result.scalars["dimension"] == 12)
        #expect(result.arrays.keys.sorted() == ["relevant_subspace", "support", "test_inputs", "test_labels", "train_inputs", "train_labels"])

        let explicit = try run(kind, parameters(of: kind, ["dimension": .number(12), "order": .number(2), "train_count": .number(5),
                                                          "support": .array([.number(7), .number(2)]), "seed": .number(3)]))
        #expect(explicit.arrays["support"]?.values == [2, 7])
        let again = try run(kind, p)
        #expect(again.arrays.allSatisfy { $0.value.isBitIdentical(to: result.arrays[$0.key]!) })
    }

    @Test func sparseParityRejectsOrderAboveDimensionAndBadSupports() throws {
        let kind = try kind("data.sparse_parity")
        let cases: [(String, [String: JSONValue])] = [
            ("order", ["dimension": .number(3), "order": .number(4)]),
            ("support", ["dimension": .number(8), "order": .number(2), "support": .array([.number(1)])]),
            ("support", ["dimension": .number(8), "order": .number(2), "support": .array([.number(1), .number(8)])]),
            ("support", ["dimension": .number(8), "order": .number(2), "support": .array([.number(5), .number(5)])]),
        ]
        for (name, overrides) in cases {
            var all = overrides
            all["train_count"] = .number(3)
            all["seed"] = .number(0)
            do {
                try kind.validate(parameters(of: kind, all))
                Issue.record("expected an error for \(name): \(overrides)")
            } catch let error as TaskParameterError {
                #expect(error.parameter == name, "\(error)")
            }
        }
        #expect(kind.parameters.first { $0.name == "order" }?.problem(with: .number(0)) != nil)
    }

    @Test func singleIndexStoresTheTeacherDirectionAsRelevantSubspace() throws {
        let kind = try kind("data.single_index")
        let p = parameters(of: kind, ["dimension": .number(18), "order": .number(4), "train_count": .number(40), "seed": .number(9)])
        let result = try run(kind, p)
        let u = try #require(result.arrays["teacher_direction"]).values
        let subspace = try #require(result.arrays["relevant_subspace"])
        #expect(subspace.shape == [1, 18] && subspace.values == u)
        #expect(abs(u.reduce(0) { $0 + $1 * $1 } - 1) < 1e-14)
        #expect(result.scalars["order"] == 4 && result.arrays["test_labels"]?.shape == [2000])
        // Same data as data.teacher_student with the Hermite teacher.
        let teacherStudent = try self.kind("data.teacher_student")
        let reference = try run(teacherStudent, parameters(of: teacherStudent, [
            "dimension": .number(18), "teacher": .string("hermite"), "hermite_degree": .number(4), "train_count": .number(40),
            "test_count": .number(2000), "seed": .number(9)]))
        for name in ["train_inputs", "train_labels", "test_inputs", "test_labels", "teacher_direction"] {
            #expect(result.arrays[name]!.isBitIdentical(to: reference.arrays[name]!), "\(name)")
        }
    }

    @Test func hypercubeSpectrumMethodsAgreeAndSatisfyTheTraceIdentity() throws {
        let kind = try kind("kernel.hypercube_spectrum")
        let result = try run(kind, parameters(of: kind, ["dimension": .number(10), "max_order": .number(10), "readin_variance": .number(1.5)]))
        let krawtchouk = try #require(result.arrays["eigenvalue_krawtchouk"]).values
        let enumeration = try #require(result.arrays["eigenvalue_enumeration"]).values
        #expect(result.arrays["order"]?.values == (0...10).map(Double.init) && enumeration.count == 11)
        #expect(try #require(result.scalars["max_relative_difference"]) < 1e-10)
        #expect(try #require(result.scalars["trace_relative_residual"]) < 1e-13)
        #expect(abs(result.scalars["kernel_diagonal"]! - 0.75) < 1e-15)
        #expect(abs(krawtchouk[1] - 1.5 / 40) < 1e-15)

        let large = try run(kind, parameters(of: kind, ["dimension": .number(35), "max_order": .number(6)]))
        #expect(large.arrays["eigenvalue_enumeration"] == nil && large.scalars["max_relative_difference"] == nil)
        #expect(large.arrays["eigenvalue_krawtchouk"]?.values.count == 7)
        #expect(throws: TaskParameterError.self) {
            try kind.validate(parameters(of: kind, ["dimension": .number(5), "max_order": .number(6)]))
        }
    }
}
