/// Failures of the dense linear-algebra routines.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The operation needs a square matrix.
    case notSquare(rows: Int, cols: Int)
    /// Cholesky factorisation failed: the leading minor of order `minor` (1-based) is not positive.
    case notPositiveDefinite(minor: Int)
    /// The input contained NaN or infinity.
    case nonFiniteInput(operation: String)
    /// The symmetric eigensolver did not converge (`info` from LAPACK).
    case eigenDecompositionFailed(info: Int)
    /// A LAPACK routine reported an illegal argument or other failure.
    case lapackFailure(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .notSquare(rows, cols):
            return "matrix must be square, got \(rows)×\(cols)"
        case let .notPositiveDefinite(minor):
            return "matrix is not positive definite: the leading minor of order \(minor) is not positive "
                + "(Cholesky failed); add a ridge/jitter to the diagonal or check the matrix for errors"
        case let .nonFiniteInput(operation):
            return "\(operation): the input contains NaN or infinity"
        case let .eigenDecompositionFailed(info):
            return "symmetric eigen-decomposition did not converge (LAPACK dsyevd info = \(info))"
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        }
    }
}
