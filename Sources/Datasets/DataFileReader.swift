import Foundation

/// Reads whole data files into memory, turning file-system failures into `DatasetError`s that name the file.
public enum DataFileReader {
    /// Whether a regular file (or a link to one) exists at `path`.
    /// - Parameter path: the file's path.
    /// - Returns: `true` when the path names an existing file that is not a directory.
    public static func fileExists(atPath path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The bytes of the file at `path`.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - remedy: what the user should do if the file is missing (part of the error message).
    /// - Returns: the file's contents.
    /// - Throws: `DatasetError.missingFile` when there is no such file, `DatasetError.unreadableFile` when it
    ///   cannot be read (a directory, no permission, an I/O error).
    public static func readBytes(atPath path: String, remedy: String = "no such file") throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.missingFile(path: path, remedy: remedy)
        }
        if isDirectory.boolValue { throw DatasetError.unreadableFile(path: path, reason: "is a directory, not a file") }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
            return [UInt8](data)
        } catch {
            throw DatasetError.unreadableFile(path: path, reason: error.localizedDescription)
        }
    }
}
