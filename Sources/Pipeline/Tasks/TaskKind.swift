/// A kind of computation the pipeline can run and cache: a stable name, a
/// version (bump it whenever a change alters results), a parameter schema with
/// defaults, named inputs, and a deterministic `run`.
///
/// Science modules never see this protocol: a kind (in the `TaskKinds`
/// module) adapts a science function to it.
public protocol TaskKind: Sendable {
    /// Stable name, e.g. `kernel.krr`. Part of every content key.
    var name: String { get }
    /// Version of the computation. Part of every content key.
    var version: Int { get }
    /// One line saying what the kind computes.
    var summary: String { get }
    /// The parameters, with types, defaults and documentation.
    var parameters: [ParameterSpec] { get }
    /// Names of the required inputs (results of other tasks).
    var inputs: [String] { get }
    /// How re-executions may be compared (`flrepro verify --recompute`).
    var reproducibility: Reproducibility { get }
    /// Checks relations between parameters that types cannot express.
    /// - Parameter parameters: the resolved, type-checked parameters.
    /// - Throws: `TaskParameterError` naming the offending parameter.
    func validate(_ parameters: TaskParameters) throws
    /// Runs the computation.
    /// - Parameter request: resolved parameters, loaded inputs, and a context for progress.
    /// - Returns: named arrays, scalars and attributes to store.
    func run(_ request: TaskRequest) throws -> TaskResult
    /// A rough estimate of the task's run time in seconds on one core, used only to
    /// schedule long tasks (and the chains of tasks behind them) first; never part of a key
    /// or a result.
    /// - Parameter parameters: the resolved parameters.
    /// - Returns: seconds (default 0.1: a quick task).
    func estimatedSeconds(_ parameters: TaskParameters) -> Double
}

extension TaskKind {
    public func validate(_ parameters: TaskParameters) throws {}
    public func estimatedSeconds(_ parameters: TaskParameters) -> Double { 0.1 }
}

/// How two executions of a task must compare.
public enum Reproducibility: Sendable, Equatable, CustomStringConvertible {
    /// Bit-identical arrays and scalars.
    case bitIdentical
    /// Agreement within `relative`·|a| + `absolute` elementwise.
    case tolerance(relative: Double, absolute: Double)

    public var description: String {
        switch self {
        case .bitIdentical: return "bit-identical"
        case let .tolerance(r, a): return "within rel \(r), abs \(a)"
        }
    }
}

/// A parameter problem found by a kind's `validate`.
public struct TaskParameterError: Error, CustomStringConvertible {
    /// The parameter's name.
    public var parameter: String
    public var message: String
    public init(_ parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }
    public var description: String { "\(parameter): \(message)" }
}

/// What a kind's `run` receives.
public struct TaskRequest: Sendable {
    public var parameters: TaskParameters
    /// Input results by input name.
    public var inputs: [String: TaskResult]
    public var context: TaskContext

    public init(parameters: TaskParameters, inputs: [String: TaskResult], context: TaskContext) {
        self.parameters = parameters
        self.inputs = inputs
        self.context = context
    }

    /// The input named `name`.
    /// - Throws: `TaskFailure` if the planner did not supply it.
    public func input(_ name: String) throws -> TaskResult {
        guard let r = inputs[name] else { throw TaskFailure("missing input \"\(name)\"") }
        return r
    }

    /// The results of an input gathered with `over` (`name#0`, `name#1`, … in sweep order), or the
    /// single result of a plain input `name`.
    /// - Throws: `TaskFailure` if the planner supplied none.
    public func gathered(_ name: String) throws -> [TaskResult] {
        if let r = inputs[name] { return [r] }
        let prefix = name + "#"
        let numbered = inputs.compactMap { k, v in k.hasPrefix(prefix) ? Int(k.dropFirst(prefix.count)).map { ($0, v) } : nil }
        guard !numbered.isEmpty else { throw TaskFailure("missing input \"\(name)\"") }
        return numbered.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Lets a running task report progress (a step counter in long samplers).
public struct TaskContext: Sendable {
    /// Called with a fraction in [0, 1] and a short status text.
    public var progress: @Sendable (Double, String) -> Void
    /// Called with a warning the user should see (e.g. R̂ far from 1).
    public var warn: @Sendable (String) -> Void
    /// Threads the task may use internally (e.g. over independent chains).
    /// Results must not depend on it.
    public var threads: Int

    public init(progress: @escaping @Sendable (Double, String) -> Void = { _, _ in },
                warn: @escaping @Sendable (String) -> Void = { _ in }, threads: Int = 1) {
        self.progress = progress
        self.warn = warn
        self.threads = max(1, threads)
    }
}

/// A failure inside a task's computation.
public struct TaskFailure: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
