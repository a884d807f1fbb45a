import Datasets
import LinearAlgebra
import Pipeline

/// `data.single_index`: Gaussian inputs and the Hermite single-index target `He_k(u·x)/√k!`;
/// `data.teacher_student` with `teacher = "hermite"`, plus the relevant subspace.
struct SingleIndexDataKind: TaskKind {
    let name = "data.single_index"
    let version = 1
    let summary = "single-index task: x ~ N(0, I_d), y = He_k(u·x)/√k! along a random unit direction u (unit variance), Gaussian label noise on the training set only; test labels are noiseless. Same data as data.teacher_student with teacher = hermite; training rows are nested."
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: 100_000), "input dimension d"),
        ParameterSpec("order", .integer(minimum: 1, maximum: 20), "Hermite degree k of the target"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "number of training examples"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(2000), "number of test examples"),
        ParameterSpec("noise_std", .number(minimum: 0, maximum: nil), default: .number(0), "standard deviation of the Gaussian label noise (training labels only)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let task = try TeacherStudentTask(dimension: p.int("dimension"), trainCount: p.int("train_count"),
                                          testCount: p.int("test_count"), teacher: .hermite, hermiteDegree: p.int("order"),
                                          noiseStd: p.double("noise_std"), seed: p.seed())
        let (data, direction) = task.generate()
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs),
            "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs),
            "test_labels": NDArray(data.testLabels),
            "teacher_direction": NDArray(direction),
            "relevant_subspace": NDArray(shape: [1, direction.count], values: direction),
        ], scalars: [
            "order": Double(p.int("order")),
            "dimension": Double(p.int("dimension")),
        ], attributes: [
            "description": "rows of *_inputs are examples x ~ N(0, I_d); labels He_k(u·x)/√k! with u = teacher_direction = the row of relevant_subspace; train labels carry noise of std noise_std, test labels are noiseless",
        ])
    }
}
