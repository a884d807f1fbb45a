import Foundation

/// The state of one cache entry as seen by a plan.
public enum EntryState: Sendable, Equatable {
    case cached
    case missing
    /// The file exists but fails verification (it will be recomputed).
    case damaged([String])
}

/// Ties manifests, planner, store and executors together: what the
/// command-line tool calls.
public struct Workspace: Sendable {
    /// The repository (for git provenance).
    public var repositoryRoot: URL
    /// `experiments/`.
    public var experimentsRoot: URL
    /// The results directory of the chosen profile.
    public var resultsRoot: URL
    public var profile: String
    public var registry: TaskRegistry

    /// - Parameters:
    ///   - repositoryRoot: the checkout.
    ///   - profile: `smoke`, `default` or `paper` (or any profile a manifest names).
    ///   - results: the results directory; defaults to `results/` for the
    ///     default profile and `results-<profile>/` otherwise (only `results/`
    ///     is committed).
    ///   - registry: the task kinds.
    public init(repositoryRoot: URL, profile: String, results: URL? = nil, registry: TaskRegistry) {
        self.repositoryRoot = repositoryRoot.standardizedFileURL
        self.experimentsRoot = repositoryRoot.appendingPathComponent("experiments", isDirectory: true)
        self.profile = profile
        self.resultsRoot = (results ?? repositoryRoot.appendingPathComponent(profile == "default" ? "results" : "results-\(profile)", isDirectory: true)).standardizedFileURL
        self.registry = registry
    }

    public var store: ResultStore { ResultStore(root: resultsRoot) }
    public var loader: ManifestLoader { ManifestLoader(experimentsRoot: experimentsRoot) }

    /// Loads manifests (every manifest under `experiments/` when `paths` is empty).
    /// - Throws: `ManifestError` for the first bad manifest; figure names must be unique.
    public func loadManifests(_ paths: [String]) throws -> [Manifest] {
        let list = paths.isEmpty ? try loader.discover() : paths
        let manifests = try list.map { try loader.load($0, profile: profile) }
        var owners: [String: String] = [:]
        for m in manifests {
            for f in m.figures {
                let name = "\(m.paper)/\(f.id)"
                if let other = owners[name] {
                    throw ManifestError(file: m.file, path: KeyPath.join(f.path, "id"),
                                        message: "figure \(name) is also drawn by \(other); give this figure (or manifest) its own id")
                }
                owners[name] = m.file
            }
        }
        return manifests
    }

    /// Plans manifests.
    public func plan(_ manifests: [Manifest]) throws -> Plan {
        try Planner(registry: registry).plan(manifests)
    }

    /// Verifies the cache entry of every planned task.
    /// - Returns: key → state.
    public func states(of plan: Plan) -> [String: EntryState] {
        let verifier = EntryVerifier(store: store)
        var out: [String: EntryState] = [:]
        for key in plan.order {
            let url = store.url(for: key)
            if !FileManager.default.fileExists(atPath: url.path) { out[key] = .missing; continue }
            let problems = verifier.problems(at: url)
            out[key] = problems.isEmpty ? .cached : .damaged(problems)
        }
        return out
    }

    /// Runs every task of `plan` that is not intact in the cache.
    /// - Parameters:
    ///   - plan: the plan.
    ///   - jobs: tasks run at once.
    ///   - threadsPerTask: threads each task may use internally (results do not depend on it).
    ///   - executor: makes the executor from a runner (local pool or Slurm).
    ///   - log: receives user-facing messages.
    /// - Returns: the report (empty when nothing had to run).
    public func run(_ plan: Plan, jobs: Int, threadsPerTask: Int = 1, display: (Int) -> ProgressDisplay?,
                    executor makeExecutor: ((TaskRunner, Int, ProgressDisplay?) -> any Executor)? = nil,
                    log: (String) -> Void) throws -> ExecutionReport {
        let lock = try ResultsLock(results: resultsRoot, onWait: log)
        defer { lock.release() }
        store.removeStaleTemporaries()
        let states = self.states(of: plan)
        for key in plan.order {
            if case .damaged(let problems) = states[key]! {
                let dest = try store.quarantine(store.url(for: key))
                log("damaged cache entry \(key.prefix(12))… (\(problems.joined(separator: "; "))): moved to \(dest.path), recomputing")
            }
        }
        let todo = plan.order.filter { states[$0] != .cached }.map { plan.tasks[$0]! }
        let runner = TaskRunner(registry: registry, inputStore: store, build: BuildProvenance.current(repository: repositoryRoot))
        let d = display(todo.count)
        var local = LocalExecutor(runner: runner, jobs: jobs, display: d)
        local.threadsPerTask = threadsPerTask
        let executor = makeExecutor?(runner, jobs, d) ?? local
        let report = try executor.execute(todo, plan: plan)
        for mp in plan.manifests {
            // Only `explain` reads it: failing to record it (a full disk) must not hide the run's report.
            let url = PlanRecord.url(results: resultsRoot, manifest: mp.manifest)
            do { try PlanRecord(mp, plan: plan).write(to: url) } catch {
                log("warning: cannot record the plan in \(url.path): \(ResultStore.reason(error))")
            }
        }
        return report
    }
}
