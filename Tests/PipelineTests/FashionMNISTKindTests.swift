import Foundation
import Pipeline
import TaskKinds
import Testing

/// `data.fashion_mnist` through the standard registry, on the Debian package's files.
@Suite("data.fashion_mnist task kind")
struct FashionMNISTKindTests {
    /// The kind's defaults with `overrides` applied.
    private func parameters(of kind: any TaskKind, _ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    @Test func kindProducesIsingCompatibleArraysAndRecordsPreprocessingAndFiles() throws {
        let registered = StandardRegistry.registry["data.fashion_mnist"]
        #expect(registered != nil)
        guard let kind = registered else { return }
        #expect(kind.version == 1 && kind.reproducibility == .bitIdentical && kind.inputs.isEmpty)
        let p = parameters(of: kind, ["train_count": .number(30), "test_count": .number(20), "pool": .number(4), "seed": .number(3)])
        try kind.validate(p)
        let result = try kind.run(TaskRequest(parameters: p, inputs: [:], context: TaskContext()))

        #expect(result.arrays["train_inputs"]?.shape == [30, 49])
        #expect(result.arrays["test_inputs"]?.shape == [20, 49])
        #expect(result.arrays["train_labels"]?.values == (0..<30).map { $0 % 2 == 0 ? 1 : -1 })
        #expect(result.arrays["test_labels"]?.values.reduce(0, +) == 0)
        #expect(result.arrays["pixel_mean"]?.shape == [49])
        #expect(result.scalars["standardisation_example_count"] == 12000)
        #expect(result.attributes["positive_class_name"] == "T-shirt/top" && result.attributes["negative_class_name"] == "Pullover")
        #expect(result.attributes["preprocessing"]?.contains("7×7") == true)
        let files = result.attributes["source_files"] ?? ""
        #expect(files.contains("train-images-idx3-ubyte.gz") && files.contains("\"bytes\":26421856"), "\(files)")
        #expect(files.components(separatedBy: "\"sha256\":\"").count == 5, "\(files)")
    }

    @Test func kindRejectsEqualClassesAndAPoolThatDoesNotDivide28() throws {
        guard let kind = StandardRegistry.registry["data.fashion_mnist"] else {
            Issue.record("data.fashion_mnist is not registered")
            return
        }
        let equal = parameters(of: kind, ["train_count": .number(2), "seed": .number(0), "negative_class": .number(0)])
        #expect(throws: TaskParameterError.self) { try kind.validate(equal) }
        let badPool = parameters(of: kind, ["train_count": .number(2), "seed": .number(0), "pool": .number(5)])
        #expect(throws: TaskParameterError.self) { try kind.validate(badPool) }
    }
}
