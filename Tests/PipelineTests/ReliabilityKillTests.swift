import Foundation
import Pipeline
import Testing
import TestSupport

extension ReliabilityTests {
    /// `flrepro figures` on the smoke learning curves (33 tasks, then gnuplot) is SIGKILLed at 20
    /// seeded-random moments, each in a fresh results directory: half after a random delay
    /// (anywhere from start-up to rendering), half aimed inside an HDF5 write (the run is frozen
    /// while its k-th temporary entry file exists, then killed, so the file is provably
    /// half-written). After each kill `flrepro verify` must find no damaged entry, every visible
    /// entry must equal the clean run's, and resuming must complete, recompute only what was
    /// missing, and draw a figure byte-identical to a clean run's.
    @Suite("Kills: SIGKILL at 20 moments, then verify and resume")
    struct Kills {
        enum Moment: CustomStringConvertible {
            /// Seconds after the start.
            case after(Double)
            /// While the k-th temporary entry file the run creates is still open.
            case insideWrite(Int)

            var description: String {
                switch self {
                case .after(let t): return String(format: "after %.3f s", t)
                case .insideWrite(let k): return "inside write #\(k)"
                }
            }
        }

        /// Starts a run and kills it at `moment`; returns whether it was killed (not finished).
        func run(killedAt moment: Moment, results: URL, log: URL) throws -> (killed: Bool, pid: pid_t) {
            let p = try Reliability.start(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results), log: log)
            let pid = p.processIdentifier
            switch moment {
            case .after(let t):
                Thread.sleep(forTimeInterval: t)
                if p.isRunning { Reliability.killRun(pid) }
            case .insideWrite(let k):
                // Watch every new name in the cache. A temporary file that still exists once the run is
                // frozen is a write in progress: kill. One that is gone was renamed: let the run go on.
                // An entry name seen first is killed at once: a store that wrote entries in place
                // (not via a temporary file) would be caught mid-write here.
                var seen = Set<String>()
                let deadline = Date().addingTimeInterval(30)
                poll: while p.isRunning && Date() < deadline {
                    for name in Reliability.cacheFiles(in: results) where seen.insert(name).inserted && seen.count >= k {
                        Reliability.freeze(pid)
                        if !name.contains(".h5.tmp-")
                            || FileManager.default.fileExists(atPath: results.appendingPathComponent("cache/\(name)").path) {
                            Reliability.killRun(pid)
                            break poll
                        }
                        kill(pid, SIGCONT)
                    }
                    usleep(100)
                }
            }
            p.waitUntilExit()
            return (p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL, pid)
        }

        @Test func twentyKillsLeaveNoVisiblePartialEntryAndResumeToIdenticalFigures() throws {
            let work = try TemporaryDirectory(prefix: "flrepro-kills")
            defer { work.remove() }

            // Two clean runs: the reference, and the proof that clean runs agree byte for byte.
            let clean = work.url.appendingPathComponent("clean"), clean2 = work.url.appendingPathComponent("clean2")
            var cleanSeconds = Double.infinity
            for dir in [clean, clean2] {
                let t0 = Date()
                let r = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(dir))
                cleanSeconds = min(cleanSeconds, Date().timeIntervalSince(t0))
                try #require(r.status == 0, "\(r.stderr)")
            }
            #expect(Reliability.figureDifferences(clean, clean2).isEmpty, "two clean runs draw different figures")
            let reference = Reliability.contents(of: ResultStore(root: clean))
            let total = reference.count
            try #require(total == 33)
            #expect(Reliability.entriesDiffering(in: ResultStore(root: clean2), from: reference).isEmpty)

