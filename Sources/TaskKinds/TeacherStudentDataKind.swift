import Datasets
import LinearAlgebra
import Pipeline

/// `data.teacher_student`: Gaussian inputs and labels from a random
/// single-direction teacher (linear, erf or Hermite), with nested training sets.
struct TeacherStudentDataKind: TaskKind {
    let name = "data.teacher_student"
    let version = 1
    let summary = "Gaussian inputs x ~ N(0, I_d), labels from a teacher along a random unit direction u: u·x, erf(u·x) or He_k(u·x)/√k!, plus label noise on the training set; test labels are noiseless. Training rows are nested: the first P rows do not depend on train_count."
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: 100_000), "input dimension d"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "number of training examples"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(1000), "number of test examples"),
        ParameterSpec("teacher", .string(allowed: TeacherKind.allCases.map(\.rawValue)), default: .string("linear"), "teacher function of u·x"),
        ParameterSpec("hermite_degree", .integer(minimum: 1, maximum: 20), default: .number(2), "degree k of the Hermite teacher"),
        ParameterSpec("noise_std", .number(minimum: 0, maximum: nil), default: .number(0), "standard deviation of the Gaussian label noise (training labels only)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let task = try TeacherStudentTask(dimension: p.int("dimension"), trainCount: p.int("train_count"),
                                          testCount: p.int("test_count"), teacher: TeacherKind(rawValue: p.string("teacher"))!,
                                          hermiteDegree: p.int("hermite_degree"), noiseStd: p.double("noise_std"), seed: p.seed())
        let (data, direction) = task.generate()
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs),
            "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs),
            "test_labels": NDArray(data.testLabels),
            "teacher_direction": NDArray(direction),
        ], attributes: [
            "description": "rows of *_inputs are examples; train labels carry noise of std noise_std, test labels are the noiseless teacher",
        ])
    }
}
