import Foundation

/// The Slurm command-line tools flrepro calls. Each is a name looked up on
/// `PATH` or a path, taken from the environment variables `SBATCH`, `SQUEUE`,
/// `SACCT` and `SCANCEL` when set (so tests can put fake scripts in their place).
public struct SlurmTools: Sendable, Equatable {
    public var sbatch = "sbatch"
    public var squeue = "squeue"
    public var sacct = "sacct"
    public var scancel = "scancel"

    public init(sbatch: String = "sbatch", squeue: String = "squeue", sacct: String = "sacct", scancel: String = "scancel") {
        self.sbatch = sbatch
        self.squeue = squeue
        self.sacct = sacct
        self.scancel = scancel
    }

    /// The tools named by `SBATCH`, `SQUEUE`, `SACCT`, `SCANCEL` (defaults: the plain names).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SlurmTools {
        func pick(_ v: String, _ d: String) -> String {
            guard let s = environment[v], !s.isEmpty else { return d }
            return s
        }
        return SlurmTools(sbatch: pick("SBATCH", "sbatch"), squeue: pick("SQUEUE", "squeue"),
                          sacct: pick("SACCT", "sacct"), scancel: pick("SCANCEL", "scancel"))
    }
}

/// How often and how patiently a Slurm command is retried when the
/// controller is busy or unreachable (exponential back-off).
public struct SlurmRetryPolicy: Sendable, Equatable {
    /// Tries in all (the first included).
    public var attempts = 8
    /// Seconds before the first retry.
    public var initialDelay = 1.0
    /// Each further retry waits this factor longer …
    public var multiplier = 2.0
    /// … up to this many seconds.
    public var maximumDelay = 60.0
    /// A command still running after this many seconds is killed and counts as a transient failure.
    public var commandTimeout = 120.0

    public init(attempts: Int = 8, initialDelay: Double = 1, multiplier: Double = 2, maximumDelay: Double = 60, commandTimeout: Double = 120) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.commandTimeout = commandTimeout
    }

    /// Seconds to wait after the `failures`-th consecutive failure (1-based).
    public func delay(afterFailure failures: Int) -> Double {
        min(maximumDelay, initialDelay * pow(multiplier, Double(max(0, failures - 1))))
    }
}

/// The state of one Slurm job (or job-array element) as `squeue` or `sacct` report it.
public struct SlurmJobStatus: Sendable, Equatable, CustomStringConvertible {
    /// Upper-case state, e.g. `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`.
    public var state: String
    /// `squeue`'s reason (`Dependency`, `DependencyNeverSatisfied`, `Resources`, …), empty when unknown.
    public var reason: String
    /// `sacct`'s exit code (`status:signal`), when known.
    public var exitCode: String?

    public init(state: String, reason: String = "", exitCode: String? = nil) {
        self.state = state.split(separator: " ").first.map { String($0).uppercased() } ?? ""
        self.reason = reason == "None" || reason == "(null)" ? "" : reason
        self.exitCode = exitCode
    }

    /// States in which a job will not run any more.
    public static let terminalStates: Set<String> = [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE",
        "PREEMPTED", "REVOKED", "SPECIAL_EXIT",
    ]

    /// Whether the job has ended.
    public var isTerminal: Bool { Self.terminalStates.contains(state) }
    /// Whether the job is pending, running or finishing.
    public var isActive: Bool { !isTerminal }
    /// Whether a pending job can never start because a dependency failed.
    public var dependencyFailed: Bool { reason == "DependencyNeverSatisfied" }
    /// Whether a pending job is held (by its user, an administrator, or after a failed launch)
    /// and will not start until someone releases it.
    public var isHeld: Bool {
        state == "REQUEUE_HOLD" || ["jobheldadmin", "jobhelduser", "launch failed requeued held"].contains(reason.lowercased())
    }

    public var description: String {
        var s = state
        if !reason.isEmpty { s += " (\(reason))" }
        if let exitCode, exitCode != "0:0" { s += " exit \(exitCode)" }
        return s
    }
}

/// Calls the Slurm tools, retrying with exponential back-off when the
/// controller is busy or unreachable, and parses their output.
public struct SlurmClient: Sendable {
    public var tools: SlurmTools
    public var retry: SlurmRetryPolicy
    /// Receives notes about retries.
    public var log: @Sendable (String) -> Void
    /// Waits between retries (tests pass a recorder).
    public var sleep: @Sendable (Double) -> Void

