import ArgumentParser
import Foundation
import Pipeline
import TaskKinds

/// What a Slurm job runs: one task of a submitted plan.
struct ExecTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec-task",
        abstract: "Run one task of a submitted Slurm plan (what each sbatch job runs).",
        discussion: """
        Reads the task (kind, version, parameters, input keys) from the plan file that `flrepro run \
        --executor slurm` wrote, checks that its key recomputes and its inputs' cache entries are intact \
        (waiting up to --latency-wait seconds for them to appear on a network file system), \
        runs it exactly as a local run does (atomic write) and verifies the entry it wrote. Exits 0 when \
        an intact entry is in place (also when it already was), 1 otherwise.
        """)

    @Option(help: "The results directory (default: the one recorded in the plan file).") var results: String?
    @Option(help: "The plan file (<results>/slurm/<plan id>.json).") var planFile: String
    @Option(help: "Repository root, for the git provenance (default: the current directory).")
    var root: String = FileManager.default.currentDirectoryPath
    @Option(help: "Threads the task may use internally; results do not depend on it.") var taskThreads = 1
    @Option(help: "Seconds to wait, with back-off, for an input's cache entry that is missing or not intact yet (a network file system may not show another node's file at once).")
    var latencyWait = 60.0
    @Option(help: "Run element $SLURM_ARRAY_TASK_ID of this job array of the plan instead of a KEY.") var arrayGroup: String?
    @Option(help: "The array element (default: $SLURM_ARRAY_TASK_ID).") var arrayIndex: Int?
    @Argument(help: "The task's content key (or a unique prefix).") var key: String?

    func run() throws {
        try guarded {
            let started = Date()
            let plan = try SlurmPlanFile.load(URL(fileURLWithPath: planFile))
            let env = ProcessInfo.processInfo.environment
            let index = arrayIndex ?? env["SLURM_ARRAY_TASK_ID"].flatMap { Int($0) }
            let key = try SlurmTaskJob.key(in: plan, key: self.key, arrayGroup: arrayGroup, arrayIndex: index)
            let job = env["SLURM_ARRAY_JOB_ID"].map { "\($0)_\(env["SLURM_ARRAY_TASK_ID"] ?? "?")" } ?? env["SLURM_JOB_ID"]
            note("flrepro exec-task: plan \(plan.id), task \(key), host \(ProcessInfo.processInfo.hostName)\(job.map { ", Slurm job \($0)" } ?? "")")
            let runner = SlurmTaskJob(registry: StandardRegistry.registry, repositoryRoot: URL(fileURLWithPath: root, isDirectory: true))
            let outcome = try runner.run(plan: plan, key: key, results: results.map { URL(fileURLWithPath: $0, isDirectory: true) },
                                         threads: taskThreads, latencyWait: max(0, latencyWait), log: { note($0) })
            if case .ran = outcome {
                note(String(format: "exec-task finished in %.2f s", Date().timeIntervalSince(started)))
            }
        }
    }
}
