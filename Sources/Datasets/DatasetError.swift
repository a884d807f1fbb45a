/// Invalid parameters for a data set generator.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside its valid range; `name` is the parameter, `requirement` what it must satisfy.
    case invalidParameter(name: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "invalid data set parameter `\(name)` = \(value): \(requirement)"
        }
    }
}
