/// Provenance of one data file a loader read: where it was and how large it was.
///
/// (The `Datasets` module does not hash files; the task kind that stores the data
/// may add SHA-256 digests of `path`.)
public struct DataSourceFile: Sendable, Equatable {
    /// The path actually read (e.g. with the `.gz` suffix that was found on disk).
    public var path: String
    /// Size of the file on disk in bytes (compressed size for a gzip file).
    public var fileByteCount: Int
    /// Size of the decoded contents in bytes (equal to `fileByteCount` for an uncompressed file).
    public var decodedByteCount: Int

    /// - Parameters:
    ///   - path: the file read.
    ///   - fileByteCount: its size on disk.
    ///   - decodedByteCount: the size after decompression.
    public init(path: String, fileByteCount: Int, decodedByteCount: Int) {
        self.path = path
        self.fileByteCount = fileByteCount
        self.decodedByteCount = decodedByteCount
    }
}
