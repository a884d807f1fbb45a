import Foundation
import Pipeline
import Testing
import TestSupport

/// Records the pauses a client takes instead of sleeping.
final class SleepRecorder: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var delays: [Double] = []
    var recorded: [Double] { lock.withLock { delays } }
    var sleep: @Sendable (Double) -> Void { { d in self.lock.withLock { self.delays.append(d) } } }
}

/// `SlurmClient` against fake `sbatch`/`squeue`/`sacct`/`scancel` scripts:
/// retries with exponential back-off on a busy controller, fails fast on
/// permanent errors, parses the tools' output.
@Suite("Slurm client: retries, back-off and parsing (fake tools)")
struct SlurmClientTests {
    /// A fake tool that fails with `message` (exit 1) its first `failures` calls, then prints `output`.
    func flaky(_ dir: TemporaryDirectory, _ name: String, failures: Int, message: String, output: String) throws -> String {
        try writeScript(dir.url.appendingPathComponent(name), """
        #!/bin/sh
        n=$(cat '\(dir.path("\(name).count"))' 2>/dev/null || echo 0)
        n=$((n + 1)); echo $n > '\(dir.path("\(name).count"))'
        echo "$@" >> '\(dir.path("\(name).args"))'
        if [ $n -le \(failures) ]; then echo "\(message)" >&2; exit 1; fi
        printf '%s\\n' '\(output)'

        """)
    }

    func calls(_ dir: TemporaryDirectory, _ name: String) -> Int {
        Int((try? String(contentsOfFile: dir.path("\(name).count"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
    }

    func client(_ tools: SlurmTools, attempts: Int = 5, recorder: SleepRecorder, timeout: Double = 30) -> SlurmClient {
        SlurmClient(tools: tools, retry: SlurmRetryPolicy(attempts: attempts, initialDelay: 0.01, multiplier: 2, maximumDelay: 0.03, commandTimeout: timeout),
                    sleep: recorder.sleep)
    }

    @Test func toolsComeFromTheEnvironment() {
        let t = SlurmTools.fromEnvironment(["SBATCH": "/opt/x/sbatch", "SQUEUE": "fake-squeue", "SACCT": ""])
        #expect(t == SlurmTools(sbatch: "/opt/x/sbatch", squeue: "fake-squeue", sacct: "sacct", scancel: "scancel"))
    }

    @Test func backOffGrowsExponentiallyUpToTheMaximum() {
        let p = SlurmRetryPolicy(attempts: 8, initialDelay: 1, multiplier: 2, maximumDelay: 10)
        #expect((1...6).map { p.delay(afterFailure: $0) } == [1, 2, 4, 8, 10, 10])
    }

    @Test func sbatchIsRetriedWhileTheControllerIsBusy() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let sbatch = try flaky(dir, "sbatch", failures: 3, message: "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation", output: "4242;cluster")
        let squeue = try flaky(dir, "squeue", failures: 0, message: "", output: "")  // the job did not get in
        let recorder = SleepRecorder()
        let c = client(SlurmTools(sbatch: sbatch, squeue: squeue), recorder: recorder)
        let id = try c.submit(script: "#!/bin/sh\ntrue\n", arguments: ["--time=1"], name: "fl-test", comment: "flrepro:p:k")
        #expect(id == "4242")
        #expect(calls(dir, "sbatch") == 4)
        // Doubling, capped at the maximum; every resubmission waits for a second look-up that misses the job.
        #expect(recorder.recorded == [0.01, 0.02, 0.02, 0.03, 0.03, 0.03])
        #expect(calls(dir, "squeue") == 6)  // looked for the job twice before each resubmission
        let args = try String(contentsOfFile: dir.path("sbatch.args"), encoding: .utf8)
        #expect(args.contains("--parsable --job-name=fl-test --comment=flrepro:p:k --time=1"))
    }

    @Test func aTimedOutSubmissionThatGotInIsNotSubmittedTwice() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let sbatch = try flaky(dir, "sbatch", failures: 100, message: "sbatch: error: Socket timed out on send/recv operation", output: "1")
        // The controller is still busy for the first two look-ups: wait, do not resubmit.
        let squeue = try flaky(dir, "squeue", failures: 2, message: "squeue: error: Socket timed out on send/recv operation",
                               output: "77|flrepro:p:other\n78|flrepro:p:k")
        let recorder = SleepRecorder()
        let id = try client(SlurmTools(sbatch: sbatch, squeue: squeue), recorder: recorder)
            .submit(script: "#!/bin/sh\n", arguments: [], name: "fl-x", comment: "flrepro:p:k")
        #expect(id == "78")
        #expect(calls(dir, "sbatch") == 1)
        #expect(calls(dir, "squeue") == 3)
        #expect(recorder.recorded == [0.01, 0.02, 0.03])
        // This user's jobs by uid: `--me` needs Slurm 20.11.
        let lookUps = try String(contentsOfFile: dir.path("squeue.args"), encoding: .utf8).split(separator: "\n")
        #expect(lookUps.count == 3 && lookUps.allSatisfy { $0.hasPrefix("--user=\(getuid()) ") }, "\(lookUps)")
    }

    @Test func lookUpsDoNotUseUpTheSubmissionTries() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let sbatch = try flaky(dir, "sbatch", failures: 2, message: "sbatch: error: Socket timed out on send/recv operation", output: "4243")
        // The controller is busy for the first two look-ups, then the job is not there.
        let squeue = try flaky(dir, "squeue", failures: 2, message: "squeue: error: Socket timed out on send/recv operation", output: "")
        let recorder = SleepRecorder()
        let id = try client(SlurmTools(sbatch: sbatch, squeue: squeue), attempts: 4, recorder: recorder)
            .submit(script: "#!/bin/sh\n", arguments: [], name: "fl-y", comment: "flrepro:p:y")
        #expect(id == "4243")
        #expect(calls(dir, "sbatch") == 3)
        // After the first failure: two failed look-ups, two misses; after the second: two misses.
        #expect(calls(dir, "squeue") == 6)
    }

    @Test func activeJobsAreThisUsersByUserID() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let squeue = try flaky(dir, "squeue", failures: 0, message: "", output: "7\n8_1")
        let ids = try client(SlurmTools(squeue: squeue), recorder: SleepRecorder()).activeJobIDs()
        #expect(ids == ["7", "8_1"])
        let args = try String(contentsOfFile: dir.path("squeue.args"), encoding: .utf8)
        #expect(args.hasPrefix("--user=\(getuid()) ") && !args.contains("--me"), "\(args)")
    }

