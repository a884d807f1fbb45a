/// Runs the missing tasks of a plan. The local worker pool and the Slurm
/// executor both conform; results must not depend on which one ran them.
public protocol Executor {
    /// Runs `tasks` (a dependency-closed, topologically ordered subset of the
    /// plan whose other inputs are already cached) and stores their results.
    /// - Parameters:
    ///   - tasks: the tasks to run, inputs before consumers.
    ///   - plan: the whole plan (for input lookup).
    /// - Returns: what happened to each task.
    func execute(_ tasks: [PlannedTask], plan: Plan) throws -> ExecutionReport
}

/// The outcome of an execution.
public struct ExecutionReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        case succeeded(seconds: Double)
        case failed(message: String)
        /// Not run because an input failed.
        case skipped(becauseOf: String)
    }
    public var outcomes: [String: Outcome] = [:]
    /// Keys in completion order.
    public var completionOrder: [String] = []

    public init() {}

    public var failures: [(key: String, message: String)] {
        outcomes.compactMap { k, o in if case .failed(let m) = o { return (k, m) }; return nil }.sorted { $0.key < $1.key }
    }
    public var skipped: [String] {
        outcomes.compactMap { k, o in if case .skipped = o { return k }; return nil }.sorted()
    }
    public var succeededCount: Int {
        outcomes.values.filter { if case .succeeded = $0 { return true }; return false }.count
    }
}
