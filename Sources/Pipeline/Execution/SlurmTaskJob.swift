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

    /// Runs one task of a plan file.
    /// - Parameters:
    ///   - plan: the plan file.
    ///   - key: the task's key.
    ///   - results: the results directory (default: the plan's).
    ///   - threads: threads the task may use internally.
    ///   - log: progress lines (the job's log).
    public func run(plan: SlurmPlanFile, key: String, results: URL? = nil, threads: Int = 1,
                    log: @escaping @Sendable (String) -> Void) throws -> Outcome {
        guard let entry = plan.task(key) else { throw SlurmError("task \(key.prefix(12))… is not in plan \(plan.id)") }
        let task = try entry.plannedTask()
        guard let kind = registry[task.kind] else {
            throw SlurmError("this flrepro binary has no task kind \(task.kind) (the plan was made by another version: rebuild, or submit again)")
        }
        guard kind.version == task.version else {
            throw SlurmError("this flrepro binary has \(task.kind) at version \(kind.version), the plan was made for version \(task.version): submit the manifest again")
        }
        let store = ResultStore(root: results ?? URL(fileURLWithPath: plan.results, isDirectory: true))
        let verifier = EntryVerifier(store: store)
        let url = store.url(for: task.key)
        if FileManager.default.fileExists(atPath: url.path) && verifier.problems(at: url).isEmpty {
            log("\(task.label): an intact cache entry already exists (\(url.path)); nothing to do")
            return .alreadyCached
        }
        for input in task.inputs {
            let iu = store.url(for: input.key)
            guard FileManager.default.fileExists(atPath: iu.path) else {
                throw SlurmError("input \(input.name) (\(input.key.prefix(12))…) has no cache entry at \(iu.path)")
            }
            let problems = verifier.problems(at: iu)
            guard problems.isEmpty else {
                throw SlurmError("input \(input.name) (\(iu.path)) fails verification: \(problems.joined(separator: "; "))")
            }
        }
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
