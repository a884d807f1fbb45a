internal import CHDF5

/// Attributes of groups (the root group included) and datasets.
///
/// Setting an attribute that already exists replaces it. Strings are stored as variable-length
/// UTF-8 strings (h5py reads them as `str`); numbers as little-endian `float64` / `int64`.
extension HDF5Object {
    /// Sets a string attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the string (UTF-8; must not contain NUL).
    public func setAttribute(_ name: String, _ value: String) throws(HDF5Error) {
        try writeStringAttribute(name, [value], scalar: true)
    }

    /// Sets a one-dimensional string-array attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - values: the strings (UTF-8; none may contain NUL).
    public func setAttribute(_ name: String, _ values: [String]) throws(HDF5Error) {
        try writeStringAttribute(name, values, scalar: false)
    }

    /// Sets a scalar `float64` attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the value.
    public func setAttribute(_ name: String, _ value: Double) throws(HDF5Error) {
        try setAttribute(name, [value], shape: [])
    }

    /// Sets a scalar `int64` attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the value.
    public func setAttribute(_ name: String, _ value: Int64) throws(HDF5Error) {
        try setAttribute(name, [value], shape: [])
    }

    /// Sets a scalar `int64` attribute (so that integer literals need no annotation).
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - value: the value.
    public func setAttribute(_ name: String, _ value: Int) throws(HDF5Error) {
        try setAttribute(name, [Int64(value)], shape: [])
    }

    /// Sets a one-dimensional `float64` attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - values: the values.
    public func setAttribute(_ name: String, _ values: [Double]) throws(HDF5Error) {
        try setAttribute(name, values, shape: [values.count])
    }

    /// Sets a one-dimensional `int64` attribute.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - values: the values.
    public func setAttribute(_ name: String, _ values: [Int64]) throws(HDF5Error) {
        try setAttribute(name, values, shape: [values.count])
    }

    /// Sets a one-dimensional `int64` attribute (so that integer array literals need no annotation).
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - values: the values.
    public func setAttribute(_ name: String, _ values: [Int]) throws(HDF5Error) {
        try setAttribute(name, values, shape: [values.count])
    }

    /// Sets a numeric attribute of any shape.
    /// - Parameters:
    ///   - name: the attribute name.
    ///   - values: the values in row-major order.
    ///   - shape: the extents (`[]` for a scalar); their product must equal `values.count`.
    public func setAttribute<T: HDF5Scalar>(_ name: String, _ values: [T], shape: [Int]) throws(HDF5Error) {
        let operation = "write attribute '\(name)' of"
        try ensureWritable(operation)
        let site = site()
        let (kind, memoryType) = try checkedLayout(T.self, site, operation)
        let space = try Dataspace.create(shape: shape, count: values.count, site, operation)
        defer { _ = H5Sclose(space) }
        try createAttribute(name, fileType: kind.fileType!, space: space, operation) { attribute in
            values.isEmpty ? 0 : values.withUnsafeBytes { H5Awrite(attribute, memoryType, $0.baseAddress!) }
        }
    }

