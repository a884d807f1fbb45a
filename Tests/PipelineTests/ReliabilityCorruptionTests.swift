import Foundation
import HDF5
import Pipeline
import Testing
import TestSupport

extension ReliabilityTests {
    /// Damaged cache entries: detected by `verify` (which names the file and the problem),
    /// quarantined and recomputed by `run`, never used in a figure or by a downstream task.
    @Suite("Corruption: detected, named, quarantined, recomputed")
    struct Corruption {
        // MARK: Exhaustive damage of one entry (in-process, test kinds)

        /// Every single-bit flip of an entry (one per byte, the bit varying with the offset) is
        /// either reported by the verifier or leaves what consumers read (arrays with shapes,
        /// scalars) bit-identical; a flip that changes the numbers and passes is a silent corruption.
        @Test func everyBitFlipIsDetectedOrChangesNothingThatIsRead() throws {
            let (ws, plan, dir) = try StoreTests().populatedStore()
            defer { dir.remove() }
            var detected = 0, harmless = 0, textOnly = 0, silent: [String] = [], unreadable: [String] = []
            // A `source` entry: an array, a scalar, an attribute and the full provenance.
            for key in [plan.manifests[0].instances["source"]![0].key] {
                let (store, url, scratch) = try Reliability.entryInMemory(key, of: ws.store)
                defer { try? FileManager.default.removeItem(at: scratch) }
                let verifier = EntryVerifier(store: store)
                let original = try Data(contentsOf: url)
                let originalResult = try store.read(key)
                let expected = Reliability.Contents(originalResult)
                // Flip in place, in memory: rewriting the file on disk makes ext4 flush it each time.
                let handle = try FileHandle(forUpdating: url)
                defer { try? handle.close() }
                func put(_ byte: UInt8, at offset: Int) throws {
                    try handle.seek(toOffset: UInt64(offset))
                    try handle.write(contentsOf: [byte])
                }
                for offset in 0..<original.count {
                    try put(original[offset] ^ (UInt8(1) << UInt8(offset % 8)), at: offset)
                    defer { try? put(original[offset], at: offset) }
                    if !verifier.problems(at: url).isEmpty { detected += 1; continue }
                    // The verifier passed it: consumers must read exactly the original numbers.
                    guard let read = try? store.read(key) else { unreadable.append("\(key.prefix(8))@\(offset)"); continue }
                    if Reliability.Contents(read) != expected { silent.append("\(key.prefix(8))@\(offset)") }
                    else if read.attributes != originalResult.attributes { textOnly += 1 }  // descriptive text: not hashed
                    else { harmless += 1 }
                }
                try handle.close()
                #expect(try Data(contentsOf: url) == original)
            }
            #expect(silent.isEmpty, "bit flips that change the numbers read but pass verification: \(silent.prefix(20))")
            #expect(unreadable.isEmpty, "bit flips that pass verification but make the entry unreadable: \(unreadable.prefix(20))")
            #expect(detected > 0)
            print("reliability/corruption: \(detected + harmless + textOnly) single-bit flips: \(detected) detected, \(silent.count) silent; undetected: \(harmless) leave every value read identical, \(textOnly) change only a descriptive attribute's text")
        }

        /// An entry cut at every possible length (0 … size − 1) is detected.
        @Test func everyTruncationIsDetected() throws {
            let (ws, plan, dir) = try StoreTests().populatedStore()
            defer { dir.remove() }
            let key = plan.manifests[0].instances["scaled"]![0].key
            let (store, url, scratch) = try Reliability.entryInMemory(key, of: ws.store)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let original = try Data(contentsOf: url)
            let verifier = EntryVerifier(store: store)
            var missed: [Int] = []
            for length in 0..<original.count {
                try original.prefix(length).write(to: url)
                if verifier.problems(at: url).isEmpty { missed.append(length) }
            }
            try original.write(to: url)
            #expect(missed.isEmpty, "truncations to these lengths pass verification: \(missed.prefix(20))")
            print("reliability/corruption: \(original.count) truncations (every length): \(original.count - missed.count) detected")
        }

