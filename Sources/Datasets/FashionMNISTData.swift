/// What `FashionMNISTTask.load()` returns: the data set plus what is needed to trace it back.
public struct FashionMNISTData: Sendable, Equatable {
    /// Inputs (standardised pooled images) and labels (+1 positive class, −1 negative class).
    public var data: RegressionData
    /// For each training row, the index of its image in the official train split.
    public var trainIndices: [Int]
    /// For each test row, the index of its image in the official t10k split.
    public var testIndices: [Int]
    /// The standardisation applied to every row, fitted on the whole two-class official train pool.
    public var standardisation: InputStandardisation
    /// Number of train-split images of the two classes the standardisation was fitted on.
    public var standardisationExampleCount: Int
    /// The four IDX files read (train images, train labels, t10k images, t10k labels).
    public var sourceFiles: [DataSourceFile]

    /// Bundles the parts.
    /// - Parameters:
    ///   - data: the data set.
    ///   - trainIndices: official train-split index of each training row.
    ///   - testIndices: official t10k-split index of each test row.
    ///   - standardisation: the fitted standardisation.
    ///   - standardisationExampleCount: size of the pool it was fitted on.
    ///   - sourceFiles: the files read.
    public init(data: RegressionData, trainIndices: [Int], testIndices: [Int], standardisation: InputStandardisation,
                standardisationExampleCount: Int, sourceFiles: [DataSourceFile]) {
        self.data = data
        self.trainIndices = trainIndices
        self.testIndices = testIndices
        self.standardisation = standardisation
        self.standardisationExampleCount = standardisationExampleCount
        self.sourceFiles = sourceFiles
    }
}
