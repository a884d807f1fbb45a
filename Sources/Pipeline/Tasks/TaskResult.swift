/// What a task produces: named n-dimensional arrays (row-major, Double),
/// named scalars and string attributes. Stored as one HDF5 file.
public struct TaskResult: Sendable, Equatable {
    public var arrays: [String: NDArray]
    public var scalars: [String: Double]
    public var attributes: [String: String]

    public init(arrays: [String: NDArray] = [:], scalars: [String: Double] = [:], attributes: [String: String] = [:]) {
        self.arrays = arrays
        self.scalars = scalars
        self.attributes = attributes
    }

    /// The array named `name`.
    /// - Throws: `TaskFailure` if there is none.
    public func array(_ name: String) throws -> NDArray {
        guard let a = arrays[name] else { throw TaskFailure("input has no array \"\(name)\" (has: \(arrays.keys.sorted().joined(separator: ", ")))") }
        return a
    }

    /// The scalar named `name`.
    /// - Throws: `TaskFailure` if there is none.
    public func scalar(_ name: String) throws -> Double {
        guard let s = scalars[name] else { throw TaskFailure("input has no scalar \"\(name)\" (has: \(scalars.keys.sorted().joined(separator: ", ")))") }
        return s
    }
}

/// An n-dimensional array of doubles in row-major (C) order.
public struct NDArray: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Double]

    /// - Precondition: `values.count` is the product of `shape`.
    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "NDArray: shape \(shape) does not match \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// A one-dimensional array.
    public init(_ values: [Double]) { self.init(shape: [values.count], values: values) }

    /// Whether two arrays have the same shape and bit-identical values (NaN payloads included).
    public func isBitIdentical(to other: NDArray) -> Bool {
        shape == other.shape && values.count == other.values.count
            && zip(values, other.values).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
