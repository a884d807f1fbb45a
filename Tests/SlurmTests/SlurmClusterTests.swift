import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// A one-node Slurm cluster (munged, slurmctld, slurmd) started by
/// `scripts/slurm-test-cluster.sh` in a temporary directory.
struct TestCluster {
    static let script = repository.appendingPathComponent("scripts/slurm-test-cluster.sh").path

    /// Whether one can be started here (the tools are installed, or this is root with apt-get),
    /// unless FLREPRO_SKIP_SLURM_CLUSTER=1.
    static let available: Bool = {
        if ProcessInfo.processInfo.environment["FLREPRO_SKIP_SLURM_CLUSTER"] == "1" { return false }
        return (try? spawn("/bin/bash", [script, "check"]))?.status == 0
    }()

    let dir: TemporaryDirectory
    var environment: [String: String] { ["SLURM_CONF": dir.path("slurm.conf")] }

    /// Starts the daemons (installing slurm-wlm and munge first when missing).
    init() throws {
        // Short path: the munge socket lives under it.
        dir = try TemporaryDirectory(prefix: "flslurm")
        let r = try spawn("/bin/bash", [Self.script, "start", dir.url.path])
        if r.status != 0 {
            _ = try? spawn("/bin/bash", [Self.script, "stop", dir.url.path])
            dir.remove()
            // 77: the packages could not be installed here (offline, no root): not a failure of flrepro.
            if r.status == 77 { try Test.cancel("Slurm cannot be started here: \(r.stderr)") }
            throw SlurmError("slurm-test-cluster.sh start failed (\(r.status)): \(r.stderr)")
        }
    }

    /// Stops the daemons it started (by their pid files) and removes the directory.
    func stop() {
        _ = try? spawn("/bin/bash", [Self.script, "stop", dir.url.path])
        dir.remove()
    }

    /// Runs a Slurm tool against this cluster.
    func tool(_ name: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runProcess(name, args, environment: environment)
    }
}

/// The Slurm executor on real daemons: the smoke profile of the learning-curves
/// manifest submitted with `flrepro run --executor slurm`, an injected failure
/// (its log reported, its dependents never run), re-submission, bit-identity
/// with a local run, `--no-wait`, already-queued tasks, `slurm status|cancel`.
@Suite("Slurm executor on a real one-node cluster", .serialized, .enabled(if: TestCluster.available, "Slurm cannot be started here (not root and slurm-wlm/munge missing, or FLREPRO_SKIP_SLURM_CLUSTER=1)"))
struct SlurmClusterTests {
    @Test(.timeLimit(.minutes(5)))
    func smokeProfileOnSlurmMatchesALocalRun() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        let env = cluster.environment
        let work = try TemporaryDirectory(prefix: "flrepro-slurm-results")
        defer { work.remove() }
        let local = work.url.appendingPathComponent("local"), onSlurm = work.url.appendingPathComponent("slurm")
        let slurmArgs = ["--profile", "smoke", "--results", onSlurm.path, "--executor", "slurm", "--plain", "--poll-interval", "0.3"]
        let (_, plan) = try smokeWorkspace(results: onSlurm)
        let data1 = try #require(plan.manifests[0].instances["data"]?.first { $0.label == "data[seed=1]" }).key
        let dependents = plan.orderedTasks.filter { $0.inputs.contains { $0.key == data1 } }.map(\.key)
        #expect(dependents.count == 9)

        // The reference: a local run.
        let headBefore = gitHead()
        let l = try flrepro(["run", learningCurves, "--profile", "smoke", "--results", local.path, "-j", "2", "--plain"])
        #expect(l.status == 0, "\(l.stderr)")

