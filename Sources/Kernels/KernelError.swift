/// Failures of kernel construction and kernel regression.
public enum KernelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, requirement: String)
    /// `.closedForm` was requested for an activation without a closed-form kernel.
    case noClosedForm(Activation)
    /// Array shapes do not fit together.
    case dimensionMismatch(String)
    /// `K + λI` is not positive definite (Cholesky failed at leading minor `minor`).
    case notPositiveDefinite(minor: Int, ridge: Double)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "invalid kernel parameter `\(name)` = \(value): \(requirement)"
        case let .noClosedForm(activation):
            return "the \(activation.rawValue) activation has no closed-form NNGP kernel; "
                + "use method .quadrature(order:) or .automatic"
        case let .dimensionMismatch(message):
            return "kernel regression: \(message)"
        case let .notPositiveDefinite(minor, ridge):
            return "kernel regression: K + λI with ridge λ = \(ridge) is not positive definite "
                + "(Cholesky failed at leading minor \(minor)); the Gram matrix is singular or indefinite to "
                + "working precision: increase the ridge (noise variance) or remove duplicate inputs"
        }
    }
}
