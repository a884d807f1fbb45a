import Foundation
import Pipeline
import Testing
import TestSupport

@Suite("Planner: expansion, keys, wiring, errors")
struct PlannerTests {
    func plan(_ texts: [String: String], profile: String = "default") throws -> (Plan, ExperimentsTree) {
        let tree = try ExperimentsTree()
        let manifests = try texts.sorted { $0.key < $1.key }.map { name, text in
            try tree.loader.load(try tree.write(name, text), profile: profile)
        }
        return (try Planner(registry: testRegistry).plan(manifests), tree)
    }

    @Test func expandsForeachAndWiresInputsByMatchingVariables() throws {
        let (p, tree) = try plan(["test/base.json": baseManifestText])
        defer { tree.directory.remove() }
        let mp = p.manifests[0]
        #expect(mp.instances["source"]!.count == 3)
        #expect(mp.instances["scaled"]!.count == 6)
        #expect(p.order.count == 9)
        for inst in mp.instances["scaled"]! {
            let source = mp.instances["source"]!.first { $0.bindings["seed"] == inst.bindings["seed"] }!
            #expect(p.tasks[inst.key]!.inputs.map(\.key) == [source.key])
        }
        #expect(mp.instances["scaled"]![1].label == "scaled[seed=0,scale=10]")
        // Topological order: every input precedes its consumer.
        let position = Dictionary(uniqueKeysWithValues: p.order.enumerated().map { ($1, $0) })
        for t in p.orderedTasks { for i in t.inputs { #expect(position[i.key]! < position[t.key]!) } }
    }

    @Test func keysFollowTheDocumentedPreimage() throws {
        let (p, tree) = try plan(["test/base.json": baseManifestText])
        defer { tree.directory.remove() }
        let source = p.tasks[p.manifests[0].instances["source"]![1].key]!
        #expect(source.canonicalParameters == #"{"n":4,"offset":0,"seed":1}"#)
        let preimage = "flrepro-task/1\nkind:test.source\nversion:1\nparameters:{\"n\":4,\"offset\":0,\"seed\":1}\n"
        #expect(source.key == ContentKey.sha256Hex(Data(preimage.utf8)))
        // An independent SHA-256 (coreutils) of the same pre-image.
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try Data(preimage.utf8).write(to: tmp.url.appendingPathComponent("pre"))
        let out = try runProcess("sha256sum", [tmp.path("pre")])
        #expect(out.stdout.hasPrefix(source.key))
    }

    @Test func aParameterChangeChangesExactlyTheDependentKeys() throws {
        let (before, t1) = try plan(["test/base.json": baseManifestText])
        defer { t1.directory.remove() }
        // Change the source's n: every source and every scaled key changes.
        let (after, t2) = try plan(["test/base.json": editedManifest { m in
            var p = m["parameters"] as! [String: Any]; p["n"] = 5; m["parameters"] = p
        }])
        defer { t2.directory.remove() }
        #expect(Set(before.order).isDisjoint(with: Set(after.order)))
        // Change one sweep value of the consumer only: the sources and the other consumer keys stay.
        let (partial, t3) = try plan(["test/base.json": editedManifest { m in
            var s = m["sweeps"] as! [String: Any]; s["scale"] = [1, 11]; m["sweeps"] = s
        }])
        defer { t3.directory.remove() }
        let kept = Set(before.order).intersection(Set(partial.order))
        let b = before.manifests[0].instances
        #expect(kept == Set(b["source"]!.map(\.key) + b["scaled"]!.filter { $0.bindings["scale"] == .number(1) }.map(\.key)))
    }

    @Test func identicalTasksAcrossManifestsRunOnce() throws {
        let other = editedManifest { m in m["id"] = "other"; m["figures"] = [] }
        let (p, tree) = try plan(["test/a.json": baseManifestText, "test/b.json": other])
        defer { tree.directory.remove() }
        #expect(p.order.count == 9)
        #expect(p.tasks[p.order[0]]!.labels.count == 2)
    }

    @Test func spellingOfNumbersDoesNotChangeKeys() throws {
        let (a, t1) = try plan(["x.json": baseManifestText])
        defer { t1.directory.remove() }
        let (b, t2) = try plan(["x.json": baseManifestText.replacingOccurrences(of: "\"n\": 4", with: "\"n\": 4.0e0")])
        defer { t2.directory.remove() }
        #expect(a.order == b.order)
    }

    /// Applies the named manifest edit used by `planningErrorsNameTheKeyPath`.
    static func edit(_ name: String, _ m: inout [String: Any]) {
        switch name {
        case "unknown-kind": var t = m["tasks"] as! [String: Any]; t["source"] = ["kind": "test.nope", "params": [:]]; m["tasks"] = t
        case "wrong-param-type": var p = m["parameters"] as! [String: Any]; p["n"] = "1e5"; m["parameters"] = p
        case "unknown-param": var t = m["tasks"] as! [String: Any]; var s = t["source"] as! [String: Any]; s["params"] = ["seed": 1, "m": 2]; t["source"] = s; m["tasks"] = t
        case "missing-required": var t = m["tasks"] as! [String: Any]; var s = t["source"] as! [String: Any]; s["params"] = ["n": 3]; t["source"] = s; m["tasks"] = t
        case "dangling-reference": var t = m["tasks"] as! [String: Any]; var s = t["source"] as! [String: Any]; s["params"] = ["seed": "$sede"]; t["source"] = s; m["tasks"] = t
        case "unlooped-variable": var t = m["tasks"] as! [String: Any]; var s = t["source"] as! [String: Any]; s["foreach"] = []; t["source"] = s; m["tasks"] = t
        case "out-of-range": var p = m["parameters"] as! [String: Any]; p["n"] = 0; m["parameters"] = p
        case "kind-validation": var s = m["sweeps"] as! [String: Any]; s["scale"] = [13]; m["sweeps"] = s
        case "cycle": var t = m["tasks"] as! [String: Any]; t["a"] = ["kind": "test.scale", "inputs": ["x": "b"], "params": ["factor": 1]]; t["b"] = ["kind": "test.scale", "inputs": ["x": "a"], "params": ["factor": 1]]; m["tasks"] = t
        case "missing-input": var t = m["tasks"] as! [String: Any]; var s = t["scaled"] as! [String: Any]; s["inputs"] = [:]; t["scaled"] = s; m["tasks"] = t
        case "input-axis-not-looped": var t = m["tasks"] as! [String: Any]; var s = t["scaled"] as! [String: Any]; s["foreach"] = ["scale"]; t["scaled"] = s; m["tasks"] = t
        case "gather-unknown-variable": var t = m["tasks"] as! [String: Any]; t["all"] = ["kind": "test.scale", "inputs": ["x": ["task": "source", "over": ["sede"]]], "params": ["factor": 1]]; m["tasks"] = t
        case "gather-and-fix": var t = m["tasks"] as! [String: Any]; t["all"] = ["kind": "test.scale", "inputs": ["x": ["task": "source", "over": ["seed"], "where": ["seed": 1]]], "params": ["factor": 1]]; m["tasks"] = t
        case "gather-nothing": var t = m["tasks"] as! [String: Any]; t["all"] = ["kind": "test.scale", "inputs": ["x": ["task": "source", "over": []]], "params": ["factor": 1]]; m["tasks"] = t
        case "gather-free-axis": var t = m["tasks"] as! [String: Any]; t["all"] = ["kind": "test.scale", "inputs": ["x": ["task": "scaled", "over": ["seed"]]], "params": ["factor": 1]]; m["tasks"] = t
        default: Issue.record("no edit named \(name)")
        }
    }

    @Test(arguments: [
        ("unknown-kind", "tasks.source.kind: unknown task kind \"test.nope\""),
        ("wrong-param-type", "tasks.source.params.n: expected integer, got \"1e5\" (in source[seed=0])"),
        ("unknown-param", "tasks.source.params.m: test.source has no parameter \"m\""),
        ("missing-required", "tasks.source.params: missing required parameter \"seed\""),
        ("dangling-reference", "tasks.source.params.seed: unknown reference $sede"),
        ("unlooped-variable", "tasks.source.params.seed: $seed is a variable of sweep \"seed\", which task \"source\" does not loop over"),
        ("out-of-range", "tasks.source.params.n: must be ≥ 1, got 0"),
        ("kind-validation", "tasks.scaled.params.factor: 13 is unlucky (in scaled[seed=0,scale=13])"),
        ("cycle", "input cycle: a → b → a"),
        ("missing-input", "tasks.scaled.inputs: test.scale needs an input named \"x\""),
        ("input-axis-not-looped", "tasks.scaled.inputs.x: task \"source\" is swept over \"seed\" but \"scaled\" is not"),
        ("gather-unknown-variable", "tasks.all.inputs.x.over[0]: task \"source\" is not swept over \"sede\""),
        ("gather-and-fix", "tasks.all.inputs.x.over: \"seed\" is both fixed by \"where\" and gathered over"),
        ("gather-nothing", "tasks.all.inputs.x.over: must name at least one variable of \"source\" to gather over"),
        ("gather-free-axis", "tasks.all.inputs.x: task \"scaled\" is swept over \"scale\" but the consumer is not"),
    ])
    func planningErrorsNameTheKeyPath(name: String, expected: String) throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("\(name).json", editedManifest { Self.edit(name, &$0) })
        let error = #expect(throws: ManifestError.self) {
            _ = try Planner(registry: testRegistry).plan([try tree.loader.load(path)])
        }
        #expect(error.map { "\($0)".contains(expected) && "\($0)".hasPrefix(path) } == true, "\(String(describing: error))")
    }

