import CZlib
import Datasets
import Foundation
import Testing

/// Builders for IDX, gzip and whole synthetic Fashion-MNIST folders used by the Datasets tests.
enum DataFileFixtures {
    /// The bytes of an IDX file: magic `0x00 0x00 type rank`, big-endian dimensions, payload.
    static func idxBytes(dimensions: [Int], payload: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for d in dimensions {
            bytes += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16),
                      UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        return bytes + payload
    }

    /// `bytes` compressed as one gzip member with zlib's `deflate`.
    static func gzipped(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let initStatus = flr_deflateInit2(&stream, level, flr_gzipWindowBits(), 8)
        precondition(initStatus == Z_OK, "deflateInit2 failed: \(initStatus)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "deflate did not finish: \(status)")
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Writes `bytes` to `path`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Deterministic pseudo-random pixel bytes for image `index`.
    static func syntheticImage(index: Int, label: Int, side: Int = 28) -> [UInt8] {
        (0..<(side * side)).map { pixel in
            let row = pixel / side, column = pixel % side
            // Border pixels are constant (like real images); the interior varies with index, label and position.
            if row == 0 || column == 0 { return 0 }
            return UInt8((index &* 37 &+ pixel &* 11 &+ label &* 53 &+ (index * pixel) % 7) % 256)
        }
    }

    /// Writes a small Fashion-MNIST-like folder: the four IDX files (gzip'd or raw), labels cycling 0…9.
    /// - Returns: the image counts of the train and t10k splits.
    @discardableResult
    static func writeSyntheticFashionMNIST(in directory: String, trainPerClass: Int, testPerClass: Int,
                                           gzip: Bool = true) throws -> (train: Int, test: Int) {
        for (prefix, perClass) in [("train", trainPerClass), ("t10k", testPerClass)] {
            let count = 10 * perClass
            let labels = (0..<count).map { UInt8($0 % 10) }
            var pixels: [UInt8] = []
            pixels.reserveCapacity(count * 784)
            for i in 0..<count { pixels += syntheticImage(index: i, label: Int(labels[i])) }
            let images = idxBytes(dimensions: [count, 28, 28], payload: pixels)
            let labelFile = idxBytes(dimensions: [count], payload: labels)
            let suffix = gzip ? ".gz" : ""
            try write(gzip ? gzipped(images) : images, to: "\(directory)/\(prefix)-images-idx3-ubyte\(suffix)")
            try write(gzip ? gzipped(labelFile) : labelFile, to: "\(directory)/\(prefix)-labels-idx1-ubyte\(suffix)")
        }
        return (10 * trainPerClass, 10 * testPerClass)
    }

    /// The `DatasetError` thrown by `body`, recorded as a test issue when there is none.
    static func datasetError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> DatasetError? {
        do {
            try body()
            Issue.record("expected a DatasetError, nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as DatasetError {
            return error
        } catch {
            Issue.record("expected a DatasetError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The description of the `DatasetError` thrown by `body` ("" and a test issue when there is none).
    static func errorMessage(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        datasetError(body, sourceLocation: sourceLocation)?.description ?? ""
    }
}
