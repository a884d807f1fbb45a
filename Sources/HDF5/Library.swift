internal import CHDF5

/// Process-wide and per-thread plumbing shared by every type of this module.
enum Library {
    /// Silences HDF5's automatic error-stack printing on the calling thread.
    ///
    /// In a thread-safe build of the library every thread has its own error stack and its own
    /// "auto" printing setting, so this is called at the start of every public entry point
    /// (it is cheap) instead of once per process.
    static func prepareThread() {
        _ = H5Eset_auto2(flr_H5E_DEFAULT(), nil, nil)
    }

    /// Reads and clears the calling thread's HDF5 error stack.
    /// - Returns: the innermost description (where the failure was first detected), if any.
    static func takeErrorDetail() -> String? {
        var messages: [String] = []
        withUnsafeMutablePointer(to: &messages) { pointer in
            _ = H5Ewalk2(flr_H5E_DEFAULT(), H5E_WALK_UPWARD, { _, entry, clientData in
                guard let entry, let clientData else { return 0 }
                let list = clientData.assumingMemoryBound(to: [String].self)
                if let desc = entry.pointee.desc {
                    list.pointee.append(String(cString: desc))
                } else {
                    var buffer = [CChar](repeating: 0, count: 256)
                    if H5Eget_msg(entry.pointee.min_num, nil, &buffer, buffer.count) > 0 {
                        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
                        list.pointee.append(String(decoding: bytes, as: UTF8.self))
                    }
                }
                return 0
            }, pointer)
        }
        _ = H5Eclear2(flr_H5E_DEFAULT())
        return messages.first { !$0.isEmpty }
    }
}

/// The file and object an operation is about; builds `HDF5Error`s and checks C return codes.
struct ErrorSite {
    /// Path of the HDF5 file, if any.
    var file: String?
    /// Path of the object inside the file, if any.
    var object: String?

    /// An error whose detail is taken from the HDF5 error stack.
    /// - Parameters:
    ///   - operation: what failed.
    ///   - fallback: the detail to use when the error stack is empty.
    /// - Returns: the error.
    func libraryError(_ operation: String, fallback: String = "the HDF5 library reported a failure") -> HDF5Error {
        HDF5Error(operation: operation, file: file, object: object,
                  detail: Library.takeErrorDetail() ?? fallback)
    }

    /// An error with a reason stated by this module (the HDF5 error stack is cleared).
    /// - Parameters:
    ///   - operation: what failed.
    ///   - reason: why.
    /// - Returns: the error.
    func error(_ operation: String, _ reason: String) -> HDF5Error {
        _ = H5Eclear2(flr_H5E_DEFAULT())
        return HDF5Error(operation: operation, file: file, object: object, detail: reason)
    }

    /// Checks an identifier returned by the C library.
    /// - Parameters:
    ///   - value: the identifier (negative on failure).
    ///   - operation: what was attempted.
    /// - Returns: `value` when valid.
    @discardableResult
    func id(_ value: hid_t, _ operation: @autoclosure () -> String) throws(HDF5Error) -> hid_t {
        if value < 0 { throw libraryError(operation()) }
        return value
    }

    /// Checks a status code returned by the C library.
    /// - Parameters:
    ///   - value: the status (negative on failure).
    ///   - operation: what was attempted.
    func status(_ value: herr_t, _ operation: @autoclosure () -> String) throws(HDF5Error) {
        if value < 0 { throw libraryError(operation()) }
    }
}

/// Factories for the property lists this module uses. Every returned list must be closed
/// by the caller with `H5Pclose`.
enum PropertyLists {
    /// File creation: object time tracking off for the root group.
    ///
    /// The root group is created with the file creation property list (a subclass of the group
    /// creation class), so turning time tracking off here keeps timestamps out of its header.
    static func fileCreate(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_FILE_CREATE()), "create a file creation property list")
        if H5Pset_obj_track_times(list, false) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("turn off object time tracking")
        }
        return list
    }

    /// File access: format bounds, close degree and file locking.
    ///
    /// - Format bounds `[V18, V110]`: the lower bound 1.8 gives version-2 object headers,
    ///   link messages and dense attribute storage (no 64 KiB limit on an object's attributes),
    ///   all readable by every HDF5 ≥ 1.8 and by h5py; the upper bound pins the format to what
    ///   this 1.10 library writes, so a later library upgrade cannot silently change the bytes
    ///   written for identical content, and 1.10 readers can always open our files.
    /// - Close degree STRONG: `HDF5File.close()` really closes the file (and every object
    ///   still open in it), so a file is complete on disk when `close()` returns — the store
    ///   renames files into place right after closing them.
    /// - File locking off. HDF5's `flock` locks belong to the open file description, so a child
    ///   process spawned while a file is open (gnuplot, sbatch, h5dump, …) inherits the lock and
    ///   later opens of that file fail with "unable to lock file" until the child exits; the
    ///   locks also fail outright on many cluster file systems. flrepro never has two writers on
    ///   one file: the store writes a unique temporary file and renames it into place, and the
    ///   executor has its own task locks.
    static func fileAccess(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_FILE_ACCESS()), "create a file access property list")
        do throws(HDF5Error) {
            try site.status(H5Pset_libver_bounds(list, H5F_LIBVER_V18, H5F_LIBVER_V110), "set the file format bounds")
            try site.status(H5Pset_fclose_degree(list, H5F_CLOSE_STRONG), "set the file close degree")
            try site.status(H5Pset_file_locking(list, false, true), "turn off file locking")
        } catch {
            _ = H5Pclose(list)
            throw error
        }
        return list
    }

    /// Group creation: object time tracking off.
    static func groupCreate(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_GROUP_CREATE()), "create a group creation property list")
        if H5Pset_obj_track_times(list, false) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("turn off object time tracking")
        }
        return list
    }

    /// Dataset creation: object time tracking off (contiguous layout, the default).
    static func datasetCreate(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_DATASET_CREATE()), "create a dataset creation property list")
        if H5Pset_obj_track_times(list, false) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("turn off object time tracking")
        }
        return list
    }

    /// Link creation: link names are UTF-8. Intermediate groups are *not* created by the
    /// library (it would create them with default, time-tracking property lists); this module
    /// creates them itself.
    static func linkCreate(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_LINK_CREATE()), "create a link creation property list")
        if H5Pset_char_encoding(list, H5T_CSET_UTF8) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("set the link name encoding")
        }
        return list
    }

    /// Attribute creation: attribute names are UTF-8.
    static func attributeCreate(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(flr_H5P_ATTRIBUTE_CREATE()), "create an attribute creation property list")
        if H5Pset_char_encoding(list, H5T_CSET_UTF8) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("set the attribute name encoding")
        }
        return list
    }

    /// Access list for opening datasets, groups or querying links: external links are followed
    /// read-only, so reading through a link never needs (or takes) write access to its target.
    /// - Parameter accessClass: `H5P_DATASET_ACCESS`, `H5P_GROUP_ACCESS` or `H5P_LINK_ACCESS`.
    static func access(_ accessClass: hid_t, _ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let list = try site.id(H5Pcreate(accessClass), "create an access property list")
        if H5Pset_elink_acc_flags(list, flr_H5F_ACC_RDONLY()) < 0 {
            _ = H5Pclose(list)
            throw site.libraryError("set external link access flags")
        }
        return list
    }
}
