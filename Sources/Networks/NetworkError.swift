/// Failures of network construction, parameter validation and sampling.
public enum NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, requirement: String)
    /// An activation name that is not known.
    case unknownActivation(String)
    /// Array shapes do not fit together.
    case dimensionMismatch(String)
    /// A chain produced a non-finite loss or output.
    case diverged(chain: Int, step: Int, detail: String)

    /// A one-line message naming the parameter or chain and what to do.
    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "invalid network/sampler parameter `\(name)` = \(value): \(requirement)"
        case let .unknownActivation(name):
            return "unknown activation `\(name)`: use one of linear, relu, erf, tanh, hermite "
                + "(hermite needs a degree ≥ 1)"
        case let .dimensionMismatch(message):
            return "network: \(message)"
        case let .diverged(chain, step, detail):
            return "SGLD chain \(chain) diverged at step \(step) (\(detail)): the step size is too large for "
                + "this potential; reduce `step_size` (the stiffest direction needs η·m·curvature ≪ 1)"
        }
    }
}
