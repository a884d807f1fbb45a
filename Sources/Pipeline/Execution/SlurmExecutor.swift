import Foundation

/// How `SlurmExecutor` submits and waits.
public struct SlurmExecutorOptions: Sendable {
    public var tools = SlurmTools.fromEnvironment()
    public var retry = SlurmRetryPolicy()
    /// Command-line resources (over the manifests' per-kind `resources`).
    public var overrides = SlurmResourceOverrides()
    /// Wait for the jobs (true) or return once they are submitted.
    public var wait = true
    /// Seconds between polls while jobs change state …
    public var pollInterval = 2.0
    /// … growing by half each quiet poll up to this many seconds.
    public var pollMaximumInterval = 60.0
    /// Tasks without queued inputs, of one kind and one set of resources, go into one
    /// job array when there are at least this many (0: never use arrays).
    public var arrayMinimum = 0
    /// Largest array (Slurm's `MaxArraySize` is 1001 by default); values below 1 count as 1.
    public var arrayMaximum = 1000
    /// Seconds a job that `squeue`/`sacct` listed before must stay unlisted before it counts as gone.
    public var absentGrace = 60.0
    /// Seconds after its submission a job that `squeue`/`sacct` never listed may stay unlisted
    /// (a busy controller can take a while to show a new job) before it counts as gone; jobs of
    /// earlier submissions this young that `squeue` does not list count as queued.
    public var unseenGrace = 600.0
    /// Seconds to wait for the cache entry of a job that completed to become visible (a network file
    /// system can hide a file another node wrote for up to about a minute); also passed to `exec-task`,
    /// which waits as long for its inputs.
    public var latencyWait = 60.0
    /// The `flrepro` executable the jobs run (must be reachable from the compute nodes).
    public var binary: String
    /// The repository root (jobs `cd` here; git provenance).
    public var repositoryRoot: URL
    public var profile: String
    /// Extra `sbatch` options for every job (e.g. `--qos=low`).
    public var extraArguments: [String] = []
    /// Threads each task may use (default: its `cpus`, else 1).
    public var taskThreads: Int?
    /// Called once every job is submitted (before waiting).
    public var onSubmitted: @Sendable (SlurmSubmission) -> Void = { _ in }

    public init(binary: String, repositoryRoot: URL, profile: String) {
        self.binary = binary
        self.repositoryRoot = repositoryRoot
        self.profile = profile
    }
}

/// What a submission did.
public struct SlurmSubmission: Sendable {
    public var planID: String
    public var planFile: URL
    /// Tasks given a new job (or array element).
    public var submitted: Int
    /// `sbatch` calls.
    public var jobs: Int
    /// Job arrays among them.
    public var arrays: Int
    /// Tasks already queued by an earlier submission (not submitted again).
    public var alreadyQueued: Int
}

/// Runs tasks as Slurm batch jobs: one `sbatch` per task (or one job array
/// per large group of independent tasks), each running
/// `flrepro exec-task --plan-file <results>/slurm/<plan>.json <key>` on the
/// shared results directory, with `--dependency=afterok:<input jobs>` and
/// `--kill-on-invalid-dep=yes`, a job name naming the task
/// (`fl-<kind>-<short key>`) and its log under `<results>/logs/`.
///
/// Tasks already queued by an earlier submission to the same results
/// directory are not submitted again (their jobs become dependencies). While
/// waiting it polls `squeue` (and `sacct` for jobs the controller has
/// forgotten) with back-off, retrying a busy controller; a task counts as done
/// only when its cache entry passes `EntryVerifier` (the check a local run
/// uses). A failed job's dependents are cancelled and reported as skipped.
/// A job neither tool lists counts as gone only after a grace period
/// (`SlurmJobSightings`), and a completed job's entry is waited for up to
/// `latencyWait` seconds (`SharedFileSystem`).
public struct SlurmExecutor: Executor, Sendable {
    public let runner: TaskRunner
    public let options: SlurmExecutorOptions
    public let display: ProgressDisplay?
    public let log: @Sendable (String) -> Void

