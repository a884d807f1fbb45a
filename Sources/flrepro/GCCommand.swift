import ArgumentParser
import Foundation
import Pipeline

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove cache entries that no manifest under experiments/ reaches.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "Only list what would be removed.") var dryRun = false

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests([]))
            let (urls, bytes) = try ws.collectGarbage(plan, dryRun: dryRun)
            for u in urls { print("\(dryRun ? "would remove" : "removed") \(u.path)") }
            print(String(format: "%@%d unreachable entries, %.1f KiB", dryRun ? "dry run: " : "", urls.count, Double(bytes) / 1024))
        }
    }
}
