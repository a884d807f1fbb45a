import LinearAlgebra

/// A supervised regression data set: inputs as matrix rows, one scalar label per row.
public struct RegressionData: Sendable, Equatable {
    /// Training inputs, one example per row (`P × d`).
    public var trainInputs: Matrix
    /// Training labels (length `P`), possibly noisy.
    public var trainLabels: [Double]
    /// Test inputs, one example per row (`P_test × d`).
    public var testInputs: Matrix
    /// Test labels (length `P_test`).
    public var testLabels: [Double]

    /// Bundles the four arrays.
    /// - Parameters:
    ///   - trainInputs: training inputs (rows).
    ///   - trainLabels: training labels, one per training row.
    ///   - testInputs: test inputs (rows), same number of columns.
    ///   - testLabels: test labels, one per test row.
    public init(trainInputs: Matrix, trainLabels: [Double], testInputs: Matrix, testLabels: [Double]) {
        precondition(trainInputs.rows == trainLabels.count, "RegressionData: \(trainInputs.rows) training rows but \(trainLabels.count) labels")
        precondition(testInputs.rows == testLabels.count, "RegressionData: \(testInputs.rows) test rows but \(testLabels.count) labels")
        precondition(trainInputs.cols == testInputs.cols || trainInputs.rows == 0 || testInputs.rows == 0,
                     "RegressionData: train and test inputs have different dimensions")
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
    }

    /// The data set restricted to its first `count` training examples (the test set is kept).
    /// - Parameter count: how many training rows to keep (≤ the current number).
    /// - Returns: the truncated data set.
    public func firstTrainingExamples(_ count: Int) -> RegressionData {
        precondition(count >= 0 && count <= trainLabels.count, "firstTrainingExamples: \(count) exceeds \(trainLabels.count)")
        return RegressionData(trainInputs: trainInputs.rows(0..<count), trainLabels: Array(trainLabels[0..<count]),
                              testInputs: testInputs, testLabels: testLabels)
    }
}
