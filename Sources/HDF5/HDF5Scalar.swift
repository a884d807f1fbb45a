internal import CHDF5

/// A Swift number type that can be stored in, and read from, HDF5 datasets and attributes.
///
/// Conforming types: `Double`, `Float`, `Int32`, `Int64`, `Int` (stored as a 64-bit integer)
/// and `UInt8`. Do not add conformances: the element layout must match `hdf5ElementKind`
/// exactly (this is checked at run time, and a mismatch throws).
public protocol HDF5Scalar: Sendable {
    /// How values of this type are stored.
    static var hdf5ElementKind: HDF5ElementKind { get }
}

extension Double: HDF5Scalar {
    /// Stored as `float64`.
    public static var hdf5ElementKind: HDF5ElementKind { .float64 }
}

extension Float: HDF5Scalar {
    /// Stored as `float32`.
    public static var hdf5ElementKind: HDF5ElementKind { .float32 }
}

extension Int32: HDF5Scalar {
    /// Stored as `int32`.
    public static var hdf5ElementKind: HDF5ElementKind { .int32 }
}

extension Int64: HDF5Scalar {
    /// Stored as `int64`.
    public static var hdf5ElementKind: HDF5ElementKind { .int64 }
}

extension Int: HDF5Scalar {
    /// Stored as `int64` (Swift's `Int` is 64 bits on every platform flrepro supports).
    public static var hdf5ElementKind: HDF5ElementKind { .int64 }
}

extension UInt8: HDF5Scalar {
    /// Stored as `uint8`.
    public static var hdf5ElementKind: HDF5ElementKind { .uint8 }
}

/// Checks that `T`'s in-memory layout matches its declared kind.
/// - Parameters:
///   - type: the Swift type.
///   - site: where, for the error message.
///   - operation: what is being attempted.
/// - Returns: the kind and its native memory type.
func checkedLayout<T: HDF5Scalar>(_ type: T.Type, _ site: ErrorSite, _ operation: String) throws(HDF5Error) -> (HDF5ElementKind, hid_t) {
    let kind = T.hdf5ElementKind
    guard let size = kind.byteSize, let memoryType = kind.memoryType,
          MemoryLayout<T>.size == size, MemoryLayout<T>.stride == size, _isPOD(T.self) else {
        throw site.error(operation, "\(T.self) does not have the memory layout of HDF5 element kind \(kind.rawValue)")
    }
    return (kind, memoryType)
}
