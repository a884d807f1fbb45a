/// An n-dimensional array read from (or written to) a dataset, in row-major (C) order.
///
/// `shape == []` is a scalar (one value). `values.count` is the product of `shape`.
public struct HDF5Array<T> {
    /// The extent of each dimension, slowest-varying first.
    public var shape: [Int]
    /// The elements in row-major order.
    public var values: [T]

    /// Creates an array.
    /// - Parameters:
    ///   - shape: the extents (`[]` for a scalar).
    ///   - values: the elements in row-major order.
    public init(shape: [Int], values: [T]) {
        self.shape = shape
        self.values = values
    }

    /// The single value of a scalar or one-element array, otherwise `nil`.
    public var scalar: T? { values.count == 1 ? values[0] : nil }
}

extension HDF5Array: Sendable where T: Sendable {}
extension HDF5Array: Equatable where T: Equatable {}
