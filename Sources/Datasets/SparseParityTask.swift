import LinearAlgebra

/// The k-sparse parity task on the hypercube.
///
/// * Inputs: every row `x` uniform on `{±1}^d` (independent fair signs).
/// * Support: `S ⊂ {0, …, d−1}` with `|S| = k`, given explicitly or drawn uniformly from the seed.
/// * Target: `χ_S(x) = Π_{j∈S} x_j` (±1, unit variance).
/// * Training labels: `y = χ_S(x) + noiseStd·ξ`, `ξ ~ N(0, 1)`; test labels are the noiseless parity.
///
/// **Nesting.** As in `TeacherStudentTask`, every random quantity has its own `RandomStream` keyed by
/// `seed`: training row `i` from `[purpose("parity-train-inputs"), i]`, its label noise from
/// `[purpose("parity-train-noise"), i]`, test row `i` from `[purpose("parity-test-inputs"), i]`, and a
/// random support from `[purpose("parity-support")]`. The first `P` training rows therefore do not
/// depend on `trainCount`, and the support and test set depend on neither count.
///
/// An odd order `k ≥ 3` cannot be learned by a bias-free ReLU network: see
/// `SparseParity.isLearnableByBiasFreeReLU(k:)`.
public struct SparseParityTask: Sendable, Equatable {
    /// Largest accepted input dimension `d`.
    public static let maximumDimension = 100_000

    /// Input dimension `d`.
    public var dimension: Int
    /// Parity order `k = |S|`.
    public var order: Int
    /// Number of training examples `P`.
    public var trainCount: Int
    /// Number of test examples.
    public var testCount: Int
    /// The explicit support (0-based indices), or `nil` to draw it from the seed.
    public var explicitSupport: [Int]?
    /// Standard deviation of the Gaussian label noise on the training set.
    public var noiseStd: Double
    /// The seed of every random stream of the task.
    public var seed: UInt64

    /// A validated task.
    /// - Parameters:
    ///   - dimension: input dimension `1 ≤ d ≤ maximumDimension`.
    ///   - order: parity order `1 ≤ k ≤ d`.
    ///   - trainCount: training examples `P ≥ 1`.
    ///   - testCount: test examples `≥ 1`.
    ///   - support: `k` distinct indices in `0..<d` (any order), or `nil` for a support drawn from the seed.
    ///   - noiseStd: label-noise standard deviation `≥ 0`.
    ///   - seed: the random seed.
    /// - Throws: `DatasetError.invalidParameter` naming the offending parameter.
    public init(dimension: Int, order: Int, trainCount: Int, testCount: Int, support: [Int]? = nil,
                noiseStd: Double = 0, seed: UInt64) throws {
        self.dimension = dimension
        self.order = order
        self.trainCount = trainCount
        self.testCount = testCount
        self.explicitSupport = support
        self.noiseStd = noiseStd
        self.seed = seed
        try validate()
    }

    /// Checks the parameters.
    /// - Throws: `DatasetError.invalidParameter` naming the first invalid parameter.
    public func validate() throws {
        if dimension < 1 || dimension > Self.maximumDimension {
            throw DatasetError.invalidParameter(name: "dimension", value: "\(dimension)",
                                                requirement: "must be in 1...\(Self.maximumDimension)")
        }
        if order < 1 {
            throw DatasetError.invalidParameter(name: "order", value: "\(order)", requirement: "must be at least 1 (k = 0 is the constant function, not a parity)")
        }
        if order > dimension {
            throw DatasetError.invalidParameter(name: "order", value: "\(order)",
                                                requirement: "must not exceed the dimension d = \(dimension): the support S has k distinct coordinates")
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
        if let support = explicitSupport {
            if support.count != order {
                throw DatasetError.invalidParameter(name: "support", value: "\(support)",
                                                    requirement: "must have exactly order k = \(order) entries")
            }
            if let bad = support.first(where: { $0 < 0 || $0 >= dimension }) {
                throw DatasetError.invalidParameter(name: "support", value: "\(support)",
                                                    requirement: "indices are 0-based and must lie in 0..<\(dimension) (found \(bad))")
            }
            if Set(support).count != support.count {
                throw DatasetError.invalidParameter(name: "support", value: "\(support)", requirement: "indices must be distinct")
            }
        }
    }

    /// The support `S`, sorted ascending: the explicit one, or `k` indices drawn uniformly without
    /// replacement (partial Fisher–Yates) from stream `[purpose("parity-support")]`.
    /// - Returns: `k` distinct sorted indices in `0..<d`.
    public func support() -> [Int] {
        if let explicitSupport { return explicitSupport.sorted() }
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("parity-support")])
        var indices = Array(0..<dimension)
        for position in 0..<order {
            let pick = position + SeededShuffle.uniformIndex(below: dimension - position, from: &stream)
            indices.swapAt(position, pick)
        }
        return indices[0..<order].sorted()
    }

    /// Draws the data set.
    /// - Returns: the data and the sorted support `S`.
    public func generate() -> (data: RegressionData, support: [Int]) {
        do { try validate() } catch { preconditionFailure("SparseParityTask.generate: \(error)") }
        let support = support()
        let (trainInputs, cleanTrain) = hypercubeRows(count: trainCount, purpose: "parity-train-inputs", support: support)
        var trainLabels = cleanTrain
        if noiseStd > 0 {
            let noisePurpose = RandomStream.purpose("parity-train-noise")
            for i in 0..<trainCount {
                var noise = RandomStream(seed: seed, stream: [noisePurpose, UInt64(i)])
                trainLabels[i] += noiseStd * noise.nextGaussian()
            }
        }
        let (testInputs, testLabels) = hypercubeRows(count: testCount, purpose: "parity-test-inputs", support: support)
        return (RegressionData(trainInputs: trainInputs, trainLabels: trainLabels, testInputs: testInputs, testLabels: testLabels),
                support)
    }

    /// Rows uniform on `{±1}^d` and their parities. Row `i` comes from stream `[purpose(label), i]`:
    /// coordinate `j` is the sign given by bit `j mod 64` of the `(j/64)`-th 64-bit word.
    private func hypercubeRows(count: Int, purpose label: String, support: [Int]) -> (Matrix, [Double]) {
        let purpose = RandomStream.purpose(label)
        var inputs = Matrix(rows: count, cols: dimension)
        var labels = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            var word: UInt64 = 0
            for j in 0..<dimension {
                if j % 64 == 0 { word = stream.nextUInt64() }
                inputs.values[i * dimension + j] = (word >> UInt64(j % 64)) & 1 == 1 ? 1 : -1
            }
            labels[i] = SparseParity.value(inputs.values[(i * dimension)..<((i + 1) * dimension)], support: support)
        }
        return (inputs, labels)
    }
}