        // MARK: End to end: verify names the damage, figures recomputes, the figure is the clean one

        /// One way to damage a results directory.
        struct Damage: CustomStringConvertible, Sendable {
            var name: String
            /// What `verify` must say about the damaged file.
            var problem: String
            /// Tasks the next run must recompute.
            var recomputed: Int
            /// Damages `entry` (a kernel.krr entry) of the store, given another one; returns the damaged file.
            var apply: @Sendable (_ store: ResultStore, _ entry: URL, _ other: URL, _ input: URL) throws -> URL
            var description: String { name }
        }

        static let damages: [Damage] = [
            Damage(name: "truncated to half", problem: "does not open as HDF5", recomputed: 1) { _, e, _, _ in
                let d = try Data(contentsOf: e); try d.prefix(d.count / 2).write(to: e); return e
            },
            Damage(name: "last byte cut", problem: "truncated", recomputed: 1) { _, e, _, _ in
                let d = try Data(contentsOf: e); try d.dropLast().write(to: e); return e
            },
            Damage(name: "zero-byte file", problem: "does not open as HDF5", recomputed: 1) { _, e, _, _ in
                try Data().write(to: e); return e
            },
            Damage(name: "not HDF5 at all", problem: "does not open as HDF5", recomputed: 1) { _, e, _, _ in
                try Data(repeating: 0x5A, count: 4096).write(to: e); return e
            },
            Damage(name: "flipped bit in the plotted value", problem: "dataset /scalars/test_error: SHA-256 does not match its bytes", recomputed: 1) { store, e, _, _ in
                let key = e.deletingPathExtension().lastPathComponent
                try flip(store.read(key).scalars["test_error"]!, in: e); return e
            },
            Damage(name: "flipped bit in an array", problem: "dataset /data/test_mean: SHA-256 does not match its bytes", recomputed: 1) { store, e, _, _ in
                let key = e.deletingPathExtension().lastPathComponent
                try flip(store.read(key).arrays["test_mean"]!.values[3], in: e); return e
            },
            Damage(name: "renamed to another task's key", problem: "differs from the file name", recomputed: 2) { _, e, other, _ in
                try FileManager.default.removeItem(at: other)
                try FileManager.default.moveItem(at: e, to: other); return other
            },
            Damage(name: "provenance group deleted", problem: "no /provenance group", recomputed: 1) { _, e, _, _ in
                let f = try HDF5File.open(path: e.path, writable: true)
                try f.root.removeMember(StoreLayout.provenanceGroup)
                try f.close(); return e
            },
            Damage(name: "provenance hashes deleted", problem: "provenance lacks dataset_sha256", recomputed: 1) { _, e, _, _ in
                let f = try HDF5File.open(path: e.path, writable: true)
                try f.root.group(StoreLayout.provenanceGroup).deleteAttribute("dataset_sha256")
                try f.close(); return e
            },
            Damage(name: "provenance parameters edited", problem: "key recomputed from the stored parameters", recomputed: 1) { _, e, _, _ in
                let f = try HDF5File.open(path: e.path, writable: true)
                let p = try f.root.group(StoreLayout.provenanceGroup)
                try p.setAttribute("parameters", try p.stringAttribute("parameters").replacingOccurrences(of: "\"ridge\":0.09", with: "\"ridge\":0.1"))
                try f.close(); return e
            },
            Damage(name: "dataset deleted", problem: "dataset /scalars/test_error is missing", recomputed: 1) { _, e, _, _ in
                let f = try HDF5File.open(path: e.path, writable: true)
                try f.root.group(StoreLayout.scalarsGroup).removeMember("test_error")
                try f.close(); return e
            },
            Damage(name: "flipped bit in an input that a missing task needs", problem: "dataset /data/train_labels: SHA-256 does not match its bytes", recomputed: 2) { store, e, _, input in
                let key = input.deletingPathExtension().lastPathComponent
                try flip(store.read(key).arrays["train_labels"]!.values[0], in: input)
                try FileManager.default.removeItem(at: e)  // a consumer of this input must run again: it must read the recomputed input
                return input
            },
        ]

