import Datasets
import Foundation
import TestSupport
import Testing

@Suite("IDX files")
struct IDXFileTests {
    private static let payload: [UInt8] = (0..<(3 * 4 * 5)).map { UInt8($0 * 4) }
    private static let bytes = DataFileFixtures.idxBytes(dimensions: [3, 4, 5], payload: payload)

    @Test func rawAndGzippedFilesParseToTheSameDimensionsAndPayload() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-idx")
        defer { dir.remove() }
        try DataFileFixtures.write(Self.bytes, to: dir.path("raw-idx3-ubyte"))
        let gz = DataFileFixtures.gzipped(Self.bytes)
        try DataFileFixtures.write(gz, to: dir.path("packed-idx3-ubyte.gz"))

        let raw = try IDXFile.read(path: dir.path("raw-idx3-ubyte"))
        #expect(raw.dimensions == [3, 4, 5] && raw.payload == Self.payload)
        #expect(raw.path == dir.path("raw-idx3-ubyte") && raw.fileByteCount == Self.bytes.count && raw.decodedByteCount == Self.bytes.count)

        // Without the suffix, `name.gz` is found; with it, the file is read directly.
        let packed = try IDXFile.read(path: dir.path("packed-idx3-ubyte"))
        #expect(packed.dimensions == [3, 4, 5] && packed.payload == Self.payload)
        #expect(packed.path == dir.path("packed-idx3-ubyte.gz"))
        #expect(packed.fileByteCount == gz.count && packed.decodedByteCount == Self.bytes.count)
        #expect(try IDXFile.read(path: dir.path("packed-idx3-ubyte.gz")) == packed)
    }

    @Test func missingFileNamesBothPathsAndTheRemedy() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-idx")
        defer { dir.remove() }
        let error = DataFileFixtures.datasetError {
            _ = try IDXFile.read(path: dir.path("absent-idx1-ubyte"), remedy: FashionMNISTTask.missingFileRemedy)
        }
        let text = error?.description ?? ""
        #expect(text.contains(dir.path("absent-idx1-ubyte")) && text.contains("absent-idx1-ubyte.gz"), "\(text)")
        #expect(text.contains("make deps") && text.contains("dataset-fashion-mnist"), "\(text)")
    }

    @Test func truncatedGzipIDXFileIsReportedWithItsPath() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-idx")
        defer { dir.remove() }
        let gz = DataFileFixtures.gzipped(Self.bytes)
        try DataFileFixtures.write(Array(gz.prefix(gz.count - 6)), to: dir.path("cut-idx3-ubyte.gz"))
        let error = DataFileFixtures.datasetError { _ = try IDXFile.read(path: dir.path("cut-idx3-ubyte")) }
        let text = error?.description ?? ""
        #expect(text.contains(dir.path("cut-idx3-ubyte.gz")) && text.contains("truncated gzip data"), "\(text)")
    }

    @Test func flippedByteInGzipIDXFileIsReportedAsCorruptWithItsPath() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-idx")
        defer { dir.remove() }
        var gz = DataFileFixtures.gzipped(Self.bytes)
        gz[gz.count - 10] ^= 0x10                               // last byte of the deflate data, before the trailer
        try DataFileFixtures.write(gz, to: dir.path("flipped-idx3-ubyte.gz"))
        let error = DataFileFixtures.datasetError { _ = try IDXFile.read(path: dir.path("flipped-idx3-ubyte")) }
        let text = error?.description ?? ""
        #expect(text.contains(dir.path("flipped-idx3-ubyte.gz")) && text.contains("corrupt gzip data"), "\(text)")
    }

    @Test func wrongMagicIsReported() throws {
        var bytes = Self.bytes
        bytes[0] = 0x1A
        let error = DataFileFixtures.datasetError { _ = try IDXFile(parsing: bytes, path: "/d/magic", fileByteCount: bytes.count) }
        let text = error?.description ?? ""
        #expect(text.contains("/d/magic") && text.contains("magic bytes 0x1a 0x00 0x08 0x03"), "\(text)")
    }

    @Test func nonByteElementTypeIsReportedAsUnsupported() throws {
        let bytes = DataFileFixtures.idxBytes(dimensions: [2], payload: Array(repeating: 0, count: 8), type: 0x0D)
        let error = DataFileFixtures.datasetError { _ = try IDXFile(parsing: bytes, path: "/d/float", fileByteCount: bytes.count) }
        let text = error?.description ?? ""
        #expect(text.contains("/d/float") && text.contains("unsupported IDX element type 0x0d (float)"), "\(text)")
    }

    @Test func payloadShorterOrLongerThanTheDimensionsIsReported() throws {
        let short = Array(Self.bytes.dropLast(7))
        let shortError = DataFileFixtures.datasetError { _ = try IDXFile(parsing: short, path: "/d/short", fileByteCount: short.count) }
        #expect(shortError == .malformedFile(
            path: "/d/short",
            problem: "truncated IDX payload: dimensions 3×4×5 need 60 bytes after the 16-byte header but only 53 are present"))
        let long = Self.bytes + [1, 2]
        let longError = DataFileFixtures.errorMessage { _ = try IDXFile(parsing: long, path: "/d/long", fileByteCount: long.count) }
        #expect(longError.contains("/d/long") && longError.contains("2 trailing bytes"), "\(longError)")
        let header = Array(Self.bytes.prefix(9))
        let headerError = DataFileFixtures.errorMessage { _ = try IDXFile(parsing: header, path: "/d/header", fileByteCount: 9) }
        #expect(headerError.contains("/d/header") && headerError.contains("truncated IDX header"), "\(headerError)")
    }
}
