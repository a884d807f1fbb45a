import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

@Suite("Slurm resources, manifest `resources`, plan files")
struct SlurmPlanTests {
    @Test func commandLineOverridesManifestDefaultsPerKind() throws {
        var o = SlurmResourceOverrides()
        try o.add(field: "time", "02:00:00")
        try o.add(field: "time", "kernel.krr=10")
        try o.add(field: "mem", "4G")
        try o.add(field: "cpus", "kernel.krr=2")
        try o.add(field: "partition", "short")
        let manifest = SlurmResources(partition: "long", time: "1-00:00:00", mem: "1G", cpus: 4)
        #expect(o.resources(kind: "kernel.krr", manifestDefault: manifest) == SlurmResources(partition: "short", time: "10", mem: "4G", cpus: 2))
        #expect(o.resources(kind: "data.teacher_student", manifestDefault: manifest) == SlurmResources(partition: "short", time: "02:00:00", mem: "4G", cpus: 4))
        #expect(SlurmResourceOverrides().resources(kind: "x", manifestDefault: manifest) == manifest)
        #expect(SlurmResources(account: "a", time: "5", cpus: 2).sbatchArguments == ["--account=a", "--time=5", "--cpus-per-task=2"])
    }

    @Test(arguments: [("time", "2h"), ("time", "1-2-3"), ("mem", "4GB"), ("mem", ""), ("cpus", "0"), ("cpus", "two"), ("partition", "a b"), ("time", "=5")])
    func malformedCommandLineValuesAreRejected(field: String, value: String) {
        var o = SlurmResourceOverrides()
        #expect(throws: SlurmError.self) { try o.add(field: field, value) }
    }

