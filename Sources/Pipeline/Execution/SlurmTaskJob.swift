import Foundation

/// What a Slurm job does (`flrepro exec-task`): finds its task in the plan
/// file, rebuilds the `PlannedTask` (checking that the key recomputes),
/// checks its inputs' cache entries, runs it through `TaskRunner` — the code
/// path of local runs, with the same atomic write — and checks the entry it
/// wrote with `EntryVerifier`.
public struct SlurmTaskJob: Sendable {
    public var registry: TaskRegistry
    /// The repository root (git provenance).
    public var repositoryRoot: URL

    public init(registry: TaskRegistry, repositoryRoot: URL) {
        self.registry = registry
        self.repositoryRoot = repositoryRoot
    }

    /// What happened.
    public enum Outcome: Sendable, Equatable {
        /// An intact entry was already there (nothing run).
        case alreadyCached
        /// Ran and stored in this many seconds.
        case ran(seconds: Double)
    }

    /// The key a job stands for: given, or element `arrayIndex` of `arrayGroup`.
    public static func key(in plan: SlurmPlanFile, key: String?, arrayGroup: String?, arrayIndex: Int?) throws -> String {
        if let key {
            guard arrayGroup == nil else { throw SlurmError("give either a task key or --array-group, not both") }
            if ContentKey.isKey(key) { return key }
            let matches = plan.tasks.filter { $0.key.hasPrefix(key) }
            guard matches.count == 1 else {
                throw SlurmError(matches.isEmpty ? "no task with key \(key) in plan \(plan.id)" : "key prefix \(key) is ambiguous in plan \(plan.id)")
            }
            return matches[0].key
        }
        guard let arrayGroup else { throw SlurmError("give a task key or --array-group") }
        guard let arrayIndex else { throw SlurmError("--array-group needs the element index (SLURM_ARRAY_TASK_ID is not set)") }
        return try plan.key(array: arrayGroup, index: arrayIndex)
    }

    /// Waits until every input's cache entry is present and intact: a job may start before the
    /// login node's and its own view of the shared file system show the entry its input job wrote.
    /// Looks again with growing pauses (0.25 s, doubling, at most 8 s) for up to `latencyWait` seconds.
    /// - Throws: `SlurmError` naming the input, its entry and the problem once the time is up.
    func waitForInputs(of task: PlannedTask, store: ResultStore, verifier: EntryVerifier, latencyWait: Double,
                       sleep: (Double) -> Void, log: (String) -> Void) throws {
        let deadline = Date().addingTimeInterval(max(0, latencyWait))
        var pause = 0.25
        var announced = false
        while true {
            var problem: (input: (name: String, key: String), url: URL, problems: [String])?
            for input in task.inputs {
                let iu = store.url(for: input.key)
                let problems = SharedFileSystem.entryProblems(at: iu, verifier: verifier)
                if !problems.isEmpty { problem = (input, iu, problems); break }
            }
            guard let p = problem else { return }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                let waited = latencyWait > 0 ? " (waited \(SlurmExecutor.seconds(latencyWait)) for it, --latency-wait)" : ""
                if !FileManager.default.fileExists(atPath: p.url.path) {
                    throw SlurmError("input \(p.input.name) (\(p.input.key.prefix(12))…) has no cache entry at \(p.url.path)\(waited)")
                }
                throw SlurmError("input \(p.input.name) (\(p.url.path)) fails verification: \(p.problems.joined(separator: "; "))\(waited)")
            }
            if !announced {
                announced = true
                log("input \(p.input.name) (\(p.url.path)) is not there or not intact yet (\(p.problems.joined(separator: "; "))); "
                    + "waiting up to \(SlurmExecutor.seconds(latencyWait)) for it (--latency-wait)")
            }
            sleep(min(pause, left))
            pause = min(pause * 2, 8)
        }
    }

    /// Runs one task of a plan file.
    /// - Parameters:
    ///   - plan: the plan file.
    ///   - key: the task's key.
    ///   - results: the results directory (default: the plan's).
    ///   - threads: threads the task may use internally.
    ///   - latencyWait: seconds to wait, with back-off, for an input entry that is missing or not yet
    ///     intact (another node wrote it; a network file system may not show it yet).
    ///   - sleep: pauses between looks at the inputs (tests pass a recorder).
    ///   - log: progress lines (the job's log).
    /// - Returns: whether the task ran or was already cached.
    /// - Throws: `SlurmError` when the task cannot be rebuilt, an input is still missing after
    ///   `latencyWait`, or the entry written fails verification; the task's own error when it fails.
    public func run(plan: SlurmPlanFile, key: String, results: URL? = nil, threads: Int = 1, latencyWait: Double = 60,
                    sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
                    log: @escaping @Sendable (String) -> Void) throws -> Outcome {
        guard let entry = plan.task(key) else { throw SlurmError("task \(key.prefix(12))… is not in plan \(plan.id)") }
        let task = try entry.plannedTask(registry: registry)
        let kind = registry[task.kind]!
        guard kind.version == task.version else {
            throw SlurmError("this flrepro binary has \(task.kind) at version \(kind.version), the plan was made for version \(task.version): submit the manifest again")
        }
        let store = ResultStore(root: results ?? URL(fileURLWithPath: plan.results, isDirectory: true))
        let verifier = EntryVerifier(store: store)
        let url = store.url(for: task.key)
        if SharedFileSystem.entryProblems(at: url, verifier: verifier).isEmpty {
            log("\(task.label): an intact cache entry already exists (\(url.path)); nothing to do")
            return .alreadyCached
        }
        try waitForInputs(of: task, store: store, verifier: verifier, latencyWait: latencyWait, sleep: sleep, log: log)
        let runner = TaskRunner(registry: registry, inputStore: store, build: BuildProvenance.current(repository: repositoryRoot))
        let throttle = ProgressThrottle()
        let context = TaskContext(progress: { f, text in
            if throttle.shouldPrint() { log(text.isEmpty ? String(format: "progress %.0f%%", 100 * f) : "progress \(text)") }
        }, warn: { w in log("warning: \(w)") }, threads: threads)
        log("running \(task.kind) v\(task.version) \(task.label) (\(task.key)) with \(threads) thread\(threads == 1 ? "" : "s")")
        let seconds = try runner.run(task, context: context)
        let problems = verifier.problems(at: url)
        guard problems.isEmpty else {
            let dest = try? store.quarantine(url)
            throw SlurmError("the entry written for \(task.label) fails verification (\(problems.joined(separator: "; "))); moved to \(dest?.path ?? "quarantine")")
        }
        log(String(format: "stored %@ (%.2f s)", url.path, seconds))
        return .ran(seconds: seconds)
    }
}

/// Lets a progress line through at most every few seconds.
private final class ProgressThrottle: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var last = Date.distantPast
    func shouldPrint(every seconds: Double = 10) -> Bool {
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(last) >= seconds else { return false }
            last = now
            return true
        }
    }
}
