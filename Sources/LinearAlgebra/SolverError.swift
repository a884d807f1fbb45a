/// Failures of the scalar root finders and fixed-point solvers.
public enum SolverError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `f(lower)` and `f(upper)` have the same sign, so the interval does not bracket a root.
    case noSignChange(lower: Double, upper: Double, valueAtLower: Double, valueAtUpper: Double)
    /// The bracket is empty or not finite.
    case invalidBracket(lower: Double, upper: Double)
    /// The function returned NaN or infinity.
    case nonFiniteValue(at: String)
    /// The iteration limit was reached before the tolerance.
    case didNotConverge(method: String, iterations: Int, residual: Double)
    /// A parameter is outside its valid range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case let .noSignChange(lower, upper, fl, fu):
            return "root finding: f has the same sign at both ends of [\(lower), \(upper)] "
                + "(f(lower) = \(fl), f(upper) = \(fu)), so the interval brackets no root; "
                + "widen it or scan with RootFinder.bracketAll"
        case let .invalidBracket(lower, upper):
            return "root finding: invalid bracket [\(lower), \(upper)] (need finite lower < upper)"
        case let .nonFiniteValue(at):
            return "solver: the function returned NaN or infinity at \(at)"
        case let .didNotConverge(method, iterations, residual):
            return "\(method) did not converge in \(iterations) iterations (last residual \(residual)); "
                + "raise maxIterations, increase damping, or loosen the tolerance"
        case let .invalidParameter(message):
            return "solver: \(message)"
        }
    }
}
