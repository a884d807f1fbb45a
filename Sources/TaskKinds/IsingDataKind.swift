import Datasets
import Pipeline

/// `data.ising`: the linearly separable Ising task (Rubin et al.).
struct IsingDataKind: TaskKind {
    let name = "data.ising"
    let version = 1
    let summary = "linearly separable Ising task: balanced labels y = ±1, patterns y·(1,…,1) ∈ {±1}^D with each spin flipped with probability flip_probability; nested training rows"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: 100_000), "input dimension D"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "training examples P"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(1000), "test examples"),
        ParameterSpec("flip_probability", .number(minimum: 0, maximum: 0.5), default: .number(0.1), "probability p that a spin is flipped"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try IsingTask(dimension: p.int("dimension"), trainCount: p.int("train_count"), testCount: p.int("test_count"),
                                 flipProbability: p.double("flip_probability"), seed: p.seed()).generate()
        let direction = [Double](repeating: 1 / Double(p.int("dimension")).squareRoot(), count: p.int("dimension"))
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs), "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs), "test_labels": NDArray(data.testLabels),
            "teacher_direction": NDArray(direction),
        ], attributes: ["description": "Ising task; teacher_direction is the class template (1,…,1)/√D"])
    }
}
