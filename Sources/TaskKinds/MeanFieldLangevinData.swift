import LinearAlgebra
import Pipeline

/// The training and test arrays of a `data` input as the mean-field Langevin kinds use them
/// (`train_inputs`, `train_labels`, `test_inputs`, `test_labels`, as stored by `data.teacher_student`).
struct MeanFieldLangevinData {
    let trainInputs: Matrix
    let trainLabels: [Double]
    let testInputs: Matrix
    let testLabels: [Double]

    /// Reads the four arrays.
    /// - Parameter data: the data entry.
    /// - Throws: the store's error naming a missing or misshapen array.
    init(_ data: TaskResult) throws {
        trainInputs = try data.array("train_inputs").matrix("train_inputs")
        trainLabels = try data.array("train_labels").values
        testInputs = try data.array("test_inputs").matrix("test_inputs")
        testLabels = try data.array("test_labels").values
    }
}
