import Foundation
import Pipeline
import Testing
import TestSupport

extension ReliabilityTests {
    /// Several `flrepro run` processes on one results directory (local executor): the lock
    /// serializes them, the one that waited re-checks the cache after taking the lock, so every
    /// task is computed exactly once and nothing is corrupted, whatever the interleaving.
    @Suite("Concurrency: runs sharing a results directory")
    struct Concurrency {
        @Test(arguments: [0.0, 0.03, 0.1])
        func twoRunsComputeEveryTaskOnce(stagger: Double) throws {
            let work = try TemporaryDirectory(prefix: "flrepro-concurrent")
            defer { work.remove() }
            let results = work.url.appendingPathComponent("results")
            let logs = [work.url.appendingPathComponent("a.log"), work.url.appendingPathComponent("b.log")]
            let a = try Reliability.start(["run", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results), log: logs[0])
            if stagger > 0 { Thread.sleep(forTimeInterval: stagger) }
            let b = try Reliability.start(["run", Reliability.manifest, "-j", "1", "--plain"] + Reliability.smoke(results), log: logs[1])
            a.waitUntilExit()
            b.waitUntilExit()
            let text = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
            #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(text)")

            // Every one of the 33 tasks was computed by exactly one of the two processes.
            let done = text.flatMap(Reliability.doneLabels)
            #expect(done.count == 33, "\(done.count) task completions for 33 tasks:\n\(text.joined(separator: "\n---\n"))")
            #expect(Set(done).count == done.count, "a task was computed twice")
            // One of them waited for the other's lock and then found everything cached.
            #expect(text.contains { $0.contains("waiting for another flrepro process") || $0.contains("nothing to run") }, "\(text)")

            let store = ResultStore(root: results)
            #expect(store.listEntries().entries.count == 33)
            #expect(store.listEntries().temporaries.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: store.quarantineDirectory.path))
            let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
            #expect(v.status == 0, "\(v.stdout)")
        }

        /// The lock holder is SIGKILLed while a second run waits for it: the waiter takes over,
        /// clears the dead run's temporary files and finishes; no task is computed twice.
        @Test func aWaitingRunTakesOverFromAKilledOne() throws {
            let work = try TemporaryDirectory(prefix: "flrepro-takeover")
            defer { work.remove() }
            let results = work.url.appendingPathComponent("results")
            let logs = [work.url.appendingPathComponent("a.log"), work.url.appendingPathComponent("b.log")]
            let a = try Reliability.start(["run", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results), log: logs[0])
            let store = ResultStore(root: results)
            // Let it hold the lock and store a few entries.
            let deadline = Date().addingTimeInterval(20)
            while a.isRunning && store.listEntries().entries.count < 4 && Date() < deadline { usleep(500) }
            Reliability.freeze(a.processIdentifier)
            let b = try Reliability.start(["run", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results), log: logs[1])
            // Wait until b says it waits for a's lock, then kill a.
            while b.isRunning && !((try? String(contentsOf: logs[1], encoding: .utf8)) ?? "").contains("waiting for another flrepro process")
                && Date() < deadline { usleep(1000) }
            let atKill = store.listEntries().entries.count
            Reliability.killRun(a.processIdentifier)
            a.waitUntilExit()
            b.waitUntilExit()
            let text = try logs.map { try String(contentsOf: $0, encoding: .utf8) }
            #expect(a.terminationReason == .uncaughtSignal, "the first run was not killed: \(text[0])")
            #expect(text[1].contains("waiting for another flrepro process (pid \(a.processIdentifier))"), "\(text[1])")
            #expect(b.terminationStatus == 0, "\(text[1])")
            #expect(text[1].contains("ran \(33 - atKill) of 33 tasks"), "\(text[1])")
            let done = text.flatMap(Reliability.doneLabels)
            #expect(Set(done).count == done.count, "a task was computed twice: \(done)")
            #expect(store.listEntries().entries.count == 33)
            // The killed run's half-written files are not entries; b removes them unless it took the
            // lock before the test reaped the dead process (a zombie still owns its pid), in which
            // case the next run does.
            #expect(Reliability.temporaries(in: results).allSatisfy { $0.contains(".h5.tmp-\(a.processIdentifier)-") })
            let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
            #expect(v.status == 0, "\(v.stdout)")
            let again = try Reliability.flrepro(["run", Reliability.manifest, "--plain"] + Reliability.smoke(results))
            #expect(again.status == 0 && again.stderr.contains("nothing to run"), "\(again.stderr)")
            #expect(Reliability.temporaries(in: results).isEmpty)
        }
    }
}