    /// Reads a string attribute (fixed- or variable-length, scalar or one element).
    /// - Parameter name: the attribute name.
    /// - Returns: the string.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        let operation = "read string attribute '\(name)' of"
        let strings = try readStringAttribute(name, operation)
        guard strings.count == 1 else {
            throw site().error(operation, "it holds \(strings.count) strings, expected exactly one")
        }
        return strings[0]
    }

    /// Reads a string-array attribute (any shape, flattened in row-major order).
    /// - Parameter name: the attribute name.
    /// - Returns: the strings.
    public func stringArrayAttribute(_ name: String) throws(HDF5Error) -> [String] {
        try readStringAttribute(name, "read string attribute '\(name)' of")
    }

    /// Reads a numeric attribute holding exactly one value, as `Double`.
    /// - Parameter name: the attribute name.
    /// - Returns: the value (integers are converted).
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        let operation = "read numeric attribute '\(name)' of"
        let values = try readDoubles(name, operation)
        guard values.count == 1 else {
            throw site().error(operation, "it holds \(values.count) values, expected exactly one")
        }
        return values[0]
    }

    /// Reads an integer attribute holding exactly one value.
    /// - Parameter name: the attribute name.
    /// - Returns: the value. A floating-point attribute is accepted only if its value is an
    ///   integer that fits in `Int64`.
    public func intAttribute(_ name: String) throws(HDF5Error) -> Int64 {
        let operation = "read integer attribute '\(name)' of"
        let values = try readInts(name, operation)
        guard values.count == 1 else {
            throw site().error(operation, "it holds \(values.count) values, expected exactly one")
        }
        return values[0]
    }

    /// Reads a numeric attribute of any shape as `Double`s (row-major).
    /// - Parameter name: the attribute name.
    /// - Returns: the values.
    public func doubleArrayAttribute(_ name: String) throws(HDF5Error) -> [Double] {
        try readDoubles(name, "read numeric attribute '\(name)' of")
    }

    /// Reads an integer attribute of any shape as `Int64`s (row-major).
    /// - Parameter name: the attribute name.
    /// - Returns: the values (floating-point values must be integers that fit in `Int64`).
    public func intArrayAttribute(_ name: String) throws(HDF5Error) -> [Int64] {
        try readInts(name, "read integer attribute '\(name)' of")
    }

    /// Whether an attribute exists.
    /// - Parameter name: the attribute name.
    /// - Returns: `true` if this object has the attribute (`false` also when the file is closed).
    public func hasAttribute(_ name: String) -> Bool {
        guard (try? ensureOpen("look up attribute")) != nil else { return false }
        let exists = H5Aexists(id, name)
        if exists < 0 { _ = Library.takeErrorDetail() }
        return exists > 0
    }

    /// Deletes an attribute.
    /// - Parameter name: the attribute name (it must exist).
    public func deleteAttribute(_ name: String) throws(HDF5Error) {
        let operation = "delete attribute '\(name)' of"
        try ensureWritable(operation)
        try requireAttribute(name, operation)
        try site().status(H5Adelete(id, name), operation)
    }

    /// The names of all attributes, sorted.
    /// - Returns: the names.
    public func attributeNames() throws(HDF5Error) -> [String] {
        let operation = "list attributes of"
        try ensureOpen(operation)
        var names: [String] = []
        let status = withUnsafeMutablePointer(to: &names) { pointer in
            H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, nil, { _, name, _, data in
                guard let name, let data else { return -1 }
                data.assumingMemoryBound(to: [String].self).pointee.append(String(cString: name))
                return 0
            }, pointer)
        }
        try site().status(status, operation)
        return names.sorted()
    }

    // MARK: - Internals

    /// Throws "no such attribute" unless the attribute exists.
    private func requireAttribute(_ name: String, _ operation: String) throws(HDF5Error) {
        let exists = H5Aexists(id, name)
        if exists < 0 { throw site().libraryError(operation) }
        if exists == 0 { throw site().error(operation, "no such attribute") }
    }

    /// Creates (replacing) an attribute and writes it with `write`; on failure nothing is left.
    private func createAttribute(_ name: String, fileType: hid_t, space: hid_t, _ operation: String,
                                 write: (hid_t) -> herr_t) throws(HDF5Error) {
        let site = site()
        if name.isEmpty { throw site.error(operation, "attribute names must not be empty") }
        let exists = H5Aexists(id, name)
        if exists < 0 { throw site.libraryError(operation) }
        if exists > 0 { try site.status(H5Adelete(id, name), operation) }
        let acpl = try PropertyLists.attributeCreate(site)
        defer { _ = H5Pclose(acpl) }
        let attribute = try site.id(H5Acreate2(id, name, fileType, space, acpl, flr_H5P_DEFAULT()), operation)
        if write(attribute) < 0 {
            let error = site.libraryError(operation)
            _ = H5Aclose(attribute)
            _ = H5Adelete(id, name)
            _ = H5Eclear2(flr_H5E_DEFAULT())
            throw error
        }
        try site.status(H5Aclose(attribute), operation)
    }

    private func writeStringAttribute(_ name: String, _ values: [String], scalar: Bool) throws(HDF5Error) {
        let operation = "write attribute '\(name)' of"
        try ensureWritable(operation)
        let site = site()
        try StringStorage.validate(values, site, operation)
        let type = try StringStorage.makeVariableUTF8Type(site)
        defer { _ = H5Tclose(type) }
        let space = try Dataspace.create(shape: scalar ? [] : [values.count], count: values.count, site, operation)
        defer { _ = H5Sclose(space) }
        try createAttribute(name, fileType: type, space: space, operation) { attribute in
            values.isEmpty ? 0 : StringStorage.withCStringPointers(values) { H5Awrite(attribute, type, $0) }
        }
    }

    /// Opens an attribute and calls `body` with (attribute, stored type, element count).
    private func withAttribute<R>(_ name: String, _ operation: String,
                                  _ body: (hid_t, hid_t, Int) throws(HDF5Error) -> R) throws(HDF5Error) -> R {
        try ensureOpen(operation)
        try requireAttribute(name, operation)
        let site = site()
        let attribute = try site.id(H5Aopen(id, name, flr_H5P_DEFAULT()), operation)
        defer { _ = H5Aclose(attribute) }
        let type = try site.id(H5Aget_type(attribute), operation)
        defer { _ = H5Tclose(type) }
        let space = try site.id(H5Aget_space(attribute), operation)
        defer { _ = H5Sclose(space) }
        let count = H5Sget_simple_extent_npoints(space)
        if count < 0 { throw site.libraryError(operation) }
        return try body(attribute, type, Int(count))
    }

    private func readStringAttribute(_ name: String, _ operation: String) throws(HDF5Error) -> [String] {
        let site = site()
        return try withAttribute(name, operation) { (attribute, type, count) throws(HDF5Error) in
            let space = try site.id(H5Aget_space(attribute), operation)
            defer { _ = H5Sclose(space) }
            return try StringStorage.read(fileType: type, count: count, site, operation,
                read: { H5Aread(attribute, $0, $1) },
                reclaim: { _ = H5Dvlen_reclaim($0, space, flr_H5P_DEFAULT(), $1) })
        }
    }

    private func readDoubles(_ name: String, _ operation: String) throws(HDF5Error) -> [Double] {
        let site = site()
        return try withAttribute(name, operation) { (attribute, type, count) throws(HDF5Error) in
            guard HDF5ElementKind.isNumeric(type: type) else {
                throw site.error(operation, "it does not hold numbers (stored type: \(HDF5ElementKind.of(type: type).rawValue))")
            }
            var values = [Double](repeating: 0, count: count)
            if count > 0 {
                let status = values.withUnsafeMutableBytes { H5Aread(attribute, flr_H5T_NATIVE_DOUBLE(), $0.baseAddress!) }
                try site.status(status, operation)
            }
            return values
        }
    }

    private func readInts(_ name: String, _ operation: String) throws(HDF5Error) -> [Int64] {
        let site = site()
        return try withAttribute(name, operation) { (attribute, type, count) throws(HDF5Error) in
            let typeClass = H5Tget_class(type)
            if typeClass == H5T_INTEGER {
                var values = [Int64](repeating: 0, count: count)
                if count > 0 {
                    let status = values.withUnsafeMutableBytes { H5Aread(attribute, flr_H5T_NATIVE_INT64(), $0.baseAddress!) }
                    try site.status(status, operation)
                }
                return values
            }
            guard typeClass == H5T_FLOAT else {
                throw site.error(operation, "it does not hold numbers (stored type: \(HDF5ElementKind.of(type: type).rawValue))")
            }
            var doubles = [Double](repeating: 0, count: count)
            if count > 0 {
                let status = doubles.withUnsafeMutableBytes { H5Aread(attribute, flr_H5T_NATIVE_DOUBLE(), $0.baseAddress!) }
                try site.status(status, operation)
            }
            var values: [Int64] = []
            values.reserveCapacity(count)
            for value in doubles {
                guard let exact = Int64(exactly: value) else {
                    throw site.error(operation, "it holds the floating-point value \(value), which is not an Int64")
                }
                values.append(exact)
            }
            return values
        }
    }
}
