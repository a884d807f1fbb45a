internal import CHDF5

/// The element type of a dataset or attribute as stored in the file.
public enum HDF5ElementKind: String, Sendable, Equatable, CaseIterable {
    /// IEEE 754 binary64.
    case float64
    /// IEEE 754 binary32.
    case float32
    /// Signed 32-bit integer.
    case int32
    /// Signed 64-bit integer.
    case int64
    /// Unsigned 8-bit integer.
    case uint8
    /// A string (fixed or variable length).
    case string
    /// Anything else (other integer widths, compounds, references, …).
    case other
}

extension HDF5ElementKind {
    /// Size in bytes of one element in memory, for the numeric kinds.
    var byteSize: Int? {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .uint8: 1
        case .string, .other: nil
        }
    }

    /// Whether this is an integer kind.
    var isInteger: Bool { self == .int32 || self == .int64 || self == .uint8 }

    /// The native in-memory HDF5 type (not to be closed).
    var memoryType: hid_t? {
        switch self {
        case .float64: flr_H5T_NATIVE_DOUBLE()
        case .float32: flr_H5T_NATIVE_FLOAT()
        case .int32: flr_H5T_NATIVE_INT32()
        case .int64: flr_H5T_NATIVE_INT64()
        case .uint8: flr_H5T_NATIVE_UINT8()
        case .string, .other: nil
        }
    }

    /// The little-endian file type used when writing (not to be closed).
    var fileType: hid_t? {
        switch self {
        case .float64: flr_H5T_IEEE_F64LE()
        case .float32: flr_H5T_IEEE_F32LE()
        case .int32: flr_H5T_STD_I32LE()
        case .int64: flr_H5T_STD_I64LE()
        case .uint8: flr_H5T_STD_U8LE()
        case .string, .other: nil
        }
    }

    /// Classifies an HDF5 datatype.
    /// - Parameter type: an open datatype identifier.
    /// - Returns: its kind (`.other` when it is none of the named kinds).
    static func of(type: hid_t) -> HDF5ElementKind {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            return size == 8 ? .float64 : (size == 4 ? .float32 : .other)
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (signed, size) {
            case (true, 4): return .int32
            case (true, 8): return .int64
            case (false, 1): return .uint8
            default: return .other
            }
        case H5T_STRING:
            return .string
        default:
            return .other
        }
    }

    /// Whether an HDF5 datatype is numeric (integer or floating point, any width).
    static func isNumeric(type: hid_t) -> Bool {
        let typeClass = H5Tget_class(type)
        return typeClass == H5T_FLOAT || typeClass == H5T_INTEGER
    }
}
