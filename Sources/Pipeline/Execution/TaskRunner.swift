import Foundation
import LinearAlgebra

/// Runs one planned task: loads its inputs from the store, calls its kind,
/// checks the result and writes it atomically. Shared by the local executor,
/// `flrepro exec-task` (Slurm jobs) and `verify --recompute`.
public struct TaskRunner: Sendable {
    public var registry: TaskRegistry
    /// Where inputs are read from.
    public var inputStore: ResultStore
    /// Where results are written.
    public var outputStore: ResultStore
    public var build: BuildProvenance

    public init(registry: TaskRegistry, inputStore: ResultStore, outputStore: ResultStore? = nil, build: BuildProvenance) {
        self.registry = registry
        self.inputStore = inputStore
        self.outputStore = outputStore ?? inputStore
        self.build = build
    }

    /// Computes a task's result without storing it.
    /// - Throws: `TaskFailure` or the kind's error.
    public func compute(_ task: PlannedTask, context: TaskContext) throws -> TaskResult {
        guard let kind = registry[task.kind] else { throw TaskFailure("unknown task kind \(task.kind)") }
        guard kind.version == task.version else {
            throw TaskFailure("\(task.kind) is at version \(kind.version), the task was planned for version \(task.version)")
        }
        // One BLAS thread: OpenBLAS's threaded kernels may sum in a different order,
        // and results must be bit-identical whatever -j, executor or verify does.
        BLASThreads.set(1)
        var inputs: [String: TaskResult] = [:]
        for i in task.inputs { inputs[i.name] = try inputStore.read(i.key) }
        let result = try kind.run(TaskRequest(parameters: task.parameters, inputs: inputs, context: context))
        try Self.check(result, kind: task.kind)
        return result
    }

    /// Computes and stores a task's result.
    /// - Returns: the wall-clock seconds it took.
    @discardableResult
    public func run(_ task: PlannedTask, context: TaskContext) throws -> Double {
        let started = Date()
        let result = try compute(task, context: context)
        let record = ExecutionRecord(started: started, finished: Date())
        try outputStore.write(result, for: task, reproducibility: registry[task.kind]!.reproducibility,
                              build: build, execution: record)
        return record.wallSeconds
    }

    /// Rejects results that could not be stored faithfully.
    static func check(_ result: TaskResult, kind: String) throws {
        let names = Array(result.arrays.keys) + Array(result.scalars.keys) + Array(result.attributes.keys)
        for n in names where n.isEmpty || n.contains("/") || n.hasPrefix(".") {
            throw TaskFailure("\(kind) produced an output with an invalid name \"\(n)\"")
        }
        if let clash = Set(result.arrays.keys).intersection(result.scalars.keys).first {
            throw TaskFailure("\(kind) produced both an array and a scalar named \"\(clash)\"")
        }
    }
}
