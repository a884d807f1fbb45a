import Foundation
import Pipeline
import Testing
import TestSupport

/// End-to-end tests of the `flrepro` binary on the real manifests (smoke profile).
@Suite("flrepro command line, end to end", .serialized)
struct CommandLineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The flrepro binary built beside this test bundle.
    static var binary: String? {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDir.appendingPathComponent("flrepro").path,
                          bundleDir.deletingLastPathComponent().appendingPathComponent("flrepro").path,
                          repository.appendingPathComponent(".build/release/flrepro").path,
                          repository.appendingPathComponent(".build/debug/flrepro").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func flrepro(_ args: [String], in dir: URL = repository) throws -> (status: Int32, stdout: String, stderr: String) {
        let bin = try #require(Self.binary, "build the flrepro product first (make test does)")
        return try runProcess(bin, args, currentDirectory: dir.path)
    }

    @Test func smokeRunIsCachedVerifiedAndRecomputedAfterCorruption() throws {
        let results = try TemporaryDirectory(prefix: "flrepro-e2e")
        defer { results.remove() }
        let manifest = "experiments/krr/learning-curves.json"
        let common = ["--profile", "smoke", "--results", results.url.path]

        let first = try flrepro(["figures", manifest, "-j", "2", "--plain"] + common)
        #expect(first.status == 0, "\(first.stderr)")
        for ext in ["pdf", "png", "gp", "h5"] {
            #expect(FileManager.default.fileExists(atPath: results.path("figures/krr/learning-curves.\(ext)")), "no .\(ext)")
        }
        let png = try Data(contentsOf: results.url.appendingPathComponent("figures/krr/learning-curves.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        // Second run: nothing to do, figure up to date.
        let second = try flrepro(["figures", manifest, "--plain"] + common)
        #expect(second.status == 0)
        #expect(second.stderr.contains("nothing to run"), "\(second.stderr)")
        #expect(second.stderr.contains("up to date"), "\(second.stderr)")

        let verify = try flrepro(["verify", manifest, "--recompute", "3"] + common)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("recompute: 3 tasks re-run, 0 differ"))

        // Flip a byte inside a dataset of one entry: verify names the file, run recomputes it.
        let store = ResultStore(root: results.url)
        let entry = try #require(store.listEntries().entries.first { (try? store.provenance(at: $0)["kind"]) == "kernel.krr" })
        let key = entry.deletingPathExtension().lastPathComponent
        let value = try store.read(key).arrays["test_mean"]!.values[0]
        var bytes = [UInt8](try Data(contentsOf: entry))
        let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        let offset = try #require((0...(bytes.count - 8)).first { Array(bytes[$0..<$0 + 8]) == pattern })
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: entry)
        let broken = try flrepro(["verify", manifest] + common)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("DAMAGED \(entry.path)"), "\(broken.stdout)")
        let rerun = try flrepro(["run", manifest, "--plain"] + common)
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("ran 1 of"), "\(rerun.stderr)")
        #expect(try flrepro(["verify", manifest] + common).status == 0)

        // An intermediate entry left out (every consumer cached) is reported as pruned, not missing; a leaf is missing.
        let data = try #require(store.listEntries().entries.first { (try? store.provenance(at: $0)["kind"])?.hasPrefix("data.") == true })
        let dataBytes = try Data(contentsOf: data)
        try FileManager.default.removeItem(at: data)
        let pruned = try flrepro(["verify", manifest] + common)
        #expect(pruned.status == 0 && pruned.stdout.contains("pruned: 1 intermediate") && !pruned.stdout.contains("missing:"), "\(pruned.stdout)")
        try dataBytes.write(to: data)
        let leafBytes = try Data(contentsOf: entry)
        try FileManager.default.removeItem(at: entry)
        let missing = try flrepro(["verify", manifest] + common)
        #expect(missing.status == 1 && missing.stdout.contains("missing: 1 planned"), "\(missing.stdout)")
        try leafBytes.write(to: entry)
        #expect(try flrepro(["verify", manifest] + common).status == 0)

        // explain and plan agree that everything is cached.
        let explain = try flrepro(["explain", manifest, "krr[activation=linear,P=10,seed=0]"] + common)
        #expect(explain.stdout.contains("cached"), "\(explain.stdout)\(explain.stderr)")
        let plan = try flrepro(["plan", manifest, "--dot", results.path("plan.dot")] + common)
        #expect(plan.status == 0)
        #expect(!plan.stdout.contains(" missing "))
        #expect(try String(contentsOfFile: results.path("plan.dot"), encoding: .utf8).hasPrefix("digraph flrepro {"))
    }

    /// Every committed manifest runs its smoke profile through every task kind it uses, renders its
    /// figure and passes its expectations (deterministic: same seeds, same numbers).
    @Test("every manifest under experiments/ runs its smoke profile, renders and verifies")
    func everyManifestRunsItsSmokeProfile() throws {
        let results = try TemporaryDirectory(prefix: "flrepro-all-smoke")
        defer { results.remove() }
        let manifests = try ManifestLoader(experimentsRoot: Self.repository.appendingPathComponent("experiments")).discover()
            .map { URL(fileURLWithPath: $0, relativeTo: Self.repository).standardizedFileURL.path }
            .map { $0.replacingOccurrences(of: Self.repository.standardizedFileURL.path + "/", with: "") }
        #expect(manifests.count >= 5, "\(manifests)")
        let common = ["--profile", "smoke", "--results", results.url.path]
        let run = try flrepro(["figures"] + manifests + ["-j", "2", "--plain"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        for manifest in manifests {
            let id = try ManifestLoader(experimentsRoot: Self.repository.appendingPathComponent("experiments"))
                .load(Self.repository.appendingPathComponent(manifest).path, profile: "smoke")
            #expect(FileManager.default.fileExists(atPath: results.path("figures/\(id.paper)/\(id.id).png")), "\(manifest)")
        }
        let verify = try flrepro(["verify"] + common)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func malformedManifestExitsTwoAndWritesNothing() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("bad/x.json", editedManifest { m in
            var p = m["parameters"] as! [String: Any]; p["n"] = "1e5"; m["parameters"] = p
            var t = m["tasks"] as! [String: Any]
            t["source"] = ["kind": "data.teacher_student", "params": ["dimension": "$n", "train_count": 5, "seed": 0]]
            t["scaled"] = nil
            m["tasks"] = t
            m["figures"] = []
            m["expect"] = []
        })
        let results = tree.directory.url.appendingPathComponent("results")
        let out = try flrepro(["run", path, "--results", results.path, "--root", tree.directory.url.path], in: tree.directory.url)
        #expect(out.status == 2)
        #expect(out.stderr == "error: \(path): tasks.source.params.dimension: expected integer, got \"1e5\"\n", "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: results.appendingPathComponent("cache").path))
    }

    @Test func ablationRunsOnlyChangedTasks() throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let base = try String(contentsOf: Self.repository.appendingPathComponent("experiments/krr/learning-curves.json"), encoding: .utf8)
        try tree.write("krr/learning-curves.json", base)
        let ablation = try tree.write("krr/ridge-ablation.json", """
        {"extends": "krr/learning-curves.json", "id": "ridge-ablation", "parameters": {"ridge": 0.5}, "expect": []}
        """)
        let common = ["--profile", "smoke", "--root", tree.directory.url.path]
        #expect(try flrepro(["run", "experiments/krr/learning-curves.json", "--plain"] + common, in: tree.directory.url).status == 0)
        let out = try flrepro(["run", ablation, "--plain"] + common, in: tree.directory.url)
        #expect(out.status == 0, "\(out.stderr)")
        // Smoke: 3 activations × 3 P × 3 seeds KRR tasks and 3 theory points change with the ridge; the data sets are shared.
        #expect(out.stderr.contains("ran 30 of 33 tasks"), "\(out.stderr)")
        let explain = try flrepro(["explain", "experiments/krr/learning-curves.json", "krr[activation=erf,P=40,seed=1]"] + common, in: tree.directory.url)
        #expect(explain.stdout.contains("cached"))
    }

    @Test func killedRunsLeaveNoDamagedEntriesAndResume() throws {
        let results = try TemporaryDirectory(prefix: "flrepro-kill")
        defer { results.remove() }
        let bin = try #require(Self.binary)
        let manifest = "experiments/krr/learning-curves.json"
        let common = ["--profile", "smoke", "--results", results.url.path]
        // SIGKILL the run at several moments (the smoke plan takes a few hundred ms).
        for delay in [0.02, 0.05, 0.08, 0.12, 0.2] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: bin)
            p.arguments = ["run", manifest, "-j", "2", "--plain"] + common
            p.currentDirectoryURL = Self.repository
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let v = try flrepro(["verify", manifest] + common)
            #expect(v.stdout.contains(" 0 damaged"), "after a kill at \(delay) s: \(v.stdout)")
        }
        let resumed = try flrepro(["run", manifest, "--plain"] + common)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let final = try flrepro(["verify", manifest] + common)
        #expect(final.status == 0, "\(final.stdout)")
    }

    @Test func aSecondRunWaitsForTheFirstAndComputesNothingTwice() throws {
        let results = try TemporaryDirectory(prefix: "flrepro-lock")
        defer { results.remove() }
        let bin = try #require(Self.binary)
        let common = ["experiments/krr/learning-curves.json", "--profile", "smoke", "--plain", "--results", results.url.path]
        let first = Process()
        first.executableURL = URL(fileURLWithPath: bin)
        first.arguments = ["run"] + common
        first.currentDirectoryURL = Self.repository
        let pipe = Pipe()
        first.standardError = pipe
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        let second = try flrepro(["run"] + common)
        let firstErr = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.status == 0)
        // Every task ran exactly once across the two processes.
        let ran = [firstErr, second.stderr].flatMap { $0.split(separator: "\n") }.filter { $0.contains("] done ") }.count
        #expect(ran == 33, "\(firstErr)\n\(second.stderr)")
    }
}
