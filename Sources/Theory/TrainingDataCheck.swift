import LinearAlgebra

/// The shape and finiteness checks every theory applies to its data.
enum TrainingDataCheck {
    /// Checks that `X` is non-empty, `y` has one label per row, `X_*` has `X`'s columns, and all are finite.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D.
    ///   - labels: `y`.
    ///   - testInputs: `X_*` (may have 0 rows).
    /// - Throws: `TheoryError.dimensionMismatch` or `.nonFiniteInput` naming the first problem.
    static func validate(trainInputs: Matrix, labels: [Double], testInputs: Matrix) throws {
        let p = trainInputs.rows, d = trainInputs.cols
        guard p >= 1, d >= 1 else {
            throw TheoryError.dimensionMismatch("the training inputs are \(p)×\(d); need at least one row and one column")
        }
        guard labels.count == p else {
            throw TheoryError.dimensionMismatch("\(labels.count) labels for \(p) training inputs")
        }
        guard testInputs.rows == 0 || testInputs.cols == d else {
            throw TheoryError.dimensionMismatch("test inputs have \(testInputs.cols) columns, training inputs \(d)")
        }
        guard trainInputs.isFinite else { throw TheoryError.nonFiniteInput("the training inputs") }
        guard testInputs.isFinite else { throw TheoryError.nonFiniteInput("the test inputs") }
        guard labels.allSatisfy({ $0.isFinite }) else { throw TheoryError.nonFiniteInput("the labels") }
    }
}
