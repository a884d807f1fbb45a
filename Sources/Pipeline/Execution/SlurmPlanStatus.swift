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

    /// Looks at every task of a plan: its cache entry, then its job.
    public static func load(results: URL, planID: String?, client: SlurmClient) throws -> SlurmPlanStatus {
        let plan = try SlurmPlanFile.load(results: results, id: planID)
        let records = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results, id: plan.id))
        let store = ResultStore(root: results)
        let verifier = EntryVerifier(store: store)
        var pendingIDs: [String] = []
        var intact = Set<String>()
        for t in plan.tasks {
            let url = store.url(for: t.key)
            if FileManager.default.fileExists(atPath: url.path) && verifier.problems(at: url).isEmpty {
                intact.insert(t.key)
            } else if let r = records[t.key] {
                pendingIDs.append(r.jobID)
            }
        }
        var states = pendingIDs.isEmpty ? [:] : try client.queueStates(pendingIDs)
        let forgotten = pendingIDs.filter { states[$0] == nil }
        if !forgotten.isEmpty, let acct = client.accountingStates(forgotten) {
            for (k, v) in acct where states[k] == nil { states[k] = v }
        }
        var rows: [Row] = []
        var stateOf: [String: Row.State] = [:]
        for t in plan.tasks {
            let r = records[t.key]
            var row = Row(key: t.key, label: t.labels.first ?? String(t.key.prefix(12)), kind: t.kind, jobID: r?.jobID, log: r?.log,
                          state: .done, detail: "")
            if intact.contains(t.key) {
                row.detail = r.map { "job \($0.jobID)" + ($0.origin == .queued ? " (queued by an earlier plan)" : "") } ?? ""
            } else if let r {
                if let s = states[r.jobID] {
                    row.detail = s.description
                    let inputFailed = t.inputs.contains { [.failed, .skipped, .cancelled].contains(stateOf[$0.key]) }
                    if s.dependencyFailed || (inputFailed && (s.isActive || s.state == "CANCELLED")) {
                        row.state = .skipped
                        row.detail = "\(s.state.lowercased()): an input failed"
                    } else if s.isActive {
                        row.state = s.state == "PENDING" ? .pending : .running
                    } else if s.state == "CANCELLED" {
                        row.state = .cancelled
                    } else {
                        row.state = .failed
                        if s.state == "COMPLETED" { row.detail = "COMPLETED, but no intact cache entry" }
                    }
                } else {
                    row.state = .failed
                    row.detail = "job left the queue without an intact cache entry"
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
    /// jobs of earlier plans it was waiting for (the tasks it needs).
    /// - Returns: the job ids cancelled, and how many of them an earlier plan had submitted.
    public static func cancel(results: URL, planID: String?, client: SlurmClient) throws
        -> (plan: SlurmPlanFile, cancelled: [String], fromEarlierPlans: Int) {
        let plan = try SlurmPlanFile.load(results: results, id: planID)
        let records = plan.tasks.compactMap { SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results, id: plan.id))[$0.key] }
        guard !records.isEmpty else { return (plan, [], 0) }
        let states = try client.queueStates(records.map(\.jobID))
        let active = records.filter { states[$0.jobID]?.isActive ?? false }
        try client.cancel(active.map(\.jobID))
        return (plan, active.map(\.jobID), active.filter { $0.origin == .queued }.count)
    }
}
