import Foundation

/// When a job that neither `squeue` nor `sacct` lists may be taken as gone.
///
/// A job can be missing from `squeue` for harmless reasons: the controller has
/// not made a just-submitted job visible yet (a busy controller, a federation, a
/// caching `squeue` wrapper), or has already forgotten a finished job
/// (`MinJobAge`) while accounting is off. So "absent" is trusted only after a
/// grace period: `seenGrace` after the job was last listed, for a job that has
/// been listed before (jobs found queued by an earlier plan count as listed), and
/// the longer `unseenGrace` after its submission for one that never was.
public struct SlurmJobSightings: Sendable {
    /// How long a listed-before job must stay absent.
    public var seenGrace: Double
    /// How long after its submission a never-listed job may stay absent.
    public var unseenGrace: Double

    private struct Sighting {
        var seen: Bool
        /// When it was last listed (seen), or submitted (not seen).
        var since: Date
    }
    private var jobs: [String: Sighting] = [:]

    public init(seenGrace: Double, unseenGrace: Double) {
        self.seenGrace = seenGrace
        self.unseenGrace = unseenGrace
    }

    /// Records a job submitted at `time`, not listed yet.
    public mutating func submitted(_ job: String, at time: Date) {
        jobs[job] = Sighting(seen: false, since: time)
    }

    /// Records a job as listed at `time` (e.g. found among the queued jobs).
    public mutating func seen(_ job: String, at time: Date) {
        jobs[job] = Sighting(seen: true, since: time)
    }

    /// Records one poll's answer for a job.
    /// - Parameters:
    ///   - job: the job id.
    ///   - listed: whether `squeue` or `sacct` listed it.
    ///   - time: when they were asked.
    public mutating func observe(_ job: String, listed: Bool, at time: Date) {
        if listed { seen(job, at: time) } else if jobs[job] == nil { submitted(job, at: time) }
    }

    /// Whether a job that is absent now has been absent long enough to be taken as gone.
    /// - Parameters:
    ///   - job: the job id.
    ///   - time: now.
    /// - Returns: true once the grace period that applies to it has passed.
    public func absentLongEnough(_ job: String, at time: Date) -> Bool {
        guard let s = jobs[job] else { return false }
        return time.timeIntervalSince(s.since) >= (s.seen ? seenGrace : unseenGrace)
    }

    /// Whether the job has ever been listed.
    public func wasSeen(_ job: String) -> Bool { jobs[job]?.seen ?? false }
}
