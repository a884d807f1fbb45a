import Foundation
import HDF5
import TestSupport

/// Runs `body` with a fresh temporary directory that is removed afterwards.
/// - Parameter body: receives the directory.
/// - Returns: `body`'s result.
func withTemporaryDirectory<R>(_ body: (TemporaryDirectory) throws -> R) throws -> R {
    let directory = try TemporaryDirectory(prefix: "flrepro-hdf5")
    defer { directory.remove() }
    return try body(directory)
}

/// Creates a file at `path`, lets `body` fill its root group, and closes it.
/// - Parameters:
///   - path: the file to create.
///   - body: writes content into the root group.
func writeFile(_ path: String, _ body: (HDF5Group) throws -> Void) throws {
    let file = try HDF5File.create(path: path)
    try body(file.root)
    try file.close()
}

/// Opens `path` read-only, lets `body` read from its root group, and closes it.
/// - Parameters:
///   - path: the file to open.
///   - body: reads from the root group.
/// - Returns: `body`'s result.
func readFile<R>(_ path: String, _ body: (HDF5Group) throws -> R) throws -> R {
    let file = try HDF5File.open(path: path)
    defer { try? file.close() }
    return try body(file.root)
}

/// The absolute path of an executable found on PATH, if any.
/// - Parameter name: the program name.
/// - Returns: its path, or `nil`.
func executableOnPath(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// A small numeric pattern of `count` values, distinct and exercising sign and fraction.
/// - Parameter count: how many values.
/// - Returns: the values.
func pattern(_ count: Int) -> [Double] {
    (0..<count).map { Double($0) * 1.25 - 3.5 }
}