        // 1. Submit with job arrays for the independent tasks; element 1 of the data array (seed 1) fails.
        let wrapper = try failingWrapper(at: work.url.appendingPathComponent("flrepro-failing"), key: data1,
                                         arrayPrefix: "data.teacher_student-", arrayIndex: 1)
        let failed = try flrepro(["run", learningCurves] + slurmArgs + ["--array-min", "2", "--job-binary", wrapper], environment: env)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("submitted 33 tasks as 29 jobs (2 job arrays)"), "\(failed.stderr)")
        #expect(failed.stderr.contains("23 succeeded, 1 failed, 9 skipped"), "\(failed.stderr)")
        #expect(failed.stderr.contains("9 dependent tasks were not run"))
        let failureLine = try #require(failed.stderr.split(separator: "\n").first { $0.contains("data[seed=1] (\(data1.prefix(12)))") },
                                       "\(failed.stderr)")
        let logPath = try #require(failureLine.range(of: "log: ").map { String(failureLine[$0.upperBound...]) })
        #expect(logPath.hasPrefix(onSlurm.appendingPathComponent("logs").path), "\(logPath)")
        #expect(try String(contentsOfFile: logPath, encoding: .utf8).contains("injected failure"))
        #expect(failed.stderr.contains("| injected failure"), "the report quotes the log")
        let store = ResultStore(root: onSlurm)
        #expect(!store.exists(data1))
        for k in dependents { #expect(!store.exists(k), "a dependent of the failed task ran") }
        // The dependents' jobs never started: no log file, and Slurm cancelled them.
        let planID = try #require(SlurmPlanFile.ids(results: onSlurm).last)
        let records = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: onSlurm, id: planID))
        #expect(records.count == 33)
        for k in dependents {
            let r = try #require(records[k])
            #expect(!FileManager.default.fileExists(atPath: r.log), "\(r.log) exists: the job ran")
        }
        let status = try flrepro(["slurm", "status", "--profile", "smoke", "--results", onSlurm.path], environment: env)
        #expect(status.status == 1)
        #expect(status.stdout.contains("33 tasks: 23 done, 1 failed, 9 skipped"), "\(status.stdout)")
        #expect(status.stdout.contains("log: \(logPath)"), "\(status.stdout)")

        // 2. Re-submit with the real binary: only the ten missing tasks.
        let rerun = try flrepro(["run", learningCurves] + slurmArgs, environment: env)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("submitted 10 tasks as 10 jobs"), "\(rerun.stderr)")
        #expect(rerun.stderr.contains("ran 10 of 33 tasks"), "\(rerun.stderr)")
        let again = try flrepro(["run", learningCurves] + slurmArgs, environment: env)
        #expect(again.status == 0 && again.stderr.contains("nothing to run"), "\(again.stderr)")

        // 3. Bit for bit what the local run computed (arrays, scalars, attributes, provenance but for timing).
        let differences = try cacheDifferences(onSlurm, local, sameCommit: gitHead() == headBefore)
        #expect(differences == [], "\(differences.joined(separator: "\n"))")
        let verify = try flrepro(["verify", learningCurves, "--profile", "smoke", "--results", onSlurm.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // 4. --no-wait with held jobs; a second submission finds them queued; status; cancel.
        let held = work.url.appendingPathComponent("held")
        let heldArgs = ["--profile", "smoke", "--results", held.path, "--executor", "slurm", "--plain", "--no-wait"]
        let first = try flrepro(["run", learningCurves] + heldArgs + ["--sbatch-arg=--hold"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("submitted 33 tasks as 33 jobs"), "\(first.stderr)")
        #expect(first.stderr.contains("not waiting"))
        let second = try flrepro(["run", learningCurves] + heldArgs, environment: env)
        #expect(second.status == 0)
        #expect(second.stderr.contains("submitted 0 tasks as 0 jobs, 33 already queued"), "\(second.stderr)")
        let pending = try flrepro(["slurm", "status", "--profile", "smoke", "--results", held.path], environment: env)
        #expect(pending.status == 0, "\(pending.stdout)\(pending.stderr)")
        #expect(pending.stdout.contains("33 tasks: 33 pending"), "\(pending.stdout)")
        let cancel = try flrepro(["slurm", "cancel", "--profile", "smoke", "--results", held.path], environment: env)
        #expect(cancel.status == 0)
        #expect(cancel.stdout.contains("cancelled 33 jobs (33 of them submitted by an earlier plan"), "\(cancel.stdout)")
        let after = try flrepro(["slurm", "status", "--profile", "smoke", "--results", held.path], environment: env)
        #expect(after.status == 1)
        #expect(after.stdout.contains("33 tasks:") && !after.stdout.contains("pending") && !after.stdout.contains(" done"), "\(after.stdout)")
        let queue = try cluster.tool("squeue", ["--noheader", "--format=%i %T"])
        #expect(queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "jobs left in the queue: \(queue.stdout)")
        #expect(ResultStore(root: held).listEntries().entries.isEmpty)
    }
}
