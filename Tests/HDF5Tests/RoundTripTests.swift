import Testing
import HDF5
import TestSupport

/// The shapes every round trip is run with: scalar, vector, matrix, 3-tensor.
let roundTripShapes: [[Int]] = [[], [5], [3, 4], [2, 3, 4]]

/// Writes `values` with `shape`, reopens the file read-only and reads them back.
private func roundTrip<T: HDF5Scalar & Equatable>(_ values: [T], shape: [Int], in directory: TemporaryDirectory,
                                                   name: String = "data/values") throws -> (HDF5Array<T>, HDF5DatasetInfo) {
    let path = directory.path("roundtrip-\(T.self)-\(shape.count).h5")
    try writeFile(path) { root in try root.writeDataset(name, values, shape: shape) }
    return try readFile(path) { root throws in
        (try root.readDataset(name, as: T.self), try root.datasetInfo(name))
    }
}

private func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

@Suite("Numeric dataset round trips")
struct RoundTripTests {
    @Test("Double keeps every bit", arguments: roundTripShapes)
    func doubles(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = pattern(count(shape)).map { $0 * .pi }
            values[0] = -1.0e300
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array.shape == shape)
            #expect(array.values.map(\.bitPattern) == values.map(\.bitPattern))
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .float64))
        }
    }

    @Test("Float", arguments: roundTripShapes)
    func floats(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = pattern(count(shape)).map { Float($0) / 3 }
            values[0] = -Float.greatestFiniteMagnitude
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array.shape == shape)
            #expect(array.values == values)
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .float32))
        }
    }

    @Test("Int32", arguments: roundTripShapes)
    func int32s(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = (0..<count(shape)).map { Int32($0 * 7 - 20) }
            values[0] = Int32.min
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array == HDF5Array(shape: shape, values: values))
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .int32))
        }
    }

    @Test("Int64", arguments: roundTripShapes)
    func int64s(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = (0..<count(shape)).map { Int64($0) * 1_000_000_007 - 5 }
            values[values.count - 1] = Int64.max
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array == HDF5Array(shape: shape, values: values))
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .int64))
        }
    }

    @Test("Int is stored as int64", arguments: roundTripShapes)
    func ints(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = (0..<count(shape)).map { $0 * -3 }
            values[0] = Int.min
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array == HDF5Array(shape: shape, values: values))
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .int64))
        }
    }

    @Test("UInt8", arguments: roundTripShapes)
    func bytes(shape: [Int]) throws {
        try withTemporaryDirectory { directory in
            var values = (0..<count(shape)).map { UInt8(($0 * 37) % 256) }
            values[values.count - 1] = 255
            let (array, info) = try roundTrip(values, shape: shape, in: directory)
            #expect(array == HDF5Array(shape: shape, values: values))
            #expect(info == HDF5DatasetInfo(shape: shape, kind: .uint8))
        }
    }

    @Test("Row-major order: element [i][j] is values[i * columns + j]")
    func rowMajor() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("matrix.h5")
            let values = (0..<12).map(Double.init)
            try writeFile(path) { root in try root.writeDataset("m", values, shape: [3, 4]) }
            // h5dump prints the matrix row by row: the second row starts with 4.
            if let h5dump = executableOnPath("h5dump") {
                let result = try runProcess(h5dump, ["-d", "/m", "-w", "200", path])
                #expect(result.stdout.contains("(1,0): 4, 5, 6, 7"))
            }
            let array = try readFile(path) { try $0.readDataset("m", as: Double.self) }
            #expect(array.values == values)
        }
    }

    @Test("Empty arrays round-trip with their shape")
    func empty() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("empty.h5")
            try writeFile(path) { root in try root.writeDataset("e", [Double](), shape: [0, 3]) }
            let array = try readFile(path) { try $0.readDataset("e", as: Double.self) }
            #expect(array.shape == [0, 3])
            #expect(array.values.isEmpty)
        }
    }

    @Test("HDF5Array overload and scalar accessor")
    func arrayOverload() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("array.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("s", HDF5Array(shape: [], values: [42.5]))
            }
            let array = try readFile(path) { try $0.readDataset("s", as: Double.self) }
            #expect(array.shape == [])
            #expect(array.scalar == 42.5)
        }
    }
}

@Suite("Conversions on read")
struct ConversionTests {
    @Test("Integers read as floating point, exact floats read as integers")
    func allowed() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("convert.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("i", [Int64(-3), 0, 1 << 40], shape: [3])
                try root.writeDataset("d", [1.0, -2.0, 255.0], shape: [3])
                try root.writeDataset("f", [Float(0.5), 2.25], shape: [2])
            }
            try readFile(path) { root throws in
                #expect(try root.readDataset("i", as: Double.self).values == [-3, 0, 1_099_511_627_776])
                #expect(try root.readDataset("i", as: Float.self).values == [-3, 0, 1_099_511_627_776])
                #expect(try root.readDataset("d", as: Int32.self).values == [1, -2, 255])
                #expect(try root.readDataset("d", as: Int.self).values == [1, -2, 255])
                #expect(try root.readDataset("f", as: Double.self).values == [0.5, 2.25])
            }
        }
    }

    @Test("Lossy conversions throw instead of clamping or truncating")
    func refused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("lossy.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("fraction", [1.0, 2.5], shape: [2])
                try root.writeDataset("big", [Int64(300)], shape: [1])
                try root.writeDataset("negative", [Int32(-1)], shape: [])
                try root.writeDataset("nan", [Double.nan], shape: [])
                try root.writeDataset("huge", [1.0e300], shape: [])
            }
            try readFile(path) { root throws in
                let fraction = #expect(throws: HDF5Error.self) { try root.readDataset("fraction", as: Int64.self) }
                #expect(fraction?.detail.contains("not an integer") == true)
                #expect(fraction?.object == "/fraction")
                let big = #expect(throws: HDF5Error.self) { try root.readDataset("big", as: UInt8.self) }
                #expect(big?.detail.contains("out of the range") == true)
                #expect(throws: HDF5Error.self) { try root.readDataset("negative", as: UInt8.self) }
                #expect(throws: HDF5Error.self) { try root.readDataset("nan", as: Int.self) }
                #expect(throws: HDF5Error.self) { try root.readDataset("huge", as: Float.self) }
                // Nothing is left on the error stack: the next read works.
                #expect(try root.readDataset("big", as: Int64.self).values == [300])
            }
        }
    }
}
