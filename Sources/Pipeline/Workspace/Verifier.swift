import Foundation

/// The findings of `flrepro verify`.
public struct VerificationReport: Sendable {
    public var entriesChecked = 0
    /// Entry path → problems.
    public var damaged: [(path: String, problems: [String])] = []
    public var temporaries: [String] = []
    /// Recomputed task → nil if it matched, else how it differed.
    public var recomputed: [(label: String, mismatch: String?)] = []
    public var expectations: [ExpectationOutcome] = []
    /// Planned tasks with no cache entry.
    public var missing: [String] = []
    /// Planned tasks with no cache entry whose every consumer has an intact one: intermediates left out of
    /// the committed cache (e.g. entries too large for git); everything built on them is still checked.
    public var pruned: [String] = []

    public var passed: Bool {
        damaged.isEmpty && recomputed.allSatisfy { $0.mismatch == nil } && expectations.allSatisfy(\.passed) && missing.isEmpty
    }
}

extension Workspace {
    /// Checks every cache entry, optionally re-runs `recompute` sampled tasks in
    /// a scratch directory and compares, and evaluates every expectation.
    /// - Parameters:
    ///   - plan: the plan of the manifests whose expectations to check.
    ///   - recompute: how many tasks to re-run (sampled with `sampleSeed`).
    ///   - sampleSeed: makes the sample reproducible.
    /// - Returns: the report.
    public func verify(_ plan: Plan, recompute: Int, sampleSeed: UInt64 = 1, log: (String) -> Void = { _ in }) throws -> VerificationReport {
        var report = VerificationReport()
        let (entries, temps) = store.listEntries()
        report.temporaries = temps.map(\.path)
        let verifier = EntryVerifier(store: store)
        for url in entries {
            report.entriesChecked += 1
            let problems = verifier.problems(at: url)
            if !problems.isEmpty { report.damaged.append((url.path, problems)) }
        }
        let damagedKeys = Set(report.damaged.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent })
        let absent = Set(plan.order.filter { !store.exists($0) || damagedKeys.contains($0) })
        var consumers: [String: [String]] = [:]
        for key in plan.order { for input in plan.tasks[key]!.inputs { consumers[input.key, default: []].append(key) } }
        for key in plan.order where absent.contains(key) {
            let users = consumers[key] ?? []
            let intermediate = !damagedKeys.contains(key) && !users.isEmpty && users.allSatisfy { !absent.contains($0) }
            if intermediate { report.pruned.append(plan.tasks[key]!.label) } else { report.missing.append(plan.tasks[key]!.label) }
        }

        if recompute > 0 {
            let candidates = plan.order.filter { store.exists($0) && !damagedKeys.contains($0) }
            var rng = SplitMix64(seed: sampleSeed)
            var pool = candidates
            var chosen: [String] = []
            while chosen.count < recompute && !pool.isEmpty {
                chosen.append(pool.remove(at: Int(rng.next() % UInt64(pool.count))))
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flrepro-verify-\(getpid())")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let runner = TaskRunner(registry: registry, inputStore: store, outputStore: ResultStore(root: scratch),
                                    build: BuildProvenance.current(repository: repositoryRoot))
            for key in chosen {
                let task = plan.tasks[key]!
                log("recomputing \(task.label) (\(task.shortKey))")
                do {
                    let fresh = try runner.compute(task, context: TaskContext())
                    let stored = try store.read(key)
                    report.recomputed.append((task.label, Self.compare(fresh, stored, registry[task.kind]!.reproducibility)))
                } catch {
                    report.recomputed.append((task.label, "recomputation failed: \(error)"))
                }
            }
        }
        for mp in plan.manifests {
            report.expectations += ExpectationChecker(evaluator: SeriesEvaluator(plan: mp, store: store)).checkAll()
        }
        return report
    }

    /// Compares two results under a reproducibility rule.
    /// - Returns: `nil` if they agree, else the first difference.
    static func compare(_ a: TaskResult, _ b: TaskResult, _ rule: Reproducibility) -> String? {
        if Set(a.arrays.keys) != Set(b.arrays.keys) || Set(a.scalars.keys) != Set(b.scalars.keys) {
            return "different outputs: \(a.arrays.keys.sorted() + a.scalars.keys.sorted()) vs \(b.arrays.keys.sorted() + b.scalars.keys.sorted())"
        }
        func agree(_ x: Double, _ y: Double) -> Bool {
            switch rule {
            case .bitIdentical: return x.bitPattern == y.bitPattern
            case let .tolerance(r, t): return x == y || abs(x - y) <= t + r * max(abs(x), abs(y))
            }
        }
        for name in a.arrays.keys.sorted() {
            let x = a.arrays[name]!, y = b.arrays[name]!
            guard x.shape == y.shape else { return "array \(name): shape \(x.shape) vs \(y.shape)" }
            for i in x.values.indices where !agree(x.values[i], y.values[i]) {
                return "array \(name)[\(i)]: \(x.values[i]) vs stored \(y.values[i]) (\(rule))"
            }
        }
        for name in a.scalars.keys.sorted() where !agree(a.scalars[name]!, b.scalars[name]!) {
            return "scalar \(name): \(a.scalars[name]!) vs stored \(b.scalars[name]!) (\(rule))"
        }
        return nil
    }
}
