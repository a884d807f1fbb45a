import Foundation
@testable import Pipeline
import Testing
import TestSupport

/// `ParameterSpec.omittedFromKeyAtDefault`: a parameter added to an existing
/// kind keeps every existing key while it sits at its default.
@Suite("Parameters omitted from the key at their default")
struct OmittedDefaultParameterTests {
    /// The base manifest with `shift` given to the source task (nil: not given).
    func manifestText(shift: Any?) -> String {
        editedManifest { m in
            guard let shift else { return }
            var t = m["tasks"] as! [String: Any]
            var source = t["source"] as! [String: Any]
            var params = source["params"] as! [String: Any]
            params["shift"] = shift
            source["params"] = params
            t["source"] = source
            m["tasks"] = t
        }
    }

    func plan(_ text: String, registry: TaskRegistry) throws -> Plan {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        return try Planner(registry: registry).plan([try tree.loader.load(try tree.write("test/base.json", text), profile: "default")])
    }

    @Test func addingTheParameterAtItsDefaultKeepsEveryKey() throws {
        let before = try plan(baseManifestText, registry: testRegistry)
        let after = try plan(baseManifestText, registry: testRegistryWithAddedParameter)
        let explicit = try plan(manifestText(shift: 0.0), registry: testRegistryWithAddedParameter)
        #expect(after.order == before.order)
        #expect(explicit.order == before.order)
        for key in before.order where before.tasks[key]!.kind == "test.source" {
            let old = before.tasks[key]!, new = after.tasks[key]!
            #expect(new.canonicalParameters == old.canonicalParameters)
            #expect(!new.canonicalParameters.contains("shift"))
            // The kind still receives the value.
            #expect(new.parameters.values["shift"] == .number(0))
            #expect(old.parameters.values["shift"] == nil)
        }
    }

    @Test func aNonDefaultValueChangesTheKeyAndIsHashed() throws {
        let before = try plan(baseManifestText, registry: testRegistryWithAddedParameter)
        let shifted = try plan(manifestText(shift: 0.5), registry: testRegistryWithAddedParameter)
        let sources = { (p: Plan) in Set(p.order.filter { p.tasks[$0]!.kind == "test.source" }) }
        #expect(sources(before).isDisjoint(with: sources(shifted)))
        #expect(Set(before.order).isDisjoint(with: Set(shifted.order)))  // consumers follow their inputs
        for key in sources(shifted) {
            let t = shifted.tasks[key]!
            #expect(t.canonicalParameters.contains(#""shift":0.5"#))
            let preimage = ContentKey.preimage(kind: t.kind, version: t.version, canonicalParameters: t.canonicalParameters, inputs: [])
            #expect(ContentKey.sha256Hex(Data(preimage.utf8)) == key)
        }
    }

    @Test func keyParametersRoundTripThroughTheKind() {
        let kind = SourceKind(addedShift: true)
        let atDefault = JSONObject([("n", .number(4)), ("seed", .number(1)), ("offset", .number(0)), ("shift", .number(0))])
        #expect(kind.keyParameters(atDefault).keys == ["n", "seed", "offset"])
        #expect(kind.resolvedParameters(fromKey: kind.keyParameters(atDefault)) == atDefault)
        var shifted = atDefault
        shifted["shift"] = .number(-1)
        #expect(kind.keyParameters(shifted) == shifted)
        #expect(kind.resolvedParameters(fromKey: shifted) == shifted)
        // A parameter without the flag stays in the key at its default.
        #expect(SourceKind().keyParameters(atDefault)["offset"] == .number(0))
    }

