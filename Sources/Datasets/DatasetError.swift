/// Invalid parameters for a data set generator, or a data file that cannot be used.
///
/// Every file-related case names the file (its path as given or as found on
/// disk), so that a message alone tells the user what to fix.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is outside its valid range; `name` is the parameter, `requirement` what it must satisfy.
    case invalidParameter(name: String, value: String, requirement: String)
    /// A data file does not exist; `remedy` says how to obtain it.
    case missingFile(path: String, remedy: String)
    /// A data file exists but could not be read (permissions, I/O error); `reason` is the system's message.
    case unreadableFile(path: String, reason: String)
    /// A data file was read but its contents are wrong: corrupt or truncated compression, a bad header,
    /// a size that does not match the header, or values outside their range. `problem` says which.
    case malformedFile(path: String, problem: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "invalid data set parameter `\(name)` = \(value): \(requirement)"
        case let .missingFile(path, remedy):
            return "data file \(path) not found: \(remedy)"
        case let .unreadableFile(path, reason):
            return "cannot read data file \(path): \(reason)"
        case let .malformedFile(path, problem):
            return "malformed data file \(path): \(problem)"
        }
    }
}
