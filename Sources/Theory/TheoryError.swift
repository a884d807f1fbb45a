/// Failures of the theory computations.
public enum TheoryError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, requirement: String)
    /// Array shapes do not fit together.
    case dimensionMismatch(String)
    /// An input contains NaN or infinity.
    case nonFiniteInput(String)
    /// A numerical step failed (eigen-decomposition, bracketing, quadrature).
    case numericalFailure(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "invalid theory parameter `\(name)` = \(value): \(requirement)"
        case let .dimensionMismatch(message):
            return "theory: shapes do not fit: \(message)"
        case let .nonFiniteInput(what):
            return "theory: \(what) contains NaN or infinity"
        case let .numericalFailure(message):
            return "theory: numerical failure: \(message)"
        }
    }
}
