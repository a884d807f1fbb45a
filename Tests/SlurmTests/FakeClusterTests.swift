import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

@Suite("Slurm executor against a fake cluster", .serialized)
struct FakeClusterTests {
    @Test(arguments: [false, true])
    func failedJobSkipsItsDependentsAndResubmissionCompletesIdentically(forget: Bool) throws {
        let fake = try FakeSlurm(forget: forget)
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let local = try TemporaryDirectory(prefix: "flrepro-fake-local")
        defer { local.remove() }
        let binary = try #require(flreproBinary)

        let headBefore = gitHead()
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let data1 = try #require(plan.manifests[0].instances["data"]?.first { $0.label == "data[seed=1]" }).key
        let wrapper = try failingWrapper(at: fake.dir.url.appendingPathComponent("flrepro-failing"), key: data1,
                                          arrayPrefix: "data.teacher_student-", arrayIndex: 1)
        let first = try runOnSlurm(ws, plan, fake.options(binary: wrapper, arrays: 2))
        #expect(first.failures.map(\.key) == [data1])
        let message = try #require(first.failures.first?.message)
        #expect(message.contains("injected failure"), "\(message)")
        #expect(message.contains("log: \(results.url.path)/logs/"), "\(message)")
        let dependents = plan.orderedTasks.filter { $0.inputs.contains { $0.key == data1 } }.map(\.key)
        #expect(dependents.count == 9)
        #expect(Set(first.skipped) == Set(dependents))
        #expect(first.succeededCount == plan.order.count - 10)
        for k in dependents { #expect(!ws.store.exists(k)) }
        // Arrays for the independent tasks (data and theory), single jobs with afterok for the rest.
        let calls = fake.sbatchCalls
        #expect(calls.filter { $0.contains("--array=0-2") }.count == 2)
        #expect(calls.filter { $0.contains("--dependency=afterok:") && $0.contains("--kill-on-invalid-dep=yes") }.count == 27)

        // Re-submission: only the ten missing tasks, in single jobs.
        let second = try runOnSlurm(ws, plan, fake.options(binary: binary))
        #expect(second.outcomes.count == 10 && second.succeededCount == 10, "\(second.failures)")
        #expect(fake.sbatchCalls.count == calls.count + 10)
        // Looking for queued jobs asks for this user's by uid (`--me` needs Slurm 20.11).
        let lookUps = fake.squeueCalls.filter { $0.contains("--format=%i") && !$0.contains("--jobs=") }
        #expect(!lookUps.isEmpty && lookUps.allSatisfy { $0.contains("--user=\(getuid())") && !$0.contains("--me") }, "\(lookUps)")

        _ = try Workspace(repositoryRoot: repository, profile: "smoke", results: local.url, registry: StandardRegistry.registry)
            .run(plan, jobs: 2, display: { _ in nil }, log: { _ in })
        let differences = try cacheDifferences(results.url, local.url, sameCommit: gitHead() == headBefore)
        #expect(differences == [], "\(differences.joined(separator: "\n"))")
    }

    @Test func aJobThatExitsZeroWithoutAnIntactEntryIsAFailure() throws {
        let fake = try FakeSlurm()
        defer { fake.stop() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let liar = try writeScript(fake.dir.url.appendingPathComponent("liar"), "#!/bin/sh\necho 'pretending to work'\nexit 0\n")
        let report = try runOnSlurm(ws, plan, fake.options(binary: liar))
        let roots = plan.orderedTasks.filter { $0.inputs.isEmpty }.map(\.key)
        #expect(Set(report.failures.map(\.key)) == Set(roots))
        #expect(report.failures.allSatisfy { $0.message.contains("no cache entry") }, "\(report.failures)")
        #expect(report.succeededCount == 0)
        #expect(report.skipped.count == plan.order.count - roots.count)
    }
}
