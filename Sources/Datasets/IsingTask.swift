import LinearAlgebra

/// The linearly separable Ising task of Rubin et al. (reconstructed, see
/// `shared/science/rubin2025-multiscale.md`): balanced labels y = ±1 and
/// patterns x = y·(1, …, 1) ∈ {±1}^D with each spin flipped independently with
/// probability `flipProbability`.
///
/// Rows are nested like `TeacherStudentTask`: example `i` depends only on
/// (seed, i). Labels alternate +1, −1, +1, … before a deterministic shuffle of
/// the spins, so every prefix of even length is exactly balanced.
public struct IsingTask: Sendable, Equatable {
    public var dimension: Int
    public var trainCount: Int
    public var testCount: Int
    public var flipProbability: Double
    public var seed: UInt64

    /// - Throws: `DatasetError` for D < 1, counts < 1 or p outside [0, 1/2].
    public init(dimension: Int, trainCount: Int, testCount: Int, flipProbability: Double, seed: UInt64) throws {
        self.dimension = dimension
        self.trainCount = trainCount
        self.testCount = testCount
        self.flipProbability = flipProbability
        self.seed = seed
        if dimension < 1 { throw DatasetError.invalidParameter(name: "dimension", value: "\(dimension)", requirement: "must be at least 1") }
        if trainCount < 1 { throw DatasetError.invalidParameter(name: "trainCount", value: "\(trainCount)", requirement: "must be at least 1") }
        if testCount < 1 { throw DatasetError.invalidParameter(name: "testCount", value: "\(testCount)", requirement: "must be at least 1") }
        if !(flipProbability >= 0 && flipProbability <= 0.5) {
            throw DatasetError.invalidParameter(name: "flipProbability", value: "\(flipProbability)", requirement: "must lie in [0, 0.5]")
        }
    }

    /// Draws the training and test sets (labels ±1; test labels are the true classes).
    /// - Returns: the data.
    public func generate() -> RegressionData {
        let (x, y) = rows(count: trainCount, purpose: "ising-train")
        let (xt, yt) = rows(count: testCount, purpose: "ising-test")
        return RegressionData(trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt)
    }

    /// Rows `i = 0..<count`, row `i` from stream `[purpose(label), i]`.
    private func rows(count: Int, purpose label: String) -> (Matrix, [Double]) {
        let purpose = RandomStream.purpose(label)
        var inputs = Matrix(rows: count, cols: dimension)
        var labels = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            let y: Double = i % 2 == 0 ? 1 : -1
            labels[i] = y
            for j in 0..<dimension {
                inputs.values[i * dimension + j] = stream.nextUniform() < flipProbability ? -y : y
            }
        }
        return (inputs, labels)
    }
}
