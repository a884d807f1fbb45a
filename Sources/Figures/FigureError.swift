import Foundation

/// Errors from writing or rendering a figure.
public enum FigureError: Error, CustomStringConvertible, Equatable {
    /// The gnuplot program could not be found (the payload is the name or path that was tried).
    case gnuplotNotFound(String)
    /// gnuplot exited with a non-zero status, reported an error, or did not produce its outputs.
    case gnuplotFailed(status: Int32, stderr: String, script: URL)
    /// The figure spec cannot be drawn; the payload says what is wrong and where.
    case invalidSpec(String)

    /// A one-paragraph message for the user.
    public var description: String {
        switch self {
        case .gnuplotNotFound(let program):
            let tried = program == "gnuplot" ? "" : " (tried '\(program)')"
            return "gnuplot not found on PATH\(tried); run `make deps` or apt-get install gnuplot-nox"
        case .gnuplotFailed(let status, let stderr, let script):
            let details = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "gnuplot failed (exit status \(status)) on \(script.path)"
                + (details.isEmpty ? "" : ":\n\(details)")
        case .invalidSpec(let what):
            return "invalid figure spec: \(what)"
        }
    }
}
