import Foundation

/// Runs tasks on this machine with a pool of `jobs` worker threads, in
/// dependency order, longest critical path first (each kind's `estimatedSeconds`
/// plus the longest chain of tasks waiting on it), so that long tasks do not
/// start last and run alone. A failed task's dependents are skipped; every failure is
/// reported at the end. Each task is deterministic on its own, so results do
/// not depend on `jobs` or on the order in which workers pick tasks.
public struct LocalExecutor: Executor, Sendable {
    public let runner: TaskRunner
    public let jobs: Int
    public let display: ProgressDisplay?
    /// Threads each task may use internally (`TaskContext.threads`).
    public var threadsPerTask = 1
    /// Stack size of each worker thread (numerical kernels may recurse or use large locals).
    public var stackSize = 64 << 20

    public init(runner: TaskRunner, jobs: Int, display: ProgressDisplay?) {
        self.runner = runner
        self.jobs = max(1, jobs)
        self.display = display
    }

    public func execute(_ tasks: [PlannedTask], plan: Plan) throws -> ExecutionReport {
        guard !tasks.isEmpty else { return ExecutionReport() }
        let scheduler = Scheduler(tasks: tasks, display: display) { task in
            runner.registry[task.kind]?.estimatedSeconds(task.parameters) ?? 0.1
        }
        let allDone = DispatchSemaphore(value: 0)
        let workerCount = min(jobs, tasks.count)
        for _ in 0..<workerCount {
            let thread = Thread { [runner, display, threadsPerTask] in
                while let task = scheduler.next() {
                    let label = task.label
                    display?.started(label)
                    let context = TaskContext(progress: { f, text in display?.progress(label, f, text) },
                                              warn: { w in display?.message("warning: \(label): \(w)") },
                                              threads: threadsPerTask)
                    let outcome: ExecutionReport.Outcome
                    do { outcome = .succeeded(seconds: try runner.run(task, context: context)) } catch {
                        outcome = .failed(message: "\(error)")
                    }
                    scheduler.complete(task.key, outcome)
                }
                allDone.signal()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        for _ in 0..<workerCount { allDone.wait() }
        display?.finish()
        return scheduler.report
    }
}

/// Dependency bookkeeping shared by the worker threads.
private final class Scheduler: @unchecked Sendable {  // every member is accessed under `condition`
    private let condition = NSCondition()
    private let byKey: [String: PlannedTask]
    private var waitingOn: [String: Int] = [:]
    private var dependents: [String: [String]] = [:]
    private var ready: [String]
    /// Estimated seconds of a task plus the longest chain of tasks that wait on it.
    private let priority: [String: Double]
    private var finished = 0
    private let total: Int
    private let display: ProgressDisplay?
    private(set) var report = ExecutionReport()

    init(tasks: [PlannedTask], display: ProgressDisplay?, estimatedSeconds: (PlannedTask) -> Double) {
        let inSet = Set(tasks.map(\.key))
        var waiting: [String: Int] = [:]
        var consumers: [String: [String]] = [:]
        for t in tasks {
            let deps = Set(t.inputs.map(\.key)).filter { inSet.contains($0) }
            waiting[t.key] = deps.count
            for d in deps.sorted() { consumers[d, default: []].append(t.key) }
        }
        waitingOn = waiting
        dependents = consumers
        byKey = Dictionary(uniqueKeysWithValues: tasks.map { ($0.key, $0) })
        ready = tasks.filter { waiting[$0.key] == 0 }.map(\.key)
        // `tasks` is in dependency order, so dependents come later: walk it backwards.
        var bottomLevel: [String: Double] = [:]
        for t in tasks.reversed() {
            let downstream = (consumers[t.key] ?? []).map { bottomLevel[$0] ?? 0 }.max() ?? 0
            bottomLevel[t.key] = max(0, estimatedSeconds(t)) + downstream
        }
        priority = bottomLevel
        total = tasks.count
        self.display = display
    }

    /// The next runnable task, waiting until one is ready; `nil` when all are finished.
    func next() -> PlannedTask? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && finished < total { condition.wait() }
        guard !ready.isEmpty else { return nil }
        // Longest critical path first; ties keep the plan order (the first such task in `ready`).
        var best = 0
        for i in ready.indices.dropFirst() where priority[ready[i]]! > priority[ready[best]]! { best = i }
        return byKey[ready.remove(at: best)]
    }

    func complete(_ key: String, _ outcome: ExecutionReport.Outcome) {
        condition.lock()
        defer { condition.broadcast(); condition.unlock() }
        report.outcomes[key] = outcome
        report.completionOrder.append(key)
        finished += 1
        let label = byKey[key]!.label
        switch outcome {
        case .failed(let m):
            display?.finished(label, seconds: nil, error: m)
            skipDependents(of: key, cause: key)
        case .succeeded(let s):
            display?.finished(label, seconds: s, error: nil)
            for d in dependents[key] ?? [] {
                waitingOn[d]! -= 1
                if waitingOn[d] == 0 && report.outcomes[d] == nil { ready.append(d) }
            }
        case .skipped:
            break
        }
    }

    private func skipDependents(of key: String, cause: String) {
        for d in dependents[key] ?? [] where report.outcomes[d] == nil {
            report.outcomes[d] = .skipped(becauseOf: cause)
            finished += 1
            display?.finished(byKey[d]!.label, seconds: nil, error: "skipped: input \(byKey[cause]!.label) failed")
            skipDependents(of: d, cause: cause)
        }
    }
}
