/// A failed HDF5 operation: what was attempted, on which file and object, and why.
///
/// Every throwing function of this module throws only `HDF5Error`. The `detail` is, where
/// the C library reported one, the innermost description of the HDF5 error stack (the place
/// where the failure was first detected), otherwise a reason stated by this module.
public struct HDF5Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// The operation that failed, as a short phrase ("open file", "read dataset", …).
    public let operation: String
    /// The path of the HDF5 file involved, if any.
    public let file: String?
    /// The path of the object inside the file (group, dataset or attribute), if any.
    public let object: String?
    /// Why it failed.
    public let detail: String

    /// Creates an error.
    /// - Parameters:
    ///   - operation: the operation that failed.
    ///   - file: the file path, if any.
    ///   - object: the object path inside the file, if any.
    ///   - detail: the reason.
    public init(operation: String, file: String?, object: String?, detail: String) {
        self.operation = operation
        self.file = file
        self.object = object
        self.detail = detail
    }

    /// One line: `HDF5: cannot <operation> '<object>' in '<file>': <detail>`.
    public var description: String {
        var text = "HDF5: cannot \(operation)"
        if let object { text += " '\(object)'" }
        if let file { text += (object == nil ? " " : " in ") + "'\(file)'" }
        return text + ": " + detail
    }
}
