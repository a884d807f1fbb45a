import Foundation
@testable import Pipeline
import Testing
import TestSupport

@Suite("Result store: atomic writes, integrity checks")
struct StoreTests {
    /// Plans the base manifest and runs it into a fresh results directory.
    func populatedStore(jobs: Int = 2) throws -> (Workspace, Plan, TemporaryDirectory) {
        let tree = try ExperimentsTree()
        try tree.write("test/base.json", baseManifestText)
        let ws = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistry)
        let plan = try ws.plan(try ws.loadManifests([]))
        let report = try ws.run(plan, jobs: jobs, display: { _ in nil }, log: { _ in })
        #expect(report.failures.isEmpty)
        return (ws, plan, tree.directory)
    }

    /// With one worker, of the tasks ready at once the one with the longest estimated
    /// critical path runs first (plan order would run scale 1, 10, 100).
    @Test func theLongestEstimatedTaskRunsFirst() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("test/base.json", editedManifest { m in
            var sweeps = m["sweeps"] as! [String: Any]
            sweeps["scale"] = ["list": [1, 10, 100]]
            m["sweeps"] = sweeps
        })
        let ws = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistry)
        let plan = try ws.plan(try ws.loadManifests([]))
        let report = try ws.run(plan, jobs: 1, display: { _ in nil }, log: { _ in })
        #expect(report.failures.isEmpty)
        let position = Dictionary(uniqueKeysWithValues: report.completionOrder.enumerated().map { ($1, $0) })
        for seed in 0..<3 {
            let scaled = plan.manifests[0].instances["scaled"]!.filter { $0.bindings["seed"] == .number(Double(seed)) }
            let byScale = Dictionary(uniqueKeysWithValues: scaled.map { ($0.bindings["scale"]!.numberValue!, position[$0.key]!) })
            #expect(byScale[100]! < byScale[10]! && byScale[10]! < byScale[1]!, "completion positions \(byScale)")
        }
    }

    @Test func writtenEntriesVerifyAndRoundTrip() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let verifier = EntryVerifier(store: ws.store)
        for key in plan.order { #expect(verifier.problems(at: ws.store.url(for: key)).isEmpty) }
        let key = plan.manifests[0].instances["scaled"]![0].key
        let r = try ws.store.read(key)
        #expect(r.arrays["values"]!.shape == [4])
        #expect(r.scalars["sum"] == r.arrays["values"]!.values.reduce(0, +))
        let prov = try ws.store.provenance(at: ws.store.url(for: key))
        for name in ["key", "kind", "kind_version", "parameters", "inputs", "git_commit", "host", "wall_seconds", "dataset_sha256"] {
            #expect(prov[name] != nil, "provenance lacks \(name)")
        }
        #expect(prov["key"] == key)
        #expect(prov["kind"] == "test.scale")
        #expect(ws.store.listEntries().temporaries.isEmpty)
    }

    @Test func aFlippedDataByteIsDetectedAndRecomputed() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let key = plan.manifests[0].instances["source"]![0].key
        let url = ws.store.url(for: key)
        let original = try ws.store.read(key)
        // Find the 8 bytes of the first stored value and flip one bit in them.
        var bytes = [UInt8](try Data(contentsOf: url))
        let pattern = withUnsafeBytes(of: original.arrays["values"]!.values[0].bitPattern.littleEndian) { Array($0) }
        let offset = try #require((0...(bytes.count - 8)).first { Array(bytes[$0..<$0 + 8]) == pattern })
        bytes[offset + 3] ^= 0x10
        try Data(bytes).write(to: url)
        let problems = EntryVerifier(store: ws.store).problems(at: url)
        #expect(problems.contains { $0.contains("data/values") && $0.contains("SHA-256") }, "\(problems)")
        #expect(ws.states(of: plan)[key] == .damaged(problems))
        // A run quarantines and recomputes it: identical to the original.
        let report = try ws.run(plan, jobs: 1, display: { _ in nil }, log: { _ in })
        #expect(report.outcomes.count == 1)
        #expect(try ws.store.read(key) == original)
        #expect(FileManager.default.fileExists(atPath: ws.store.quarantineDirectory.path))
    }

    @Test(arguments: ["truncate", "zero", "garbage", "wrong-name"])
    func damagedFilesAreReported(damage: String) throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let key = plan.order[0]
        var url = ws.store.url(for: key)
        switch damage {
        case "truncate":
            let d = try Data(contentsOf: url)
            try d.prefix(d.count / 2).write(to: url)
        case "zero":
            try Data().write(to: url)
        case "garbage":
            try Data("not hdf5 at all".utf8).write(to: url)
        default:
            let other = plan.order[1]
            let dest = ws.store.url(for: other)
            try FileManager.default.removeItem(at: dest)
            try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: url, to: dest)
            url = dest
        }
        let problems = EntryVerifier(store: ws.store).problems(at: url)
        #expect(!problems.isEmpty)
        let report = try ws.verify(plan, recompute: 0)
        #expect(!report.passed)
        #expect(report.damaged.contains { $0.path == url.path })
    }

    @Test("stale temporaries: this host's dead writers removed, live ones kept; another host's kept until old")
    func temporaryFileCleanupIsHostAware() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let folder = ws.store.url(for: plan.order[0]).deletingLastPathComponent()
        let key = plan.order[0]
        let host = TemporaryEntryName.currentHost
        let names = [
            "dead-here": "\(key).h5.tmp-999999-1@\(host)",
            "live-here": "\(key).h5.tmp-\(getppid())-2@\(host)",
            "fresh-elsewhere": "\(key).h5.tmp-\(getppid())-3@node-17.cluster",
            "old-elsewhere": "\(key).h5.tmp-\(getppid())-4@node-18.cluster",
        ]
        for name in names.values { try Data("half written".utf8).write(to: folder.appendingPathComponent(name)) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -2 * 24 * 3600)],
                                              ofItemAtPath: folder.appendingPathComponent(names["old-elsewhere"]!).path)
        ws.store.removeStaleTemporaries()
        func exists(_ k: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(names[k]!).path) }
        #expect(!exists("dead-here"))
        #expect(exists("live-here"))
        #expect(exists("fresh-elsewhere"))
        #expect(!exists("old-elsewhere"))
        #expect(TemporaryEntryName.parse(TemporaryEntryName.make(key: key))?.host == host)
        #expect(TemporaryEntryName.parse("\(key).h5.tmp-42-7")! == (42, nil))
    }

    @Test func temporaryFilesAreNotEntries() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let url = ws.store.url(for: plan.order[0])
        let temp = url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + ".tmp-999999-1")
        try Data("half written".utf8).write(to: temp)
        let listing = ws.store.listEntries()
        #expect(listing.temporaries == [temp])
        #expect(!listing.entries.contains(temp))
        ws.store.removeStaleTemporaries()
        #expect(!FileManager.default.fileExists(atPath: temp.path))
    }

    @Test func resultsAreIdenticalForAnyJobCount() throws {
        let (ws1, plan, d1) = try populatedStore(jobs: 1)
        defer { d1.remove() }
        let (ws2, _, d2) = try populatedStore(jobs: 2)
        defer { d2.remove() }
        for key in plan.order {
            let a = try ws1.store.read(key), b = try ws2.store.read(key)
            for (name, arr) in a.arrays { #expect(arr.isBitIdentical(to: b.arrays[name]!)) }
            #expect(a.scalars.mapValues(\.bitPattern) == b.scalars.mapValues(\.bitPattern))
        }
    }

    @Test func aFailedTaskSkipsItsDependentsAndIsReported() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        try tree.write("f.json", editedManifest { m in
            var s = m["sweeps"] as! [String: Any]; s["scale"] = [1, 666]; m["sweeps"] = s
            var t = m["tasks"] as! [String: Any]
            t["again"] = ["kind": "test.scale", "foreach": ["seed", "scale"], "inputs": ["x": "scaled"], "params": ["factor": 1]]
            m["tasks"] = t
        })
        let ws = Workspace(repositoryRoot: tree.directory.url, profile: "default", registry: testRegistry)
        let plan = try ws.plan(try ws.loadManifests([]))
        let report = try ws.run(plan, jobs: 2, display: { _ in nil }, log: { _ in })
        #expect(report.failures.count == 3)
        #expect(report.failures.allSatisfy { $0.message.contains("666") })
        #expect(report.skipped.count == 3)
        #expect(report.succeededCount == 3 + 3 + 3)
    }

    @Test func expectationsAreEvaluated() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let report = try ws.verify(plan, recompute: 3)
        #expect(report.passed)
        #expect(report.expectations.count == 1)
        #expect(report.recomputed.count == 3)
        #expect(report.recomputed.allSatisfy { $0.mismatch == nil })
    }

    /// `ratio_to`: seed 0's sums over seed 1's are the same ratio r at every scale (the
    /// factor cancels); a window around r passes, one that excludes it fails and says why.
    @Test func ratioExpectationsCompareAtSharedX() throws {
        let (ws, _, dir) = try populatedStore()
        defer { dir.remove() }
        let r = try ws.store.read(try ws.plan(try ws.loadManifests([])).manifests[0].instances["source"]![0].key).scalars["mean"]!
            / (try ws.store.read(try ws.plan(try ws.loadManifests([])).manifests[0].instances["source"]![1].key).scalars["mean"]!)
        func expectation(_ id: String, _ lo: Double, _ hi: Double) -> [String: Any] {
            ["id": id, "series": ["task": "scaled", "where": ["seed": 0], "x": "$scale", "y": "sum"],
             "check": ["type": "ratio_to", "reference": ["task": "scaled", "where": ["seed": 1], "x": "$scale", "y": "sum"],
                       "min": lo, "max": hi]]
        }
        try ExperimentsTreeAt(dir).write("test/base.json", editedManifest { m in
            m["expect"] = [expectation("inside", r * 0.999, r * 1.001), expectation("outside", r * 1.01, r * 2)]
        })
        let report = try ws.verify(try ws.plan(try ws.loadManifests([])), recompute: 0)
        let byID = Dictionary(uniqueKeysWithValues: report.expectations.map { ($0.id, $0) })
        #expect(byID["inside"]!.passed, "\(byID["inside"]!.detail)")
        #expect(!byID["outside"]!.passed)
        #expect(byID["outside"]!.detail.contains("y / reference"), "\(byID["outside"]!.detail)")
    }

    /// A `crossing` reduction along the scale axis (1, 10): sum = b·scale, so the level
    /// L = 4b is reached at log-interpolated scale exp(ln 10 · (4b − b)/(10b − b)) = 10^{1/3};
    /// a level above 10b is never reached (NaN).
    @Test func crossingReductionFindsWhereALevelIsReached() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        let b = try (0..<3).map { seed in
            try ws.store.read(plan.manifests[0].instances["scaled"]!.first { $0.bindings["seed"] == .number(Double(seed)) && $0.bindings["scale"] == .number(1) }!.key).scalars["sum"]!
        }
        let evaluator = SeriesEvaluator(plan: plan.manifests[0], store: ws.store)
        func selection(level: Double) -> SeriesSelection {
            SeriesSelection(task: "scaled", selection: JSONObject(uniqueMembers: []), x: .variable("seed"), y: .output("sum"), error: nil,
                            reduction: Reduction(over: ["scale"], statistic: .crossing, level: level), path: "test")
        }
        let at4 = try evaluator.evaluate(selection(level: 4 * b[1]))
        #expect(at4.x == [0, 1, 2])
        #expect(abs(at4.y[1] - Foundation.pow(10, 1.0 / 3)) < 1e-12, "\(at4.y)")
        // Seeds 0 and 2 have their own b: the level 4·b[1] sits elsewhere (or outside [b, 10b]).
        for seed in [0, 2] {
            let t = (4 * b[1] - b[seed]) / (9 * b[seed])
            let expected = t < 0 ? 1 : (t > 1 ? Double.nan : Foundation.pow(10, t))
            #expect(expected.isNaN ? at4.y[seed].isNaN : abs(at4.y[seed] - expected) < 1e-12)
        }
        #expect(try evaluator.evaluate(selection(level: 1e9)).y.allSatisfy(\.isNaN))
    }

    @Test func garbageCollectionRemovesOnlyUnreachableEntries() throws {
        let (ws, plan, dir) = try populatedStore()
        defer { dir.remove() }
        // A changed consumer sweep: the sources and the scale = 1 consumers stay reachable.
        let tree = ExperimentsTreeAt(dir)
        try tree.write("test/base.json", editedManifest { m in
            var s = m["sweeps"] as! [String: Any]; s["scale"] = [1, 11]; m["sweeps"] = s
        })
        let newPlan = try ws.plan(try ws.loadManifests([]))
        let stale = Set(plan.order).subtracting(newPlan.order)
        #expect(stale.count == 3)
        let dry = try ws.collectGarbage(newPlan, dryRun: true)
        #expect(Set(dry.urls.map { $0.deletingPathExtension().lastPathComponent }) == stale)
        #expect(stale.allSatisfy { ws.store.exists($0) })
        let removed = try ws.collectGarbage(newPlan, dryRun: false)
        #expect(removed.urls.count == 3 && removed.bytes > 0)
        #expect(stale.allSatisfy { !ws.store.exists($0) })
        #expect(Set(plan.order).intersection(newPlan.order).allSatisfy { ws.store.exists($0) })
    }
}

/// Writes manifests into an existing directory's `experiments/`.
struct ExperimentsTreeAt {
    let root: TemporaryDirectory
    init(_ root: TemporaryDirectory) { self.root = root }
    func write(_ relative: String, _ text: String) throws {
        let url = root.url.appendingPathComponent("experiments").appendingPathComponent(relative)
        try Data(text.utf8).write(to: url)
    }
}
