import CZlib

/// Decompresses gzip data (RFC 1952) entirely in memory with zlib's `inflate`.
///
/// The stream is opened with `inflateInit2(16 + MAX_WBITS)`, which accepts only a
/// gzip wrapper and makes zlib check each member's CRC-32 and length trailer.
/// Concatenated members (as written by `cat a.gz b.gz` or `gzip` on appended input)
/// are decoded one after another and their outputs joined, as `gunzip` does.
/// Bytes after the last member that do not start another member are rejected.
public enum GzipDecoder {
    /// The two bytes every gzip member starts with.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    /// Output is produced in pieces of this many bytes.
    private static let chunkSize = 1 << 20

    /// Whether `bytes` start with the gzip magic bytes 0x1f 0x8b.
    /// - Parameter bytes: the data.
    /// - Returns: `true` for gzip data (valid or not).
    public static func hasGzipMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == magic[0] && bytes[1] == magic[1]
    }

    /// Reads and decompresses the gzip file at `path`.
    /// - Parameter path: the `.gz` file.
    /// - Returns: the decompressed bytes (all members joined).
    /// - Throws: `DatasetError` naming the file: missing, unreadable, or malformed (see `decompress(_:path:)`).
    public static func decompressFile(atPath path: String) throws -> [UInt8] {
        try decompress(DataFileReader.readBytes(atPath: path), path: path)
    }

    /// Decompresses gzip data.
    /// - Parameters:
    ///   - compressed: the contents of a gzip file.
    ///   - path: the file the bytes came from (only used in error messages).
    /// - Returns: the decompressed bytes (all members joined).
    /// - Throws: `DatasetError.malformedFile` naming `path` when the data are empty or not gzip, corrupt
    ///   (zlib `Z_DATA_ERROR`: a bad header, invalid compressed data, or a CRC-32/length mismatch),
    ///   truncated (the input ends before a member's end-of-stream; corrupt data that happen to decode
    ///   past the end are reported the same way), or followed by bytes that are not another gzip member.
    public static func decompress(_ compressed: [UInt8], path: String) throws -> [UInt8] {
        guard !compressed.isEmpty else {
            throw DatasetError.malformedFile(path: path, problem: "the file is empty (0 bytes); expected gzip data")
        }
        guard hasGzipMagic(compressed) else {
            let first = compressed.prefix(4).map { hex($0) }.joined(separator: " ")
            throw DatasetError.malformedFile(path: path, problem: "not gzip data: starts with \(first), expected 0x1f 0x8b")
        }
        var stream = z_stream()
        let initStatus = flr_inflateInit2(&stream, flr_gzipWindowBits())
        guard initStatus == Z_OK else {
            throw DatasetError.unreadableFile(path: path, reason: "zlib inflateInit2 failed with status \(initStatus)")
        }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        output.reserveCapacity(decompressedSizeHint(compressed))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var member = 1
        try compressed.withUnsafeBufferPointer { input in
            guard let inputBase = input.baseAddress else { return }
            let base = UnsafeMutablePointer(mutating: inputBase)
            var handedToZlib = 0
            while true {
                if stream.avail_in == 0 && handedToZlib < input.count {
                    let count = min(input.count - handedToZlib, Int(UInt32.max))
                    stream.next_in = base + handedToZlib
                    stream.avail_in = UInt32(count)
                    handedToZlib += count
                }
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if produced > 0 { output.append(contentsOf: chunk[0..<produced]) }
                let remaining = input.count - handedToZlib + Int(stream.avail_in)
                let offset = input.count - remaining
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    if remaining == 0 { return }
                    if remaining >= 2 && input[offset] == magic[0] && input[offset + 1] == magic[1] {
                        inflateReset(&stream)
                        member += 1
                        continue
                    }
                    throw DatasetError.malformedFile(
                        path: path,
                        problem: "\(remaining) trailing bytes at offset \(offset), after the end of gzip member \(member), are not another gzip member")
                case Z_BUF_ERROR where remaining == 0:
                    throw DatasetError.malformedFile(
                        path: path,
                        problem: "truncated gzip data: the file (\(input.count) bytes) ends inside gzip member \(member) before its end-of-stream marker and CRC-32 trailer (\(output.count) bytes decoded so far); the download or copy is incomplete, or the data are corrupt")
                case Z_DATA_ERROR:
                    throw DatasetError.malformedFile(
                        path: path,
                        problem: "corrupt gzip data in member \(member) near input offset \(offset) (zlib: \(zlibMessage(stream))); the compressed data or the CRC-32/length trailer do not check out")
                case Z_MEM_ERROR:
                    throw DatasetError.unreadableFile(path: path, reason: "zlib ran out of memory while decompressing")
                default:
                    throw DatasetError.malformedFile(
                        path: path, problem: "zlib inflate failed with status \(status) near input offset \(offset) (\(zlibMessage(stream)))")
                }
            }
        }
        return output
    }

    /// zlib's message for the last error, or "no message".
    private static func zlibMessage(_ stream: z_stream) -> String {
        guard let message = stream.msg else { return "no message" }
        return String(cString: message)
    }

    /// The uncompressed size stored in the last member's trailer (ISIZE, the size modulo 2³²), capped at 1 GiB;
    /// only used to reserve memory.
    private static func decompressedSizeHint(_ compressed: [UInt8]) -> Int {
        guard compressed.count >= 18 else { return 0 }
        let n = compressed.count
        let size = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
        return min(size, 1 << 30)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }
}
