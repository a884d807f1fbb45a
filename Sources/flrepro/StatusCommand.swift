import ArgumentParser
import Foundation
import Pipeline

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise every manifest: tasks cached, figures up to date / stale / missing.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Manifests (default: every manifest under experiments/).") var manifests: [String] = []

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests(manifests))
            let states = ws.states(of: plan)
            let builder = FigureBuilder(store: ws.store)
            var allCurrent = true
            for mp in plan.manifests {
                let keys = Set(mp.instances.values.flatMap { $0.map(\.key) })
                let cached = keys.filter { states[$0] == .cached }.count
                print("\(mp.manifest.file): \(cached)/\(keys.count) tasks cached")
                let figureNames = mp.manifest.figures.map { "\(mp.manifest.paper)/\($0.id)" }
                if cached < keys.count {
                    allCurrent = false
                    for n in figureNames { print("  missing   \(n)  (tasks to run first)") }
                    continue
                }
                do {
                    for f in try builder.build(mp) {
                        let current = builder.isUpToDate(f)
                        allCurrent = allCurrent && current
                        let exists = FileManager.default.fileExists(atPath: f.files.pdf.path)
                        print("  \(current ? "current" : exists ? "stale  " : "missing")   \(mp.manifest.paper)/\(f.plot.id)")
                    }
                } catch {
                    allCurrent = false
                    print("  error     \(error)")
                }
            }
            print(allCurrent ? "everything is up to date" : "run `make figures` (flrepro figures) to bring everything up to date")
        }
    }
}
