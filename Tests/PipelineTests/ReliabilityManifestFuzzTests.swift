import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

extension ReliabilityTests {
    /// Seeded fuzzing of the manifest loader and planner: random bytes, JSON token soup, byte
    /// mutations of valid manifests and structural mutations (subtrees replaced by random JSON).
    /// Every input must give a manifest or a `ManifestError` naming the file, never another
    /// error, a crash or a hang (each input gets 2 s; the loop runs on a watchdog).
    @Suite("Manifest fuzzing: no crash, no hang, only ManifestError")
    struct ManifestFuzz {
        static let inputCount = 8000
        static let perInputLimit = 2.0

        /// Valid manifests the mutations start from.
        static func seeds() throws -> [String] {
            let corpusParent = MalformedManifests.directory.appendingPathComponent("parent-valid.json")
            return [baseManifestText,
                    try String(contentsOf: Reliability.repository.appendingPathComponent(Reliability.manifest), encoding: .utf8),
                    try String(contentsOf: corpusParent, encoding: .utf8)]
        }

        final class Progress: @unchecked Sendable {  // written by the fuzz thread, read after it signals (or times out)
            let lock = NSLock()
            var index = 0
            var input = Data()
            var accepted = 0, rejected = 0
            var unexpected: [String] = []
            var slow: [String] = []
            var slowest = 0.0
        }

        @Test func randomManifestsNeverCrashHangOrThrowAnythingElse() throws {
            // In memory: thousands of small files on a disk shared with builds cost seconds of flushes.
            let scratch = try Reliability.memoryScratch("flrepro-fuzz")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let experiments = scratch.appendingPathComponent("experiments", isDirectory: true)
            let seeds = try Self.seeds()
            // Files that `extends` in mutated inputs can name.
            for (name, text) in [("parent.json", seeds[2]), ("krr/learning-curves.json", seeds[1]), ("fuzz/input.json", "{}")] {
                let url = experiments.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            let directory = experiments.appendingPathComponent("fuzz", isDirectory: true)
            let loader = ManifestLoader(experimentsRoot: experiments)
            let planner = {
                var p = Planner(registry: StandardRegistry.registry)
                p.maximumInstancesPerTask = 20_000
                return p
            }()

            let progress = Progress()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                var rng = SeededGenerator(seed: 0xF0_22_1E_55)
                var generator = FuzzInputs(seeds: seeds)
                for i in 0..<Self.inputCount {
                    let input = generator.next(&rng)
                    progress.lock.withLock { progress.index = i; progress.input = input }
                    let path = directory.appendingPathComponent("input-\(i).json").path
                    try? input.write(to: URL(fileURLWithPath: path))
                    defer { try? FileManager.default.removeItem(atPath: path) }
                    let profile = ["default", "smoke", "paper"].randomElement(using: &rng)!
                    let t0 = Date()
                    var outcome: String?
                    var valid = false
                    do {
                        let m = try loader.load(path, profile: profile)
                        _ = try planner.plan([m])
                        valid = true
                    } catch let e as ManifestError {
                        if e.message.isEmpty || !(e.file == path || e.file.hasSuffix(".json")) { outcome = "bad ManifestError: \(e)" }
                    } catch {
                        outcome = "\(type(of: error)): \(error)"
                    }
                    let seconds = Date().timeIntervalSince(t0)
                    progress.lock.withLock {
                        if let outcome { progress.unexpected.append("input #\(i): \(outcome)") }
                        progress.slowest = max(progress.slowest, seconds)
                        if seconds > Self.perInputLimit { progress.slow.append("input #\(i): \(String(format: "%.1f", seconds)) s") }
                        if outcome == nil { if valid { progress.accepted += 1 } else { progress.rejected += 1 } }
                    }
                }
                done.signal()
            }
            thread.stackSize = 16 << 20
            thread.start()
            if done.wait(timeout: .now() + 240) == .timedOut {
                let (i, input) = progress.lock.withLock { (progress.index, progress.input) }
                let saved = FileManager.default.temporaryDirectory.appendingPathComponent("flrepro-fuzz-hang-\(i).json")
                try? input.write(to: saved)
                Issue.record("the loader hangs on fuzz input #\(i) (saved to \(saved.path))")
                return
            }
            progress.lock.withLock {
                #expect(progress.unexpected.isEmpty, "\(progress.unexpected.prefix(10))")
                #expect(progress.slow.isEmpty, "\(progress.slow.prefix(10))")
                #expect(progress.accepted + progress.rejected + progress.unexpected.count == Self.inputCount)
                #expect(progress.rejected > Self.inputCount / 2)
                print("reliability/fuzz: \(Self.inputCount) random manifests: \(progress.rejected) rejected with a ManifestError, \(progress.accepted) valid, \(progress.unexpected.count) other errors, slowest \(String(format: "%.3f", progress.slowest)) s")
            }
        }
    }
}

/// Generates fuzz inputs from valid seed manifests.
struct FuzzInputs {
    let seeds: [String]
    let parsedSeeds: [JSONValue]
    init(seeds: [String]) {
        self.seeds = seeds
        parsedSeeds = seeds.compactMap { try? JSONParser().parse(Data($0.utf8)) }
    }

