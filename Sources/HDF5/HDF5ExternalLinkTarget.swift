/// Where an external link points.
public struct HDF5ExternalLinkTarget: Sendable, Equatable {
    /// The target file, as stored in the link (relative or absolute).
    public var file: String
    /// The object path inside the target file.
    public var object: String

    /// Creates a target.
    /// - Parameters:
    ///   - file: the target file.
    ///   - object: the object path in it.
    public init(file: String, object: String) {
        self.file = file
        self.object = object
    }
}
