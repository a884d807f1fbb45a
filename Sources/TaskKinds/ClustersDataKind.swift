import Datasets
import LinearAlgebra
import Pipeline

/// `data.clusters`: two Gaussian classes `x = y·r·e₁ + z`, `z ~ N(0, I_D)`, labels ±1 alternating by
/// row (see `GaussianClustersTask`), nested training rows.
struct ClustersDataKind: TaskKind {
    let name = "data.clusters"
    let version = 1
    let summary = "two Gaussian classes x = y·r·e1 + z, z ~ N(0, I_D), labels y = ±1 alternating +1, −1, … by row (every even prefix exactly balanced; an odd count has one +1 more); train and test sets; nested training rows (the first P rows do not depend on train_count)"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: 100_000), "input dimension D"),
        ParameterSpec("separation", .number(minimum: 0, maximum: nil), default: .number(1), "r: the class means are ±r e1 (2r apart)"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "training examples"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(1000), "test examples"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func validate(_ p: TaskParameters) throws {
        try DataInputs.validating(names: Self.parameterName) { _ = try task(p) }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let task = try self.task(request.parameters)
        let data = task.generate()
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs), "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs), "test_labels": NDArray(data.testLabels),
            "teacher_direction": NDArray(task.classDirection),
        ], scalars: [
            "separation": task.separation,
            "dimension": Double(task.dimension),
        ], attributes: [
            "description": "rows of *_inputs are examples x = y·r·e1 + z, z ~ N(0, I_D); labels ±1 alternate +1, −1, … by row in both sets (odd counts: one +1 more); teacher_direction is e1, the axis of the class means ±r e1",
        ])
    }

    private func task(_ p: TaskParameters) throws -> GaussianClustersTask {
        try GaussianClustersTask(dimension: p.int("dimension"), separation: p.double("separation"),
                                 trainCount: p.int("train_count"), testCount: p.int("test_count"), seed: p.seed())
    }

    /// Manifest names of the science type's parameters.
    private static let parameterName = ["dimension": "dimension", "separation": "separation",
                                        "trainCount": "train_count", "testCount": "test_count"]
}
