import ArgumentParser
import Foundation
import Pipeline
import TaskKinds

struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "List the task kinds with their versions, inputs and parameters.")

    @Argument(help: "Only this kind.") var name: String?

    func run() throws {
        let registry = StandardRegistry.registry
        for n in registry.names where name == nil || name == n {
            let k = registry[n]!
            print("\(n)  (version \(k.version), \(k.reproducibility))")
            print("  \(k.summary)")
            print("  inputs: \(k.inputs.isEmpty ? "none" : k.inputs.joined(separator: ", "))")
            for p in k.parameters {
                let d = p.defaultValue.map { "default \(CanonicalJSON.encode($0))" } ?? "required"
                let keyNote = p.omittedFromKeyAtDefault ? " (not part of the content key at its default)" : ""
                print("  - \(p.name): \(p.type), \(d)\(keyNote). \(p.documentation)")
            }
        }
    }
}