    @Test("an input with \"over\" gathers every producer instance along those variables, in sweep order")
    func inputOverGathersInstances() throws {
        let text = editedManifest { m in
            var t = m["tasks"] as! [String: Any]
            t["all_seeds"] = ["kind": "test.scale", "inputs": ["x": ["task": "source", "over": ["seed"]]], "params": ["factor": 1]]
            t["per_scale"] = ["kind": "test.scale", "foreach": ["scale"], "inputs": ["x": ["task": "scaled", "over": ["seed"]]], "params": ["factor": "$scale"]]
            m["tasks"] = t
        }
        let (p, tree) = try plan(["g.json": text])
        defer { tree.directory.remove() }
        let mp = p.manifests[0]
        let sources = mp.instances["source"]!.map(\.key)
        let all = p.tasks[mp.instances["all_seeds"]![0].key]!
        #expect(all.inputs.map(\.name) == ["x#0", "x#1", "x#2"])
        #expect(all.inputs.map(\.key) == sources)
        for inst in mp.instances["per_scale"]! {
            let expected = mp.instances["scaled"]!.filter { $0.bindings["scale"] == inst.bindings["scale"] }.map(\.key)
            #expect(p.tasks[inst.key]!.inputs.map(\.key) == expected)
            #expect(expected.count == 3)
        }
        // Gathered inputs are part of the key: gathering fewer seeds is another task.
        let fewer = editedManifest { m in
            var s = m["sweeps"] as! [String: Any]; s["seed"] = [0, 1]; m["sweeps"] = s
            var t = m["tasks"] as! [String: Any]
            t["all_seeds"] = ["kind": "test.scale", "inputs": ["x": ["task": "source", "over": ["seed"]]], "params": ["factor": 1]]
            m["tasks"] = t
        }
        let (q, tree2) = try plan(["g.json": fewer])
        defer { tree2.directory.remove() }
        #expect(q.manifests[0].instances["all_seeds"]![0].key != mp.instances["all_seeds"]![0].key)
    }

    @Test func inputWhereSelectsAFixedProducerInstance() throws {
        let text = editedManifest { m in
            var t = m["tasks"] as! [String: Any]
            t["shared"] = ["kind": "test.scale", "foreach": ["scale"], "inputs": ["x": ["task": "source", "where": ["seed": 2]]], "params": ["factor": "$scale"]]
            m["tasks"] = t
        }
        let (p, tree) = try plan(["w.json": text])
        defer { tree.directory.remove() }
        let seed2 = p.manifests[0].instances["source"]!.first { $0.bindings["seed"] == .number(2) }!.key
        for inst in p.manifests[0].instances["shared"]! { #expect(p.tasks[inst.key]!.inputs[0].key == seed2) }
    }
}
