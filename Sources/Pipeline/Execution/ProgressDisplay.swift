import Foundation

/// Shows the progress of a run: on a terminal, one redrawn line with a bar,
/// done/total, ETA and the running task (with its own step counter); otherwise
/// one plain line per finished task.
public final class ProgressDisplay: @unchecked Sendable {  // all mutable state is guarded by `lock`
    private let lock = NSLock()
    private let total: Int
    private let isTerminal: Bool
    private let started = Date()
    private var done = 0
    private var failed = 0
    private var running: [String: String] = [:]  // label → status
    private var lastDraw = Date.distantPast
    private let output: FileHandle

    /// - Parameters:
    ///   - total: number of tasks to run.
    ///   - isTerminal: draw a live bar (else plain lines); defaults to whether stderr is a terminal.
    public init(total: Int, isTerminal: Bool? = nil) {
        self.total = total
        self.isTerminal = isTerminal ?? (isatty(STDERR_FILENO) == 1)
        self.output = FileHandle.standardError
    }

    public func started(_ label: String) {
        lock.withLock { running[label] = ""; draw(force: true) }
    }

    public func progress(_ label: String, _ fraction: Double, _ text: String) {
        lock.withLock {
            running[label] = text.isEmpty ? String(format: "%.0f%%", 100 * fraction) : text
            draw(force: false)
        }
    }

    public func finished(_ label: String, seconds: Double?, error: String?) {
        lock.withLock {
            running[label] = nil
            done += 1
            if error != nil { failed += 1 }
            if isTerminal {
                if let error { emit("\r\u{1B}[K✗ \(label): \(error)\n") }
                draw(force: true)
            } else if let error {
                emit("[\(done)/\(total)] FAILED \(label): \(error)\n")
            } else {
                emit("[\(done)/\(total)] done \(label) (\(String(format: "%.2f", seconds ?? 0)) s)\n")
            }
        }
    }

    /// Prints a message without garbling the bar.
    public func message(_ text: String) {
        lock.withLock {
            emit(isTerminal ? "\r\u{1B}[K\(text)\n" : "\(text)\n")
            draw(force: true)
        }
    }

    /// Clears the bar at the end.
    public func finish() {
        lock.withLock { if isTerminal { emit("\r\u{1B}[K") } }
    }

    private func draw(force: Bool) {
        guard isTerminal, total > 0 else { return }
        let now = Date()
        if !force && now.timeIntervalSince(lastDraw) < 0.1 { return }
        lastDraw = now
        let width = 24
        let filled = Int(Double(width) * Double(done) / Double(total))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(started)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : .nan
        let etaText = eta.isFinite ? Self.clock(eta) : "--:--"
        let current = running.sorted { $0.key < $1.key }.first.map { $0.value.isEmpty ? $0.key : "\($0.key) \($0.value)" } ?? ""
        let more = running.count > 1 ? " (+\(running.count - 1))" : ""
        var line = "[\(bar)] \(done)/\(total) ETA \(etaText)\(failed > 0 ? " ✗\(failed)" : "") \(current)\(more)"
        if line.count > 160 { line = String(line.prefix(157)) + "…" }
        emit("\r\u{1B}[K" + line)
    }

    private func emit(_ s: String) { output.write(Data(s.utf8)) }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