    static let keys = ["schema", "paper", "id", "title", "description", "caption", "parameters", "sweeps", "profiles", "tasks",
                       "figures", "expect", "extends", "kind", "params", "foreach", "inputs", "where", "task", "x", "y", "error",
                       "reduce", "over", "stat", "label", "style", "panels", "series", "check", "type", "min", "max", "list",
                       "range", "linspace", "logspace", "zip", "product", "start", "stop", "count", "step", "round", "smoke",
                       "default", "seed", "P", "dimension", "ridge", "data", "krr", "theory", "source", "scaled", "n", "factor",
                       "guides", "x_range", "log_x", "columns", "reference", "sigmas", "rel_tol", "abs_tol", "at", "equals"]
    static let strings = ["flrepro/manifest@1", "$seed", "$P", "$n", "$dimension", "$$x", "$", "", "#index", "mean_se", "lines",
                          "error_bars", "data.teacher_student", "kernel.krr", "theory.ridge_learning_curve", "test.source", "linear",
                          "relu", "parent.json", "fuzz/input.json", "krr/learning-curves.json", "missing.json", "../x", "é\u{0}",
                          "test_error", "monotone", "close_to", "range", "value", "increasing", String(repeating: "a", count: 300)]
    static let numbers: [Double] = [0, -0.0, 1, -1, 2, 3, 10, 13, 0.5, 5e-324, 1e300, -1e300, 1.7976931348623157e308, 9.007199254740993e15,
                                    1e6, 999_999, 123.456, -7]
    static let tokens = ["{", "}", "[", "]", ":", ",", " ", "\n", "\"", "\\", "\"schema\"", "\"flrepro/manifest@1\"", "\"tasks\"",
                         "\"sweeps\"", "\"$seed\"", "\"kind\"", "1", "-0.5e3", "1e999", "-", "0", "00", "true", "false", "null",
                         "NaN", "Infinity", "\"\\u00e9\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"", "//", "\u{FEFF}", "é", "\u{1F600}"]

    mutating func next(_ rng: inout SeededGenerator) -> Data {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return randomBytes(&rng)
        case 1: return tokenSoup(&rng)
        case 2, 3, 4: return byteMutation(&rng)
        default: return structuralMutation(&rng)
        }
    }

    func randomBytes(_ rng: inout SeededGenerator) -> Data {
        Data((0..<Int.random(in: 0...400, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    func tokenSoup(_ rng: inout SeededGenerator) -> Data {
        Data((0..<Int.random(in: 1...200, using: &rng)).map { _ in Self.tokens.randomElement(using: &rng)! }.joined().utf8)
    }

    func byteMutation(_ rng: inout SeededGenerator) -> Data {
        var bytes = [UInt8](seeds.randomElement(using: &rng)!.utf8)
        for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            let n = Int.random(in: 1...min(40, bytes.count - i), using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: bytes[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.removeSubrange(i..<i + n)
            case 3: bytes.insert(contentsOf: bytes[i..<i + n], at: Int.random(in: 0...bytes.count, using: &rng))
            case 4: bytes.insert(contentsOf: Array(Self.tokens.randomElement(using: &rng)!.utf8), at: i)
            case 5: bytes = Array(bytes.prefix(i))
            case 6:  // a digit becomes a long number
                if let d = bytes[i...].firstIndex(where: { (48...57).contains($0) }) {
                    bytes.insert(contentsOf: Array(String(repeating: "9", count: Int.random(in: 1...30, using: &rng)).utf8), at: d)
                }
            default:  // swap two bytes
                bytes.swapAt(i, Int.random(in: 0..<bytes.count, using: &rng))
            }
        }
        return Data(bytes)
    }

    func structuralMutation(_ rng: inout SeededGenerator) -> Data {
        var v = parsedSeeds.randomElement(using: &rng)!
        for _ in 0..<Int.random(in: 1...4, using: &rng) { v = mutate(v, &rng, depth: 0) }
        return Data(CanonicalJSON.encode(v).utf8)
    }

    /// Walks down a random path and replaces, deletes or adds something there.
    func mutate(_ v: JSONValue, _ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        let descend = Int.random(in: 0..<4, using: &rng) != 0
        switch v {
        case .object(var o) where !o.isEmpty:
            let k = o.keys.randomElement(using: &rng)!
            if descend { o[k] = mutate(o[k]!, &rng, depth: depth + 1); return .object(o) }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: o[k] = nil
            case 1: o[Self.keys.randomElement(using: &rng)!] = randomValue(&rng, depth: 0)
            case 2: o[k] = .null
            default: o[k] = randomValue(&rng, depth: 0)
            }
            return .object(o)
        case .array(var a) where !a.isEmpty:
            let i = Int.random(in: 0..<a.count, using: &rng)
            if descend { a[i] = mutate(a[i], &rng, depth: depth + 1); return .array(a) }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: a.remove(at: i)
            case 1: a.append(contentsOf: Array(repeating: a[i], count: Int.random(in: 1...5, using: &rng)))
            default: a[i] = randomValue(&rng, depth: 0)
            }
            return .array(a)
        default:
            return randomValue(&rng, depth: 0)
        }
    }

    func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 70 ? 4 : 8), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(Bool.random(using: &rng) ? Self.numbers.randomElement(using: &rng)! : Double(Int.random(in: -20...20, using: &rng)))
        case 3: return .string(Self.strings.randomElement(using: &rng)!)
        case 4, 5:
            let n = Int.random(in: 0...4, using: &rng)
            return .array((0..<n).map { _ in randomValue(&rng, depth: depth + 1) })
        case 6:  // deep nesting, sometimes past the parser's limit
            var x = JSONValue.number(1)
            for _ in 0..<Int.random(in: 1...80, using: &rng) { x = .array([x]) }
            return x
        default:
            let n = Int.random(in: 0...4, using: &rng)
            return .object(JSONObject((0..<n).map { _ in (Self.keys.randomElement(using: &rng)!, randomValue(&rng, depth: depth + 1)) }))
        }
    }
}
