/// An IDX file of unsigned bytes (the format of the MNIST and Fashion-MNIST files).
///
/// Layout: four magic bytes `0x00 0x00 type ndim`, then `ndim` big-endian `UInt32`
/// dimensions, then the payload in row-major order. Only element type `0x08`
/// (unsigned byte) is supported. The file may be gzip-compressed: `read(path:)`
/// reads `path` or, if that does not exist, `path.gz`, and gunzips any file that
/// starts with the gzip magic bytes.
public struct IDXFile: Sendable, Equatable {
    /// The IDX element type code for unsigned bytes.
    public static let unsignedByteType: UInt8 = 0x08

    /// The path of the file actually read (`path` or `path.gz`).
    public var path: String
    /// The dimensions, outermost first (e.g. `[60000, 28, 28]` for images, `[60000]` for labels).
    public var dimensions: [Int]
    /// The elements in row-major order; `payload.count` is the product of `dimensions`.
    public var payload: [UInt8]
    /// Size of the file on disk in bytes (compressed size for a `.gz` file).
    public var fileByteCount: Int
    /// Size of the (decompressed) IDX data in bytes: header plus payload.
    public var decodedByteCount: Int

    /// Reads an IDX file.
    /// - Parameters:
    ///   - path: the file's path without or with `.gz`; if no file exists at `path`, `path.gz` is tried.
    ///   - remedy: what the user should do if neither file exists (part of the error message).
    /// - Returns: the parsed file.
    /// - Throws: `DatasetError` naming the file: missing (with `remedy`), unreadable, corrupt or truncated
    ///   gzip data, bad magic bytes, an element type other than unsigned byte, or a payload whose size is not
    ///   the product of the dimensions.
    public static func read(path: String, remedy: String = "no such file") throws -> IDXFile {
        let found: String
        if DataFileReader.fileExists(atPath: path) {
            found = path
        } else if !path.hasSuffix(".gz") && DataFileReader.fileExists(atPath: path + ".gz") {
            found = path + ".gz"
        } else {
            let tried = path.hasSuffix(".gz") ? path : "\(path) (nor \(path).gz)"
            throw DatasetError.missingFile(path: tried, remedy: remedy)
        }
        let raw = try DataFileReader.readBytes(atPath: found, remedy: remedy)
        let decoded = GzipDecoder.hasGzipMagic(raw) ? try GzipDecoder.decompress(raw, path: found) : raw
        return try IDXFile(parsing: decoded, path: found, fileByteCount: raw.count)
    }

    /// Parses decompressed IDX data.
    /// - Parameters:
    ///   - data: the IDX bytes (header and payload).
    ///   - path: the file they came from (for messages and provenance).
    ///   - fileByteCount: the size of the file on disk.
    /// - Throws: `DatasetError.malformedFile` naming `path` for a short header, bad magic bytes, an unsupported
    ///   element type, no dimensions, or a payload size that differs from the product of the dimensions.
    public init(parsing data: [UInt8], path: String, fileByteCount: Int) throws {
        guard data.count >= 4 else {
            throw DatasetError.malformedFile(path: path, problem: "only \(data.count) bytes, shorter than the 4-byte IDX magic number")
        }
        guard data[0] == 0, data[1] == 0 else {
            throw DatasetError.malformedFile(
                path: path,
                problem: "not an IDX file: magic bytes \(IDXFile.hex(data[0...3])), expected 0x00 0x00 <type> <ndim>")
        }
        let type = data[2]
        guard type == IDXFile.unsignedByteType else {
            throw DatasetError.malformedFile(
                path: path,
                problem: "unsupported IDX element type \(IDXFile.hex(data[2...2])) (\(IDXFile.typeName(type))); only 0x08 (unsigned byte) is supported")
        }
        let rank = Int(data[3])
        guard rank >= 1 else { throw DatasetError.malformedFile(path: path, problem: "the IDX header declares 0 dimensions") }
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else {
            throw DatasetError.malformedFile(
                path: path, problem: "truncated IDX header: \(rank) dimensions need \(headerSize) header bytes but the data have \(data.count)")
        }
        var dimensions: [Int] = []
        var elementCount = 1
        for axis in 0..<rank {
            let at = 4 + 4 * axis
            let size = Int(data[at]) << 24 | Int(data[at + 1]) << 16 | Int(data[at + 2]) << 8 | Int(data[at + 3])
            dimensions.append(size)
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: size)
            guard !overflow else { throw DatasetError.malformedFile(path: path, problem: "dimensions \(dimensions) overflow the element count") }
            elementCount = product
        }
        let payloadCount = data.count - headerSize
        let shape = dimensions.map(String.init).joined(separator: "×")
        if payloadCount < elementCount {
            throw DatasetError.malformedFile(
                path: path,
                problem: "truncated IDX payload: dimensions \(shape) need \(elementCount) bytes after the \(headerSize)-byte header but only \(payloadCount) are present")
        }
        if payloadCount > elementCount {
            throw DatasetError.malformedFile(
                path: path,
                problem: "IDX payload too long: dimensions \(shape) need \(elementCount) bytes after the \(headerSize)-byte header but \(payloadCount) are present (\(payloadCount - elementCount) trailing bytes)")
        }
        self.path = path
        self.dimensions = dimensions
        self.payload = Array(data[headerSize...])
        self.fileByteCount = fileByteCount
        self.decodedByteCount = data.count
    }

    /// The IDX name of an element type code.
    private static func typeName(_ type: UInt8) -> String {
        switch type {
        case 0x08: return "unsigned byte"
        case 0x09: return "signed byte"
        case 0x0B: return "short"
        case 0x0C: return "int"
        case 0x0D: return "float"
        case 0x0E: return "double"
        default: return "not an IDX type"
        }
    }

    /// Bytes as `0x.. 0x..`.
    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return "0x" + (digits.count < 2 ? "0" + digits : digits)
        }.joined(separator: " ")
    }
}
