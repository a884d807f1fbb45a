import ArgumentParser
import Foundation
import Pipeline

struct RunOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Number of tasks to run at once.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Threads each task may use internally (e.g. over SGLD chains); results do not depend on it.") var taskThreads = 1
    @Flag(help: "Plain log lines even on a terminal.") var plain = false
    @Option(help: "Where tasks run: local (-j worker threads) or slurm (one sbatch job per task on the shared results directory).")
    var executor: ExecutorKind = .local
    @OptionGroup(title: "Slurm (--executor slurm)") var slurm: SlurmOptions
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the tasks of manifests that are not cached (in dependency order, -j at a time).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions
    @Argument(help: "Manifests (default: every manifest under experiments/).") var manifests: [String] = []

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests(manifests))
            try execute(plan, ws, options)
        }
    }
}

/// Runs the plan's missing tasks and reports; throws `ExitCode(1)` if any failed.
func execute(_ plan: Plan, _ ws: Workspace, _ options: RunOptions) throws {
    let started = Date()
    var makeExecutor: ((TaskRunner, Int, ProgressDisplay?) -> any Executor)?
    let submission = SubmissionBox()
    if options.executor == .slurm {
        var o = try options.slurm.executorOptions(ws, taskThreads: options.taskThreads == 1 ? nil : options.taskThreads)
        o.onSubmitted = { s in
            submission.value = s
            note("Slurm plan \(s.planID): submitted \(s.submitted) tasks as \(s.jobs) jobs\(s.arrays > 0 ? " (\(s.arrays) job arrays)" : "")"
                 + "\(s.alreadyQueued > 0 ? ", \(s.alreadyQueued) already queued" : ""); plan file \(s.planFile.path), logs in \(ws.resultsRoot.appendingPathComponent("logs").path)/")
        }
        let slurmOptions = o
        makeExecutor = { runner, _, display in SlurmExecutor(runner: runner, options: slurmOptions, display: display, log: { note($0) }) }
    }
    let report = try ws.run(plan, jobs: options.jobs, threadsPerTask: options.taskThreads, display: { n in
        n == 0 ? nil : ProgressDisplay(total: n, isTerminal: options.plain ? false : nil)
    }, executor: makeExecutor, log: note)
    if options.executor == .slurm && options.slurm.noWait, let s = submission.value {
        note("not waiting: follow it with `flrepro slurm status --plan \(s.planID)`, stop it with `flrepro slurm cancel --plan \(s.planID)` "
             + "(same --profile/--results); once the jobs are done, running this command again finds their results cached")
        throw ExitCode.success
    }
    let ran = report.outcomes.count
    let cached = plan.order.count - ran
    if ran == 0 {
        note("all \(plan.order.count) tasks cached in \(ws.resultsRoot.path); nothing to run")
        return
    }
    note(String(format: "ran %d of %d tasks in %.1f s (%d cached): %d succeeded, %d failed, %d skipped",
                ran, plan.order.count, Date().timeIntervalSince(started), cached, report.succeededCount,
                report.failures.count, report.skipped.count))
    if !report.failures.isEmpty {
        note("failed tasks:")
        for f in report.failures { note("  \(plan.tasks[f.key]!.label) (\(f.key.prefix(12))): \(f.message)") }
        if !report.skipped.isEmpty { note("\(report.skipped.count) dependent tasks were not run") }
        throw ExitCode(1)
    }
}
