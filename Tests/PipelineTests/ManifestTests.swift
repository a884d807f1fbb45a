import Foundation
import Pipeline
import Testing
import TestSupport

@Suite("Manifest loading and validation")
struct ManifestTests {
    @Test func loadsAndAppliesProfiles() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("test/base.json", baseManifestText)
        let m = try tree.loader.load(path)
        #expect(m.relativePath == "test/base.json")
        #expect(m.parameters["n"] == .number(4))
        #expect(m.sweep("seed")?.points.count == 3)
        let smoke = try tree.loader.load(path, profile: "smoke")
        #expect(smoke.parameters["n"] == .number(2))
        #expect(smoke.sweep("seed")?.points.count == 1)
        #expect(smoke.sweep("scale")?.points.count == 2)
    }

    @Test func expandsEverySweepForm() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("s.json", editedManifest { m in
            m["sweeps"] = [
                "seed": ["range": ["start": 0, "stop": 5, "step": 2]],
                "scale": ["linspace": ["start": 0, "stop": 1, "count": 5]],
                "P": ["logspace": ["start": 10, "stop": 1000, "count": 3, "round": true]],
                "pair": ["zip": ["a": [1, 2], "b": ["x", "y"]]],
                "grid": ["product": ["c": [1, 2, 3], "d": [true, false]]],
            ]
        })
        let m = try tree.loader.load(path)
        #expect(m.sweep("seed")!.points.map { $0["seed"]! } == [.number(0), .number(2), .number(4)])
        #expect(m.sweep("scale")!.points.map { $0["scale"]!.numberValue! } == [0, 0.25, 0.5, 0.75, 1])
        #expect(m.sweep("P")!.points.map { $0["P"]! } == [.number(10), .number(100), .number(1000)])
        #expect(m.sweep("pair")!.variables == ["a", "b"])
        #expect(m.sweep("pair")!.points[1] == ["a": .number(2), "b": .string("y")])
        #expect(m.sweep("grid")!.points.count == 6)
    }

    @Test func extendsMergesAndOverrides() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("test/base.json", baseManifestText)
        let child = try tree.write("test/ablation.json", """
        {"extends": "test/base.json", "id": "ablation", "parameters": {"n": 8}, "expect": null}
        """)
        let m = try tree.loader.load(child)
        #expect(m.id == "ablation")
        #expect(m.parameters["n"] == .number(8))
        #expect(m.parameters["factor"] == .number(2))
        #expect(m.expectations.isEmpty)
        #expect(m.extends == "test/base.json")
    }

    /// Each malformed manifest must fail with this file and key path in the message.
    @Test(arguments: [
        ("wrong-type", #"{"tasks": {"source": {"kind": "test.source", "params": {"n": 4, "seed": 0}, "foreach": "seed"}}}"#, "tasks.source.foreach: expected array, got string"),
        ("unknown-top-key", #"{"colour": "red"}"#, "colour: unknown key \"colour\""),
        ("unknown-task-key", #"{"tasks": {"source": {"kind": "test.source", "parms": {}}}}"#, "tasks.source.parms: unknown key"),
        ("bad-schema", #"{"schema": "flrepro/manifest@9"}"#, "schema: unsupported schema"),
        ("dangling-input", #"{"tasks": {"scaled": {"kind": "test.scale", "inputs": {"x": "nosuch"}, "params": {"factor": 1}}}}"#, "tasks.scaled.inputs.x: no task named \"nosuch\""),
        ("unknown-foreach", #"{"tasks": {"source": {"kind": "test.source", "foreach": ["nope"], "params": {"seed": 0}}}}"#, "tasks.source.foreach[0]: no sweep named \"nope\""),
        ("profile-typo", #"{"profiles": {"smoke": {"parameters": {"nn": 1}}}}"#, "profiles.smoke.parameters.nn: profile overrides unknown parameter"),
        ("bad-sweep", #"{"sweeps": {"seed": {"logspace": {"start": 0, "stop": 10, "count": 3}}}}"#, "sweeps.seed.logspace: logspace needs positive"),
        ("huge-sweep", #"{"sweeps": {"seed": {"range": {"stop": 1e12}}}}"#, "sweeps.seed.range: the sweep has"),
        ("bad-style", #"{"figures": [{"panels": [{"x_label": "x", "y_label": "y", "series": [{"task": "source", "x": "$seed", "y": "mean", "label": "l", "style": "dots"}]}]}]}"#, "figures[0].panels[0].series[0].style: unknown value \"dots\""),
        ("error-style-without-reduce", #"{"figures": [{"panels": [{"x_label": "x", "y_label": "y", "series": [{"task": "source", "x": "$seed", "y": "mean", "label": "l", "style": "error_bars"}]}]}]}"#, "figures[0].panels[0].series[0].style: style \"error_bars\" needs error bars"),
        ("bad-check", #"{"expect": [{"id": "e", "series": {"task": "source", "x": "$seed", "y": "mean"}, "check": {"type": "approx"}}]}"#, "expect[0].check.type: unknown value \"approx\""),
    ])
    func rejectsMalformedManifests(name: String, patch: String, expected: String) throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("test/base.json", baseManifestText)
        let path = try tree.write("test/\(name).json", patch.replacingOccurrences(of: "{", with: "{\"extends\": \"test/base.json\", \"id\": \"\(name)\", ", options: [], range: patch.range(of: "{")))
        let error = #expect(throws: ManifestError.self) { try tree.loader.load(path) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix(path + ": "), "\(text)")
        #expect(text.contains(expected), "\(text)")
    }

    @Test func extendsCycleAndMissingParentAreErrors() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let a = try tree.write("a.json", #"{"extends": "b.json"}"#)
        try tree.write("b.json", #"{"extends": "a.json"}"#)
        let cycle = #expect(throws: ManifestError.self) { try tree.loader.load(a) }
        #expect(cycle?.message.contains("extends cycle: a.json → b.json → a.json") == true, "\(String(describing: cycle))")
        let orphan = try tree.write("c.json", #"{"extends": "missing.json"}"#)
        let missing = #expect(throws: ManifestError.self) { try tree.loader.load(orphan) }
        #expect(missing?.path == "extends")
    }

    @Test func syntaxErrorsNameFileLineAndColumn() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("bad.json", "{\n  \"schema\": \"flrepro/manifest@1\",\n  \"paper\" \"x\"\n}")
        let e = #expect(throws: ManifestError.self) { try tree.loader.load(path) }
        #expect(e?.description == "\(path): invalid JSON at line 3, column 11: expected ':' after key \"paper\"")
    }

    @Test func missingFileIsAClearError() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let e = #expect(throws: ManifestError.self) { try tree.loader.load(tree.experiments.appendingPathComponent("nope.json").path) }
        #expect(e?.message.contains("no such file") == true)
    }
}
