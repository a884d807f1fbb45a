import ArgumentParser
import Foundation
import Pipeline

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the task graph of manifests: kind, short key, status (cached / missing / stale and why).")

    @OptionGroup var common: CommonOptions
    @Argument(help: "Manifests (default: every manifest under experiments/).") var manifests: [String] = []
    @Option(help: "Also write the graph in Graphviz format to this file.") var dot: String?

    func run() throws {
        try guarded {
            let ws = common.workspace()
            let plan = try ws.plan(try ws.loadManifests(manifests))
            let states = ws.states(of: plan)
            let explainer = Explainer(workspace: ws, plan: plan)
            var counts: [String: Int] = [:]
            for mp in plan.manifests {
                let record = (try? Data(contentsOf: PlanRecord.url(results: ws.resultsRoot, manifest: mp.manifest))).flatMap { try? PlanRecord.decode($0) }
                print("\(mp.manifest.file)  (profile \(ws.profile))")
                for t in mp.manifest.tasks {
                    for inst in mp.instances[t.name] ?? [] {
                        let task = plan.tasks[inst.key]!
                        let state = states[inst.key]!
                        var status: String, why = ""
                        switch state {
                        case .cached: status = "cached"
                        case .damaged: status = "damaged"; why = "entry fails verification; will be recomputed"
                        case .missing:
                            let reasons = explainer.reasons(inst, task: task, state: state, record: record, states: states)
                            let changed = reasons.dropFirst().map { $0.replacingOccurrences(of: "- ", with: "") }
                            if record?.entries[inst.label] != nil && record?.entries[inst.label]?.key != inst.key {
                                status = "stale"
                                why = changed.joined(separator: "; ")
                            } else {
                                status = "missing"
                            }
                        }
                        counts[status, default: 0] += 1
                        let pad = status.padding(toLength: 8, withPad: " ", startingAt: 0)
                        let kind = task.kind.padding(toLength: 28, withPad: " ", startingAt: 0)
                        print("  \(pad) \(kind) \(task.shortKey)  \(inst.label)\(why.isEmpty ? "" : "  (\(why))")")
                    }
                }
            }
            print("\(plan.order.count) unique tasks; " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            if let dot {
                try Data(GraphvizWriter.dot(plan, states: states).utf8).write(to: URL(fileURLWithPath: dot))
                note("wrote \(dot)")
            }
        }
    }
}

/// The plan as a Graphviz digraph: one node per task, coloured by status.
enum GraphvizWriter {
    static func dot(_ plan: Plan, states: [String: EntryState]) -> String {
        var lines = ["digraph flrepro {", "  rankdir=LR;", "  node [shape=box, style=filled, fontname=\"Helvetica\", fontsize=10];"]
        for t in plan.orderedTasks {
            let color: String
            switch states[t.key] ?? .missing {
            case .cached: color = "#b7e1b0"
            case .missing: color = "#f4d6a0"
            case .damaged: color = "#f2a0a0"
            }
            let label = "\(t.kind)\\n\(t.label.split(separator: ":").last ?? "")\\n\(t.shortKey)".replacingOccurrences(of: "\"", with: "\\\"")
            lines.append("  \"\(t.key)\" [label=\"\(label)\", fillcolor=\"\(color)\"];")
        }
        for t in plan.orderedTasks {
            for i in t.inputs { lines.append("  \"\(i.key)\" -> \"\(t.key)\" [label=\"\(i.name)\", fontsize=8];") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