    @Test func validTimeSpellings() {
        for t in ["30", "30:00", "01:30:00", "2-0", "2-12:00", "2-12:00:00", "UNLIMITED"] { #expect(SlurmResources.isValidTime(t), "\(t)") }
    }

    /// The learning-curves manifest with `resources` added, in a scratch experiments tree.
    func manifest(resources: String) throws -> (TemporaryDirectory, ManifestLoader, String) {
        let dir = try TemporaryDirectory(prefix: "flrepro-slurm-manifest")
        let text = try String(contentsOf: repository.appendingPathComponent(learningCurves), encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\n  \"tasks\": {", with: "\n  \"resources\": \(resources),\n  \"tasks\": {")
        #expect(edited != text)
        let url = dir.url.appendingPathComponent("experiments/krr/learning-curves.json")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(edited.utf8).write(to: url)
        return (dir, ManifestLoader(experimentsRoot: dir.url.appendingPathComponent("experiments")), url.path)
    }

    @Test func manifestResourcesAreReadAndDoNotChangeKeys() throws {
        let (dir, loader, path) = try manifest(resources: #"{"kernel.krr": {"time": "00:10:00", "mem": "2G", "cpus": 2, "partition": "short"}}"#)
        defer { dir.remove() }
        let m = try loader.load(path, profile: "smoke")
        #expect(m.resources == ["kernel.krr": SlurmResources(partition: "short", time: "00:10:00", mem: "2G", cpus: 2)])
        let original = try ManifestLoader(experimentsRoot: repository.appendingPathComponent("experiments")).load(repository.appendingPathComponent(learningCurves).path, profile: "smoke")
        let planner = Planner(registry: StandardRegistry.registry)
        #expect(try planner.plan([m]).order == planner.plan([original]).order)
    }

    @Test(arguments: [
        (#"{"kernel.nope": {"time": "10"}}"#, "resources.kernel.nope", "no task of this manifest has kind"),
        (#"{"kernel.krr": {"time": "ten"}}"#, "resources.kernel.krr.time", "Slurm time limit"),
        (#"{"kernel.krr": {"mem": "2 GB"}}"#, "resources.kernel.krr.mem", "memory size"),
        (#"{"kernel.krr": {"cpus": 0}}"#, "resources.kernel.krr.cpus", "at least 1"),
        (#"{"kernel.krr": {"account": "a"}}"#, "resources.kernel.krr.account", "unknown key"),
        (#"[1]"#, "resources", "expected object"),
    ])
    func badManifestResourcesNameTheKeyPath(resources: String, path: String, message: String) throws {
        let (dir, loader, file) = try manifest(resources: resources)
        defer { dir.remove() }
        let error = #expect(throws: ManifestError.self) { try loader.load(file, profile: "smoke") }
        #expect(error?.path == path, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func planFilesRoundTripAndRebuildTheSameTasks() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-slurm-plan")
        defer { dir.remove() }
        let (_, plan) = try smokeWorkspace(results: dir.url)
        let tasks = plan.orderedTasks
        let entries = tasks.enumerated().map { i, t in
            SlurmPlanFile.Task(t, resources: SlurmResources(time: "5"), jobName: "fl-\(t.kind)-\(t.shortKey)",
                               array: i < 3 ? "data-0" : nil, arrayIndex: i < 3 ? i : nil)
        }
        let file = SlurmPlanFile(id: "20250101-000000-abcdef", results: dir.url.path, root: repository.path, profile: "smoke",
                                 manifests: [learningCurves], tasks: entries, arrays: [("data-0", tasks.prefix(3).map(\.key))])
        let url = SlurmPlanFile.url(results: dir.url, id: file.id)
        try file.write(to: url)
        let back = try SlurmPlanFile.load(results: dir.url, id: nil)
        #expect(back.id == file.id && back.tasks.count == tasks.count && back.profile == "smoke")
        for t in tasks {
            let rebuilt = try #require(back.task(t.key)).plannedTask(registry: StandardRegistry.registry)
            #expect(rebuilt.key == t.key)
            #expect(rebuilt.canonicalParameters == t.canonicalParameters)
            #expect(rebuilt.inputs.map(\.key) == t.inputs.map(\.key) && rebuilt.inputs.map(\.name) == t.inputs.map(\.name))
            #expect(rebuilt.labels == t.labels && rebuilt.version == t.version)
        }
        #expect(try SlurmTaskJob.key(in: back, key: nil, arrayGroup: "data-0", arrayIndex: 2) == tasks[2].key)
        #expect(try SlurmTaskJob.key(in: back, key: String(tasks[5].key.prefix(16)), arrayGroup: nil, arrayIndex: nil) == tasks[5].key)
        #expect(throws: SlurmError.self) { try SlurmTaskJob.key(in: back, key: nil, arrayGroup: "data-0", arrayIndex: 3) }
        #expect(throws: SlurmError.self) { try SlurmTaskJob.key(in: back, key: nil, arrayGroup: "data-0", arrayIndex: nil) }

        // An edited parameter no longer matches the key: exec-task refuses to run it.
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"ridge\":0.09", with: "\"ridge\":0.1")
        try Data(text.utf8).write(to: url)
        let tampered = try SlurmPlanFile.load(url)
        let krr = try #require(tasks.first { $0.kind == "kernel.krr" })
        #expect(throws: SlurmError.self) { try tampered.task(krr.key)!.plannedTask(registry: StandardRegistry.registry) }
    }

    @Test func jobRecordsAppendAndTheLastLineWins() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-slurm-jobs")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("slurm/p.jobs")
        let k = String(repeating: "a", count: 64)
        try SlurmJobRecord.append([SlurmJobRecord(key: k, jobID: "1", log: "/l/1 with space.log", origin: .submitted)], to: url)
        try SlurmJobRecord.append([SlurmJobRecord(key: k, jobID: "7_3", log: "/l/7_3.log", origin: .queued)], to: url)
        #expect(SlurmJobRecord.read(url)[k] == SlurmJobRecord(key: k, jobID: "7_3", log: "/l/7_3.log", origin: .queued))
        // With the submission time (to the millisecond), and lines of the first format (no time).
        let when = Date(timeIntervalSince1970: 1_750_000_000.1234)
        let timed = SlurmJobRecord(key: k, jobID: "9", log: "/l/9\twith tab.log", origin: .submitted, submitted: when)
        try SlurmJobRecord.append([timed], to: url)
        #expect(SlurmJobRecord.read(url)[k] == timed)
        #expect(abs(SlurmJobRecord.read(url)[k]!.submitted!.timeIntervalSince(when)) < 0.001)
        let old = String(repeating: "b", count: 64)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(old)\t12\tsubmitted\t/l/old 12.log\n".utf8))
        try handle.close()
        #expect(SlurmJobRecord.read(url)[old] == SlurmJobRecord(key: old, jobID: "12", log: "/l/old 12.log", origin: .submitted))
    }
}
