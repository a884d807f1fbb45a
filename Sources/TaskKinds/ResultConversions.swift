import LinearAlgebra
import Pipeline

extension NDArray {
    /// A matrix as a 2-D array (row-major, as `Matrix` is).
    init(_ m: Matrix) { self.init(shape: [m.rows, m.cols], values: m.values) }

    /// This 2-D array as a matrix.
    /// - Throws: `TaskFailure` if the array is not 2-D.
    func matrix(_ name: String) throws -> Matrix {
        guard shape.count == 2 else { throw TaskFailure("\(name) must be a 2-D array, has shape \(shape)") }
        return Matrix(rows: shape[0], cols: shape[1], values: values)
    }
}
