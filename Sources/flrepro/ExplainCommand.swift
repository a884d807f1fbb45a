import ArgumentParser
import Foundation
import Pipeline

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say why a task would (not) run: no cache entry, parameters changed (which), kind version changed, an input changed.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The manifest.") var manifest: String
    @Argument(help: "A task name (all its instances) or an instance label such as 'krr[P=10,seed=0]'.") var task: String

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests([manifest]))
            for line in try Explainer(workspace: ws, plan: plan).explain(plan.manifests[0], task: task) { print(line) }
        }
    }
}
