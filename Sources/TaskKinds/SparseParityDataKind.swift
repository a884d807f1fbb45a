import Datasets
import LinearAlgebra
import Pipeline

/// `data.sparse_parity`: inputs uniform on the hypercube `{±1}^d`, labels the parity
/// `Π_{j∈S} x_j` of a k-sparse support `S`, with nested training sets.
struct SparseParityDataKind: TaskKind {
    let name = "data.sparse_parity"
    let version = 1
    let summary = "k-sparse parity: x uniform on {±1}^d, y = Π_{j∈S} x_j with |S| = k (S given or drawn from the seed), Gaussian label noise on the training set only; test labels are noiseless. Training rows are nested: the first P rows do not depend on train_count. Odd k ≥ 3 has zero overlap with a bias-free ReLU network."
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: SparseParityTask.maximumDimension), "input dimension d"),
        ParameterSpec("order", .integer(minimum: 1, maximum: SparseParityTask.maximumDimension), "parity order k = |S| (1 ≤ k ≤ d)"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "number of training examples"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(2000), "number of test examples"),
        ParameterSpec("support", .integerArray, default: .array([]),
                      "the k distinct 0-based coordinates of S; empty (the default) draws S uniformly from the seed"),
        ParameterSpec("noise_std", .number(minimum: 0, maximum: nil), default: .number(0), "standard deviation of the Gaussian label noise (training labels only)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func validate(_ p: TaskParameters) throws {
        try DataInputs.validating(names: Self.parameterName) { _ = try task(p) }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (data, support) = try task(p).generate()
        let d = p.int("dimension"), k = support.count
        var subspace = [Double](repeating: 0, count: k * d)
        for (row, j) in support.enumerated() { subspace[row * d + j] = 1 }
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs),
            "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs),
            "test_labels": NDArray(data.testLabels),
            "support": NDArray(support.map(Double.init)),
            "relevant_subspace": NDArray(shape: [k, d], values: subspace),
        ], scalars: [
            "order": Double(k),
            "dimension": Double(d),
        ], attributes: [
            "description": "rows of *_inputs are points of {±1}^d; labels are Π_{j∈support} x_j (support 0-based, sorted); train labels carry noise of std noise_std, test labels are noiseless; relevant_subspace rows are the unit vectors e_j, j ∈ support",
        ])
    }

    /// The science task for the parameters.
    private func task(_ p: TaskParameters) throws -> SparseParityTask {
        let support = p.ints("support")
        return try SparseParityTask(dimension: p.int("dimension"), order: p.int("order"), trainCount: p.int("train_count"),
                                    testCount: p.int("test_count"), support: support.isEmpty ? nil : support,
                                    noiseStd: p.double("noise_std"), seed: p.seed())
    }

    /// Manifest names of the science type's parameters.
    private static let parameterName = [
        "dimension": "dimension", "order": "order", "trainCount": "train_count", "testCount": "test_count",
        "support": "support", "noiseStd": "noise_std",
    ]
}
