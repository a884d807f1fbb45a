internal import CHDF5

/// An open dataset: read its values, shape and kind; read and write its attributes.
///
/// `@unchecked Sendable`: see ``HDF5Object``.
public final class HDF5Dataset: HDF5Object, @unchecked Sendable {
    /// The dataset's shape and stored element kind.
    /// - Returns: the description.
    public func info() throws(HDF5Error) -> HDF5DatasetInfo {
        let operation = "inspect dataset"
        try ensureOpen(operation)
        let site = site()
        let type = try site.id(H5Dget_type(id), operation)
        defer { _ = H5Tclose(type) }
        let space = try site.id(H5Dget_space(id), operation)
        defer { _ = H5Sclose(space) }
        return HDF5DatasetInfo(shape: try Dataspace.shape(of: space, site, operation),
                               kind: HDF5ElementKind.of(type: type))
    }

    /// Reads all values, converting from the stored number type to `T`.
    ///
    /// Any numeric stored type can be read as any ``HDF5Scalar`` type as long as every value is
    /// represented: a value out of `T`'s range, a non-integer (or NaN, ±∞) read as an integer
    /// type, throws. Precision may be lost (e.g. `Int64` beyond 2⁵³ read as `Double`).
    /// - Parameter type: the Swift element type.
    /// - Returns: the shape and the values in row-major order.
    public func read<T: HDF5Scalar>(as type: T.Type) throws(HDF5Error) -> HDF5Array<T> {
        let operation = "read dataset"
        try ensureOpen(operation)
        let site = site()
        let (_, memoryType) = try checkedLayout(T.self, site, operation)
        let fileType = try site.id(H5Dget_type(id), operation)
        defer { _ = H5Tclose(fileType) }
        guard HDF5ElementKind.isNumeric(type: fileType) else {
            throw site.error(operation, "it does not hold numbers (stored type: \(HDF5ElementKind.of(type: fileType).rawValue)); cannot read it as \(T.self)")
        }
        let space = try site.id(H5Dget_space(id), operation)
        defer { _ = H5Sclose(space) }
        let shape = try Dataspace.shape(of: space, site, operation)
        let count = H5Sget_simple_extent_npoints(space)
        if count < 0 { throw site.libraryError(operation) }
        if count == 0 { return HDF5Array(shape: shape, values: []) }

        let dxpl = try site.id(H5Pcreate(flr_H5P_DATASET_XFER()), operation)
        defer { _ = H5Pclose(dxpl) }
        var exception: Int32 = -1
        var status: herr_t = 0
        let values = withUnsafeMutablePointer(to: &exception) { exceptionPointer in
            [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                // Elements are plain numbers (checked by `checkedLayout`): zero them first so that
                // the buffer is fully initialised even if the read fails part-way.
                UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
                initialized = buffer.count
                status = H5Pset_type_conv_cb(dxpl, conversionGuard, exceptionPointer)
                if status >= 0 {
                    status = H5Dread(id, memoryType, flr_H5S_ALL(), flr_H5S_ALL(), dxpl, buffer.baseAddress)
                }
            }
        }
        if status < 0 {
            if let reason = conversionFailure(exception, T.self) { throw site.error(operation, reason) }
            throw site.libraryError(operation)
        }
        return HDF5Array(shape: shape, values: values)
    }

    /// Reads a string dataset holding exactly one string (scalar or one element).
    /// - Returns: the string.
    public func readString() throws(HDF5Error) -> String {
        let strings = try readStrings()
        guard strings.count == 1 else {
            throw site().error("read string dataset", "it holds \(strings.count) strings, expected exactly one")
        }
        return strings[0]
    }

    /// Reads all strings of a string dataset (row-major).
    /// - Returns: the strings.
    public func readStrings() throws(HDF5Error) -> [String] {
        let operation = "read string dataset"
        try ensureOpen(operation)
        let site = site()
        let fileType = try site.id(H5Dget_type(id), operation)
        defer { _ = H5Tclose(fileType) }
        let space = try site.id(H5Dget_space(id), operation)
        defer { _ = H5Sclose(space) }
        let count = H5Sget_simple_extent_npoints(space)
        if count < 0 { throw site.libraryError(operation) }
        return try StringStorage.read(fileType: fileType, count: Int(count), site, operation,
            read: { H5Dread(id, $0, flr_H5S_ALL(), flr_H5S_ALL(), flr_H5P_DEFAULT(), $1) },
            reclaim: { _ = H5Dvlen_reclaim($0, space, flr_H5P_DEFAULT(), $1) })
    }
}

/// Conversion-exception callback installed on every dataset read: aborts the read instead of
/// letting HDF5 clamp out-of-range values or truncate fractions. The exception kind is stored
/// through the user-data pointer (an `Int32`).
private let conversionGuard: H5T_conv_except_func_t = { exception, _, _, _, _, userData in
    switch exception {
    case H5T_CONV_EXCEPT_RANGE_HI, H5T_CONV_EXCEPT_RANGE_LOW, H5T_CONV_EXCEPT_TRUNCATE,
         H5T_CONV_EXCEPT_PINF, H5T_CONV_EXCEPT_NINF, H5T_CONV_EXCEPT_NAN:
        userData?.assumingMemoryBound(to: Int32.self).pointee = Int32(exception.rawValue)
        return H5T_CONV_ABORT
    default:
        return H5T_CONV_UNHANDLED
    }
}

/// Explains a conversion exception recorded by `conversionGuard`.
/// - Parameters:
///   - code: the recorded exception (`-1` when none).
///   - type: the requested Swift type.
/// - Returns: the reason, or `nil` when no exception was recorded.
private func conversionFailure<T>(_ code: Int32, _ type: T.Type) -> String? {
    guard code >= 0 else { return nil }
    _ = H5Eclear2(flr_H5E_DEFAULT())
    switch H5T_conv_except_t(rawValue: UInt32(code)) {
    case H5T_CONV_EXCEPT_RANGE_HI, H5T_CONV_EXCEPT_RANGE_LOW:
        return "a stored value is out of the range of \(T.self)"
    case H5T_CONV_EXCEPT_TRUNCATE:
        return "a stored value is not an integer, so it cannot be read as \(T.self)"
    default:
        return "a stored value is NaN or infinite, so it cannot be read as \(T.self)"
    }
}
