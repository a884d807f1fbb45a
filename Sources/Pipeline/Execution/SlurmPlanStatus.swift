import Foundation

/// The state of every task of a submitted plan (`flrepro slurm status`), and
/// cancelling its jobs (`flrepro slurm cancel`).
public struct SlurmPlanStatus: Sendable {
    /// One task.
    public struct Row: Sendable {
        public enum State: String, Sendable, CaseIterable {
            /// Its cache entry is intact.
            case done
            case pending
            case running
            /// The job ended without an intact entry (failed, timed out, out of memory, node failure, …).
            case failed
            /// Cancelled or never startable because an input failed.
            case skipped
            /// Cancelled (`flrepro slurm cancel`, `scancel`).
            case cancelled
            /// No job was recorded (the submission stopped before it).
            case unsubmitted
        }
        public var key: String
        public var label: String
        public var kind: String
        public var jobID: String?
        public var log: String?
        public var state: State
        /// The job's Slurm state and reason, or why it failed.
        public var detail: String
    }

    public var plan: SlurmPlanFile
    public var rows: [Row]

    /// Counts by state.
    public var counts: [Row.State: Int] {
        var c: [Row.State: Int] = [:]
        for r in rows { c[r.state, default: 0] += 1 }
        return c
    }

    /// Looks at every task of a plan.
    ///
    /// The job states are asked for before the cache is looked at for a verdict: a job that
    /// finishes in between is then either still active, or its entry is found (entries of tasks
    /// whose jobs came out ended or unlisted are looked at after the query, their folder listed
    /// first for a network file system). Tasks whose entry is intact before the query are not asked about.
    /// - Parameters:
    ///   - results: the results directory.
    ///   - planID: the plan (nil: the newest).
    ///   - client: the Slurm client.
    ///   - unseenGrace: a job not listed by `squeue`/`sacct` counts as pending, not failed, for this
    ///     many seconds after its submission (the controller may not show it yet).
    ///   - now: the current time.
    /// - Returns: one row per task, in the plan's order.
    /// - Throws: `SlurmError` when the plan cannot be read or `squeue` fails.
    public static func load(results: URL, planID: String?, client: SlurmClient, unseenGrace: Double = 600,
                            now: Date = Date()) throws -> SlurmPlanStatus {
        let plan = try SlurmPlanFile.load(results: results, id: planID)
        let jobsURL = SlurmPlanFile.jobsURL(results: results, id: plan.id)
        let records = SlurmJobRecord.read(jobsURL)
        let store = ResultStore(root: results)
        let verifier = EntryVerifier(store: store)
        func intact(_ key: String) -> Bool { SharedFileSystem.entryProblems(at: store.url(for: key), verifier: verifier, refresh: false).isEmpty }
        // Records of the first format have no submission time: the jobs file's last change bounds it.
        let jobsFileChanged = (try? FileManager.default.attributesOfItem(atPath: jobsURL.path))?[.modificationDate] as? Date ?? plan.created
        let ended = SlurmJobRecord.endedJobs(results: results)

        var intactBefore = Set<String>()
        var pendingIDs: [String] = []
        SharedFileSystem.refresh(foldersOf: plan.tasks.map { store.url(for: $0.key) })
        for t in plan.tasks {
            if intact(t.key) { intactBefore.insert(t.key) } else if let r = records[t.key] { pendingIDs.append(r.jobID) }
        }
        var states = pendingIDs.isEmpty ? [:] : try client.queueStates(pendingIDs)
        let forgotten = pendingIDs.filter { states[$0] == nil }
        if !forgotten.isEmpty, let acct = client.accountingStates(forgotten) {
            for (k, v) in acct where states[k] == nil { states[k] = v }
        }
        // After the query: an ended or unlisted job's entry may have appeared since the first look.
        let recheck = plan.tasks.filter { t in
            !intactBefore.contains(t.key) && records[t.key].map { !(states[$0.jobID]?.isActive ?? false) } ?? false
        }
        SharedFileSystem.refresh(foldersOf: recheck.map { store.url(for: $0.key) })
        let intactAfter = Set(recheck.map(\.key).filter(intact))
        var rows: [Row] = []
        var stateOf: [String: Row.State] = [:]
        for t in plan.tasks {
            let r = records[t.key]
            var row = Row(key: t.key, label: t.labels.first ?? String(t.key.prefix(12)), kind: t.kind, jobID: r?.jobID, log: r?.log,
                          state: .done, detail: "")
            if intactBefore.contains(t.key) || intactAfter.contains(t.key) {
                row.detail = r.map { "job \($0.jobID)" + ($0.origin == .queued ? " (queued by an earlier plan)" : "") } ?? ""
            } else if let r {
                if let s = states[r.jobID] {
                    row.detail = s.description
                    let inputFailed = t.inputs.contains { [.failed, .skipped, .cancelled].contains(stateOf[$0.key]) }
                    if s.dependencyFailed || (inputFailed && (s.isActive || s.state == "CANCELLED")) {
                        row.state = .skipped
                        row.detail = "\(s.state.lowercased()): an input failed"
                    } else if s.isActive {
                        row.state = s.state == "PENDING" || s.isHeld ? .pending : .running
                        if s.isHeld { row.detail += " (held: `scontrol release \(r.jobID)`)" }
                    } else if s.state == "CANCELLED" {
                        row.state = .cancelled
                    } else {
                        row.state = .failed
                        if s.state == "COMPLETED" {
                            row.detail = "COMPLETED, but no intact cache entry (on a network file system a new entry can take a minute to appear)"
                        }
                    }
                } else {
                    let age = now.timeIntervalSince(r.submitted ?? jobsFileChanged)
                    if age < unseenGrace && !ended.contains(r.jobID) {
                        row.state = .pending
                        row.detail = "submitted \(max(0, Int(age))) s ago, not listed by squeue yet"
                    } else {
                        row.state = .failed
                        row.detail = "job left the queue without an intact cache entry"
                    }
                }
            } else {
                row.state = .unsubmitted
                row.detail = "no job recorded"
            }
            stateOf[t.key] = row.state
            rows.append(row)
        }
        return SlurmPlanStatus(plan: plan, rows: rows)
    }

