import Foundation

/// An exclusive lock on a results directory (`<results>/lock`, `flock`), so
/// that two `flrepro run` processes cannot write the same cache at once. The
/// kernel releases it when the process dies, so a killed run never leaves a
/// stale lock.
public final class ResultsLock: @unchecked Sendable {  // holds only a file descriptor, used from one thread
    private var fd: Int32 = -1
    public let path: String

    /// Takes the lock, waiting if another process holds it.
    /// - Parameters:
    ///   - results: the results directory.
    ///   - wait: wait for the other process (true) or throw at once (false).
    ///   - onWait: called once if the lock is busy and we wait.
    public init(results: URL, wait: Bool = true, onWait: (String) -> Void = { _ in }) throws {
        path = results.appendingPathComponent("lock").path
        do { try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true) } catch {
            throw StoreError(path: results.path, message: "cannot create the results directory: \(ResultStore.reason(error))")
        }
        fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw StoreError(path: path, message: "cannot create the lock file: \(String(cString: strerror(errno))) (is the results directory writable?)")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            guard wait else {
                close(fd)
                throw StoreError(path: path, message: "another flrepro process (pid \(holder)) is using this results directory")
            }
            onWait("waiting for another flrepro process (pid \(holder)) that holds \(path)")
            guard flock(fd, LOCK_EX) == 0 else {
                close(fd)
                throw StoreError(path: path, message: "cannot lock: \(String(cString: strerror(errno)))")
            }
        }
        _ = ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    /// Releases the lock.
    public func release() {
        if fd >= 0 { flock(fd, LOCK_UN); close(fd); fd = -1 }
    }

    deinit { release() }
}