    @Test func heldJobsAreRecognised() {
        #expect(SlurmJobStatus(state: "PENDING", reason: "JobHeldUser").isHeld)
        #expect(SlurmJobStatus(state: "PENDING", reason: "JobHeldAdmin").isHeld)
        #expect(SlurmJobStatus(state: "PENDING", reason: "launch failed requeued held").isHeld)
        #expect(SlurmJobStatus(state: "REQUEUE_HOLD").isHeld)
        #expect(!SlurmJobStatus(state: "PENDING", reason: "Priority").isHeld)
    }

    @Test func absentJobsAreTrustedOnlyAfterTheirGracePeriod() {
        var s = SlurmJobSightings(seenGrace: 60, unseenGrace: 600)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        s.submitted("1", at: t0)
        s.observe("1", listed: false, at: t0.addingTimeInterval(2))
        #expect(!s.absentLongEnough("1", at: t0.addingTimeInterval(599)))
        #expect(s.absentLongEnough("1", at: t0.addingTimeInterval(600)) && !s.wasSeen("1"))
        s.observe("1", listed: true, at: t0.addingTimeInterval(700))
        s.observe("1", listed: false, at: t0.addingTimeInterval(710))
        #expect(s.wasSeen("1") && !s.absentLongEnough("1", at: t0.addingTimeInterval(759)))
        #expect(s.absentLongEnough("1", at: t0.addingTimeInterval(760)))
        #expect(!s.absentLongEnough("unknown", at: t0))
    }

