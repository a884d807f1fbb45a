import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

extension ReliabilityTests {
    /// The corpus `Fixtures/malformed/`: one malformed manifest per file (wrong types, unknown
    /// keys, bad references, cycles, huge sweeps, non-finite numbers, invalid UTF-8, deep
    /// nesting, missing or cyclic `extends`, …), indexed by `expected.json` with the key path and
    /// a fragment of the message each must produce. Every case must be rejected with its file and
    /// key path, by the library and by `flrepro run` (exit status 2, nothing written).
    @Suite("Malformed manifests: the corpus is rejected with file and key path")
    struct MalformedManifests {
        static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/malformed", isDirectory: true)

        struct Case: Sendable, CustomStringConvertible {
            var file: String
            var path: String
            var message: String
            /// The file the error names when it is not the case itself (a broken parent).
            var errorFile: String?
            var url: URL { MalformedManifests.directory.appendingPathComponent(file) }
            var description: String { file }
        }

        static func index() throws -> (cases: [Case], support: [String]) {
            let value = try JSONParser().parse(try Data(contentsOf: directory.appendingPathComponent("expected.json")))
            let support = (value.objectValue?["support"]?.arrayValue ?? []).compactMap(\.stringValue)
            let cases = try (try #require(value.objectValue?["cases"]?.objectValue)).members.map { m in
                let o = try #require(m.value.objectValue, "\(m.key)")
                return Case(file: m.key, path: try #require(o["path"]?.stringValue), message: try #require(o["message"]?.stringValue),
                            errorFile: o["file"]?.stringValue)
            }
            return (cases, support)
        }

        static var cases: [Case] { (try? index().cases) ?? [] }

        @Test func theCorpusHasAtLeastFiftyIndexedCases() throws {
            let (cases, support) = try Self.index()
            #expect(cases.count >= 50)
            let files = Set(try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") })
            #expect(files == Set(cases.map(\.file) + support + ["expected.json"]), "every fixture is indexed and every index entry exists")
            // The support files are valid: the cases fail because of their one defect.
            for s in support {
                let m = try ManifestLoader(experimentsRoot: Self.directory).load(Self.directory.appendingPathComponent(s).path)
                _ = try Planner(registry: StandardRegistry.registry).plan([m])
            }
            print("reliability/malformed: \(cases.count) malformed manifests in the corpus")
        }

        @Test(arguments: cases)
        func isRejectedWithFileAndKeyPath(_ c: Case) throws {
            let loader = ManifestLoader(experimentsRoot: Self.directory)
            let error = #expect(throws: ManifestError.self, "\(c.file) was accepted") {
                let m = try loader.load(c.url.path)
                _ = try Planner(registry: StandardRegistry.registry).plan([m])
            }
            guard let error else { return }
            #expect(error.file == (c.errorFile ?? c.url.path), "\(error)")
            #expect(error.path == c.path, "key path: \(error)")
            #expect(error.message.contains(c.message), "message: \(error)")
        }

        /// Every case through the real binary: exit status 2, one line `error: <file>: <key path>: <message>`,
        /// and nothing written (no results directory, nothing new in the tree, the corpus untouched).
        @Test func theBinaryExitsTwoAndWritesNothing() throws {
            let (cases, _) = try Self.index()
            let root = try TemporaryDirectory(prefix: "flrepro-malformed")
            defer { root.remove() }
            try FileManager.default.createDirectory(at: root.url.appendingPathComponent("experiments"), withIntermediateDirectories: true)
            func snapshot(_ dir: URL) -> [String: Date] {
                var out: [String: Date] = [:]
                for case let name as String in FileManager.default.enumerator(atPath: dir.path) ?? FileManager.DirectoryEnumerator() {
                    out[name] = (try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.modificationDate]) as? Date
                }
                return out
            }
            let corpusBefore = snapshot(Self.directory), rootBefore = snapshot(root.url)
            let results = root.url.appendingPathComponent("results")
            var rejected = 0
            for (i, c) in cases.enumerated() {
                // Alternate the commands that load manifests before taking the results lock.
                let command = ["run", "figures", "verify", "plan"][i % 4]
                let r = try Reliability.flrepro([command, c.url.path, "--root", root.url.path, "--results", results.path], in: root.url)
                let file = c.errorFile.map { Self.directory.appendingPathComponent($0).path } ?? c.url.path
                let prefix = "error: \(file): " + (c.path.isEmpty ? "" : "\(c.path): ")
                #expect(r.status == 2, "\(c.file) (\(command)): exit \(r.status): \(r.stderr)")
                #expect(r.stderr.hasPrefix(prefix) && r.stderr.contains(c.message) && r.stderr.filter { $0 == "\n" }.count == 1,
                        "\(c.file) (\(command)): \(r.stderr)")
                #expect(r.stdout.isEmpty, "\(c.file) (\(command)): \(r.stdout)")
                #expect(!FileManager.default.fileExists(atPath: results.path), "\(c.file) (\(command)) created \(results.path)")
                if r.status == 2 && r.stderr.hasPrefix(prefix) { rejected += 1 }
            }
            #expect(snapshot(root.url) == rootBefore, "a malformed manifest wrote files")
            #expect(snapshot(Self.directory) == corpusBefore, "the corpus was modified")
            print("reliability/malformed: \(rejected) of \(cases.count) malformed manifests rejected by flrepro with exit status 2, nothing written")
        }
    }
}
