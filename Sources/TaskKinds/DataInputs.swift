import Datasets
import LinearAlgebra
import Pipeline
import Theory

/// Reading data-set inputs shared by the model kinds.
enum DataInputs {
    /// The first `train_count` training rows and labels (`train_count` 0: all).
    static func training(_ p: TaskParameters, _ data: TaskResult) throws -> (inputs: Matrix, labels: [Double]) {
        let x = try data.array("train_inputs").matrix("train_inputs")
        let y = try data.array("train_labels").values
        let n = p.int("train_count")
        guard n <= x.rows else { throw TaskFailure("train_count \(n) exceeds the \(x.rows) training rows of the data set") }
        if n == 0 { return (x, y) }
        return (x.rows(0..<n), Array(y[0..<n]))
    }

    /// Runs a data-set constructor for a kind's `validate`, turning its `DatasetError.invalidParameter` into a
    /// `TaskParameterError` that names the manifest parameter.
    /// - Parameters:
    ///   - names: the science type's parameter names → manifest names (unlisted names are kept).
    ///   - construct: builds (and so validates) the science type.
    /// - Throws: `TaskParameterError`, or what `construct` throws otherwise.
    static func validating(names: [String: String], _ construct: () throws -> Void) throws {
        do {
            try construct()
        } catch let DatasetError.invalidParameter(name, _, requirement) {
            throw TaskParameterError(names[name] ?? name, requirement)
        }
    }

    /// The class partition of training labels, its errors as a task failure naming the rows.
    /// - Parameter labels: the labels of the first rows used (class + is y > 0).
    /// - Returns: the partition.
    static func classPartition(_ labels: [Double]) throws -> ClassPartition {
        do {
            return try ClassPartition(labels: labels)
        } catch let TheoryError.invalidParameter(name, value, requirement) {
            throw TaskFailure("the labels of the first \(labels.count) training rows: \(name) \(value): \(requirement)")
        }
    }

    /// The standard error of the mean of `values` (sample variance with n − 1); NaN for fewer than two.
    /// - Parameter values: e.g. one value per chain or per seed.
    /// - Returns: `√(s²/n)`.
    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    /// Standard error over chains of a statistic of each chain's mean outputs (rows of `chainMeans`).
    static func chainStandardError(_ chainMeans: Matrix, _ statistic: ([Double]) -> Double) -> Double {
        standardError((0..<chainMeans.rows).map { statistic(chainMeans.row($0)) })
    }

    /// Refuses a sparse-parity data set (scalar `order` k, array `support`) of odd order k ≥ 3 for a
    /// bias-free ReLU network: ReLU(z) = (z + |z|)/2 is linear plus even, so its overlap with an odd
    /// parity of degree ≥ 3 vanishes and nothing can be learned (`SparseParity.isLearnableByBiasFreeReLU`).
    /// - Parameters:
    ///   - data: the data entry.
    ///   - biasFree: whether the model is a bias-free ReLU network.
    /// - Throws: `TaskFailure` saying what to change.
    static func checkReLUCanLearn(_ data: TaskResult, biasFree: Bool) throws {
        guard biasFree, data.arrays["support"] != nil, let k = data.scalars["order"] else { return }
        if !SparseParity.isLearnableByBiasFreeReLU(k: Int(k)) {
            throw TaskFailure("a bias-free ReLU network has zero overlap with a parity of odd order k = \(Int(k)) ≥ 3 "
                + "(ReLU(z) = (z + |z|)/2 is linear plus even): use an even order k, or hidden biases")
        }
    }
}
