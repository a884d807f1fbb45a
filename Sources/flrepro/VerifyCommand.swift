import ArgumentParser
import Foundation
import Pipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every cache entry (opens, key matches, dataset SHA-256s, provenance), optionally recompute a sample, and evaluate every manifest's expectations.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Re-run this many sampled tasks in a scratch directory and compare with the cache.") var recompute = 0
    @Option(help: "Seed of the sample of tasks to recompute.") var sampleSeed: UInt64 = 1
    @Argument(help: "Manifests whose expectations to check (default: all).") var manifests: [String] = []

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests(manifests))
            let r = try ws.verify(plan, recompute: recompute, sampleSeed: sampleSeed, log: note)
            print("cache: \(r.entriesChecked) entries checked, \(r.damaged.count) damaged")
            for d in r.damaged {
                print("  DAMAGED \(d.path)")
                for p in d.problems { print("    - \(p)") }
            }
            if !r.temporaries.isEmpty { print("  \(r.temporaries.count) leftover temporary files (unfinished writes; `flrepro run` or `gc` removes them)") }
            if !r.pruned.isEmpty {
                print("pruned: \(r.pruned.count) intermediate tasks have no cache entry but all their consumers do (not an error), e.g. \(r.pruned.prefix(2).joined(separator: ", "))")
            }
            if !r.missing.isEmpty {
                print("missing: \(r.missing.count) planned tasks have no intact cache entry, e.g. \(r.missing.prefix(3).joined(separator: ", ")) (run `make figures`)")
            }
            if !r.recomputed.isEmpty {
                let bad = r.recomputed.filter { $0.mismatch != nil }
                print("recompute: \(r.recomputed.count) tasks re-run, \(bad.count) differ")
                for b in bad { print("  MISMATCH \(b.label): \(b.mismatch!)") }
            }
            let failed = r.expectations.filter { !$0.passed }
            print("expectations: \(r.expectations.count - failed.count) passed, \(failed.count) failed")
            for e in r.expectations { print("  \(e.passed ? "ok  " : "FAIL") \(e.manifest) \(e.id): \(e.detail)") }
            if !r.passed {
                note("verify FAILED")
                throw ExitCode(1)
            }
            print("verify passed")
        }
    }
}
