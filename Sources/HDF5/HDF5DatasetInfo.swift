/// Shape and element kind of a dataset.
public struct HDF5DatasetInfo: Sendable, Equatable {
    /// The extent of each dimension (`[]` for a scalar dataset).
    public var shape: [Int]
    /// The stored element kind.
    public var kind: HDF5ElementKind

    /// Creates a description.
    /// - Parameters:
    ///   - shape: the extents.
    ///   - kind: the element kind.
    public init(shape: [Int], kind: HDF5ElementKind) {
        self.shape = shape
        self.kind = kind
    }

    /// Number of elements (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}