    /// Cancels the plan's jobs that are still pending or running, including the
    /// jobs of earlier plans it was waiting for (the tasks it needs), and jobs
    /// submitted less than `unseenGrace` seconds ago that `squeue` does not list yet.
    /// - Parameters:
    ///   - results: the results directory.
    ///   - planID: the plan (nil: the newest).
    ///   - client: the Slurm client.
    ///   - unseenGrace: how long after its submission an unlisted job may still be queued.
    ///   - now: the current time.
    /// - Returns: the job ids cancelled, and how many of them an earlier plan had submitted.
    /// - Throws: `SlurmError` when the plan cannot be read or `squeue`/`scancel` fail.
    public static func cancel(results: URL, planID: String?, client: SlurmClient, unseenGrace: Double = 600,
                              now: Date = Date()) throws -> (plan: SlurmPlanFile, cancelled: [String], fromEarlierPlans: Int) {
        let plan = try SlurmPlanFile.load(results: results, id: planID)
        let recorded = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results, id: plan.id))
        let records = plan.tasks.compactMap { recorded[$0.key] }
        guard !records.isEmpty else { return (plan, [], 0) }
        let states = try client.queueStates(records.map(\.jobID))
        let ended = SlurmJobRecord.endedJobs(results: results)
        let active = records.filter { r in
            if let s = states[r.jobID] { return s.isActive }
            return !ended.contains(r.jobID) && r.submitted.map { now.timeIntervalSince($0) < unseenGrace } ?? false
        }
        try client.cancel(active.map(\.jobID))
        return (plan, active.map(\.jobID), active.filter { $0.origin == .queued }.count)
    }
}