        /// Flips one bit of the stored bytes of `value` in `file`.
        static func flip(_ value: Double, in file: URL) throws {
            var bytes = [UInt8](try Data(contentsOf: file))
            let pattern = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
            let offset = try #require((0...(bytes.count - 8)).first { Array(bytes[$0..<$0 + 8]) == pattern })
            bytes[offset + 1] ^= 0x04
            try Data(bytes).write(to: file)
        }

        /// A clean smoke run, shared by the damage cases (each works on a copy).
        final class CleanRun: @unchecked Sendable {
            let directory: TemporaryDirectory
            let results: URL
            let reference: [String: Reliability.Contents?]
            init() throws {
                directory = try TemporaryDirectory(prefix: "flrepro-corruption")
                results = directory.url.appendingPathComponent("clean")
                let r = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results))
                try #require(r.status == 0, "\(r.stderr)")
                reference = Reliability.contents(of: ResultStore(root: results))
            }
            deinit { directory.remove() }
        }

        @Test func eachDamageIsNamedByVerifyAndRecomputedByRun() throws {
            let clean = try CleanRun()
            var detected = 0
            for (i, damage) in Self.damages.enumerated() {
                let results = clean.directory.url.appendingPathComponent("case-\(i)")
                try FileManager.default.copyItem(at: clean.results, to: results)
                let store = ResultStore(root: results)
                let entries = store.listEntries().entries
                let krr = entries.filter { (try? store.provenance(at: $0)["kind"]) == "kernel.krr" }
                let data = try #require(entries.first { (try? store.provenance(at: $0)["kind"]) == "data.teacher_student" })
                let consumer = try #require(krr.first { (try? store.provenance(at: $0)["inputs"])?.contains(data.deletingPathExtension().lastPathComponent) == true })
                let other = try #require(krr.first { $0 != consumer })
                let damaged = try damage.apply(store, consumer, other, data)
                let key = damaged.deletingPathExtension().lastPathComponent

                // verify: exit 1, names the file and what is wrong.
                let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
                #expect(v.status == 1, "\(damage): \(v.stdout)")
                let block = v.stdout.components(separatedBy: "DAMAGED \(damaged.path)\n").dropFirst().first?
                    .split(separator: "\n").prefix { $0.hasPrefix("    - ") }.joined(separator: "\n") ?? ""
                #expect(block.contains(damage.problem), "\(damage): verify does not name the file and the problem:\n\(v.stdout)")
                #expect(v.stdout.contains("1 damaged"), "\(damage): \(v.stdout)")
                if block.contains(damage.problem) { detected += 1 }

                // figures: quarantines it, recomputes exactly what is needed, draws the clean figure.
                let f = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results))
                #expect(f.status == 0, "\(damage): \(f.stderr)")
                #expect(f.stderr.contains("damaged cache entry \(key.prefix(12))…"), "\(damage): \(f.stderr)")
                #expect(f.stderr.contains("moved to \(store.quarantineDirectory.path)/\(key).h5."), "\(damage): \(f.stderr)")
                #expect(f.stderr.contains("ran \(damage.recomputed) of 33 tasks"), "\(damage): \(f.stderr)")
                let quarantined = (try? FileManager.default.contentsOfDirectory(atPath: store.quarantineDirectory.path)) ?? []
                #expect(quarantined.count == 1 && quarantined[0].hasPrefix("\(key).h5."), "\(damage): \(quarantined)")
                #expect(Reliability.entriesDiffering(in: store, from: clean.reference).isEmpty, "\(damage)")
                #expect(Reliability.contents(of: store).count == 33, "\(damage)")
                let differing = Reliability.figureDifferences(results, clean.results)
                #expect(differing.isEmpty, "\(damage): the figure differs from the clean one: \(differing)")
                let after = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
                #expect(after.status == 0, "\(damage): \(after.stdout)")
                try? FileManager.default.removeItem(at: results)
            }
            print("reliability/corruption: \(detected) of \(Self.damages.count) kinds of damage named by verify and recomputed by run")
        }
    }
}
