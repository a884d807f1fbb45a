import Foundation

/// Says why a task instance would or would not run.
public struct Explainer {
    public let workspace: Workspace
    public let plan: Plan

    public init(workspace: Workspace, plan: Plan) {
        self.workspace = workspace
        self.plan = plan
    }

    /// Explains every instance of `manifestPlan` whose label is `name` or whose template is `name`.
    /// - Returns: lines of text.
    /// - Throws: `ManifestError` if nothing matches.
    public func explain(_ mp: ManifestPlan, task name: String) throws -> [String] {
        let all = mp.manifest.tasks.flatMap { mp.instances[$0.name] ?? [] }
        let matches = all.filter { $0.label == name || $0.template == name }
        guard !matches.isEmpty else {
            throw ManifestError(file: mp.manifest.file, path: "tasks",
                                message: "no task or instance \"\(name)\" (tasks: \(mp.manifest.tasks.map(\.name).joined(separator: ", ")); instance labels look like \(all.first?.label ?? "name[var=value]"))")
        }
        let record = (try? Data(contentsOf: PlanRecord.url(results: workspace.resultsRoot, manifest: mp.manifest)))
            .flatMap { try? PlanRecord.decode($0) }
        let states = workspace.states(of: plan)
        var lines: [String] = []
        for inst in matches {
            let t = plan.tasks[inst.key]!
            lines.append("\(inst.label)  \(t.kind) v\(t.version)  key \(t.shortKey)")
            lines.append(contentsOf: reasons(inst, task: t, state: states[inst.key]!, record: record, states: states).map { "  " + $0 })
        }
        return lines
    }

    public func reasons(_ inst: TaskInstance, task t: PlannedTask, state: EntryState, record: PlanRecord?, states: [String: EntryState]) -> [String] {
        switch state {
        case .cached:
            return ["cached (\(workspace.store.url(for: t.key).path)): will not run"]
        case .damaged(let problems):
            return ["will run: the cache entry is damaged (\(problems.joined(separator: "; ")))"]
        case .missing:
            guard let old = record?.entries[inst.label] else {
                return ["will run: no cache entry, and no earlier run of this instance is recorded"]
            }
            if old.key == t.key {
                return ["will run: no cache entry; the last run planned the same key, so the entry was removed, never finished, or failed"]
            }
            var why: [String] = []
            if old.kind != t.kind { why.append("kind changed: \(old.kind) → \(t.kind)") }
            if old.version != t.version { why.append("\(t.kind) version changed: \(old.version) → \(t.version)") }
            let newParams = t.parameters.values
            // A record may predate a parameter omitted from the key at its default: fill those in.
            let oldParams = workspace.registry[old.kind]?.resolvedParameters(fromKey: old.parameters) ?? old.parameters
            for k in Set(oldParams.keys).union(newParams.keys).sorted() {
                let a = oldParams[k].map(CanonicalJSON.encode) ?? "(absent)"
                let b = newParams[k].map(CanonicalJSON.encode) ?? "(absent)"
                if a != b { why.append("parameter \(k) changed: \(a) → \(b)") }
            }
            for i in t.inputs {
                let before = old.inputs[i.name]
                if before != i.key {
                    let inputState = states[i.key].map { $0 == .cached ? "cached" : "to be computed" } ?? "?"
                    why.append("input \(i.name) changed: \(before.map { String($0.prefix(12)) } ?? "(absent)") → \(i.key.prefix(12)) (\(inputState))")
                }
            }
            if why.isEmpty { why.append("the key changed (\(old.key.prefix(12)) → \(t.shortKey)) for a reason outside the recorded fields") }
            return ["will run: no cache entry for the new key, because"] + why.map { "- " + $0 }
        }
    }
}
