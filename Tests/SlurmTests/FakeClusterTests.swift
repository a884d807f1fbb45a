import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// A stand-in for Slurm made of four shell scripts: `sbatch` runs each job at
/// once (array elements one after the other; a job whose `afterok`
/// dependency did not complete is cancelled with `DependencyNeverSatisfied`),
/// and `squeue` answers from the recorded states, or not at all once the
/// controller has "forgotten" them. It checks the executor's bookkeeping
/// where no real cluster can be started; `SlurmClusterTests` uses the real daemons.
struct FakeSlurm {
    let dir: TemporaryDirectory
    let tools: SlurmTools

    /// - Parameter forget: squeue knows no finished job (as after `MinJobAge`), so the executor must decide from the cache.
    init(forget: Bool = false) throws {
        dir = try TemporaryDirectory(prefix: "flrepro-fake-cluster")
        let d = dir.url.path
        try Data().write(to: dir.url.appendingPathComponent("states"))
        let sbatch = try writeScript(dir.url.appendingPathComponent("sbatch"), #"""
        #!/bin/bash
        d='\#(d)'
        out=""; array=""; dep=""
        for a in "$@"; do
          case "$a" in
            --output=*) out=${a#--output=} ;;
            --array=*) array=${a#--array=0-} ;;
            --dependency=afterok:*) dep=${a#--dependency=afterok:} ;;
          esac
        done
        echo "$@" >> "$d/sbatch.args"
        id=$(( $(cat "$d/next" 2>/dev/null || echo 100) + 1 )); echo $id > "$d/next"
        cat > "$d/job-$id.sh"
        run() { # job id, log
          for x in ${dep//:/ }; do
            if ! grep -q "^$x|COMPLETED|" "$d/states"; then echo "$1|CANCELLED|DependencyNeverSatisfied" >> "$d/states"; return; fi
          done
          if sh "$d/job-$id.sh" >> "$2" 2>&1; then echo "$1|COMPLETED|None" >> "$d/states"; else echo "$1|FAILED|NonZeroExitCode" >> "$d/states"; fi
        }
        if [ -n "$array" ]; then
          for i in $(seq 0 "$array"); do
            log=${out//%A/$id}; log=${log//%a/$i}
            export SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i
            run "${id}_$i" "$log"
          done
        else
          log=${out//%j/$id}
          export SLURM_JOB_ID=$id
          run "$id" "$log"
        fi
        echo "$id"

        """#)
        let squeue = try writeScript(dir.url.appendingPathComponent("squeue"), #"""
        #!/bin/bash
        d='\#(d)'
        ids=""
        for a in "$@"; do case "$a" in --jobs=*) ids=${a#--jobs=} ;; esac; done
        [ -z "$ids" ] && exit 0
        \#(forget ? "exit 0" : "")
        for i in ${ids//,/ }; do grep "^$i|" "$d/states" | tail -n 1; done
        exit 0

        """#)
        let sacct = try writeScript(dir.url.appendingPathComponent("sacct"), "#!/bin/sh\necho 'Slurm accounting storage is disabled' >&2\nexit 1\n")
        let scancel = try writeScript(dir.url.appendingPathComponent("scancel"), "#!/bin/sh\necho \"$@\" >> '\(d)/scancel.args'\n")
        tools = SlurmTools(sbatch: sbatch, squeue: squeue, sacct: sacct, scancel: scancel)
    }

    var sbatchCalls: [String] {
        ((try? String(contentsOfFile: dir.path("sbatch.args"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

@Suite("Slurm executor against a fake cluster", .serialized)
struct FakeClusterTests {
    func options(_ fake: FakeSlurm, binary: String, arrays: Int = 0) throws -> SlurmExecutorOptions {
        var o = SlurmExecutorOptions(binary: binary, repositoryRoot: repository, profile: "smoke")
        o.tools = fake.tools
        o.retry = SlurmRetryPolicy(attempts: 2, initialDelay: 0.01)
        o.pollInterval = 0.05
        o.pollMaximumInterval = 0.2
        o.arrayMinimum = arrays
        return o
    }

    func run(_ ws: Workspace, _ plan: Plan, _ o: SlurmExecutorOptions) throws -> ExecutionReport {
        try ws.run(plan, jobs: 1, display: { _ in nil }, executor: { runner, _, d in
            SlurmExecutor(runner: runner, options: o, display: d, log: { _ in })
        }, log: { _ in })
    }

    @Test(arguments: [false, true])
    func failedJobSkipsItsDependentsAndResubmissionCompletesIdentically(forget: Bool) throws {
        let fake = try FakeSlurm(forget: forget)
        defer { fake.dir.remove() }
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
        let first = try run(ws, plan, try options(fake, binary: wrapper, arrays: 2))
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
        let second = try run(ws, plan, try options(fake, binary: binary))
        #expect(second.outcomes.count == 10 && second.succeededCount == 10, "\(second.failures)")
        #expect(fake.sbatchCalls.count == calls.count + 10)

        _ = try Workspace(repositoryRoot: repository, profile: "smoke", results: local.url, registry: StandardRegistry.registry)
            .run(plan, jobs: 2, display: { _ in nil }, log: { _ in })
        let differences = try cacheDifferences(results.url, local.url, sameCommit: gitHead() == headBefore)
        #expect(differences == [], "\(differences.joined(separator: "\n"))")
    }

    @Test func aJobThatExitsZeroWithoutAnIntactEntryIsAFailure() throws {
        let fake = try FakeSlurm()
        defer { fake.dir.remove() }
        let results = try TemporaryDirectory(prefix: "flrepro-fake-results")
        defer { results.remove() }
        let (ws, plan) = try smokeWorkspace(results: results.url)
        let liar = try writeScript(fake.dir.url.appendingPathComponent("liar"), "#!/bin/sh\necho 'pretending to work'\nexit 0\n")
        let report = try run(ws, plan, try options(fake, binary: liar))
        let roots = plan.orderedTasks.filter { $0.inputs.isEmpty }.map(\.key)
        #expect(Set(report.failures.map(\.key)) == Set(roots))
        #expect(report.failures.allSatisfy { $0.message.contains("no cache entry") }, "\(report.failures)")
        #expect(report.succeededCount == 0)
        #expect(report.skipped.count == plan.order.count - roots.count)
    }
}
