internal import CHDF5

/// Creating and inspecting HDF5 dataspaces.
enum Dataspace {
    /// Creates a dataspace for `count` values of the given shape (caller closes it).
    /// - Parameters:
    ///   - shape: the extents; `[]` gives a scalar dataspace.
    ///   - count: the number of values supplied; must equal the product of `shape`.
    ///   - site: where, for error messages.
    ///   - operation: what is being attempted.
    /// - Returns: the dataspace identifier.
    static func create(shape: [Int], count: Int, _ site: ErrorSite, _ operation: String) throws(HDF5Error) -> hid_t {
        var product = 1
        for extent in shape {
            guard extent >= 0 else {
                throw site.error(operation, "shape \(shape) has a negative extent")
            }
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw site.error(operation, "shape \(shape) is too large") }
            product = next
        }
        guard product == count else {
            throw site.error(operation, "shape \(shape) holds \(product) value\(product == 1 ? "" : "s") but \(count) \(count == 1 ? "was" : "were") given")
        }
        guard shape.count <= 32 else { throw site.error(operation, "shape \(shape) has more than 32 dimensions") }
        if shape.isEmpty {
            return try site.id(H5Screate(H5S_SCALAR), operation)
        }
        let dims = shape.map { hsize_t($0) }
        return try site.id(H5Screate_simple(Int32(dims.count), dims, nil), operation)
    }

    /// The shape of a dataspace (`[]` for scalar; `[0]` for a null dataspace).
    /// - Parameters:
    ///   - space: the dataspace identifier.
    ///   - site: where, for error messages.
    ///   - operation: what is being attempted.
    /// - Returns: the extents.
    static func shape(of space: hid_t, _ site: ErrorSite, _ operation: String) throws(HDF5Error) -> [Int] {
        switch H5Sget_simple_extent_type(space) {
        case H5S_SCALAR: return []
        case H5S_NULL: return [0]
        case H5S_SIMPLE:
            let rank = H5Sget_simple_extent_ndims(space)
            if rank < 0 { throw site.libraryError(operation) }
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            if rank > 0, H5Sget_simple_extent_dims(space, &dims, nil) < 0 { throw site.libraryError(operation) }
            return dims.map { Int($0) }
        default:
            throw site.libraryError(operation, fallback: "unknown dataspace")
        }
    }
}
