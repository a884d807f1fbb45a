internal import CHDF5

/// An open group or dataset: the common base of ``HDF5Group`` and ``HDF5Dataset``, and the
/// owner of the attribute API (see `HDF5Object+Attributes.swift`).
///
/// The object keeps its ``file`` alive. Its identifier is closed exactly once: in `deinit`,
/// unless the file was closed first (a strong file close already closed it).
///
/// `@unchecked Sendable`: all stored properties are immutable, and the HDF5 library is built
/// thread-safe, so concurrent calls on one object are serialised by the library.
public class HDF5Object: @unchecked Sendable {
    /// The file this object was opened through.
    public let file: HDF5File
    /// The absolute path of this object as it was opened (`/` for the root group).
    public let path: String
    /// The object identifier (the file identifier for the root group).
    let id: hid_t
    /// Whether `id` belongs to this object (false for the root group, which uses the file's).
    let ownsID: Bool

    init(file: HDF5File, id: hid_t, path: String, ownsID: Bool) {
        self.file = file
        self.id = id
        self.path = path
        self.ownsID = ownsID
    }

    deinit {
        // Identifiers are never reused by the library, so a validity check is enough to know
        // whether the strong close of the file already closed this one.
        Library.prepareThread()
        if ownsID && H5Iis_valid(id) > 0 {
            _ = H5Oclose(id)
        }
    }

    /// The absolute path of a child link.
    /// - Parameter name: a relative name ("x", "a/b") or an absolute path ("/a/b").
    /// - Returns: the absolute path.
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/" + name : path + "/" + name
    }

    /// The error site for this object, or one of its children.
    /// - Parameter child: a child name, if the operation is about a child.
    /// - Returns: the site.
    func site(_ child: String? = nil) -> ErrorSite {
        ErrorSite(file: file.path, object: child.map(childPath) ?? path)
    }

    /// Throws unless the file is still open; prepares the calling thread for HDF5 calls.
    /// - Parameters:
    ///   - operation: what is about to be done.
    ///   - child: the child name involved, if any.
    func ensureOpen(_ operation: String, _ child: String? = nil) throws(HDF5Error) {
        try file.ensureOpen(operation, object: child.map(childPath) ?? path)
    }

    /// Like ``ensureOpen(_:_:)``, and throws if the file was opened read-only.
    /// - Parameters:
    ///   - operation: what is about to be done.
    ///   - child: the child name involved, if any.
    func ensureWritable(_ operation: String, _ child: String? = nil) throws(HDF5Error) {
        try ensureOpen(operation, child)
        if !file.isWritable { throw site(child).error(operation, "the file is open read-only") }
    }
}