    @Test func aPermanentErrorFailsAtOnceWithSlurmsMessage() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let sbatch = try flaky(dir, "sbatch", failures: 100, message: "sbatch: error: invalid partition specified: nope", output: "")
        let recorder = SleepRecorder()
        let error = #expect(throws: SlurmError.self) {
            try client(SlurmTools(sbatch: sbatch), recorder: recorder).submit(script: "", arguments: ["--partition=nope"], name: "n", comment: "c")
        }
        #expect(error?.message.contains("invalid partition specified: nope") == true)
        #expect(calls(dir, "sbatch") == 1)
        #expect(recorder.recorded.isEmpty)
    }

    @Test func retriesAreBounded() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let squeue = try flaky(dir, "squeue", failures: 100, message: "squeue: error: Unable to contact slurm controller (connect failure)", output: "")
        let recorder = SleepRecorder()
        let error = #expect(throws: SlurmError.self) {
            try client(SlurmTools(squeue: squeue), attempts: 3, recorder: recorder).queueStates(["1"])
        }
        #expect(error?.message.contains("failed 3 times") == true)
        #expect(calls(dir, "squeue") == 3)
        #expect(recorder.recorded.count == 2)
    }

    @Test func aHangingCommandIsKilledAndRetried() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let squeue = try writeScript(dir.url.appendingPathComponent("squeue"), """
        #!/bin/sh
        n=$(cat '\(dir.path("n"))' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '\(dir.path("n"))'
        if [ $n -eq 1 ]; then exec sleep 30; fi
        echo '5|RUNNING|None'

        """)
        let recorder = SleepRecorder()
        let started = Date()
        let states = try client(SlurmTools(squeue: squeue), recorder: recorder, timeout: 0.5).queueStates(["5"])
        #expect(states["5"]?.state == "RUNNING")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(recorder.recorded.count == 1)
    }

    @Test func queueAndAccountingOutputIsParsed() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let squeue = try flaky(dir, "squeue", failures: 0, message: "",
                               output: "12|RUNNING|None\n13_0|COMPLETED|None\n13_1|PENDING|Dependency\n14|CANCELLED|DependencyNeverSatisfied")
        let sacct = try flaky(dir, "sacct", failures: 0, message: "", output: "15|CANCELLED by 0|0:15\n16|TIMEOUT|0:0")
        let recorder = SleepRecorder()
        let c = client(SlurmTools(squeue: squeue, sacct: sacct), recorder: recorder)
        let q = try c.queueStates(["12", "13_0", "13_1", "14"])
        #expect(q["12"] == SlurmJobStatus(state: "RUNNING"))
        #expect(q["13_0"]?.isTerminal == true && q["13_0"]?.state == "COMPLETED")
        #expect(q["13_1"]?.isActive == true && q["13_1"]?.dependencyFailed == false)
        #expect(q["14"]?.dependencyFailed == true)
        let a = try #require(c.accountingStates(["15", "16"]))
        #expect(a["15"]?.state == "CANCELLED" && a["15"]?.exitCode == "0:15")
        #expect(a["16"]?.isTerminal == true)
    }

    @Test func unknownJobsAndDisabledAccountingAreAnswersNotErrors() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fake-slurm")
        defer { dir.remove() }
        let squeue = try flaky(dir, "squeue", failures: 100, message: "slurm_load_jobs error: Invalid job id specified", output: "")
        let sacct = try flaky(dir, "sacct", failures: 100, message: "Slurm accounting storage is disabled", output: "")
        let recorder = SleepRecorder()
        let c = client(SlurmTools(squeue: squeue, sacct: sacct), recorder: recorder)
        #expect(try c.queueStates(["99"]).isEmpty)
        #expect(c.accountingStates(["99"]) == nil)
        #expect(recorder.recorded.isEmpty)
    }

    @Test func aMissingToolIsNamedWithItsVariable() throws {
        let c = SlurmClient(tools: SlurmTools(squeue: "flrepro-no-such-squeue"))
        let error = #expect(throws: SlurmError.self) { try c.activeJobIDs() }
        #expect(error?.message.contains("SQUEUE=") == true)
    }
}
