import Foundation

/// A structural check of the one part of an HDF5 file that has no checksum and that
/// libhdf5 1.10 trusts blindly: the global heap collections (`GCOL`) holding variable-length
/// strings (every provenance attribute). One flipped bit in an object's size makes the library
/// copy far past the collection (a segmentation fault, seen with `h5dump` too) and a zero size
/// makes it loop forever, so `verify` and `run` would crash or hang on the damaged entry instead
/// of reporting and quarantining it. Entries are checked with this before libhdf5 opens them.
enum GlobalHeapCheck {
    /// The first inconsistency in the file's global heap collections, if any.
    /// - Parameter bytes: the whole file.
    /// - Returns: what is wrong, or `nil` when every collection is consistent.
    static func problem(in bytes: [UInt8]) -> String? {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u64(_ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) } }
        let signature: [UInt8] = Array("GCOL".utf8) + [1]  // version 1, the only one
        let header = 16, objectHeader = 16  // 8-byte lengths (the store's files)
        var c = 0
        while c + header <= bytes.count {
            guard bytes[c] == signature[0], bytes[c + 1] == signature[1], bytes[c + 2] == signature[2],
                  bytes[c + 3] == signature[3], bytes[c + 4] == signature[4] else { c += 1; continue }
            let size = u64(c + 8)
            guard size >= UInt64(header), size <= UInt64(bytes.count - c) else {
                return "global heap collection at byte \(c) claims \(size) bytes; the file has \(bytes.count - c) from there"
            }
            let end = c + Int(size)
            var p = c + header
            while p < end {
                if p + objectHeader > end { break }  // too small for an object header: implied free space
                let index = u16(p)
                let objectSize = u64(p + 8)
                // Objects are padded to 8 bytes; object 0 (free space) counts its header in its size.
                let need = index > 0 ? UInt64(objectHeader) &+ ((objectSize &+ 7) & ~7) : objectSize
                guard objectSize < UInt64(Int.max / 2), need > 0, need <= UInt64(end - p) else {
                    return "global heap object \(index) at byte \(p) claims \(objectSize) bytes; its collection has \(end - p) left"
                }
                p += Int(need)
            }
            c = end
        }
        return nil
    }

    /// `problem(in:)` for a file on disk (`nil` also when it cannot be read: opening it reports that).
    static func problem(at url: URL) -> String? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return problem(in: [UInt8](data))
    }
}
