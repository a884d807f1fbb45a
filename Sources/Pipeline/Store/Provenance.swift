import Foundation

/// Facts about the code and machine that produced a result, recorded in every
/// cache entry's `/provenance`.
public struct BuildProvenance: Sendable {
    /// flrepro's version.
    public static let flreproVersion = "0.1.0"

    public var gitCommit: String
    public var gitDirty: Bool
    public var host: String

    /// Reads the git commit and dirty flag of the repository at `directory` (once per run).
    /// - Parameter directory: a folder inside the repository.
    /// - Returns: the provenance; `unknown` where git is unavailable.
    public static func current(repository directory: URL) -> BuildProvenance {
        let commit = git(["rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        let status = git(["status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift"], in: directory)
        let dirty = status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? true
        return BuildProvenance(gitCommit: commit.isEmpty ? "unknown" : commit, gitDirty: dirty,
                               host: ProcessInfo.processInfo.hostName)
    }

    private static func git(_ args: [String], in dir: URL) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir.path] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}

/// The timing of one execution.
public struct ExecutionRecord: Sendable {
    public var started: Date
    public var finished: Date
    public var wallSeconds: Double { finished.timeIntervalSince(started) }

    public init(started: Date, finished: Date) {
        self.started = started
        self.finished = finished
    }

    /// ISO 8601 UTC text of a date.
    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }
}
