import Foundation

/// Finding and running the gnuplot program.
enum GnuplotRunner {
    /// Resolves the program to an executable file.
    /// - Parameter program: a name looked up on `PATH`, or a path (anything containing `/`).
    /// - Returns: the executable's URL.
    /// - Throws: ``FigureError/gnuplotNotFound(_:)``.
    static func locate(_ program: String) throws -> URL {
        let fm = FileManager.default
        if program.contains("/") {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: program, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: program) {
                return URL(fileURLWithPath: program)
            }
            throw FigureError.gnuplotNotFound(program)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(program)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw FigureError.gnuplotNotFound(program)
    }

    /// Runs gnuplot on a script in the script's directory, ignoring any `~/.gnuplot` (`-d`).
    /// - Parameters:
    ///   - executable: the gnuplot program.
    ///   - script: the script file.
    /// - Returns: the exit status and everything gnuplot printed (it prints errors, warnings and
    ///   `print` output on standard error; standard output is discarded).
    /// - Throws: an error when the process cannot be started.
    static func run(_ executable: URL, script: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-d", script.lastPathComponent]
        process.currentDirectoryURL = script.deletingLastPathComponent()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The error reports in gnuplot's standard error: lines of the form
    /// `"file" line N: message` whose message is not a warning.
    /// - Parameter stderr: what gnuplot printed.
    /// - Returns: the error lines.
    static func errorLines(_ stderr: String) -> [String] {
        stderr.split(whereSeparator: \.isNewline).map(String.init).filter { line in
            guard let range = line.range(of: #"line [0-9]+: "#, options: .regularExpression) else { return false }
            return !line[range.upperBound...].lowercased().hasPrefix("warning")
        }
    }

    /// The warnings in gnuplot's standard error.
    /// - Parameter stderr: what gnuplot printed.
    /// - Returns: the lines that mention a warning.
    static func warningLines(_ stderr: String) -> [String] {
        stderr.split(whereSeparator: \.isNewline).map(String.init).filter { $0.lowercased().contains("warning") }
    }
}
