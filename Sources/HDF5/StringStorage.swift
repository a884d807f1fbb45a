internal import CHDF5
import Foundation

/// Reading and writing strings, shared by datasets and attributes.
///
/// Strings are written as variable-length, UTF-8, NUL-terminated HDF5 strings (h5py reads such
/// attributes as `str`). Both variable- and fixed-length strings, ASCII or UTF-8, are read.
enum StringStorage {
    /// Creates the variable-length UTF-8 string type this module writes (caller closes it).
    /// - Parameter site: where, for error messages.
    /// - Returns: the datatype identifier.
    static func makeVariableUTF8Type(_ site: ErrorSite) throws(HDF5Error) -> hid_t {
        let type = try site.id(H5Tcopy(flr_H5T_C_S1()), "create a string type")
        if H5Tset_size(type, flr_H5T_VARIABLE()) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0
            || H5Tset_strpad(type, H5T_STR_NULLTERM) < 0 {
            _ = H5Tclose(type)
            throw site.libraryError("create a string type")
        }
        return type
    }

    /// Checks that strings can be stored (HDF5 strings end at the first NUL).
    /// - Parameters:
    ///   - values: the strings.
    ///   - site: where, for error messages.
    ///   - operation: what is being attempted.
    static func validate(_ values: [String], _ site: ErrorSite, _ operation: String) throws(HDF5Error) {
        for value in values where value.utf8.contains(0) {
            throw site.error(operation, "the string contains a NUL character, which HDF5 strings cannot hold")
        }
    }

    /// Calls `body` with an array of C string pointers for `values`, valid during the call.
    /// - Parameters:
    ///   - values: the strings.
    ///   - body: receives a pointer to `values.count` C string pointers.
    /// - Returns: `body`'s result.
    static func withCStringPointers(_ values: [String], _ body: (UnsafeRawPointer) -> herr_t) -> herr_t {
        var copies: [UnsafeMutablePointer<CChar>?] = values.map { strdup($0) }
        defer { for copy in copies { free(copy) } }
        if copies.contains(where: { $0 == nil }) { return -1 }
        return copies.withUnsafeMutableBufferPointer { buffer in
            body(UnsafeRawPointer(buffer.baseAddress!))
        }
    }

    /// Reads all strings of a dataset or attribute.
    /// - Parameters:
    ///   - fileType: the stored datatype (must be of string class; not closed here).
    ///   - count: the number of elements.
    ///   - site: where, for error messages.
    ///   - operation: what is being attempted.
    ///   - read: performs `H5Dread`/`H5Aread` with the given memory type into the given buffer.
    ///   - reclaim: frees variable-length data read with the given memory type into the buffer.
    /// - Returns: the strings, in storage order.
    static func read(fileType: hid_t, count: Int, _ site: ErrorSite, _ operation: String,
                     read: (hid_t, UnsafeMutableRawPointer) -> herr_t,
                     reclaim: (hid_t, UnsafeMutableRawPointer) -> Void) throws(HDF5Error) -> [String] {
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw site.error(operation, "it does not hold strings (stored type: \(HDF5ElementKind.of(type: fileType).rawValue))")
        }
        if count == 0 { return [] }
        let cset = H5Tget_cset(fileType)
        let isVariable = H5Tis_variable_str(fileType)
        if isVariable < 0 { throw site.libraryError(operation) }
        if isVariable > 0 {
            let memoryType = try site.id(H5Tcopy(flr_H5T_C_S1()), operation)
            defer { _ = H5Tclose(memoryType) }
            if H5Tset_size(memoryType, flr_H5T_VARIABLE()) < 0 || H5Tset_cset(memoryType, cset) < 0 {
                throw site.libraryError(operation)
            }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBufferPointer { buffer in
                read(memoryType, UnsafeMutableRawPointer(buffer.baseAddress!))
            }
            if status < 0 { throw site.libraryError(operation) }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            pointers.withUnsafeMutableBufferPointer { buffer in
                reclaim(memoryType, UnsafeMutableRawPointer(buffer.baseAddress!))
            }
            return strings
        } else {
            let size = H5Tget_size(fileType)
            if size == 0 { throw site.libraryError(operation) }
            let memoryType = try site.id(H5Tcopy(fileType), operation)
            defer { _ = H5Tclose(memoryType) }
            let padding = H5Tget_strpad(fileType)
            var bytes = [UInt8](repeating: 0, count: size * count)
            let status = bytes.withUnsafeMutableBytes { read(memoryType, $0.baseAddress!) }
            if status < 0 { throw site.libraryError(operation) }
            return (0..<count).map { index in
                var element = bytes[(index * size)..<((index + 1) * size)]
                if padding == H5T_STR_SPACEPAD {
                    while let last = element.last, last == 0x20 || last == 0 { element = element.dropLast() }
                } else if let end = element.firstIndex(of: 0) {
                    element = element[..<end]
                }
                return String(decoding: element, as: UTF8.self)
            }
        }
    }
}
