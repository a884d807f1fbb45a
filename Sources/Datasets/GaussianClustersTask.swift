import LinearAlgebra

/// Two Gaussian classes (the synthetic data of Corti et al. 2025, `shared/science/corti2025-signatures.md`):
/// `x = y·r·e₁ + z`, `z ~ N(0, I_D)`, labels `y = ±1`.
///
/// * **Labels** alternate `+1, −1, +1, …` by row (row `i` has `y = +1` for even `i`), in the training
///   and in the test set. A set of even size is therefore exactly balanced; one of odd size `n` has
///   one `+1` more (`(n + 1)/2` examples of class `+1`, `(n − 1)/2` of class `−1`). Every prefix of
///   even length is balanced, so the first `P` rows (the models' `train_count`) are balanced for even `P`.
/// * **Inputs**: the class means are `±r e₁` (distance `2r` apart); the noise is isotropic and of unit
///   variance, so `|x|²/D ≈ 1 + r²/D` (no further standardisation).
/// * **Nesting**: training row `i` comes from the stream `[purpose("clusters-train"), i]` and test row
///   `i` from `[purpose("clusters-test"), i]`, so row `i` depends only on `(seed, i)`: the first `P`
///   rows of a set with more rows are bit-identical to a set of `P` rows, and the test set does not
///   depend on `trainCount`.
public struct GaussianClustersTask: Sendable, Equatable {
    /// Input dimension `D`.
    public var dimension: Int
    /// The separation `r`: the class means are `±r e₁`.
    public var separation: Double
    /// Number of training examples.
    public var trainCount: Int
    /// Number of test examples.
    public var testCount: Int
    /// The seed of every random stream.
    public var seed: UInt64

    /// A validated task.
    /// - Parameters:
    ///   - dimension: `D ≥ 1`.
    ///   - separation: `r ≥ 0`, finite.
    ///   - trainCount: training examples `≥ 1`.
    ///   - testCount: test examples `≥ 1`.
    ///   - seed: the random seed.
    /// - Throws: `DatasetError.invalidParameter` naming the offending parameter.
    public init(dimension: Int, separation: Double, trainCount: Int, testCount: Int, seed: UInt64) throws {
        self.dimension = dimension
        self.separation = separation
        self.trainCount = trainCount
        self.testCount = testCount
        self.seed = seed
        try validate()
    }

    /// Checks the parameters.
    /// - Throws: `DatasetError.invalidParameter` naming the first invalid parameter.
    public func validate() throws {
        if dimension < 1 {
            throw DatasetError.invalidParameter(name: "dimension", value: "\(dimension)", requirement: "must be at least 1")
        }
        if !(separation >= 0 && separation.isFinite) {
            throw DatasetError.invalidParameter(name: "separation", value: "\(separation)", requirement: "must be finite and non-negative")
        }
        if trainCount < 1 {
            throw DatasetError.invalidParameter(name: "trainCount", value: "\(trainCount)", requirement: "must be at least 1")
        }
        if testCount < 1 {
            throw DatasetError.invalidParameter(name: "testCount", value: "\(testCount)", requirement: "must be at least 1")
        }
    }

    /// The label of row `i` of either set: `+1` for even `i`, `−1` for odd `i`.
    /// - Parameter row: the row index.
    /// - Returns: the label.
    public static func label(row: Int) -> Double { row % 2 == 0 ? 1 : -1 }

    /// The unit vector `e₁` along which the class means lie.
    public var classDirection: [Double] {
        var e = [Double](repeating: 0, count: dimension)
        e[0] = 1
        return e
    }

    /// Draws the training and test sets.
    /// - Returns: the data (labels ±1 on both sets).
    public func generate() -> RegressionData {
        do { try validate() } catch { preconditionFailure("GaussianClustersTask.generate: \(error)") }
        let (x, y) = rows(count: trainCount, purpose: "clusters-train")
        let (xt, yt) = rows(count: testCount, purpose: "clusters-test")
        return RegressionData(trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt)
    }

    /// Rows `i = 0..<count`, row `i` from the stream `[purpose(label), i]`.
    private func rows(count: Int, purpose label: String) -> (Matrix, [Double]) {
        let purpose = RandomStream.purpose(label)
        var inputs = Matrix(rows: count, cols: dimension)
        var labels = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            var row = stream.fillGaussian(dimension)
            let y = Self.label(row: i)
            row[0] += y * separation
            labels[i] = y
            inputs.values.replaceSubrange((i * dimension)..<((i + 1) * dimension), with: row)
        }
        return (inputs, labels)
    }
}
