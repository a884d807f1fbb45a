import Foundation
import Pipeline
import Testing
import TestSupport

/// The fault-injection suites (kills, corruption, concurrency, disk full, malformed and random
/// manifests) are nested in this one serialized suite: they time processes and kill them, which
/// only means something when they do not compete with each other for the machine's cores.
/// `swift test --filter Reliability` runs them all.
@Suite("Reliability: fault injection", .serialized)
struct ReliabilityTests {}

/// Shared helpers of the reliability suites.
enum Reliability {
    static let repository = CommandLineTests.repository
    /// The manifest the end-to-end suites run (smoke profile: 33 tasks, ≈ 0.3 s).
    static let manifest = "experiments/krr/learning-curves.json"
    /// Its figure, relative to a results directory.
    static let figure = "figures/krr/learning-curves"
    /// The figure's files; all but the PDF are byte-identical between runs (see `figureDifferences`).
    static let figureExtensions = ["dat", "gp", "png", "h5", "pdf"]

    /// The flrepro binary (built by `swift build --build-tests` beside the test bundle).
    static func binary() throws -> String {
        try #require(CommandLineTests.binary, "build the flrepro product first (make test does)")
    }

    /// Runs flrepro to completion in the repository.
    @discardableResult
    static func flrepro(_ arguments: [String], in directory: URL = repository) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(try binary(), arguments, currentDirectory: directory.path)
    }

    /// A new scratch folder in memory (`/dev/shm`) where there is one: the in-process sweeps write
    /// thousands of small files, which on a disk shared with running builds costs seconds of flushes.
    static func memoryScratch(_ prefix: String) throws -> URL {
        let shm = "/dev/shm"
        let base = access(shm, W_OK) == 0 ? URL(fileURLWithPath: shm, isDirectory: true) : FileManager.default.temporaryDirectory
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of the entry `key` of `store` in a fresh store in memory (see `memoryScratch`).
    static func entryInMemory(_ key: String, of store: ResultStore) throws -> (store: ResultStore, url: URL, scratch: URL) {
        let scratch = try memoryScratch("flrepro-entry")
        let copy = ResultStore(root: scratch)
        let url = copy.url(for: key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: store.url(for: key), to: url)
        return (copy, url, scratch)
    }

    /// `--profile smoke --results <dir>`.
    static func smoke(_ results: URL) -> [String] { ["--profile", "smoke", "--results", results.path] }

    /// Starts flrepro without waiting; its output goes to `log`.
    static func start(_ arguments: [String], log: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = arguments
        p.currentDirectoryURL = repository
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try handle.close()
        return p
    }

    // MARK: Cache contents

    /// What consumers read from an entry (arrays with shapes, scalars), bit for bit.
    struct Contents: Equatable {
        var arrays: [String: [UInt64]] = [:]
        var shapes: [String: [Int]] = [:]
        var scalars: [String: UInt64] = [:]

        init(_ r: TaskResult) {
            for (k, a) in r.arrays { arrays[k] = a.values.map(\.bitPattern); shapes[k] = a.shape }
            for (k, v) in r.scalars { scalars[k] = v.bitPattern }
        }
    }

    /// Every entry file of a store, read back: key → contents (nil when it cannot be read).
    static func contents(of store: ResultStore) -> [String: Contents?] {
        var out: [String: Contents?] = [:]
        for url in store.listEntries().entries {
            let key = url.deletingPathExtension().lastPathComponent
            out[key] = (try? store.read(key)).map(Contents.init)
        }
        return out
    }

    /// Entries of `store` that differ from (or are not in) the reference contents.
    static func entriesDiffering(in store: ResultStore, from reference: [String: Contents?]) -> [String] {
        contents(of: store).compactMap { key, c in
            guard let expected = reference[key], let expected, let c, c == expected else { return String(key.prefix(12)) }
            return nil
        }.sorted()
    }

    // MARK: Figures

    /// Which of the figure's files differ between two results directories. The PDF is compared
    /// with its `/CreationDate` masked (cairo stamps the time; every other byte is reproducible);
    /// `.dat`, `.gp`, `.png` and the figure's `.h5` record must be byte-identical.
    static func figureDifferences(_ a: URL, _ b: URL) -> [String] {
        figureExtensions.filter { ext in
            let name = "\(figure).\(ext)"
            guard let x = try? Data(contentsOf: a.appendingPathComponent(name)),
                  let y = try? Data(contentsOf: b.appendingPathComponent(name)) else { return true }
            return ext == "pdf" ? maskingCreationDate(x) != maskingCreationDate(y) : x != y
        }
    }

    /// The PDF with the text of `/CreationDate (…)` replaced by `#`s.
    static func maskingCreationDate(_ pdf: Data) -> Data {
        var bytes = [UInt8](pdf)
        let marker = Array("/CreationDate (".utf8)
        guard bytes.count > marker.count else { return pdf }
        var i = 0
        while i + marker.count <= bytes.count {
            if bytes[i] == marker[0], Array(bytes[i..<i + marker.count]) == marker {
                var j = i + marker.count
                while j < bytes.count, bytes[j] != UInt8(ascii: ")") { bytes[j] = UInt8(ascii: "#"); j += 1 }
                i = j
            } else {
                i += 1
            }
        }
        return Data(bytes)
    }

    // MARK: Processes

    /// Whether every thread of `pid` is stopped (state `T` in `/proc/<pid>/task/*/stat`).
    static func isStopped(_ pid: pid_t) -> Bool {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"), !threads.isEmpty else { return false }
        return threads.allSatisfy { tid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return true }  // the thread is gone
            let state = stat[stat.index(after: close)...].split(separator: " ").first
            return state == "T" || state == "t" || state == "Z" || state == "X"
        }
    }

    /// The direct children of `pid` (from `/proc/*/stat`).
    static func children(of pid: pid_t) -> [pid_t] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var out: [pid_t] = []
        for name in names {
            guard let child = pid_t(name),
                  let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == pid { out.append(child) }
        }
        return out
    }

    /// Freezes `pid` and waits (up to a second) until the kernel has stopped it.
    static func freeze(_ pid: pid_t) {
        kill(pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(1)
        while !isStopped(pid) && Date() < deadline { usleep(50) }
    }

    /// SIGKILLs a run started by this test and every process it started (gnuplot, git), as a
    /// job scheduler or a terminal's Ctrl-\ would; an orphaned gnuplot would otherwise keep
    /// writing the figure while the resumed run renders it. Only descendants of `pid` are touched.
    static func killRun(_ pid: pid_t) {
        freeze(pid)  // it cannot start another child while we look
        var stack = children(of: pid)
        var all: [pid_t] = []
        while let p = stack.popLast() { all.append(p); stack += children(of: p) }
        for p in all { kill(p, SIGKILL) }
        kill(pid, SIGKILL)
    }

    /// Every file under `<results>/cache` (`<k0k1>/<name>`): entries and temporary files.
    static func cacheFiles(in results: URL) -> [String] {
        let cache = results.appendingPathComponent("cache").path
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: cache) else { return [] }
        var out: [String] = []
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: cache + "/" + folder)) ?? [] {
                out.append(folder + "/" + name)
            }
        }
        return out
    }

    /// Temporary entry files (`<key>.h5.tmp-<pid>-<rand>`) under `<results>/cache`.
    static func temporaries(in results: URL) -> [String] {
        cacheFiles(in: results).filter { $0.contains(".h5.tmp-") }
    }

    /// The labels of the `[i/n] done <label>` lines of `--plain` output.
    static func doneLabels(_ log: String) -> [String] {
        log.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "] done ") else { return nil }
            let rest = line[r.upperBound...]
            return String(rest[..<(rest.range(of: " (")?.lowerBound ?? rest.endIndex)])
        }
    }
}

/// The seeded generator of the fault-injection tests (every "random" fault is reproducible).
typealias SeededGenerator = SplitMix64

