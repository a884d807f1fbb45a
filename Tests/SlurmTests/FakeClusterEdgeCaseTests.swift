import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// Keeps what a callback hands over, for checks after the call.
final class Recorder<Value: Sendable>: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var values: [Value] = []
    var all: [Value] { lock.withLock { values } }
    var last: Value? { lock.withLock { values.last } }
    func append(_ v: Value) { lock.withLock { values.append(v) } }
}

/// The Slurm executor where the cluster is slow or odd (fake tools): jobs that
/// `squeue` does not list yet, jobs that stay pending or held, an entry that a
/// network file system shows late, a results path with `%` or `\`, a missing
/// `sbatch`, a relative `--job-binary`, `slurm status` racing a finishing job.
@Suite("Slurm executor on a slow or odd cluster (fake tools)", .serialized)
struct FakeClusterEdgeCaseTests {
    // MARK: Jobs squeue does not list yet

    @Test func jobsThatSqueueDoesNotListYetAreWaitedFor() throws {
        // Jobs stay pending 0.3 s and are invisible to squeue for their first 2 s.
        let fake = try FakeSlurm(pend: 0.3, hide: 2)
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        var o = fake.options(binary: try #require(flreproBinary))
        o.unseenGrace = 120
        let report = try runOnSlurm(ws, plan, o)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.succeededCount == plan.order.count)
        #expect((try? String(contentsOfFile: fake.dir.path("scancel.args"), encoding: .utf8)) == nil, "no job was cancelled")
    }

    @Test func aSecondSubmissionCountsJustSubmittedJobsAsQueued() throws {
        // The controller does not show new jobs for 10 minutes; they stay pending meanwhile.
        let fake = try FakeSlurm(pend: 600, releasable: true, hide: 600)
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let submissions = Recorder<SlurmSubmission>()
        var o = fake.options(binary: try #require(flreproBinary))
        o.wait = false
        o.unseenGrace = 600
        o.onSubmitted = { submissions.append($0) }
        _ = try runOnSlurm(ws, plan, o)
        #expect(submissions.last?.submitted == plan.order.count)

        // `slurm status`: submitted, not listed yet: pending, not failed.
        let status = try SlurmPlanStatus.load(results: results.url, planID: nil, client: SlurmClient(tools: fake.tools))
        #expect(status.counts == [.pending: plan.order.count], "\(status.rows.map(\.detail))")
        #expect(status.rows.allSatisfy { $0.detail.contains("not listed by squeue yet") })

        // Submitting again finds them in the plan's job records: nothing is submitted twice.
        _ = try runOnSlurm(ws, plan, o)
        let second = try #require(submissions.last)
        #expect(second.submitted == 0 && second.alreadyQueued == plan.order.count)
        #expect(fake.sbatchCalls.count == plan.order.count)
        let records = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results.url, id: second.planID))
        #expect(records.count == plan.order.count && records.values.allSatisfy { $0.origin == .queued && $0.submitted != nil })

