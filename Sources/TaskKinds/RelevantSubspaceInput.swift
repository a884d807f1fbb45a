import LinearAlgebra
import Pipeline

/// The data's relevant subspace `U` (`r × D`, orthonormal rows) from a data entry: its array
/// `relevant_subspace` (`[r, D]`; data.sparse_parity, data.single_index) or, failing that, its
/// `teacher_direction` (`[D]`, normalised; data.teacher_student, `r = 1`).
enum RelevantSubspaceInput {
    /// Reads `U`.
    /// - Parameters:
    ///   - data: the data entry.
    ///   - inputDimension: `D`, checked against the array.
    ///   - purpose: what needs it, for the error message (e.g. `initialization "aligned"`).
    /// - Returns: `U`.
    /// - Throws: `TaskFailure` when the entry has neither array or its shape does not fit.
    static func read(_ data: TaskResult, inputDimension d: Int, purpose: String) throws -> Matrix {
        if let u = data.arrays["relevant_subspace"] {
            guard u.shape.count == 2, u.shape[1] == d, u.shape[0] >= 1 else {
                throw TaskFailure("\(purpose): the data's relevant_subspace has shape \(u.shape), expected [r, \(d)]")
            }
            return try u.matrix("relevant_subspace")
        }
        if let t = data.arrays["teacher_direction"] {
            guard t.values.count == d else {
                throw TaskFailure("\(purpose): the data's teacher_direction has \(t.values.count) entries, expected \(d)")
            }
            let norm = t.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { throw TaskFailure("\(purpose): the data's teacher_direction has norm \(norm)") }
            return Matrix(rows: 1, cols: d, values: t.values.map { $0 / norm })
        }
        throw TaskFailure("\(purpose) needs the data's relevant subspace: the data entry has neither an array relevant_subspace [r, D] "
            + "nor teacher_direction [D] (arrays: \(data.arrays.keys.sorted().joined(separator: ", ")))")
    }
}
