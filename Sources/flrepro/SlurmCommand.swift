import ArgumentParser
import Foundation
import Pipeline

/// Where `run` and `figures` execute tasks.
enum ExecutorKind: String, ExpressibleByArgument, CaseIterable {
    case local, slurm
}

/// Options of `--executor slurm` (part of `RunOptions`).
struct SlurmOptions: ParsableArguments {
    @Option(name: .customLong("partition"), help: ArgumentHelp("Slurm partition, for every task or for one kind (KIND=VALUE; repeatable).", valueName: "[KIND=]P"))
    var partitions: [String] = []
    @Option(name: .customLong("account"), help: ArgumentHelp("Slurm account ([KIND=]A, repeatable).", valueName: "[KIND=]A"))
    var accounts: [String] = []
    @Option(name: .customLong("time"), help: ArgumentHelp("Time limit per job, e.g. 30, 02:00:00 or 1-00:00:00 ([KIND=]T, repeatable).", valueName: "[KIND=]T"))
    var times: [String] = []
    @Option(name: .customLong("mem"), help: ArgumentHelp("Memory per job, e.g. 500M or 4G ([KIND=]M, repeatable).", valueName: "[KIND=]M"))
    var mems: [String] = []
    @Option(name: .customLong("cpus"), help: ArgumentHelp("CPUs per task, also the task's threads ([KIND=]C, repeatable).", valueName: "[KIND=]C"))
    var cpus: [String] = []
    @Flag(help: "Submit the jobs and return without waiting (see `flrepro slurm status|cancel`).") var noWait = false
    @Option(help: "Seconds between squeue polls while jobs change state (grows by half each quiet poll).") var pollInterval = 2.0
    @Option(help: "Longest pause between polls, in seconds.") var pollMax = 60.0
    @Option(help: "Put independent tasks of one kind into a job array when there are at least this many (0: never).") var arrayMin = 100
    @Option(help: "Tries of a Slurm command when the controller is busy or unreachable (exponential back-off).") var slurmRetries = 8
    @Option(help: "Seconds to wait for the cache entry of a completed job to become visible (network file systems), also for a job's inputs.")
    var latencyWait = 60.0
    @Option(help: "Seconds a job squeue/sacct listed before must stay unlisted before it counts as gone.") var absentGrace = 60.0
    @Option(help: "Seconds after its submission a job squeue/sacct never listed may stay unlisted before it counts as gone.")
    var unseenGrace = 600.0
    @Option(help: "The flrepro executable the jobs run (default: this one; it must be visible on the compute nodes).") var jobBinary: String?
    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An extra sbatch option for every job, e.g. --sbatch-arg=--qos=low (repeatable).", valueName: "OPTION"))
    var sbatchArguments: [String] = []

    /// The executor options these stand for.
    /// - Throws: `ExitCode(2)` after a message when a value is malformed or names an unknown kind.
    func executorOptions(_ ws: Workspace, taskThreads: Int?) throws -> SlurmExecutorOptions {
        var overrides = SlurmResourceOverrides()
        do {
            for (field, values) in [("partition", partitions), ("account", accounts), ("time", times), ("mem", mems), ("cpus", cpus)] {
                for v in values { try overrides.add(field: field, v) }
            }
        } catch {
            note("error: \(error)")
            throw ExitCode(2)
        }
        for kind in overrides.perKind.keys.sorted() where ws.registry[kind] == nil {
            note("error: no task kind \"\(kind)\" (kinds: \(ws.registry.names.joined(separator: ", ")))")
            throw ExitCode(2)
        }
        // Absolute: the jobs start in the repository root on another machine, not in this directory.
        let binary = URL(fileURLWithPath: jobBinary ?? Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0])
            .standardizedFileURL.path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            note("error: the job binary \(binary) is not executable")
            throw ExitCode(2)
        }
        var o = SlurmExecutorOptions(binary: binary, repositoryRoot: ws.repositoryRoot, profile: ws.profile)
        o.overrides = overrides
        o.wait = !noWait
        o.pollInterval = max(0.05, pollInterval)
        o.pollMaximumInterval = max(o.pollInterval, pollMax)
        o.arrayMinimum = max(0, arrayMin)
        o.retry = SlurmRetryPolicy(attempts: max(1, slurmRetries))
        o.latencyWait = max(0, latencyWait)
        o.absentGrace = max(0, absentGrace)
        o.unseenGrace = max(o.absentGrace, unseenGrace)
        o.extraArguments = sbatchArguments
        o.taskThreads = taskThreads
        return o
    }
}