    public init(runner: TaskRunner, options: SlurmExecutorOptions, display: ProgressDisplay?,
                log: @escaping @Sendable (String) -> Void) {
        self.runner = runner
        self.options = options
        self.display = display
        self.log = log
    }

    var client: SlurmClient { SlurmClient(tools: options.tools, retry: options.retry, log: log) }
    var store: ResultStore { runner.outputStore }

    /// The resources of each kind: command line over the first manifest that names the kind.
    func resources(for kind: String, plan: Plan) -> SlurmResources {
        let fromManifest = plan.manifests.lazy.compactMap { $0.manifest.resources[kind] }.first
        return options.overrides.resources(kind: kind, manifestDefault: fromManifest)
    }

    public func execute(_ tasks: [PlannedTask], plan: Plan) throws -> ExecutionReport {
        guard !tasks.isEmpty else { return ExecutionReport() }
        let results = store.root
        // Before anything is written: a results path sbatch can take, and every tool.
        try Self.checkResultsPath(results)
        let client = try self.client.resolvingTools()
        let todo = Set(tasks.map(\.key))

        // Tasks an earlier submission to this results directory has queued: wait for those jobs.
        var sightings = SlurmJobSightings(seenGrace: options.absentGrace, unseenGrace: options.unseenGrace)
        let queued = try queuedJobs(for: todo, client: client, sightings: &sightings)
        let toSubmit = tasks.filter { queued[$0.key] == nil }

        // Job arrays: groups of tasks whose inputs are all cached, by kind and resources.
        var arrays: [(name: String, keys: [String])] = []
        var arrayOf: [String: (name: String, index: Int)] = [:]
        if options.arrayMinimum > 0 {
            var groups: [(group: String, keys: [String])] = []
            var groupIndex: [String: Int] = [:]
            for t in toSubmit where t.inputs.allSatisfy({ !todo.contains($0.key) }) {
                let g = "\(t.kind)\u{1F}\(resources(for: t.kind, plan: plan))"
                if groupIndex[g] == nil { groupIndex[g] = groups.count; groups.append((g, [])) }
                groups[groupIndex[g]!].keys.append(t.key)
            }
            let arrayMaximum = max(1, options.arrayMaximum)
            for g in groups where g.keys.count >= options.arrayMinimum {
                let kind = String(g.group.split(separator: "\u{1F}")[0])
                for start in stride(from: 0, to: g.keys.count, by: arrayMaximum) {
                    let chunk = Array(g.keys[start..<min(start + arrayMaximum, g.keys.count)])
                    let name = "\(kind)-\(arrays.count)"
                    for (i, k) in chunk.enumerated() { arrayOf[k] = (name, i) }
                    arrays.append((name, chunk))
                }
            }
        }

        // The plan file, written before the first sbatch.
        let id = SlurmPlanFile.newID()
        let planURL = SlurmPlanFile.url(results: results, id: id)
        let jobsURL = SlurmPlanFile.jobsURL(results: results, id: id)
        let entries = tasks.map { t in
            SlurmPlanFile.Task(t, resources: resources(for: t.kind, plan: plan),
                               jobName: arrayOf[t.key].map { "fl-\($0.name)" } ?? Self.jobName(t),
                               array: arrayOf[t.key]?.name, arrayIndex: arrayOf[t.key]?.index)
        }
        let planFile = SlurmPlanFile(id: id, results: results.path, root: options.repositoryRoot.path, profile: options.profile,
                                     manifests: plan.manifests.map(\.manifest.relativePath), tasks: entries, arrays: arrays)
        try planFile.write(to: planURL)
        if !queued.isEmpty { try SlurmJobRecord.append(tasks.compactMap { queued[$0.key] }, to: jobsURL) }
        let logs = SlurmPlanFile.logDirectory(results: results)
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)

