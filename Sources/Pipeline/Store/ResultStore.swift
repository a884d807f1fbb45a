import Foundation
import HDF5

/// The content-addressed cache: one HDF5 file per task at
/// `<results>/cache/<first two hex>/<key>.h5`, written to a temporary file in
/// the same folder and renamed into place only once complete and closed, so a
/// killed run never leaves a file that looks complete.
public struct ResultStore: Sendable {
    /// The results directory (holds `cache/`, `figures/`, `manifests/`, …).
    public var root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public var cacheDirectory: URL { root.appendingPathComponent("cache", isDirectory: true) }
    public var quarantineDirectory: URL { root.appendingPathComponent("quarantine", isDirectory: true) }

    /// Where the entry for `key` lives.
    public func url(for key: String) -> URL {
        cacheDirectory.appendingPathComponent(String(key.prefix(2)), isDirectory: true).appendingPathComponent("\(key).h5")
    }

    /// Whether an entry file exists (not whether it is intact; see `check`).
    public func exists(_ key: String) -> Bool { FileManager.default.fileExists(atPath: url(for: key).path) }

    /// Writes a task's result atomically.
    /// - Parameters:
    ///   - result: what the task produced.
    ///   - task: the planned task (key, kind, parameters, inputs).
    ///   - reproducibility: the kind's declared comparison rule.
    ///   - build: code and host provenance.
    ///   - execution: timing.
    /// - Returns: the entry's URL.
    @discardableResult
    public func write(_ result: TaskResult, for task: PlannedTask, reproducibility: Reproducibility,
                      build: BuildProvenance, execution: ExecutionRecord) throws -> URL {
        let final = url(for: task.key)
        let dir = final.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw StoreError(path: final.path, message: "cannot create the cache folder \(dir.path): \(Self.reason(error))")
        }
        // Claim the space first: libhdf5 1.10 leaves an unclosable dataset behind when a write
        // fails for lack of space, and crashes at exit over it. A full disk is reported here instead.
        let claim = try SpaceClaims.shared.claim(Self.estimatedSize(result, task), in: dir, for: final)
        defer { SpaceClaims.shared.release(claim) }
        let temp = dir.appendingPathComponent(TemporaryEntryName.make(key: task.key))
        do {
            try writeFile(result, to: temp, task: task, reproducibility: reproducibility, build: build, execution: execution)
            // Its bytes must be on disk before its name is; a failed flush (EIO, or ENOSPC/EDQUOT
            // reported late by network file systems) must fail the write, not be ignored.
            let fd = open(temp.path, O_RDONLY)
            let synced = fd >= 0 ? fsync(fd) : -1
            let syncError = errno
            if fd >= 0 { close(fd) }
            guard synced == 0 else {
                throw StoreError(path: final.path, message: "cannot flush the finished entry to disk: \(String(cString: strerror(syncError)))")
            }
            guard rename(temp.path, final.path) == 0 else {
                throw StoreError(path: final.path, message: "cannot move the finished entry into place: \(String(cString: strerror(errno)))")
            }
            let dfd = open(dir.path, O_RDONLY)
            if dfd >= 0 { fsync(dfd); close(dfd) }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            if let e = error as? StoreError { throw e }
            throw StoreError(path: final.path, message: "writing failed: \(Self.reason(error))")
        }
        return final
    }

    /// A generous bound on the size of an entry's file (data, object headers, provenance strings).
    static func estimatedSize(_ result: TaskResult, _ task: PlannedTask) -> Int {
        var bytes = 24 << 10
        for a in result.arrays.values { bytes += 8 * a.values.count + 1024 }
        bytes += (8 + 1024) * result.scalars.count
        for (k, v) in result.attributes { bytes += 2 * (k.utf8.count + v.utf8.count) + 512 }
        let labels = task.labels.reduce(0) { $0 + $1.utf8.count + 1 }
        return bytes + 2 * (task.canonicalParameters.utf8.count + labels + 80 * task.inputs.count)
    }

    /// The system's reason for a failure, where there is one (`Permission denied`, `No space
    /// left on device`, …), else the error's full description.
    static func reason(_ error: Error) -> String {
        if let h = error as? HDF5Error, let r = h.detail.range(of: "error message = '"),
           let end = h.detail[r.upperBound...].firstIndex(of: "'") {
            return "\(h.detail[r.upperBound..<end]) (HDF5 could not \(h.operation) \(h.file ?? ""))"
        }
        let ns = error as NSError
        for e in [ns.userInfo[NSUnderlyingErrorKey] as? Error, error].compactMap({ $0 }) {
            if let p = e as? POSIXError { return String(cString: strerror(p.code.rawValue)) }
            let n = e as NSError
            if n.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(n.code))) }
        }
        return "\(error)"
    }

    private func writeFile(_ result: TaskResult, to url: URL, task: PlannedTask, reproducibility: Reproducibility,
                           build: BuildProvenance, execution: ExecutionRecord) throws {
        let file = try HDF5File.create(path: url.path)
        var hashes: [(String, String)] = []
        let data = try file.root.createGroup(StoreLayout.dataGroup)
        for name in result.arrays.keys.sorted() {
            let a = result.arrays[name]!
            try data.writeDataset(name, a.values, shape: a.shape)
            hashes.append(("\(StoreLayout.dataGroup)/\(name)", Self.hash(a.values)))
        }
        let scalars = try file.root.createGroup(StoreLayout.scalarsGroup)
        for name in result.scalars.keys.sorted() {
            let v = result.scalars[name]!
            try scalars.writeDataset(name, [v], shape: [])
            hashes.append(("\(StoreLayout.scalarsGroup)/\(name)", Self.hash([v])))
        }
        let attributes = try file.root.createGroup(StoreLayout.attributesGroup)
        for name in result.attributes.keys.sorted() { try attributes.setAttribute(name, result.attributes[name]!) }

        let p = try file.root.createGroup(StoreLayout.provenanceGroup)
        try p.setAttribute("format", StoreLayout.format)
        try p.setAttribute("key", task.key)
        try p.setAttribute("kind", task.kind)
        try p.setAttribute("kind_version", Int64(task.version))
        try p.setAttribute("parameters", task.canonicalParameters)
        try p.setAttribute("inputs", CanonicalJSON.encode(.object(JSONObject(task.inputs.map { ($0.name, .string($0.key)) }))))
        if let seed = task.parameters.values["seed"]?.intValue { try p.setAttribute("seed", Int64(seed)) }
        try p.setAttribute("requested_by", task.labels.joined(separator: "\n"))
        try p.setAttribute("flrepro_version", BuildProvenance.flreproVersion)
        try p.setAttribute("git_commit", build.gitCommit)
        try p.setAttribute("git_dirty", Int64(build.gitDirty ? 1 : 0))
        try p.setAttribute("host", build.host)
        try p.setAttribute("started_utc", ExecutionRecord.iso(execution.started))
        try p.setAttribute("finished_utc", ExecutionRecord.iso(execution.finished))
        try p.setAttribute("wall_seconds", execution.wallSeconds)
        try p.setAttribute("reproducibility", reproducibility.description)
        try p.setAttribute("dataset_sha256", CanonicalJSON.encode(.object(JSONObject(hashes.map { ($0.0, .string($0.1)) }))))
        try file.close()
    }

    /// SHA-256 of the little-endian IEEE-754 bytes of `values`.
    public static func hash(_ values: [Double]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return ContentKey.sha256Hex(bytes)
    }

    /// Reads a task's result.
    /// - Throws: `StoreError` if the entry is missing or unreadable.
    public func read(_ key: String) throws -> TaskResult {
        let path = url(for: key).path
        if let damage = GlobalHeapCheck.problem(at: url(for: key)) {
            throw StoreError(path: path, message: "the cache entry is damaged: \(damage)")
        }
        do {
            let file = try HDF5File.open(path: path)
            var result = TaskResult()
            let data = try file.root.group(StoreLayout.dataGroup)
            for m in try data.members() {
                let a = try data.readDataset(m.name, as: Double.self)
                result.arrays[m.name] = NDArray(shape: a.shape, values: a.values)
            }
            let scalars = try file.root.group(StoreLayout.scalarsGroup)
            for m in try scalars.members() {
                result.scalars[m.name] = try scalars.readDataset(m.name, as: Double.self).values.first ?? .nan
            }
            let attributes = try file.root.group(StoreLayout.attributesGroup)
            for name in try attributes.attributeNames() { result.attributes[name] = try attributes.stringAttribute(name) }
            try file.close()
            return result
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(path: path, message: "cannot read the cache entry: \(error)")
        }
    }

    /// Reads the `/provenance` attributes of an entry as strings.
    public func provenance(at url: URL) throws -> [String: String] {
        if let damage = GlobalHeapCheck.problem(at: url) { throw StoreError(path: url.path, message: "the cache entry is damaged: \(damage)") }
        let file = try HDF5File.open(path: url.path)
        let p = try file.root.group(StoreLayout.provenanceGroup)
        var out: [String: String] = [:]
        for name in try p.attributeNames() {
            if let s = try? p.stringAttribute(name) { out[name] = s }
            else if let i = try? p.intAttribute(name) { out[name] = String(i) }
            else if let d = try? p.doubleAttribute(name) { out[name] = "\(d)" }
        }
        try file.close()
        return out
    }

    /// Every entry file under `cache/` (sorted), and leftover temporary files.
    public func listEntries() -> (entries: [URL], temporaries: [URL]) {
        var entries: [URL] = [], temps: [URL] = []
        guard let e = FileManager.default.enumerator(at: cacheDirectory, includingPropertiesForKeys: nil) else { return ([], []) }
        for case let u as URL in e {
            let name = u.lastPathComponent
            if name.contains(".h5.tmp-") { temps.append(u) } else if name.hasSuffix(".h5") { entries.append(u) }
        }
        return (entries.sorted { $0.path < $1.path }, temps.sorted { $0.path < $1.path })
    }

    /// Removes temporary files left by killed runs: those written on this host by a process that is
    /// gone, and those written on another host (a compute node of a shared results folder, whose
    /// processes cannot be checked from here) more than `foreignAge` seconds ago.
    /// - Parameter foreignAge: how old another host's temporary file must be to count as abandoned.
    public func removeStaleTemporaries(foreignAge: TimeInterval = 24 * 3600) {
        let host = TemporaryEntryName.currentHost
        for t in listEntries().temporaries {
            guard let writer = TemporaryEntryName.parse(t.lastPathComponent) else { continue }
            if writer.host == nil || writer.host == host {
                if writer.pid != getpid(), kill(writer.pid, 0) == 0 { continue }  // a live process is still writing it
            } else {
                let modified = (try? t.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? Date()
                if Date().timeIntervalSince(modified) < foreignAge { continue }  // maybe still being written there
            }
            try? FileManager.default.removeItem(at: t)
        }
    }

    /// Moves a damaged entry out of the cache (kept for inspection under `quarantine/`).
    /// - Returns: where it went.
    @discardableResult
    public func quarantine(_ url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: quarantineDirectory, withIntermediateDirectories: true)
        let stamp = Int(Date().timeIntervalSince1970)
        let dest = quarantineDirectory.appendingPathComponent("\(url.lastPathComponent).\(stamp)")
        try? FileManager.default.removeItem(at: dest)
        try FileManager.default.moveItem(at: url, to: dest)
        return dest
    }
}

/// Space claimed on a file system by this process's writers that are still writing, so that
/// concurrent workers do not all count the same free bytes.
final class SpaceClaims: @unchecked Sendable {  // `pending` is guarded by `lock`
    static let shared = SpaceClaims()
    private let lock = NSLock()
    private var pending = 0

    /// Claims `bytes` on the file system of `directory`, or throws when they are not free.
    /// - Returns: the claim, to pass to `release`.
    func claim(_ bytes: Int, in directory: URL, for entry: URL) throws -> Int {
        var fs = statvfs()
        guard statvfs(directory.path, &fs) == 0, fs.f_blocks > 0 else { return 0 }  // capacity unknown: let the write try
        let free = Int(fs.f_bavail) * Int(fs.f_frsize)
        return try lock.withLock {
            guard free - pending >= bytes else {
                throw StoreError(path: entry.path, message: "No space left on device: the entry needs about \(bytes >> 10) KiB, \(max(0, free - pending) >> 10) KiB are free; nothing was written")
            }
            pending += bytes
            return bytes
        }
    }

    func release(_ claim: Int) { lock.withLock { pending -= claim } }
}

/// A cache entry could not be written or read.
public struct StoreError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