    public init(tools: SlurmTools = .fromEnvironment(), retry: SlurmRetryPolicy = SlurmRetryPolicy(),
                log: @escaping @Sendable (String) -> Void = { _ in },
                sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.tools = tools
        self.retry = retry
        self.log = log
        self.sleep = sleep
    }

    /// What one command printed.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        /// The first line of standard error (or output), for messages.
        public var message: String {
            let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? stdout : stderr
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if timedOut { return "timed out" + (lines.isEmpty ? "" : ": " + lines.joined(separator: " / ")) }
            return lines.isEmpty ? "exit status \(status)" : lines.joined(separator: " / ")
        }
    }

    // MARK: Classification

    /// Whether a failure looks like a busy or unreachable controller (worth retrying).
    public static func isTransient(_ output: Output) -> Bool {
        if output.timedOut { return true }
        let text = (output.stderr + "\n" + output.stdout).lowercased()
        let patterns = [
            "socket timed out", "timed out", "unable to contact slurm controller", "temporarily unavailable",
            "connection refused", "connection reset", "zero bytes were transmitted or received",
            "communication connection failure", "not responding", "try again", "slurmctld is busy",
            "controller is busy", "transport endpoint", "broken pipe", "eagain", "temporarily unable",
        ]
        return patterns.contains { text.contains($0) }
    }

    /// Whether a failure only says that (some of) the requested jobs are unknown to the controller.
    static func isUnknownJob(_ output: Output) -> Bool {
        let t = output.stderr.lowercased()
        return t.contains("invalid job id") || t.contains("job/step already completing or completed")
            || t.contains("already completing or completed") || t.contains("job has already finished")
    }

    // MARK: Running tools

    /// Resolves a tool name on `PATH`.
    func executable(_ tool: String) throws -> String {
        if tool.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: tool) else { throw SlurmError("\(tool) is not an executable file") }
            return tool
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let variable = tool == tools.sbatch ? "SBATCH" : tool == tools.squeue ? "SQUEUE" : tool == tools.sacct ? "SACCT"
            : tool == tools.scancel ? "SCANCEL" : tool.uppercased()
        throw SlurmError("\(tool) not found on PATH: run this on a Slurm login node (Debian: apt-get install slurm-client) or set \(variable)=/path/to/\(tool)")
    }

    /// This client with every tool resolved to its path, so that a missing tool is found before
    /// anything is written or submitted: `sbatch`, `squeue` and `scancel` must exist; `sacct` may be
    /// missing (accounting then counts as unavailable).
    /// - Returns: the client with absolute tool paths.
    /// - Throws: `SlurmError` naming the first missing tool and the environment variable that sets it.
    public func resolvingTools() throws -> SlurmClient {
        var c = self
        c.tools.sbatch = try executable(tools.sbatch)
        c.tools.squeue = try executable(tools.squeue)
        c.tools.scancel = try executable(tools.scancel)
        if let sacct = try? executable(tools.sacct) { c.tools.sacct = sacct }
        return c
    }

    /// Runs one tool once.
    public func launch(_ tool: String, _ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable(tool))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        // Standard input from a file, not a pipe: a tool that exits without reading it
        // must not kill us with SIGPIPE.
        var inputFile: URL?
        var input: FileHandle?
        if let stdin {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("flrepro-stdin-\(getpid())-\(UUID().uuidString)")
            try Data(stdin.utf8).write(to: url)
            inputFile = url
            input = try FileHandle(forReadingFrom: url)
        }
        defer {
            try? input?.close()
            if let inputFile { try? FileManager.default.removeItem(at: inputFile) }
        }
        process.standardInput = input ?? FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do { try process.run() } catch { throw SlurmError("cannot run \(tool): \(error)") }
        let box = OutputBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { box.setOut(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter()
        DispatchQueue.global().async { box.setErr(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        var timedOut = false
        if finished.wait(timeout: .now() + retry.commandTimeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        _ = group.wait(timeout: .now() + 10)
        let (o, e) = box.get()
        return Output(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self), timedOut: timedOut)
    }

    /// What a look-up before a retry found (`sbatch`: did the job get in after all?).
    public enum Recovery: Sendable {
        /// It did: this is the answer.
        case found(Output)
        /// It did not: run the command again.
        case notFound
        /// The look-up failed too: ask again later, do not run the command again yet.
        case unknown
    }

    /// Runs a tool, retrying transient failures with back-off.
    ///
    /// Before running a failed command again it may look whether the failure was only apparent
    /// (`recover`: did the timed-out `sbatch` get in after all?). Those look-ups have their own
    /// budget of `retry.attempts` per failure: they decide whether to run the command again, they
    /// are not tries of it, so a busy controller during the look-ups does not use up the command's tries.
    /// - Parameters:
    ///   - tool: the tool's name or path.
    ///   - arguments: its arguments.
    ///   - stdin: text fed to its standard input.
    ///   - acceptFailure: a failed output that is nevertheless an answer (e.g. "Invalid job id").
    ///   - recover: called before each retry (sbatch: whether the job got in although sbatch reported a failure).
    /// - Returns: the successful (or accepted, or recovered) output.
    /// - Throws: `SlurmError` after a permanent failure, or when the retries or the look-ups are used up.
    public func call(_ tool: String, _ arguments: [String], stdin: String? = nil,
                     acceptFailure: (Output) -> Bool = { _ in false },
                     recover: (() -> Recovery)? = nil) throws -> Output {
        var failures = 0
        let command = ([tool] + arguments.prefix(6)).joined(separator: " ") + (arguments.count > 6 ? " …" : "")
        let name = URL(fileURLWithPath: tool).lastPathComponent
        func giveUp(_ message: String) -> SlurmError {
            SlurmError("\(command) failed \(failures) times (the Slurm controller seems busy or unreachable): \(message)")
        }
        while true {
            let output = try launch(tool, arguments, stdin: stdin)
            if output.status == 0 && !output.timedOut { return output }
            if !output.timedOut && acceptFailure(output) { return output }
            failures += 1
            guard Self.isTransient(output) else {
                throw SlurmError("\(command) failed: \(output.message)")
            }
            guard failures < retry.attempts else { throw giveUp(output.message) }
            let delay = retry.delay(afterFailure: failures)
            let text = output.message.hasPrefix("\(name):") ? output.message : "\(name): \(output.message)"
            log("\(text); retrying in \(Self.seconds(delay)) (\(failures)/\(retry.attempts - 1))")
            sleep(delay)
            guard let recover else { continue }
            var lookUps = 0
            lookUp: while true {
                switch recover() {
                case .found(let o): return o
                case .notFound: break lookUp
                case .unknown:
                    lookUps += 1
                    guard lookUps < retry.attempts else {
                        throw giveUp("\(lookUps) look-ups could not tell whether the job was submitted")
                    }
                    let wait = retry.delay(afterFailure: failures + lookUps)
                    log("\(name): cannot tell yet whether the job got in; asking again in \(Self.seconds(wait)) (look-up \(lookUps)/\(retry.attempts - 1))")
                    sleep(wait)
                }
            }
        }
    }

    static func seconds(_ s: Double) -> String { s < 10 ? String(format: "%.1f s", s) : String(format: "%.0f s", s) }

    // MARK: Commands

    /// Submits a batch script.
    /// - Parameters:
    ///   - script: the script text (fed to `sbatch` on standard input).
    ///   - arguments: `sbatch` options (job name, output, dependency, resources, …).
    ///   - name: the job name (also used to find a job that got in although `sbatch` reported a timeout).
    ///   - comment: a unique comment (`--comment`) identifying this submission.
    /// - Returns: the job id.
    public func submit(script: String, arguments: [String], name: String, comment: String) throws -> String {
        let args = ["--parsable", "--job-name=\(name)", "--comment=\(comment)"] + arguments
        let misses = Counter()
        let output = try call(tools.sbatch, args, stdin: script, recover: {
            // A timed-out submission may still reach the controller (a busy controller works through its
            // backlog): look for it before resubmitting, and only resubmit after two look-ups in a row
            // missed it, after every failed sbatch (the count starts afresh once it is decided). A
            // duplicate that slips through anyway is harmless (exec-task finds the entry cached, and
            // writes are atomic), only wasteful.
            do {
                guard let id = try findJob(name: name, comment: comment) else {
                    guard misses.increment() >= 2 else { return .unknown }
                    misses.reset()
                    return .notFound
                }
                misses.reset()
                return .found(Output(status: 0, stdout: id, stderr: "", timedOut: false))
            } catch {
                misses.reset()  // "in a row": a failed look-up breaks the run of misses
                return .unknown
            }
        })
        let id = output.stdout.split(separator: "\n").last.map { String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty, id.allSatisfy({ $0.isNumber }) else {
            throw SlurmError("\(tools.sbatch) printed no job id (got \"\(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))\")")
        }
        return id
    }

    /// The job (array) id of a job with this name and comment, if the controller knows one (one try, no retries).
    /// - Throws: when `squeue` fails (the answer is unknown).
    func findJob(name: String, comment: String) throws -> String? {
        let output = try launch(tools.squeue, [Self.userOption, "--noheader", "--states=all", "--name=\(name)", "--format=%F|%k"])
        guard output.status == 0 && !output.timedOut else { throw SlurmError("squeue: \(output.message)") }
        for line in output.stdout.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            if parts.count == 2 && parts[1].trimmingCharacters(in: .whitespaces) == comment { return parts[0].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// The states of jobs the controller still knows (`squeue --states=all`); jobs it has forgotten are absent.
    /// - Parameter jobIDs: job ids, or `<array id>_<index>` for array elements.
    public func queueStates(_ jobIDs: [String]) throws -> [String: SlurmJobStatus] {
        var out: [String: SlurmJobStatus] = [:]
        for chunk in Self.chunks(jobIDs) {
            let output = try call(tools.squeue, ["--noheader", "--array", "--states=all", "--jobs=\(chunk.joined(separator: ","))", "--format=%i|%T|%r"],
                                  acceptFailure: Self.isUnknownJob)
            if output.status != 0 && chunk.count > 1 {
                // Some Slurm versions reject the whole list when one id is unknown: ask one by one.
                for id in chunk {
                    let one = try call(tools.squeue, ["--noheader", "--array", "--states=all", "--jobs=\(id)", "--format=%i|%T|%r"],
                                       acceptFailure: Self.isUnknownJob)
                    if one.status == 0 { Self.parseQueue(one.stdout, into: &out) }
                }
                continue
            }
            Self.parseQueue(output.stdout, into: &out)
        }
        return out
    }

    static func parseQueue(_ text: String, into out: inout [String: SlurmJobStatus]) {
        for line in text.split(separator: "\n") {
            let p = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard p.count >= 2, !p[0].isEmpty else { continue }
            out[p[0]] = SlurmJobStatus(state: p[1], reason: p.count > 2 ? p[2] : "")
        }
    }

    /// The final states of jobs from the accounting database (`sacct`), or nil when accounting is unavailable.
    public func accountingStates(_ jobIDs: [String]) -> [String: SlurmJobStatus]? {
        var out: [String: SlurmJobStatus] = [:]
        for chunk in Self.chunks(jobIDs) {
            guard let output = try? call(tools.sacct, ["--noheader", "--parsable2", "--allocations", "--jobs=\(chunk.joined(separator: ","))",
                                                       "--format=JobID,State,ExitCode"]) else { return nil }
            for line in output.stdout.split(separator: "\n") {
                let p = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard p.count >= 2, !p[0].isEmpty else { continue }
                out[p[0]] = SlurmJobStatus(state: p[1], exitCode: p.count > 2 ? p[2] : nil)
            }
        }
        return out
    }

    /// `--user=<uid>`: this user's jobs (`squeue --me` needs Slurm 20.11 or later; a numeric uid works everywhere).
    static var userOption: String { "--user=\(getuid())" }

    /// Ids of this user's pending and running jobs (array elements one by one).
    public func activeJobIDs() throws -> Set<String> {
        let output = try call(tools.squeue, [Self.userOption, "--noheader", "--array", "--format=%i"])
        return Set(output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// Cancels jobs (already finished ones are ignored).
    public func cancel(_ jobIDs: [String]) throws {
        for chunk in Self.chunks(jobIDs) {
            _ = try call(tools.scancel, chunk, acceptFailure: Self.isUnknownJob)
        }
    }

    static func chunks(_ ids: [String], size: Int = 400) -> [[String]] {
        stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    }
}

/// A counter shared with a closure.
private final class Counter: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
    func reset() { lock.withLock { value = 0 } }
}

/// Collects a child's output from two reader threads.
private final class OutputBox: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func setOut(_ d: Data) { lock.withLock { out = d } }
    func setErr(_ d: Data) { lock.withLock { err = d } }
    func get() -> (Data, Data) { lock.withLock { (out, err) } }
}