        // Submit: arrays first (they have no queued inputs), then single jobs in dependency order.
        var jobOf: [String: String] = queued.mapValues(\.jobID)
        var logOf: [String: String] = queued.mapValues(\.log)
        var submittedJobs: [String] = []
        let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })
        do {
            for a in arrays {
                let first = byKey[a.keys[0]]!
                let pattern = Self.outputPattern(directory: logs, file: "fl-\(a.name)-%A_%a.log")
                let args = common(first.resources) + ["--array=0-\(a.keys.count - 1)", "--output=\(pattern)"]
                let script = self.script(planURL: planURL, results: results, target: ["--array-group", a.name],
                                         threads: threads(first.resources), comment: "job array \(a.name) of plan \(id)")
                let jobID = try client.submit(script: script, arguments: args, name: "fl-\(a.name)", comment: "flrepro:\(id):\(a.name)")
                let time = Date()
                submittedJobs.append(jobID)
                var records: [SlurmJobRecord] = []
                for (i, key) in a.keys.enumerated() {
                    jobOf[key] = "\(jobID)_\(i)"
                    logOf[key] = logs.appendingPathComponent("fl-\(a.name)-\(jobID)_\(i).log").path
                    sightings.submitted(jobOf[key]!, at: time)
                    records.append(SlurmJobRecord(key: key, jobID: jobOf[key]!, log: logOf[key]!, origin: .submitted, submitted: time))
                }
                try SlurmJobRecord.append(records, to: jobsURL)
            }
            for t in toSubmit where arrayOf[t.key] == nil {
                let entry = byKey[t.key]!
                var deps: [String] = []
                for i in t.inputs { if let j = jobOf[i.key], !deps.contains(j) { deps.append(j) } }
                var args = common(entry.resources) + ["--output=\(Self.outputPattern(directory: logs, file: "\(entry.jobName)-%j.log"))"]
                if !deps.isEmpty { args += ["--dependency=afterok:\(deps.joined(separator: ":"))", "--kill-on-invalid-dep=yes"] }
                let script = self.script(planURL: planURL, results: results, target: [t.key], threads: threads(entry.resources),
                                         comment: "\(t.kind) \(t.label)")
                let jobID = try client.submit(script: script, arguments: args, name: entry.jobName, comment: "flrepro:\(id):\(t.key)")
                let time = Date()
                submittedJobs.append(jobID)
                jobOf[t.key] = jobID
                logOf[t.key] = logs.appendingPathComponent("\(entry.jobName)-\(jobID).log").path
                sightings.submitted(jobID, at: time)
                try SlurmJobRecord.append([SlurmJobRecord(key: t.key, jobID: jobID, log: logOf[t.key]!, origin: .submitted, submitted: time)],
                                          to: jobsURL)
            }
        } catch {
            if !submittedJobs.isEmpty { try? client.cancel(submittedJobs) }
            throw SlurmError("submitting plan \(id) failed: \(error)"
                             + (submittedJobs.isEmpty ? "" : "; cancelled the \(submittedJobs.count) jobs it had submitted"))
        }
        options.onSubmitted(SlurmSubmission(planID: id, planFile: planURL, submitted: toSubmit.count, jobs: submittedJobs.count,
                                            arrays: arrays.count, alreadyQueued: queued.count))
        guard options.wait else { return ExecutionReport() }
        return try wait(tasks, jobs: jobOf, logs: logOf, planID: id, sightings: sightings, client: client)
    }

    // MARK: Submission helpers

    /// The tasks' jobs that earlier submissions to this results directory queued, by task key: jobs
    /// `squeue` lists as pending or running, and jobs submitted less than `unseenGrace` seconds ago
    /// that `squeue` does not list at all (a busy controller may not show a new job yet). Both
    /// become dependencies instead of being submitted a second time.
    /// - Parameters:
    ///   - todo: the keys of the tasks to run.
    ///   - client: the Slurm client.
    ///   - sightings: receives which of the jobs `squeue` listed.
    /// - Returns: key → record (origin `.queued`, the original submission time).
    /// - Throws: `SlurmError` when `squeue` fails.
    func queuedJobs(for todo: Set<String>, client: SlurmClient, sightings: inout SlurmJobSightings) throws -> [String: SlurmJobRecord] {
        let records = SlurmJobRecord.readAll(results: store.root).filter { todo.contains($0.key) }
        guard !records.isEmpty else { return [:] }
        let now = Date()
        let active = try client.activeJobIDs()
        let ended = SlurmJobRecord.endedJobs(results: store.root)
        func young(_ r: SlurmJobRecord) -> Bool {
            !ended.contains(r.jobID) && (r.submitted.map { now.timeIntervalSince($0) < options.unseenGrace } ?? false)
        }
        var recent: [String] = [], seen = Set<String>()
        for r in records where !active.contains(r.jobID) && young(r) && seen.insert(r.jobID).inserted { recent.append(r.jobID) }
        let listed = recent.isEmpty ? [:] : try client.queueStates(recent)
        var queued: [String: SlurmJobRecord] = [:]
        var unlisted: [String: SlurmJobRecord] = [:]
        for r in records {  // oldest plan first: a later plan's job wins
            let record = SlurmJobRecord(key: r.key, jobID: r.jobID, log: r.log, origin: .queued, submitted: r.submitted)
            if active.contains(r.jobID) || listed[r.jobID]?.isActive == true {
                queued[r.key] = record
            } else if young(r) && listed[r.jobID] == nil {
                unlisted[r.key] = record
            }
        }
        var assumed = 0
        for (key, r) in unlisted where queued[key] == nil {
            queued[key] = r
            assumed += 1
        }
        if assumed > 0 {
            log("\(assumed) job\(assumed == 1 ? "" : "s") of earlier submissions, submitted less than \(Self.seconds(options.unseenGrace)) ago "
                + "(--unseen-grace), \(assumed == 1 ? "is" : "are") not listed by squeue yet: counting \(assumed == 1 ? "it" : "them") as queued")
        }
        for r in queued.values {
            if unlisted[r.key]?.jobID == r.jobID { sightings.submitted(r.jobID, at: r.submitted!) } else { sightings.seen(r.jobID, at: now) }
        }
        return queued
    }

    /// Refuses a results directory whose path `sbatch` cannot take as a log location.
    /// - Throws: `SlurmError` for a path containing a backslash (it turns off sbatch's `%j`/`%A`/`%a` patterns).
    static func checkResultsPath(_ results: URL) throws {
        guard !results.path.contains("\\") else {
            throw SlurmError("the results directory \(results.path) contains a backslash, which makes sbatch ignore the %j/%A/%a patterns of the job log names: use a results directory without \"\\\" for --executor slurm")
        }
    }

    /// An `sbatch --output` pattern: `file` (which may use `%j`, `%A`, `%a`) in `directory`, with
    /// every `%` of the directory doubled so that sbatch takes it literally.
    static func outputPattern(directory: URL, file: String) -> String {
        directory.path.replacingOccurrences(of: "%", with: "%%") + "/" + file
    }

    /// `fl-<kind>-<short key>`: names the task in `squeue`.
    static func jobName(_ t: PlannedTask) -> String { "fl-\(t.kind)-\(t.shortKey)" }

    private func threads(_ r: SlurmResources) -> Int { max(1, options.taskThreads ?? r.cpus ?? 1) }

    private func common(_ r: SlurmResources) -> [String] {
        ["--chdir=\(options.repositoryRoot.path)", "--open-mode=append"] + r.sbatchArguments + options.extraArguments
    }

    private func script(planURL: URL, results: URL, target: [String], threads: Int, comment: String) -> String {
        let args = [options.binary, "exec-task", "--results", results.path, "--plan-file", planURL.path,
                    "--root", options.repositoryRoot.path, "--task-threads", String(threads),
                    "--latency-wait", String(max(0, options.latencyWait))] + target
        return "#!/bin/sh\n# flrepro: \(comment.replacingOccurrences(of: "\n", with: " "))\nexec " + args.map(Self.shellQuote).joined(separator: " ") + "\n"
    }

    static func shellQuote(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@".contains($0)) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: Waiting

    /// Polls the jobs until every task is resolved.
    /// - Parameters:
    ///   - tasks: the tasks, inputs first.
    ///   - jobs: key → job id.
    ///   - logs: key → log file.
    ///   - planID: for messages.
    ///   - sightings: which jobs `squeue` has listed (or were just submitted), for the absent-job grace.
    ///   - client: the Slurm client.
    /// - Returns: each task's outcome.
    /// - Throws: `SlurmError` when the controller stays unreachable for three polls in a row.
    private func wait(_ tasks: [PlannedTask], jobs: [String: String], logs: [String: String], planID: String,
                      sightings initialSightings: SlurmJobSightings, client: SlurmClient) throws -> ExecutionReport {
        log("waiting for \(tasks.count) Slurm jobs of plan \(planID) (interrupting stops waiting, not the jobs: `flrepro slurm status|cancel --plan \(planID)`)")
        var report = ExecutionReport()
        let byKey = Dictionary(uniqueKeysWithValues: tasks.map { ($0.key, $0) })
        let order = tasks.map(\.key)
        var dependents: [String: [String]] = [:]
        for t in tasks {
            for i in Set(t.inputs.map(\.key)) where byKey[i] != nil { dependents[i, default: []].append(t.key) }
        }
        var unresolved = Set(order)
        var started = Set<String>()
        var interval = options.pollInterval
        var accountingAvailable = true
        var failedPolls = 0
        var sightings = initialSightings
        /// Job → when it was first reported COMPLETED while its entry was not (yet) visible.
        var completedAt: [String: Date] = [:]
        var heldReported = Set<String>()
        let verifier = EntryVerifier(store: store)
        /// Jobs that ended without an entry in this poll, for the plan's `.ended` file.
        var ended: [String] = []

        func resolve(_ key: String, _ outcome: ExecutionReport.Outcome, cancel: inout [String]) {
            guard unresolved.remove(key) != nil else { return }
            report.outcomes[key] = outcome
            report.completionOrder.append(key)
            if case .succeeded = outcome {} else if let job = jobs[key] { ended.append(job) }
            let label = byKey[key]!.label
            switch outcome {
            case .succeeded(let s):
                display?.finished(label, seconds: s, error: nil)
            case .failed(let m):
                display?.finished(label, seconds: nil, error: m)
                skipDependents(of: key, cause: key, cancel: &cancel)
            case .skipped(let cause):
                display?.finished(label, seconds: nil, error: "skipped: input \(byKey[cause]?.label ?? cause) failed")
                if let j = jobs[key] { cancel.append(j) }
                skipDependents(of: key, cause: cause, cancel: &cancel)
            }
        }
        func skipDependents(of key: String, cause: String, cancel: inout [String]) {
            for d in dependents[key] ?? [] where unresolved.contains(d) { resolve(d, .skipped(becauseOf: cause), cancel: &cancel) }
        }
        func failedInput(of task: PlannedTask) -> String {
            let cause = task.inputs.map(\.key).first { report.outcomes[$0].map { if case .succeeded = $0 { return false }; return true } ?? false }
            return cause ?? task.inputs.first?.key ?? task.key
        }

        while !unresolved.isEmpty {
            let ids = order.filter { unresolved.contains($0) }.compactMap { jobs[$0] }
            var states: [String: SlurmJobStatus]
            do {
                states = try client.queueStates(ids)
                failedPolls = 0
            } catch {
                failedPolls += 1
                guard failedPolls < 3 else {
                    throw SlurmError("lost contact with the Slurm controller while waiting (\(error)); the jobs keep running: `flrepro slurm status --plan \(planID)`")
                }
                log("squeue failed (\(error)); trying again")
                Thread.sleep(forTimeInterval: min(options.pollMaximumInterval, interval * 2))
                continue
            }
            let forgotten = ids.filter { states[$0] == nil }
            if !forgotten.isEmpty && accountingAvailable {
                if let acct = client.accountingStates(forgotten) {
                    for (k, v) in acct where states[k] == nil { states[k] = v }
                } else {
                    accountingAvailable = false  // no slurmdbd: the cache entry decides
                }
            }
            let now = Date()
            for id in ids { sightings.observe(id, listed: states[id] != nil, at: now) }

            var changed = false
            var awaitingEntry = false
            var cancel: [String] = []
            for key in order where unresolved.contains(key) {
                let task = byKey[key]!
                guard let job = jobs[key] else {
                    resolve(key, .failed(message: "no Slurm job was recorded for it"), cancel: &cancel)
                    changed = true
                    continue
                }
                let logPath = logs[key] ?? "?"
                let status = states[job]
                if let s = status, s.isActive {
                    if s.dependencyFailed {
                        resolve(key, .skipped(becauseOf: failedInput(of: task)), cancel: &cancel)
                        changed = true
                        continue
                    }
                    if s.isHeld && heldReported.insert(job).inserted {
                        log("job \(job) (\(task.label)) is held (\(s.reason.isEmpty ? s.state : s.reason)): it will not start until it is released "
                            + "(`scontrol release \(job)`) or cancelled; log: \(logPath)")
                    }
                    if s.state == "RUNNING" && !started.contains(key) {
                        started.insert(key)
                        display?.started(task.label)
                        changed = true
                    }
                    continue
                }
                if let s = status, s.state == "CANCELLED", s.dependencyFailed {
                    resolve(key, .skipped(becauseOf: failedInput(of: task)), cancel: &cancel)
                    changed = true
                    continue
                }
                // Ended, or not listed: only an intact cache entry counts as done.
                let url = store.url(for: key)
                let problems = SharedFileSystem.entryProblems(at: url, verifier: verifier)
                if (status == nil || status!.state == "COMPLETED") && problems.isEmpty {
                    let seconds = (try? store.provenance(at: url))?["wall_seconds"].flatMap(Double.init) ?? 0
                    resolve(key, .succeeded(seconds: seconds), cancel: &cancel)
                    changed = true
                    continue
                }
                let what: String
                if let s = status {
                    if s.state == "COMPLETED" {
                        // A network file system may not show the entry another node wrote yet.
                        let first = completedAt[job] ?? now
                        completedAt[job] = first
                        guard now.timeIntervalSince(first) >= options.latencyWait else { awaitingEntry = true; continue }
                        what = "job \(job) completed but its cache entry fails the completeness check \(Self.seconds(options.latencyWait)) later "
                            + "(--latency-wait) (\(problems.joined(separator: "; ")))"
                    } else {
                        what = "job \(job) \(s)"
                    }
                } else {
                    // Not listed: not visible yet, or forgotten by the controller. Trusted only after the grace period.
                    guard sightings.absentLongEnough(job, at: now) else { continue }
                    what = sightings.wasSeen(job)
                        ? "job \(job) left the queue without an intact cache entry (\(problems.joined(separator: "; ")))"
                        : "job \(job) was never listed by squeue or sacct in the \(Self.seconds(options.unseenGrace)) after its submission, "
                          + "and there is no intact cache entry (\(problems.joined(separator: "; ")))"
                }
                resolve(key, .failed(message: "\(what); log: \(logPath)\(Self.tail(of: logPath))"), cancel: &cancel)
                changed = true
            }
            if !cancel.isEmpty { try? client.cancel(cancel) }
            if !ended.isEmpty {
                try? SlurmJobRecord.appendEnded(ended, to: SlurmPlanFile.endedURL(results: store.root, id: planID))
                ended = []
            }
            if unresolved.isEmpty { break }
            interval = changed ? options.pollInterval : min(options.pollMaximumInterval, interval * 1.5)
            // A completed job's entry is looked for again soon, not after the longest pause.
            if awaitingEntry { interval = min(interval, max(options.pollInterval, 5)) }
            Thread.sleep(forTimeInterval: interval)
        }
        display?.finish()
        return report
    }

    /// Seconds for messages ("60 s", "0.5 s").
    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s) }

    /// The last lines of a job's log, indented, for failure messages.
    static func tail(of path: String, lines: Int = 6) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return " (no log yet)" }
        let last = text.split(separator: "\n").suffix(lines)
        return last.isEmpty ? " (empty)" : last.map { "\n      | \($0)" }.joined()
    }
}
