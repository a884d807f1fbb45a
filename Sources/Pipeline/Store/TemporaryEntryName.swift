import Foundation

/// Names of the temporary files that entries are written to before they are renamed into place:
/// `<key>.h5.tmp-<pid>-<random>@<host>`. The writer's process id and host let a later run tell an
/// abandoned file (its process is gone) from one still being written — also when the results folder
/// is shared by the nodes of a cluster, where a process id means nothing on another host.
enum TemporaryEntryName {
    /// The marker between the key and the writer.
    static let marker = ".h5.tmp-"

    /// A fresh temporary name for an entry.
    /// - Parameter key: the entry's content key.
    /// - Returns: the file name.
    static func make(key: String) -> String {
        "\(key)\(marker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))@\(currentHost)"
    }

    /// The writer of a temporary file.
    /// - Parameter name: the file name.
    /// - Returns: the process id and host (`nil` for names written before hosts were recorded), or
    ///   `nil` when the name is not a temporary entry name.
    static func parse(_ name: String) -> (pid: Int32, host: String?)? {
        guard let range = name.range(of: marker) else { return nil }
        let writer = name[range.upperBound...]
        let hostStart = writer.firstIndex(of: "@")
        let process = hostStart.map { writer[..<$0] } ?? writer
        guard let pidText = process.split(separator: "-").first, let pid = Int32(pidText) else { return nil }
        return (pid, hostStart.map { String(writer[writer.index(after: $0)...]) })
    }

    /// This machine's host name, restricted to characters safe in a file name.
    static let currentHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" }
        return safe.isEmpty ? "unknown-host" : String(safe)
    }()
}
