import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// The repository checkout these tests live in.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The manifest the Slurm tests run (smoke profile: 33 tasks, three dependency levels).
let learningCurves = "experiments/krr/learning-curves.json"

/// The flrepro binary built beside this test bundle.
var flreproBinary: String? {
    let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [bundleDir.appendingPathComponent("flrepro").path,
                      bundleDir.deletingLastPathComponent().appendingPathComponent("flrepro").path,
                      repository.appendingPathComponent(".build-test/release/flrepro").path,
                      repository.appendingPathComponent(".build/release/flrepro").path]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs the flrepro binary in the repository.
func flrepro(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let bin = try #require(flreproBinary, "build the flrepro product first (make test does)")
    return try runProcess(bin, args, environment: environment, currentDirectory: repository.path)
}

/// Runs a program with `posix_spawn` and `waitpid`, its output going to
/// temporary files: for scripts that start daemons, where Foundation's
/// `Process` was seen never to notice the script's exit.
func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> (status: Int32, stdout: String, stderr: String) {
    let scratch = try TemporaryDirectory(prefix: "flrepro-spawn")
    defer { scratch.remove() }
    let out = scratch.path("stdout"), err = scratch.path("stderr")
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard rc == 0 else { throw SlurmError("cannot run \(executable): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (code, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
}

/// Writes an executable shell script.
@discardableResult
func writeScript(_ url: URL, _ body: String) throws -> String {
    try Data(body.utf8).write(to: url)
    chmod(url.path, 0o755)
    return url.path
}

/// A wrapper around flrepro that fails (exit 3, "injected failure") when its
/// arguments contain `key`, or when it runs element `arrayIndex` of a job
/// array whose group name starts with `arrayPrefix`; otherwise it execs flrepro.
func failingWrapper(at url: URL, key: String? = nil, arrayPrefix: String? = nil, arrayIndex: Int = 1) throws -> String {
    let bin = try #require(flreproBinary)
    var cases: [String] = []
    if let key { cases.append("*\(key)*") }
    if let arrayPrefix { cases.append("*\"--array-group \(arrayPrefix)\"*\" \(arrayIndex)\"") }
    return try writeScript(url, """
    #!/bin/sh
    case "$* ${SLURM_ARRAY_TASK_ID:-}" in
      \(cases.joined(separator: "|"))) echo "injected failure" >&2; exit 3 ;;
    esac
    exec '\(bin)' "$@"

    """)
}

/// The plan of the learning-curves manifest (smoke profile) in a results directory.
func smokeWorkspace(results: URL) throws -> (Workspace, Plan) {
    let ws = Workspace(repositoryRoot: repository, profile: "smoke", results: results, registry: StandardRegistry.registry)
    let plan = try ws.plan(try ws.loadManifests([repository.appendingPathComponent(learningCurves).path]))
    return (ws, plan)
}

/// The checkout's HEAD commit (nil without git).
func gitHead() -> String? {
    guard let r = try? runProcess("git", ["-C", repository.path, "rev-parse", "HEAD"]), r.status == 0 else { return nil }
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Provenance attributes that legitimately differ between two executions.
let timingProvenance: Set<String> = ["started_utc", "finished_utc", "wall_seconds"]

/// Differences between the cache entries of two results directories: the same
/// keys, bit-identical arrays and scalars, equal attributes, and equal
/// provenance apart from the timing.
/// - Parameter sameCommit: whether HEAD stayed the same between the two runs (else `git_commit`
///   and `git_dirty` may legitimately differ: someone committed while the test ran).
func cacheDifferences(_ a: URL, _ b: URL, sameCommit: Bool = true) throws -> [String] {
    let ignored = timingProvenance.union(sameCommit ? [] : ["git_commit", "git_dirty"])
    let sa = ResultStore(root: a), sb = ResultStore(root: b)
    let ka = Set(sa.listEntries().entries.map { $0.deletingPathExtension().lastPathComponent })
    let kb = Set(sb.listEntries().entries.map { $0.deletingPathExtension().lastPathComponent })
    var out: [String] = []
    if ka != kb {
        out.append("keys differ: only in \(a.lastPathComponent): \(ka.subtracting(kb).count), only in \(b.lastPathComponent): \(kb.subtracting(ka).count)")
    }
    for key in ka.intersection(kb).sorted() {
        let ra = try sa.read(key), rb = try sb.read(key)
        if Set(ra.arrays.keys) != Set(rb.arrays.keys) { out.append("\(key.prefix(12)): array names differ") }
        for (name, x) in ra.arrays where !(rb.arrays[name].map { x.isBitIdentical(to: $0) } ?? false) {
            out.append("\(key.prefix(12)): /data/\(name) differs")
        }
        if Set(ra.scalars.keys) != Set(rb.scalars.keys) { out.append("\(key.prefix(12)): scalar names differ") }
        for (name, x) in ra.scalars where rb.scalars[name]?.bitPattern != x.bitPattern {
            out.append("\(key.prefix(12)): /scalars/\(name) differs")
        }
        if ra.attributes != rb.attributes { out.append("\(key.prefix(12)): attributes differ") }
        let pa = try sa.provenance(at: sa.url(for: key)), pb = try sb.provenance(at: sb.url(for: key))
        for name in Set(pa.keys).union(pb.keys).subtracting(ignored).sorted() where pa[name] != pb[name] {
            out.append("\(key.prefix(12)): provenance \(name) differs: \(pa[name] ?? "nil") vs \(pb[name] ?? "nil")")
        }
    }
    return out
}
