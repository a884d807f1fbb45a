import LinearAlgebra

/// A single-index teacher–student regression task with Gaussian inputs.
///
/// * Inputs: every row `x ~ N(0, I_d)`, independent.
/// * Teacher: a direction `u` uniform on the unit sphere (`|u| = 1`), target `t(x) = g(u·x)` with
///   `g` given by `teacher` (`u·x ~ N(0, 1)`, so `.linear` and `.hermite` targets have unit variance).
/// * Training labels: `y = t(x) + noiseStd·ξ`, `ξ ~ N(0, 1)`.
/// * Test labels: the NOISELESS target `t(x)`, so the test error measures the generalisation
///   error with respect to the teacher function.
///
/// **Nesting.** Every random quantity comes from its own `RandomStream` keyed by `seed`:
/// training row `i` from `[purpose("train-inputs"), i]`, its label noise from
/// `[purpose("train-noise"), i]`, test row `i` from `[purpose("test-inputs"), i]`, and the
/// teacher direction from `[purpose("teacher-direction")]`. Row `i` therefore depends only on
/// `(seed, i)`: the first `P` rows of a task with `trainCount = 1000` are bit-identical to the
/// task with `trainCount = P`, so learning curves over `P` use nested training sets; the test
/// set and teacher do not depend on `trainCount` at all.
public struct TeacherStudentTask: Sendable, Equatable {
    /// Input dimension `d`.
    public var dimension: Int
    /// Number of training examples `P`.
    public var trainCount: Int
    /// Number of test examples.
    public var testCount: Int
    /// The teacher's link function.
    public var teacher: TeacherKind
    /// Degree `k` of the Hermite teacher (ignored by the others).
    public var hermiteDegree: Int
    /// Standard deviation of the Gaussian label noise on the training set.
    public var noiseStd: Double
    /// The seed of every random stream of the task.
    public var seed: UInt64

    /// A validated task.
    /// - Parameters:
    ///   - dimension: input dimension `d ≥ 1`.
    ///   - trainCount: training examples `P ≥ 1`.
    ///   - testCount: test examples `≥ 1`.
    ///   - teacher: the link function.
    ///   - hermiteDegree: degree `k ≥ 1` of the Hermite teacher.
    ///   - noiseStd: label-noise standard deviation `≥ 0`.
    ///   - seed: the random seed.
    /// - Throws: `DatasetError.invalidParameter` naming the offending parameter.
    public init(dimension: Int, trainCount: Int, testCount: Int, teacher: TeacherKind = .linear,
                hermiteDegree: Int = 2, noiseStd: Double = 0, seed: UInt64) throws {
        self.dimension = dimension
        self.trainCount = trainCount
        self.testCount = testCount
        self.teacher = teacher
        self.hermiteDegree = hermiteDegree
        self.noiseStd = noiseStd
        self.seed = seed
        try validate()
    }

    /// Checks the parameters.
    /// - Throws: `DatasetError.invalidParameter` naming the first invalid parameter.
    public func validate() throws {
        if dimension < 1 {
            throw DatasetError.invalidParameter(name: "dimension", value: "\(dimension)", requirement: "must be at least 1")
        }
        if trainCount < 1 {
            throw DatasetError.invalidParameter(name: "trainCount", value: "\(trainCount)", requirement: "must be at least 1")
        }
        if testCount < 1 {
            throw DatasetError.invalidParameter(name: "testCount", value: "\(testCount)", requirement: "must be at least 1")
        }
        if !(noiseStd >= 0) || !noiseStd.isFinite {
            throw DatasetError.invalidParameter(name: "noiseStd", value: "\(noiseStd)", requirement: "must be finite and non-negative")
        }
        if hermiteDegree < 1 {
            throw DatasetError.invalidParameter(name: "hermiteDegree", value: "\(hermiteDegree)", requirement: "must be at least 1")
        }
    }

    /// The teacher direction `u` (unit norm), from stream `[purpose("teacher-direction")]`.
    /// - Returns: `u`, a normalised standard Gaussian vector of length `dimension`.
    public func teacherDirection() -> [Double] {
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("teacher-direction")])
        var u = stream.fillGaussian(dimension)
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in u.indices { u[i] /= norm }
        return u
    }

    /// The noiseless target `t(x) = g(u·x)`.
    /// - Parameters:
    ///   - x: an input (length `dimension`).
    ///   - direction: the teacher direction `u`.
    /// - Returns: the target value.
    public func target(_ x: [Double], direction: [Double]) -> Double {
        teacher.value(at: TeacherStudentTask.projection(x[...], direction), hermiteDegree: hermiteDegree)
    }

    /// Draws the data set.
    /// - Returns: the data and the teacher direction `u`.
    public func generate() -> (data: RegressionData, teacherDirection: [Double]) {
        do { try validate() } catch { preconditionFailure("TeacherStudentTask.generate: \(error)") }
        let u = teacherDirection()
        let (trainInputs, cleanTrain) = gaussianRows(count: trainCount, purpose: "train-inputs", direction: u)
        var trainLabels = cleanTrain
        let noisePurpose = RandomStream.purpose("train-noise")
        for i in 0..<trainCount {
            var noise = RandomStream(seed: seed, stream: [noisePurpose, UInt64(i)])
            trainLabels[i] += noiseStd * noise.nextGaussian()
        }
        let (testInputs, testLabels) = gaussianRows(count: testCount, purpose: "test-inputs", direction: u)
        let data = RegressionData(trainInputs: trainInputs, trainLabels: trainLabels,
                                  testInputs: testInputs, testLabels: testLabels)
        return (data, u)
    }

    /// Rows `x_i ~ N(0, I_d)`, row `i` from stream `[purpose(label), i]`, and their noiseless targets.
    private func gaussianRows(count: Int, purpose label: String, direction u: [Double]) -> (Matrix, [Double]) {
        let purpose = RandomStream.purpose(label)
        var inputs = Matrix(rows: count, cols: dimension)
        var targets = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            let row = stream.fillGaussian(dimension)
            inputs.values.replaceSubrange((i * dimension)..<((i + 1) * dimension), with: row)
            targets[i] = teacher.value(at: TeacherStudentTask.projection(row[...], u), hermiteDegree: hermiteDegree)
        }
        return (inputs, targets)
    }

    /// `u·x` summed left to right in plain Swift, so the value of row `i` never depends on how
    /// many rows are generated (no BLAS blocking).
    private static func projection(_ x: ArraySlice<Double>, _ u: [Double]) -> Double {
        precondition(x.count == u.count, "input has \(x.count) components, teacher direction \(u.count)")
        var s = 0.0
        for (a, b) in zip(x, u) { s += a * b }
        return s
    }
}