    @Test func entriesWrittenBeforeTheParameterExistedAreCachedAndRecomputeBitIdentically() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("test/base.json", baseManifestText)
        let old = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistry)
        let oldPlan = try old.plan(try old.loadManifests([]))
        #expect(try old.run(oldPlan, jobs: 2, display: { _ in nil }, log: { _ in }).failures.isEmpty)

        let new = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistryWithAddedParameter)
        let newPlan = try new.plan(try new.loadManifests([]))
        #expect(new.states(of: newPlan).values.allSatisfy { $0 == .cached })
        let report = try new.verify(newPlan, recompute: newPlan.order.count)
        #expect(report.passed)
        #expect(report.damaged.isEmpty)
        #expect(report.recomputed.count == newPlan.order.count)
        #expect(report.recomputed.allSatisfy { $0.mismatch == nil }, "\(report.recomputed)")

        // Explain against the old plan record does not report the new parameter as changed.
        let record = PlanRecord(oldPlan.manifests[0], plan: oldPlan)
        let inst = newPlan.manifests[0].instances["source"]![0]
        var stale = record
        stale.entries[inst.label]!.key = String(repeating: "0", count: 64)
        let lines = Explainer(workspace: new, plan: newPlan).reasons(inst, task: newPlan.tasks[inst.key]!, state: .missing,
                                                                       record: stale, states: new.states(of: newPlan))
        #expect(!lines.joined().contains("shift"), "\(lines)")
    }

    @Test func entriesWrittenWithTheParameterStoreOnlyKeyParameters() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("test/base.json", manifestText(shift: 0.25))
        let ws = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistryWithAddedParameter)
        let shiftedPlan = try ws.plan(try ws.loadManifests([]))
        #expect(try ws.run(shiftedPlan, jobs: 1, display: { _ in nil }, log: { _ in }).failures.isEmpty)
        let verifier = EntryVerifier(store: ws.store)
        for key in shiftedPlan.order {
            #expect(verifier.problems(at: ws.store.url(for: key)).isEmpty)
            let stored = try ws.store.provenance(at: ws.store.url(for: key))["parameters"]
            #expect(stored == shiftedPlan.tasks[key]!.canonicalParameters)
        }
        // The shift reached the kind: the values moved by exactly 0.25 relative to the unshifted run.
        let unshifted = try plan(baseManifestText, registry: testRegistryWithAddedParameter)
        let s = shiftedPlan.manifests[0].instances["source"]![0].key, u = unshifted.manifests[0].instances["source"]![0].key
        let runner = TaskRunner(registry: testRegistryWithAddedParameter, inputStore: ws.store, outputStore: ResultStore(root: tree.directory.url.appendingPathComponent("scratch")),
                                build: BuildProvenance.current(repository: tree.directory.url))
        let reference = try runner.compute(unshifted.tasks[u]!, context: TaskContext()).arrays["values"]!.values
        let shifted = try ws.store.read(s).arrays["values"]!.values
        for (a, b) in zip(shifted, reference) { #expect(a == b + 0.25) }
    }

    @Test(arguments: [nil, 0.0, 0.75] as [Double?])
    func slurmPlanFilesRoundTripWithOmittedParameters(shift: Double?) throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-omitted-slurm")
        defer { dir.remove() }
        let tasks = try plan(manifestText(shift: shift), registry: testRegistryWithAddedParameter).orderedTasks
        let file = SlurmPlanFile(id: "20250101-000000-abcdef", results: dir.url.path, root: dir.url.path, profile: "default",
                                 manifests: ["test/base.json"],
                                 tasks: tasks.map { SlurmPlanFile.Task($0, resources: SlurmResources(), jobName: "fl-test") }, arrays: [])
        let url = SlurmPlanFile.url(results: dir.url, id: file.id)
        try file.write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("shift") == (shift != nil && shift != 0))
        let back = try SlurmPlanFile.load(url)
        for t in tasks {
            let rebuilt = try #require(back.task(t.key)).plannedTask(registry: testRegistryWithAddedParameter)
            #expect(rebuilt.key == t.key)
            #expect(rebuilt.canonicalParameters == t.canonicalParameters)
            #expect(rebuilt.parameters == t.parameters)
        }
        // exec-task runs a rebuilt task to the same entry as the local executor.
        let job = SlurmTaskJob(registry: testRegistryWithAddedParameter, repositoryRoot: dir.url)
        let source = try #require(tasks.first { $0.kind == "test.source" })
        #expect(try job.run(plan: back, key: source.key, results: dir.url, log: { _ in }) != .alreadyCached)
        let store = ResultStore(root: dir.url)
        #expect(EntryVerifier(store: store).problems(at: store.url(for: source.key)).isEmpty)
        #expect(try store.read(source.key).arrays["values"]!.values.allSatisfy { $0 >= (shift ?? 0) })
    }
}
