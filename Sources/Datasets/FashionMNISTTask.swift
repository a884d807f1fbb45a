import LinearAlgebra

/// Binary classification on two Fashion-MNIST classes, for the nonlinear-network figure of Rubin et al.
///
/// **Source.** The IDX files of the Debian package `dataset-fashion-mnist`
/// (`train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`,
/// `t10k-labels-idx1-ubyte.gz` in `directory`; uncompressed files without `.gz` are used if present).
/// Training rows come from the official train split (6000 images per class), test rows from the
/// official t10k split (1000 per class); the two never mix.
///
/// **Order.** Within each split, the images of each class (in file order) are permuted by
/// Fisher–Yates with the Philox stream `RandomStream(seed: seed, stream: [purpose, class])`,
/// `purpose = RandomStream.purpose("fmnist-train-order")` or `("fmnist-test-order")`. Row `i` is
/// the `⌊i/2⌋`-th permuted image of `positiveClass` (label +1) for even `i` and of `negativeClass`
/// (label −1) for odd `i`. Hence every even prefix is exactly balanced, rows are nested (the first
/// `n` rows are the same for every `trainCount ≥ n`, likewise for the test rows), and a class's
/// order does not depend on which class it is paired with.
///
/// **Inputs.** Pixels are scaled to [0, 1] (byte/255) and average-pooled over non-overlapping
/// `pool × pool` blocks (`AveragePooling`), giving `D = (28/pool)²` features. They are then
/// standardised (`InputStandardisation`) with statistics of the whole two-class official train pool
/// (all images of the two classes, about 12000, not only the chosen rows, so the transform depends
/// on neither `trainCount` nor `seed`): the per-pixel mean is subtracted and everything is divided by
/// one global scale so that the mean of `|x|²/D` over that pool is 1, as for ±1 Ising inputs.
/// (No per-pixel scaling: border pixels have almost no variance.) Test rows use the same transform.
public struct FashionMNISTTask: Sendable, Equatable {
    /// Where the Debian package `dataset-fashion-mnist` installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// Side of a Fashion-MNIST image.
    public static let imageSide = 28
    /// The names of the ten classes, by label.
    public static let classNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// What to do when the files are missing (part of the error message).
    public static let missingFileRemedy =
        "install the Debian package dataset-fashion-mnist (`make deps`, i.e. scripts/deps.sh) or set `directory` to a folder with the Fashion-MNIST IDX files"

    /// Folder holding the four IDX files.
    public var directory: String
    /// Class (0…9) labelled +1.
    public var positiveClass: Int
    /// Class (0…9) labelled −1.
    public var negativeClass: Int
    /// Side of the pooling blocks; divides 28.
    public var pool: Int
    /// Number of training rows.
    public var trainCount: Int
    /// Number of test rows.
    public var testCount: Int
    /// Seed of the per-class orderings.
    public var seed: UInt64

    /// The input dimension `D = (28/pool)²`.
    public var dimension: Int { (Self.imageSide / pool) * (Self.imageSide / pool) }