        // `slurm cancel` cancels them too, although squeue does not list them yet.
        let cancelled = try SlurmPlanStatus.cancel(results: results.url, planID: nil, client: SlurmClient(tools: fake.tools))
        #expect(cancelled.cancelled.count == plan.order.count && cancelled.fromEarlierPlans == plan.order.count)
    }

    @Test func heldJobsAreReportedOnceWithTheirLogs() throws {
        // Held until every job has been reported held (at most 30 s), polled many times meanwhile.
        let fake = try FakeSlurm(pend: 30, pendReason: "JobHeldUser", releasable: true)
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let lines = Recorder<String>()
        let submissions = Recorder<SlurmSubmission>()
        var o = fake.options(binary: try #require(flreproBinary))
        o.onSubmitted = { submissions.append($0) }
        let count = plan.order.count
        let report = try runOnSlurm(ws, plan, o, log: { line in
            lines.append(line)
            if lines.all.filter({ $0.contains(" is held (") }).count == count { fake.release() }
        })
        #expect(report.succeededCount == plan.order.count, "\(report.failures)")
        let held = lines.all.filter { $0.contains(" is held (JobHeldUser)") }
        let planID = try #require(submissions.last?.planID)
        let records = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results.url, id: planID))
        #expect(held.count == records.count, "\(held)")
        for r in records.values {
            let mine = held.filter { $0.hasPrefix("job \(r.jobID) ") }
            #expect(mine.count == 1 && mine[0].contains("scontrol release \(r.jobID)") && mine[0].hasSuffix("log: \(r.log)"), "\(mine)")
        }
    }

    // MARK: Shared file systems

    @Test func aCompletedJobsEntryThatAppearsLateIsWaitedFor() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let consumed = Set(plan.orderedTasks.flatMap { $0.inputs.map(\.key) })
        let leaf = try #require(plan.orderedTasks.last { !consumed.contains($0.key) })
        // The job writes the entry, but the login node sees it only 1.5 s after the job completed.
        let entry = ws.store.url(for: leaf.key).path, hidden = fake.dir.path("hidden.h5")
        let late = try writeScript(fake.dir.url.appendingPathComponent("flrepro-late"), """
        #!/bin/bash
        \(FakeSlurm.closeDescriptors)
        '\(try #require(flreproBinary))' "$@"; rc=$?
        case "$*" in
          *\(leaf.key)*)
            mv '\(entry)' '\(hidden)'
            ( closefds; sleep 1.5; mv '\(hidden)' '\(entry)' ) </dev/null >/dev/null 2>&1 &
            ;;
        esac
        exit $rc

        """)
        var o = fake.options(binary: late)
        o.latencyWait = 60
        let report = try runOnSlurm(ws, plan, o)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.succeededCount == plan.order.count)
        #expect(ws.store.exists(leaf.key))
    }

    @Test func execTaskWaitsForAnInputEntryThatAppearsLate() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-latency")
        defer { dir.remove() }
        let results = dir.url.appendingPathComponent("results"), staging = dir.url.appendingPathComponent("staging")
        let (_, plan) = try smokeWorkspace(results: results)
        let consumer = try #require(plan.orderedTasks.first { t in
            !t.inputs.isEmpty && t.inputs.allSatisfy { plan.tasks[$0.key]!.inputs.isEmpty }
        })
        let inputs = consumer.inputs.map { plan.tasks[$0.key]! }
        let file = SlurmPlanFile(id: "20250101-000000-000-0001", results: results.path, root: repository.path, profile: "smoke",
                                 manifests: [learningCurves],
                                 tasks: (inputs + [consumer]).map { SlurmPlanFile.Task($0, resources: SlurmResources(), jobName: "fl-test") })
        let planURL = SlurmPlanFile.url(results: results, id: file.id)
        try file.write(to: planURL)
        // The inputs are computed elsewhere and reach the results directory 1.5 s after the job starts.
        let job = SlurmTaskJob(registry: StandardRegistry.registry, repositoryRoot: repository)
        for t in inputs { _ = try job.run(plan: file, key: t.key, results: staging, log: { _ in }) }
        let from = ResultStore(root: staging), to = ResultStore(root: results)
        let moves = inputs.map { (from.url(for: $0.key), to.url(for: $0.key)) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) {
            for (a, b) in moves {
                try? FileManager.default.createDirectory(at: b.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.moveItem(at: a, to: b)
            }
        }
        let r = try flrepro(["exec-task", "--results", results.path, "--plan-file", planURL.path, consumer.key])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("waiting up to 60 s for it (--latency-wait)"), "\(r.stderr)")
        #expect(to.exists(consumer.key))
    }

    @Test func statusAsksSlurmBeforeLookingAtTheCache() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-status-race")
        defer { dir.remove() }
        let results = dir.url.appendingPathComponent("results")
        let (_, plan) = try smokeWorkspace(results: results)
        let task = try #require(plan.orderedTasks.first { $0.inputs.isEmpty })
        let file = SlurmPlanFile(id: "20250101-000000-000-0002", results: results.path, root: repository.path, profile: "smoke",
                                 manifests: [learningCurves], tasks: [SlurmPlanFile.Task(task, resources: SlurmResources(), jobName: "fl-test")])
        let planURL = SlurmPlanFile.url(results: results, id: file.id)
        try file.write(to: planURL)
        try SlurmJobRecord.append([SlurmJobRecord(key: task.key, jobID: "501", log: dir.path("501.log"), origin: .submitted, submitted: Date())],
                                  to: SlurmPlanFile.jobsURL(results: results, id: file.id))
        // The job finishes while squeue is being asked: its entry appears, and squeue says COMPLETED.
        let squeue = try writeScript(dir.url.appendingPathComponent("squeue"), """
        #!/bin/sh
        '\(try #require(flreproBinary))' exec-task --results '\(results.path)' --plan-file '\(planURL.path)' --root '\(repository.path)' \(task.key) >/dev/null 2>&1
        echo '501|COMPLETED|None'

        """)
        let status = try SlurmPlanStatus.load(results: results, planID: nil, client: SlurmClient(tools: SlurmTools(squeue: squeue, sacct: "/bin/false")))
        #expect(status.rows.map(\.state) == [.done], "\(status.rows.map(\.detail))")
    }

    // MARK: Paths and tools

    @Test func aResultsPathWithPercentAndSpaceKeepsItsLogs() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let base = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { base.remove() }
        let results = base.url.appendingPathComponent("100% sure %x %j", isDirectory: true)
        let (ws, plan) = try smokeWorkspace(results: results)
        let submissions = Recorder<SlurmSubmission>()
        var o = fake.options(binary: try #require(flreproBinary), arrays: 2)
        o.onSubmitted = { submissions.append($0) }
        let report = try runOnSlurm(ws, plan, o)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.succeededCount == plan.order.count)
        #expect(fake.sbatchCalls.allSatisfy { $0.contains("/100%% sure %%x %%j/logs/fl-") }, "\(fake.sbatchCalls)")
        // The recorded log paths are the real ones.
        let planID = try #require(submissions.last?.planID)
        let records = SlurmJobRecord.read(SlurmPlanFile.jobsURL(results: results, id: planID))
        #expect(records.count == plan.order.count)
        for r in records.values {
            #expect(r.log.hasPrefix(results.appendingPathComponent("logs").path + "/fl-"), "\(r.log)")
            let text = (try? String(contentsOfFile: r.log, encoding: .utf8)) ?? ""
            #expect(text.contains("flrepro exec-task: plan \(planID), task \(r.key)"), "\(r.log): \(text)")
        }
    }

    @Test func aResultsPathWithABackslashIsRefusedBeforeAnythingIsWritten() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let base = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { base.remove() }
        let results = base.url.appendingPathComponent("back\\slash", isDirectory: true)
        let (ws, plan) = try smokeWorkspace(results: results)
        let error = #expect(throws: SlurmError.self) { try runOnSlurm(ws, plan, fake.options(binary: try #require(flreproBinary))) }
        #expect(error?.message.contains("\(results.path) contains a backslash") == true, "\(String(describing: error))")
        #expect(SlurmPlanFile.ids(results: results).isEmpty)
        #expect(fake.sbatchCalls.isEmpty)
    }

    @Test func aMissingSbatchLeavesNoPlanFileBehind() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        var o = fake.options(binary: try #require(flreproBinary))
        o.tools.sbatch = "flrepro-no-such-sbatch"
        let error = #expect(throws: SlurmError.self) { try runOnSlurm(ws, plan, o) }
        #expect(error?.message.contains("SBATCH=") == true, "\(String(describing: error))")
        #expect(SlurmPlanFile.ids(results: results.url).isEmpty)
    }

    @Test func anArrayMaximumBelowOneMakesOneElementArrays() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        var o = fake.options(binary: try #require(flreproBinary), arrays: 2)
        o.arrayMaximum = 0
        let report = try runOnSlurm(ws, plan, o)
        #expect(report.succeededCount == plan.order.count, "\(report.failures)")
        let roots = plan.orderedTasks.filter { $0.inputs.isEmpty }.count
        #expect(fake.sbatchCalls.filter { $0.contains("--array=0-0") }.count == roots)
    }

    @Test func aRelativeJobBinaryIsMadeAbsolute() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let binary = try #require(flreproBinary)
        let wrapper = try writeScript(fake.dir.url.appendingPathComponent("flrepro-relative"), "#!/bin/sh\nexec '\(binary)' \"$@\"\n")
        let env = ["SBATCH": fake.tools.sbatch, "SQUEUE": fake.tools.squeue, "SACCT": fake.tools.sacct, "SCANCEL": fake.tools.scancel]
        let r = try runProcess(binary, ["run", repository.appendingPathComponent(learningCurves).path, "--root", repository.path,
                                        "--profile", "smoke", "--results", results.url.path, "--executor", "slurm", "--plain", "--no-wait",
                                        "--array-min", "0", "--job-binary", "./flrepro-relative"],
                               environment: env, currentDirectory: fake.dir.url.path)
        #expect(r.status == 0, "\(r.stderr)")
        // Jobs start in the repository root (--chdir), not here: the script names the binary by its absolute path.
        #expect(fake.jobScript(101).contains("exec \(wrapper) exec-task "), "\(fake.jobScript(101))")
        let s = try flrepro(["slurm", "status", "--profile", "smoke", "--results", results.url.path], environment: env)
        #expect(s.status == 0 && s.stdout.contains("33 tasks: 33 done"), "\(s.stdout)\(s.stderr)")
    }
}
