/// A problem with a manifest: names the file, the JSON key path and what is wrong.
///
/// The command-line tool prints `description` and exits with status 2.
public struct ManifestError: Error, CustomStringConvertible, Equatable {
    /// The manifest file as the user named it.
    public var file: String
    /// The key path, e.g. `tasks.train.params.steps` or `figures[0].panels[1]`; empty for file-level problems.
    public var path: String
    /// What is wrong and, where useful, what to do.
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}

/// Builds dotted key paths for error messages.
enum KeyPath {
    /// Appends an object key.
    static func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
    /// Appends an array index.
    static func index(_ base: String, _ i: Int) -> String { "\(base)[\(i)]" }
}
