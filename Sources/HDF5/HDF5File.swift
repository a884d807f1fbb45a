internal import CHDF5
import Foundation

/// An open HDF5 file.
///
/// The file is closed by `close()` or, at the latest, when the last reference to it goes away
/// (groups and datasets keep their file alive). Closing is "strong": objects of this file that
/// are still open are closed with it, and later operations on them throw.
///
/// Files are written so that identical content, written in the same order, gives
/// byte-identical files: every object is created without timestamps and the file format range
/// is pinned (see `PropertyLists.fileAccess`). HDF5 1.10.8 zeroes the unused space of the
/// global-heap collections that hold variable-length strings, so no stale memory reaches the
/// file either (the byte-identity test writes unrelated files in between to check this).
///
/// `@unchecked Sendable`: the HDF5 library is built thread-safe (all its calls are serialised
/// by a global lock), the identifier is immutable, and the only mutable state (`closed`) is
/// guarded by `lock`.
public final class HDF5File: @unchecked Sendable {
    /// The path the file was created or opened with.
    public let path: String
    /// Whether the file was opened for writing.
    public let isWritable: Bool
    /// The file identifier.
    let id: hid_t

    private let lock = NSLock()
    private var closed = false

    private init(path: String, id: hid_t, writable: Bool) {
        self.path = path
        self.id = id
        self.isWritable = writable
    }

    deinit {
        try? closeFile()
    }

    /// Creates a new file, replacing any existing file at `path`.
    ///
    /// Object time tracking is off for every object this module creates, so writing the same
    /// content twice gives byte-identical files.
    /// - Parameter path: where to create the file (its directory must exist).
    /// - Returns: the open, writable file.
    public static func create(path: String) throws(HDF5Error) -> HDF5File {
        Library.prepareThread()
        let site = ErrorSite(file: path, object: nil)
        let fcpl = try PropertyLists.fileCreate(site)
        defer { _ = H5Pclose(fcpl) }
        let fapl = try PropertyLists.fileAccess(site)
        defer { _ = H5Pclose(fapl) }
        let id = H5Fcreate(path, flr_H5F_ACC_TRUNC(), fcpl, fapl)
        if id < 0 { throw site.libraryError("create file") }
        setCloseOnExec(id, fapl)
        return HDF5File(path: path, id: id, writable: true)
    }

    /// Opens an existing file.
    /// - Parameters:
    ///   - path: the file to open.
    ///   - writable: open for reading and writing (default: read-only).
    /// - Returns: the open file.
    public static func open(path: String, writable: Bool = false) throws(HDF5Error) -> HDF5File {
        Library.prepareThread()
        let site = ErrorSite(file: path, object: nil)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw site.error("open file", "no such file")
        }
        if isDirectory.boolValue { throw site.error("open file", "it is a directory") }
        let fapl = try PropertyLists.fileAccess(site)
        defer { _ = H5Pclose(fapl) }
        let id = H5Fopen(path, writable ? flr_H5F_ACC_RDWR() : flr_H5F_ACC_RDONLY(), fapl)
        if id < 0 {
            var detail = Library.takeErrorDetail() ?? "the HDF5 library reported a failure"
            if detail.contains("signature") {
                detail += " (this is not an HDF5 file)"
            } else if detail.contains("truncated") {
                detail += " (the file is incomplete: truncated or damaged)"
            }
            throw HDF5Error(operation: "open file", file: path, object: nil, detail: detail)
        }
        setCloseOnExec(id, fapl)
        return HDF5File(path: path, id: id, writable: writable)
    }

    /// Marks the file's descriptor close-on-exec, so that child processes started while the
    /// file is open (gnuplot, sbatch, …) do not keep it open.
    /// - Parameters:
    ///   - id: the open file.
    ///   - fapl: the access property list it was opened with (sec2 driver).
    private static func setCloseOnExec(_ id: hid_t, _ fapl: hid_t) {
        var handle: UnsafeMutableRawPointer?
        if H5Fget_vfd_handle(id, fapl, &handle) >= 0, let handle {
            let descriptor = handle.load(as: Int32.self)
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        } else {
            _ = Library.takeErrorDetail()
        }
    }

    /// The root group `/`.
    public var root: HDF5Group {
        HDF5Group(file: self, id: id, path: "/", ownsID: false)
    }

    /// Whether the file is still open.
    public var isOpen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !closed
    }

    /// Writes all buffered data of the file to disk.
    public func flush() throws(HDF5Error) {
        try ensureOpen("flush file", object: nil)
        let site = ErrorSite(file: path, object: nil)
        try site.status(H5Fflush(id, H5F_SCOPE_GLOBAL), "flush file")
    }

    /// Closes the file and every object of it that is still open. Calling it again does nothing.
    ///
    /// When it returns without throwing, the file is complete on disk.
    public func close() throws(HDF5Error) {
        try closeFile()
    }

    /// Throws unless the file is open; prepares the calling thread for HDF5 calls.
    /// - Parameters:
    ///   - operation: what is about to be done (for the message).
    ///   - object: the object path involved, if any.
    func ensureOpen(_ operation: String, object: String?) throws(HDF5Error) {
        Library.prepareThread()
        if !isOpen {
            throw HDF5Error(operation: operation, file: path, object: object, detail: "the file has been closed")
        }
    }

    private func closeFile() throws(HDF5Error) {
        lock.lock()
        defer { lock.unlock() }
        if closed { return }
        closed = true
        Library.prepareThread()
        if H5Fclose(id) < 0 { throw ErrorSite(file: path, object: nil).libraryError("close file") }
    }
}
