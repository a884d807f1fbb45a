import ArgumentParser
import Foundation
import Pipeline

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Render the figures of manifests (running missing tasks first): .dat tables, .gp script, .pdf, .png and .h5 under <results>/figures/<paper>/.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var options: RunOptions
    @Flag(help: "Re-render figures even when they are up to date.") var force = false
    @Option(help: "The gnuplot executable.") var gnuplot = "gnuplot"
    @Argument(help: "Manifests (default: every manifest under experiments/).") var manifests: [String] = []

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests(manifests))
            try execute(plan, ws, options)
            let builder = FigureBuilder(store: ws.store)
            for mp in plan.manifests {
                for f in try builder.build(mp) {
                    let base = f.directory.appendingPathComponent(f.plot.id).path
                    if !force && builder.isUpToDate(f) {
                        note("up to date  \(base).{pdf,png}")
                    } else {
                        try builder.write(f, gnuplot: gnuplot)
                        note("rendered    \(base).{pdf,png,gp,h5}")
                    }
                }
            }
        }
    }
}
