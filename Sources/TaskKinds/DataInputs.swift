import LinearAlgebra
import Pipeline

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

    /// Standard error over chains of a statistic of each chain's mean outputs (rows of `chainMeans`).
    static func chainStandardError(_ chainMeans: Matrix, _ statistic: ([Double]) -> Double) -> Double {
        let values = (0..<chainMeans.rows).map { statistic(chainMeans.row($0)) }
        guard values.count > 1 else { return .nan }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    /// The data set's relevant subspace U (r × d, orthonormal rows): the array `relevant_subspace`
    /// (sparse parity: the support's unit vectors; single index: u), else `teacher_direction` (r = 1).
    /// - Throws: `TaskFailure` when the data set has neither.
    static func relevantSubspace(_ data: TaskResult) throws -> Matrix {
        if let u = data.arrays["relevant_subspace"] {
            guard u.shape.count == 2 else { throw TaskFailure("relevant_subspace has shape \(u.shape), expected [r, d]") }
            return Matrix(rows: u.shape[0], cols: u.shape[1], values: u.values)
        }
        if let u = data.arrays["teacher_direction"] { return Matrix(rows: 1, cols: u.values.count, values: u.values) }
        throw TaskFailure("an aligned initialisation needs a data set with a relevant subspace (relevant_subspace or teacher_direction); this one has neither")
    }

    /// Refuses a sparse parity of odd order k ≥ 3 for a bias-free ReLU network: ReLU(w·x) has no
    /// Walsh component of odd degree ≥ 3, so such a network cannot represent (or learn) the target.
    /// - Throws: `TaskFailure` saying so.
    static func checkReLUCanLearn(_ data: TaskResult, biasFree: Bool) throws {
        guard biasFree, data.arrays["support"] != nil, let k = data.scalars["order"] else { return }
        if Int(k) % 2 == 1 && k >= 3 {
            throw TaskFailure("a bias-free ReLU network has zero overlap with a sparse parity of odd order \(Int(k)) ≥ 3 (no odd Walsh components of degree ≥ 3): use an even order or hidden biases")
        }
    }
}