            var rng = SeededGenerator(seed: 0xF1_4E_9B_0C)
            var killed = 0, insideWrite = 0, beforeFirstEntry = 0, betweenWrites = 0, whileRendering = 0
            var summary: [String] = []
            for trial in 0..<20 {
                let results = work.url.appendingPathComponent("trial-\(trial)")
                let log = work.url.appendingPathComponent("trial-\(trial).log")
                var moment: Moment = trial % 2 == 0
                    ? .insideWrite(Int.random(in: 1...40, using: &rng))
                    : .after(Double.random(in: 0.02...0.95, using: &rng) * cleanSeconds)
                // A run that finished before its moment was not killed: retry earlier (same directory is fine,
                // but a fresh one keeps every trial a kill of a run that started from nothing).
                var attempt = 0
                var outcome = try run(killedAt: moment, results: results, log: log)
                while !outcome.killed && attempt < 4 {
                    attempt += 1
                    try? FileManager.default.removeItem(at: results)
                    switch moment {
                    case .after(let t): moment = .after(t / 2)
                    case .insideWrite: moment = .insideWrite(1)
                    }
                    outcome = try run(killedAt: moment, results: results, log: log)
                }
                #expect(outcome.killed, "trial \(trial): the run was never killed (\(moment))")
                if outcome.killed { killed += 1 }

                let store = ResultStore(root: results)
                let entries = store.listEntries().entries.count
                let orphans = Reliability.temporaries(in: results).filter { $0.contains(".h5.tmp-\(outcome.pid)-") }
                if !orphans.isEmpty { insideWrite += 1 } else if entries == 0 { beforeFirstEntry += 1 } else if entries < total { betweenWrites += 1 } else { whileRendering += 1 }
                let context = "trial \(trial) (\(moment), \(entries) entries, \(orphans.count) half-written)"
                summary.append(context)

                // 1. verify: nothing damaged; the only failure allowed is tasks not computed yet.
                let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
                #expect(v.stdout.contains("cache: \(entries) entries checked, 0 damaged"), "\(context): \(v.stdout)")
                #expect(!v.stdout.contains("DAMAGED"), "\(context): \(v.stdout)")
                if entries < total {
                    #expect(v.status == 1 && v.stdout.contains("missing: \(total - entries) planned tasks"), "\(context): \(v.stdout)")
                } else {
                    #expect(v.status == 0, "\(context): \(v.stdout)")
                }
                // Every visible entry is exactly the clean run's.
                #expect(Reliability.entriesDiffering(in: store, from: reference).isEmpty, "\(context)")

                // 2. resume: runs exactly the missing tasks, removes the dead run's temporary files.
                let resumed = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results))
                #expect(resumed.status == 0, "\(context): \(resumed.stderr)")
                #expect(!resumed.stderr.contains("damaged"), "\(context): \(resumed.stderr)")
                let expectedRan = entries < total ? "ran \(total - entries) of \(total) tasks" : "nothing to run"
                #expect(resumed.stderr.contains(expectedRan), "\(context): \(resumed.stderr)")
                #expect(Reliability.temporaries(in: results).isEmpty, "\(context): temporary files left after the resume")

                // 3. the result: verify passes, every entry and the figure equal the clean run's.
                let after = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
                #expect(after.status == 0 && after.stdout.contains("verify passed"), "\(context): \(after.stdout)")
                #expect(Reliability.contents(of: store).count == total)
                #expect(Reliability.entriesDiffering(in: store, from: reference).isEmpty, "\(context)")
                let differing = Reliability.figureDifferences(results, clean)
                #expect(differing.isEmpty, "\(context): figure files differ from the clean run: \(differing)")
                try? FileManager.default.removeItem(at: results)
            }
            #expect(killed == 20)
            // Aimed kills freeze the run while a temporary file exists, so they land inside writes.
            #expect(insideWrite >= 5, "only \(insideWrite) kills landed inside an HDF5 write")
            print("""
            reliability/kills: \(killed) of 20 kills survived (clean run \(String(format: "%.2f", cleanSeconds)) s): \
            \(insideWrite) inside an HDF5 write, \(betweenWrites) between writes, \(beforeFirstEntry) before the first entry, \
            \(whileRendering) while rendering the figure
            """)
            for line in summary { print("  " + line) }
        }
    }
}