    /// Describes the task; the files are read by `load()`.
    /// - Parameters:
    ///   - directory: folder with the IDX files (default: the Debian package's).
    ///   - positiveClass: class labelled +1 (default 0, T-shirt/top).
    ///   - negativeClass: class labelled −1 (default 2, Pullover).
    ///   - pool: pooling block side, a divisor of 28 (default 2, giving D = 196).
    ///   - trainCount: training rows (≥ 1).
    ///   - testCount: test rows (≥ 1).
    ///   - seed: seed of the per-class orderings.
    /// - Throws: `DatasetError.invalidParameter` for a class outside 0…9, equal classes, a pool that does not
    ///   divide 28, or a count below 1. (Counts larger than the available images are reported by `load()`.)
    public init(directory: String = FashionMNISTTask.defaultDirectory, positiveClass: Int = 0, negativeClass: Int = 2,
                pool: Int = 2, trainCount: Int, testCount: Int, seed: UInt64) throws {
        self.directory = directory
        self.positiveClass = positiveClass
        self.negativeClass = negativeClass
        self.pool = pool
        self.trainCount = trainCount
        self.testCount = testCount
        self.seed = seed
        for (name, value) in [("positiveClass", positiveClass), ("negativeClass", negativeClass)] where !(0...9).contains(value) {
            throw DatasetError.invalidParameter(name: name, value: "\(value)", requirement: "must be a Fashion-MNIST class 0…9")
        }
        if positiveClass == negativeClass {
            throw DatasetError.invalidParameter(name: "negativeClass", value: "\(negativeClass)", requirement: "must differ from positiveClass")
        }
        if pool < 1 || Self.imageSide % pool != 0 {
            throw DatasetError.invalidParameter(name: "pool", value: "\(pool)", requirement: "must divide 28 (1, 2, 4, 7, 14 or 28)")
        }
        if trainCount < 1 { throw DatasetError.invalidParameter(name: "trainCount", value: "\(trainCount)", requirement: "must be at least 1") }
        if testCount < 1 { throw DatasetError.invalidParameter(name: "testCount", value: "\(testCount)", requirement: "must be at least 1") }
    }

    /// Reads the files in `directory` and builds the data set (each file is read and decoded once per call;
    /// nothing is cached between calls).
    /// - Returns: the data set, the official indices of its rows, the standardisation and the files read.
    /// - Throws: `DatasetError` naming the file when a file is missing, unreadable or malformed (gzip, IDX
    ///   header, size, image shape, label range, image/label count mismatch), when a split has fewer images of
    ///   a class than the counts need, or when the train pool has no variance.
    public func load() throws -> FashionMNISTData {
        try load(train: FashionMNISTSplit.officialTrain(directory: directory),
                 test: FashionMNISTSplit.officialTest(directory: directory))
    }

    /// Builds the data set from splits already read (`directory` is not used); the result equals `load()`'s
    /// when the splits were read from `directory`.
    /// - Parameters:
    ///   - train: the official train split (training rows and standardisation statistics).
    ///   - test: the official t10k split (test rows).
    /// - Returns: the data set, the official indices of its rows, the standardisation and the splits' files.
    /// - Throws: `DatasetError` when a split has fewer images of a class than the counts need, or when the
    ///   train pool has no variance.
    public func load(train: FashionMNISTSplit, test: FashionMNISTSplit) throws -> FashionMNISTData {
        // Which images, first (cheap, and reports too-large counts before any pixel work).
        let trainIndices = try rowOrder(split: train, count: trainCount, countName: "trainCount", purpose: "fmnist-train-order")
        let testIndices = try rowOrder(split: test, count: testCount, countName: "testCount", purpose: "fmnist-test-order")

        // Standardisation statistics: every train image of the two classes, in file order.
        let poolIndices = train.labels.indices.filter { Int(train.labels[$0]) == positiveClass || Int(train.labels[$0]) == negativeClass }
        guard !poolIndices.isEmpty else {
            throw DatasetError.malformedFile(path: train.imagesPath, problem: "has no images of classes \(positiveClass) and \(negativeClass)")
        }
        let poolRows = pooledRows(of: train, indices: poolIndices)
        guard let standardisation = InputStandardisation.fitted(rows: poolRows, count: poolIndices.count, dimension: dimension) else {
            throw DatasetError.malformedFile(
                path: train.imagesPath,
                problem: "all \(poolIndices.count) images of classes \(positiveClass) and \(negativeClass) are identical after pooling; cannot standardise")
        }

        // Training rows reuse the pooled pool rows; test rows are pooled here.
        var poolRowOfImage = [Int](repeating: -1, count: train.count)
        for (row, index) in poolIndices.enumerated() { poolRowOfImage[index] = row }
        var trainValues = [Double](repeating: 0, count: trainCount * dimension)
        let d = dimension
        trainValues.withUnsafeMutableBufferPointer { out in
            poolRows.withUnsafeBufferPointer { source in
                for (row, index) in trainIndices.enumerated() {
                    let from = poolRowOfImage[index] * d
                    for j in 0..<d { out[row * d + j] = source[from + j] }
                }
            }
        }
        var testValues = pooledRows(of: test, indices: testIndices)
        standardise(&trainValues, with: standardisation)
        standardise(&testValues, with: standardisation)

        let data = RegressionData(
            trainInputs: Matrix(rows: trainCount, cols: d, values: trainValues),
            trainLabels: (0..<trainCount).map { $0 % 2 == 0 ? 1 : -1 },
            testInputs: Matrix(rows: testCount, cols: d, values: testValues),
            testLabels: (0..<testCount).map { $0 % 2 == 0 ? 1 : -1 })
        return FashionMNISTData(data: data, trainIndices: trainIndices, testIndices: testIndices,
                                standardisation: standardisation, standardisationExampleCount: poolIndices.count,
                                sourceFiles: train.sourceFiles + test.sourceFiles)
    }