/// `flrepro slurm status|cancel`.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Follow or cancel a plan submitted with `flrepro run --executor slurm`.",
        subcommands: [SlurmStatusCommand.self, SlurmCancelCommand.self])
}

struct SlurmStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each task of a submitted plan: done (intact cache entry), pending, running, failed (with its log), skipped.",
        discussion: "Exit status 1 when a task failed, was skipped or cancelled, or has no job.")

    @OptionGroup var common: CommonOptions
    @Option(help: "The plan id (default: the newest plan of the results directory).") var plan: String?
    @Flag(help: "Only the summary line and the tasks that are not done.") var brief = false
    @Option(help: "Seconds after its submission a job that squeue/sacct does not list counts as pending (not yet shown), not failed.")
    var unseenGrace = 600.0

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let client = SlurmClient(tools: .fromEnvironment(), log: { note($0) })
            let s = try SlurmPlanStatus.load(results: ws.resultsRoot, planID: plan, client: client, unseenGrace: max(0, unseenGrace))
            print("plan \(s.plan.id) (\(s.plan.results), profile \(s.plan.profile), \(s.plan.tasks.count) tasks): \(s.plan.manifests.joined(separator: " "))")
            for r in s.rows where !(brief && r.state == .done) {
                let state = r.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                let kind = r.kind.padding(toLength: 28, withPad: " ", startingAt: 0)
                let job = (r.jobID.map { "job \($0)" } ?? "").padding(toLength: 12, withPad: " ", startingAt: 0)
                var line = "  \(state) \(kind) \(r.key.prefix(12))  \(job) \(r.label)"
                if r.state != .done && !r.detail.isEmpty { line += "  [\(r.detail)]" }
                print(line)
                if r.state == .failed, let log = r.log { print("              log: \(log)") }
            }
            let c = s.counts
            print("\(s.rows.count) tasks: " + SlurmPlanStatus.Row.State.allCases.compactMap { st in c[st].map { "\($0) \(st.rawValue)" } }.joined(separator: ", "))
            if (c[.failed] ?? 0) + (c[.skipped] ?? 0) + (c[.cancelled] ?? 0) + (c[.unsubmitted] ?? 0) > 0 {
                note("re-submit with `flrepro run --executor slurm …`: only the tasks without an intact entry (and not queued) are submitted")
                throw ExitCode(1)
            }
        }
    }
}

struct SlurmCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel the pending and running jobs of a submitted plan (scancel), including jobs of earlier plans it waits for; finished results stay in the cache.")

    @OptionGroup var common: CommonOptions
    @Option(help: "The plan id (default: the newest plan of the results directory).") var plan: String?

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let client = SlurmClient(tools: .fromEnvironment(), log: { note($0) })
            let (p, cancelled, earlier) = try SlurmPlanStatus.cancel(results: ws.resultsRoot, planID: plan, client: client)
            var line = "plan \(p.id): cancelled \(cancelled.count) job\(cancelled.count == 1 ? "" : "s")"
            if cancelled.isEmpty { line += " (none was pending or running)" }
            if earlier > 0 { line += " (\(earlier) of them submitted by an earlier plan that this one was waiting for)" }
            print(line)
        }
    }
}

/// Remembers the submission of a `--no-wait` run.
final class SubmissionBox: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var stored: SlurmSubmission?
    var value: SlurmSubmission? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
