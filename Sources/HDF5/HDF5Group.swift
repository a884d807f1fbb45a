internal import CHDF5

/// An open group (the root group included): create and open children, write and read datasets,
/// list members, make external links; attributes come from ``HDF5Object``.
///
/// Names may be relative ("x", "a/b/c") or absolute ("/a/b/c"). When creating a group, a
/// dataset or a link, missing intermediate groups are created (with time tracking off, like
/// every object this module creates). Creating something whose name already exists throws.
///
/// `@unchecked Sendable`: see ``HDF5Object``.
public final class HDF5Group: HDF5Object, @unchecked Sendable {
    // MARK: Groups

    /// Creates a new group, creating missing intermediate groups.
    /// - Parameter name: the new group's name or path.
    /// - Returns: the open group.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let operation = "create group"
        try ensureWritable(operation, name)
        let site = site(name)
        try prepareCreation(name, site, operation)
        let gcpl = try PropertyLists.groupCreate(site)
        defer { _ = H5Pclose(gcpl) }
        let lcpl = try PropertyLists.linkCreate(site)
        defer { _ = H5Pclose(lcpl) }
        let group = try site.id(H5Gcreate2(id, name, lcpl, gcpl, flr_H5P_DEFAULT()), operation)
        return HDF5Group(file: file, id: group, path: childPath(name), ownsID: true)
    }

    /// Opens an existing group (following soft and external links).
    /// - Parameter name: the group's name or path.
    /// - Returns: the open group.
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        let operation = "open group"
        try ensureOpen(operation, name)
        let site = site(name)
        guard contains(name) else { throw site.error(operation, "no such group") }
        let gapl = try PropertyLists.access(flr_H5P_GROUP_ACCESS(), site)
        defer { _ = H5Pclose(gapl) }
        let group = try site.id(H5Gopen2(id, name, gapl), operation)
        return HDF5Group(file: file, id: group, path: childPath(name), ownsID: true)
    }

    /// Opens a group, creating it (and missing intermediate groups) if it does not exist.
    /// - Parameter name: the group's name or path.
    /// - Returns: the open group.
    public func ensureGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        try contains(name) ? group(name) : createGroup(name)
    }

    // MARK: Links and members

    /// Whether a link with this name (or path) exists. A dangling soft or external link counts
    /// as existing. Returns `false` when the file is closed.
    /// - Parameter name: the name or path.
    /// - Returns: `true` if every component of the path exists.
    public func contains(_ name: String) -> Bool {
        guard (try? ensureOpen("look up")) != nil else { return false }
        return linkExists(name)
    }

    /// The links of this group, sorted by name; links are not followed.
    /// - Returns: each link's name and what it points to.
    public func members() throws(HDF5Error) -> [HDF5Member] {
        let operation = "list members of group"
        try ensureOpen(operation)
        let site = site()
        var links: [(name: String, type: H5L_type_t)] = []
        let status = withUnsafeMutablePointer(to: &links) { pointer in
            H5Literate(id, H5_INDEX_NAME, H5_ITER_INC, nil, { _, name, info, data in
                guard let name, let info, let data else { return -1 }
                data.assumingMemoryBound(to: [(name: String, type: H5L_type_t)].self)
                    .pointee.append((String(cString: name), info.pointee.type))
                return 0
            }, pointer)
        }
        try site.status(status, operation)
        let lapl = try PropertyLists.access(flr_H5P_LINK_ACCESS(), site)
        defer { _ = H5Pclose(lapl) }
        var members: [HDF5Member] = []
        for link in links {
            let kind: HDF5MemberKind
            switch link.type {
            case H5L_TYPE_EXTERNAL: kind = .externalLink
            case H5L_TYPE_SOFT: kind = .softLink
            case H5L_TYPE_HARD:
                var info = H5O_info_t()
                try site.status(H5Oget_info_by_name2(id, link.name, &info, flr_H5O_INFO_BASIC(), lapl), operation)
                switch info.type {
                case H5O_TYPE_GROUP: kind = .group
                case H5O_TYPE_DATASET: kind = .dataset
                default: kind = .other
                }
            default: kind = .other
            }
            members.append(HDF5Member(name: link.name, kind: kind))
        }
        return members.sorted { $0.name < $1.name }
    }

    /// Creates an external link to an object in another file.
    ///
    /// A relative `file` is resolved by HDF5 when the link is followed: first relative to the
    /// directory of the file holding the link, then relative to the current directory.
    /// - Parameters:
    ///   - name: the link's name or path in this group (missing intermediate groups are created).
    ///   - file: the target file path, stored as given.
    ///   - object: the absolute object path inside the target file.
    public func createExternalLink(_ name: String, file targetFile: String, object: String) throws(HDF5Error) {
        let operation = "create external link"
        try ensureWritable(operation, name)
        let site = site(name)
        if targetFile.isEmpty || object.isEmpty {
            throw site.error(operation, "the target file and object must not be empty")
        }
        try prepareCreation(name, site, operation)
        let lcpl = try PropertyLists.linkCreate(site)
        defer { _ = H5Pclose(lcpl) }
        try site.status(H5Lcreate_external(targetFile, object, id, name, lcpl, flr_H5P_DEFAULT()), operation)
    }

    /// Creates a soft link (a path inside this file, resolved when the link is followed).
    /// - Parameters:
    ///   - name: the link's name or path in this group (missing intermediate groups are created).
    ///   - target: the path the link points to; it need not exist yet.
    public func createSoftLink(_ name: String, target: String) throws(HDF5Error) {
        let operation = "create soft link"
        try ensureWritable(operation, name)
        let site = site(name)
        if target.isEmpty { throw site.error(operation, "the target path must not be empty") }
        try prepareCreation(name, site, operation)
        let lcpl = try PropertyLists.linkCreate(site)
        defer { _ = H5Pclose(lcpl) }
        try site.status(H5Lcreate_soft(target, id, name, lcpl, flr_H5P_DEFAULT()), operation)
    }

    /// Where an external link points (the link is not followed).
    /// - Parameter name: the link's name or path.
    /// - Returns: the target file (as stored) and object path.
    public func externalLinkTarget(_ name: String) throws(HDF5Error) -> HDF5ExternalLinkTarget {
        let operation = "read external link"
        try ensureOpen(operation, name)
        let site = site(name)
        guard linkExists(name) else { throw site.error(operation, "no such link") }
        let lapl = try PropertyLists.access(flr_H5P_LINK_ACCESS(), site)
        defer { _ = H5Pclose(lapl) }
        var info = H5L_info_t()
        try site.status(H5Lget_info(id, name, &info, lapl), operation)
        guard info.type == H5L_TYPE_EXTERNAL else { throw site.error(operation, "it is not an external link") }
        var buffer = [UInt8](repeating: 0, count: info.u.val_size)
        var target: HDF5ExternalLinkTarget?
        let status = buffer.withUnsafeMutableBytes { bytes -> herr_t in
            guard H5Lget_val(id, name, bytes.baseAddress, bytes.count, lapl) >= 0 else { return -1 }
            var flags: UInt32 = 0
            var filePointer: UnsafePointer<CChar>?
            var objectPointer: UnsafePointer<CChar>?
            guard H5Lunpack_elink_val(bytes.baseAddress, bytes.count, &flags, &filePointer, &objectPointer) >= 0,
                  let filePointer, let objectPointer else { return -1 }
            target = HDF5ExternalLinkTarget(file: String(cString: filePointer), object: String(cString: objectPointer))
            return 0
        }
        try site.status(status, operation)
        guard let target else { throw site.libraryError(operation) }
        return target
    }

    /// Removes a link (and, if it was the last link to it, the object) from this group.
    ///
    /// The file does not shrink: space freed inside a file is not returned to the file system.
    /// - Parameter name: the link's name or path.
    public func removeMember(_ name: String) throws(HDF5Error) {
        let operation = "remove"
        try ensureWritable(operation, name)
        let site = site(name)
        guard linkExists(name) else { throw site.error(operation, "no such member") }
        try site.status(H5Ldelete(id, name, flr_H5P_DEFAULT()), operation)
    }

    // MARK: Datasets

    /// Writes a new numeric dataset (contiguous, little-endian, no compression).
    /// - Parameters:
    ///   - name: the dataset's name or path (missing intermediate groups are created).
    ///   - values: the values in row-major (C) order.
    ///   - shape: the extents; `[]` writes a scalar dataset. Their product must equal `values.count`.
    /// - Returns: the open dataset (e.g. to set attributes on it).
    @discardableResult
    public func writeDataset<T: HDF5Scalar>(_ name: String, _ values: [T], shape: [Int]) throws(HDF5Error) -> HDF5Dataset {
        let operation = "write dataset"
        try ensureWritable(operation, name)
        let site = site(name)
        let (kind, memoryType) = try checkedLayout(T.self, site, operation)
        let space = try Dataspace.create(shape: shape, count: values.count, site, operation)
        defer { _ = H5Sclose(space) }
        return try createDataset(name, fileType: kind.fileType!, space: space, site, operation) { dataset in
            values.isEmpty ? 0 : values.withUnsafeBytes {
                H5Dwrite(dataset, memoryType, flr_H5S_ALL(), flr_H5S_ALL(), flr_H5P_DEFAULT(), $0.baseAddress)
            }
        }
    }

    /// Writes a new numeric dataset from an ``HDF5Array``.
    /// - Parameters:
    ///   - name: the dataset's name or path.
    ///   - array: the shape and values.
    /// - Returns: the open dataset.
    @discardableResult
    public func writeDataset<T: HDF5Scalar>(_ name: String, _ array: HDF5Array<T>) throws(HDF5Error) -> HDF5Dataset {
        try writeDataset(name, array.values, shape: array.shape)
    }

    /// Writes a new scalar string dataset (variable-length UTF-8).
    /// - Parameters:
    ///   - name: the dataset's name or path.
    ///   - value: the string (must not contain NUL).
    /// - Returns: the open dataset.
    @discardableResult
    public func writeStringDataset(_ name: String, _ value: String) throws(HDF5Error) -> HDF5Dataset {
        try writeStrings(name, [value], shape: [])
    }

    /// Writes a new one-dimensional string dataset (variable-length UTF-8).
    /// - Parameters:
    ///   - name: the dataset's name or path.
    ///   - values: the strings (none may contain NUL).
    /// - Returns: the open dataset.
    @discardableResult
    public func writeStringDataset(_ name: String, _ values: [String]) throws(HDF5Error) -> HDF5Dataset {
        try writeStrings(name, values, shape: [values.count])
    }

    /// Opens an existing dataset (following soft and external links).
    /// - Parameter name: the dataset's name or path.
    /// - Returns: the open dataset.
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        let operation = "open dataset"
        try ensureOpen(operation, name)
        let site = site(name)
        guard linkExists(name) else { throw site.error(operation, "no such dataset") }
        let dapl = try PropertyLists.access(flr_H5P_DATASET_ACCESS(), site)
        defer { _ = H5Pclose(dapl) }
        let dataset = try site.id(H5Dopen2(id, name, dapl), operation)
        return HDF5Dataset(file: file, id: dataset, path: childPath(name), ownsID: true)
    }

    /// Reads a numeric dataset, converting to `T` (see ``HDF5Dataset/read(as:)``).
    /// - Parameters:
    ///   - name: the dataset's name or path.
    ///   - type: the Swift element type.
    /// - Returns: the shape and values (row-major).
    public func readDataset<T: HDF5Scalar>(_ name: String, as type: T.Type) throws(HDF5Error) -> HDF5Array<T> {
        try dataset(name).read(as: type)
    }

    /// The shape and element kind of a dataset.
    /// - Parameter name: the dataset's name or path.
    /// - Returns: the description.
    public func datasetInfo(_ name: String) throws(HDF5Error) -> HDF5DatasetInfo {
        try dataset(name).info()
    }

    /// Reads a string dataset holding exactly one string.
    /// - Parameter name: the dataset's name or path.
    /// - Returns: the string.
    public func readStringDataset(_ name: String) throws(HDF5Error) -> String {
        try dataset(name).readString()
    }

    /// Reads all strings of a string dataset (row-major).
    /// - Parameter name: the dataset's name or path.
    /// - Returns: the strings.
    public func readStringArrayDataset(_ name: String) throws(HDF5Error) -> [String] {
        try dataset(name).readStrings()
    }

    // MARK: - Internals

    /// Whether every component of a path exists as a link (checked one level at a time, since
    /// `H5Lexists` fails rather than answering `false` when an intermediate group is missing).
    private func linkExists(_ name: String) -> Bool {
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        if components.isEmpty { return name.hasPrefix("/") || name == "." }
        let lapl = H5Pcreate(flr_H5P_LINK_ACCESS())
        defer { if lapl >= 0 { _ = H5Pclose(lapl) } }
        if lapl < 0 || H5Pset_elink_acc_flags(lapl, flr_H5F_ACC_RDONLY()) < 0 {
            _ = H5Eclear2(flr_H5E_DEFAULT())
            return false
        }
        var prefix = name.hasPrefix("/") ? "/" : ""
        for (index, component) in components.enumerated() {
            prefix += (index == 0 ? "" : "/") + component
            let exists = H5Lexists(id, prefix, lapl)
            if exists <= 0 {
                if exists < 0 { _ = H5Eclear2(flr_H5E_DEFAULT()) }
                return false
            }
        }
        return true
    }

    /// Checks that `name` is free and creates its missing intermediate groups.
    private func prepareCreation(_ name: String, _ site: ErrorSite, _ operation: String) throws(HDF5Error) {
        let components = name.split(separator: "/", omittingEmptySubsequences: true)
        guard let last = components.last, last != ".", last != ".." else {
            throw site.error(operation, "'\(name)' is not a valid name")
        }
        if linkExists(name) { throw site.error(operation, "an object with this name already exists") }
        guard components.count > 1 else { return }
        let gcpl = try PropertyLists.groupCreate(site)
        defer { _ = H5Pclose(gcpl) }
        let lcpl = try PropertyLists.linkCreate(site)
        defer { _ = H5Pclose(lcpl) }
        var prefix = name.hasPrefix("/") ? "/" : ""
        for (index, component) in components.dropLast().enumerated() {
            prefix += (index == 0 ? "" : "/") + component
            if linkExists(prefix) { continue }
            let group = H5Gcreate2(id, prefix, lcpl, gcpl, flr_H5P_DEFAULT())
            if group < 0 {
                throw ErrorSite(file: file.path, object: childPath(prefix)).libraryError("create intermediate group")
            }
            _ = H5Gclose(group)
        }
    }

    /// Creates a dataset and writes it with `write`; on failure the dataset is unlinked again.
    private func createDataset(_ name: String, fileType: hid_t, space: hid_t, _ site: ErrorSite,
                               _ operation: String, write: (hid_t) -> herr_t) throws(HDF5Error) -> HDF5Dataset {
        try prepareCreation(name, site, operation)
        let dcpl = try PropertyLists.datasetCreate(site)
        defer { _ = H5Pclose(dcpl) }
        let lcpl = try PropertyLists.linkCreate(site)
        defer { _ = H5Pclose(lcpl) }
        let dataset = try site.id(H5Dcreate2(id, name, fileType, space, lcpl, dcpl, flr_H5P_DEFAULT()), operation)
        if write(dataset) < 0 {
            let error = site.libraryError(operation)
            _ = H5Dclose(dataset)
            _ = H5Ldelete(id, name, flr_H5P_DEFAULT())
            _ = H5Eclear2(flr_H5E_DEFAULT())
            throw error
        }
        return HDF5Dataset(file: file, id: dataset, path: childPath(name), ownsID: true)
    }

    private func writeStrings(_ name: String, _ values: [String], shape: [Int]) throws(HDF5Error) -> HDF5Dataset {
        let operation = "write string dataset"
        try ensureWritable(operation, name)
        let site = site(name)
        try StringStorage.validate(values, site, operation)
        let type = try StringStorage.makeVariableUTF8Type(site)
        defer { _ = H5Tclose(type) }
        let space = try Dataspace.create(shape: shape, count: values.count, site, operation)
        defer { _ = H5Sclose(space) }
        return try createDataset(name, fileType: type, space: space, site, operation) { dataset in
            values.isEmpty ? 0 : StringStorage.withCStringPointers(values) {
                H5Dwrite(dataset, type, flr_H5S_ALL(), flr_H5S_ALL(), flr_H5P_DEFAULT(), $0)
            }
        }
    }
}