    /// The split indices of rows `0 ..< count`: alternately the next permuted image of the positive and of the
    /// negative class.
    /// - Throws: `DatasetError.invalidParameter` when a class has too few images in the split.
    private func rowOrder(split: FashionMNISTSplit, count: Int, countName: String, purpose: String) throws -> [Int] {
        let classes = [positiveClass, negativeClass]
        let members = classes.map { split.indices(ofClass: $0) }
        let needed = [(count + 1) / 2, count / 2]
        for k in 0..<2 where members[k].count < needed[k] {
            throw DatasetError.invalidParameter(
                name: countName, value: "\(count)",
                requirement: "needs \(needed[k]) images of class \(classes[k]) (\(Self.classNames[classes[k]])) but \(split.imagesPath) has only \(members[k].count); at most \(maximumBalancedCount(members[0].count, members[1].count)) rows are possible")
        }
        let ordered = (0..<2).map { k -> [Int] in
            var stream = RandomStream(seed: seed, stream: [RandomStream.purpose(purpose), UInt64(classes[k])])
            return SeededShuffle.shuffled(members[k], using: &stream)
        }
        return (0..<count).map { ordered[$0 % 2][$0 / 2] }
    }

    /// The largest row count with at most `positives` rows of the positive and `negatives` of the negative class
    /// (rows alternate +1, −1, starting with +1).
    private func maximumBalancedCount(_ positives: Int, _ negatives: Int) -> Int {
        positives > negatives ? 2 * negatives + 1 : 2 * positives
    }

    /// The pooled (unstandardised) images `indices` of `split`, one row each, row-major.
    private func pooledRows(of split: FashionMNISTSplit, indices: [Int]) -> [Double] {
        let side = Self.imageSide, d = dimension, block = pool
        var values = [Double](repeating: 0, count: indices.count * d)
        split.images.withUnsafeBufferPointer { images in
            values.withUnsafeMutableBufferPointer { out in
                for (row, index) in indices.enumerated() {
                    let image = UnsafeBufferPointer(rebasing: images[(index * side * side)..<((index + 1) * side * side)])
                    let slot = UnsafeMutableBufferPointer(rebasing: out[(row * d)..<((row + 1) * d)])
                    AveragePooling.pool(image, side: side, block: block, into: slot)
                }
            }
        }
        return values
    }

    /// Applies `standardisation` to every row of `values` in place.
    private func standardise(_ values: inout [Double], with standardisation: InputStandardisation) {
        let d = dimension
        values.withUnsafeMutableBufferPointer { all in
            for row in 0..<(all.count / d) {
                standardisation.apply(to: UnsafeMutableBufferPointer(rebasing: all[(row * d)..<((row + 1) * d)]))
            }
        }
    }
}
