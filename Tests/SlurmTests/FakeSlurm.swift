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
///
/// Like sbatch it expands `%%`, `%j`, `%A`, `%a`, `%x` and `%u` in `--output`
/// (none at all when the path holds a backslash) and starts the job in `--chdir`.
/// With `pend` set, `sbatch` returns at once and each job (array element) runs in
/// the background: PENDING with `pendReason` for `pend` seconds (or until
/// `release()`), then PENDING
/// (Dependency) until its `afterok` jobs have ended, then RUNNING. With `hide`
/// set, `squeue` does not list a job until that many seconds after its submission
/// (a busy controller).
struct FakeSlurm {
    let dir: TemporaryDirectory
    let tools: SlurmTools

    /// - Parameters:
    ///   - forget: squeue knows no job at all (as after `MinJobAge`), so the executor must decide from the cache.
    ///   - pend: run the jobs in the background after this many seconds (nil: inside `sbatch`).
    ///   - pendReason: the reason squeue gives during `pend` (e.g. `JobHeldUser`).
    ///   - hide: seconds after its submission during which squeue does not list a job.
    ///   - releasable: a job's `pend` phase also ends once `release()` has been called.
    init(forget: Bool = false, pend: Double? = nil, pendReason: String = "Priority", releasable: Bool = false, hide: Double = 0) throws {
        dir = try TemporaryDirectory(prefix: "flrepro-fake-cluster")
        let d = dir.url.path
        try Data().write(to: dir.url.appendingPathComponent("states"))
        let sbatch = try writeScript(dir.url.appendingPathComponent("sbatch"), #"""
        #!/bin/bash
        d='\#(d)'
        pend='\#(pend.map { String($0) } ?? "")'
        reason='\#(pendReason)'
        release='\#(releasable ? "yes" : "")'
        out=""; array=""; dep=""; name=""; chdir=""
        for a in "$@"; do
          case "$a" in
            --output=*) out=${a#--output=} ;;
            --array=*) array=${a#--array=0-} ;;
            --dependency=afterok:*) dep=${a#--dependency=afterok:} ;;
            --job-name=*) name=${a#--job-name=} ;;
            --chdir=*) chdir=${a#--chdir=} ;;
          esac
        done
        echo "$@" >> "$d/sbatch.args"
        id=$(( $(cat "$d/next" 2>/dev/null || echo 100) + 1 )); echo $id > "$d/next"
        date +%s%3N > "$d/submitted-$id"
        cat > "$d/job-$id.sh"
        expand() { # sbatch's filename patterns: pattern, job id, array job id, array index
          local p=$1 r="" c
          if [[ $p == *\\* ]]; then printf '%s' "${p//\\/}"; return; fi
          while [ -n "$p" ]; do
            c=${p:0:1}; p=${p:1}
            if [ "$c" = % ] && [ -n "$p" ]; then
              c=${p:0:1}; p=${p:1}
              case "$c" in
                %) r+=% ;; j) r+=$2 ;; A) r+=$3 ;; a) r+=$4 ;; x) r+=$name ;; u) r+=$(id -un) ;; *) r+="%$c" ;;
              esac
            else
              r+=$c
            fi
          done
          printf '%s' "$r"
        }
        st() { echo "$1|$2|$3" >> "$d/states"; }
        \#(FakeSlurm.closeDescriptors)
        deps() { # 0: all completed, 1: one did not complete, 2: one has not ended yet
          local x s
          for x in ${dep//:/ }; do
            s=$(grep "^$x|" "$d/states" | tail -n 1 | cut -d'|' -f2)
            case "$s" in COMPLETED) ;; PENDING|RUNNING) return 2 ;; *) return 1 ;; esac
          done
          return 0
        }
        run() { # job id, log
          local r
          if [ -n "$pend" ]; then
            if [ -n "$release" ]; then
              end=$(( ${EPOCHREALTIME%.*} + ${pend%.*} ))
              while [ ! -e "$d/release" ] && [ ${EPOCHREALTIME%.*} -lt $end ]; do sleep 0.1; [ -d "$d" ] || exit 0; done
            else
              sleep "$pend"
            fi
            [ -d "$d" ] || exit 0
            deps; r=$?
            if [ $r = 2 ]; then st "$1" PENDING Dependency; fi
            while [ $r = 2 ]; do sleep 0.1; [ -d "$d" ] || exit 0; deps; r=$?; done
          else
            deps; r=$?
          fi
          if [ $r != 0 ]; then st "$1" CANCELLED DependencyNeverSatisfied; return; fi
          [ -n "$pend" ] && st "$1" RUNNING None
          if (cd "${chdir:-.}" && sh "$d/job-$id.sh") >> "$2" 2>&1; then st "$1" COMPLETED None; else st "$1" FAILED NonZeroExitCode; fi
        }
        start() { # job id, log
          if [ -n "$pend" ]; then
            st "$1" PENDING "$reason"
            ( closefds; run "$1" "$2" ) </dev/null >/dev/null 2>&1 &
            echo $! >> "$d/pids"
          else
            run "$1" "$2"
          fi
        }
        if [ -n "$array" ]; then
          for i in $(seq 0 "$array"); do
            export SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$i
            start "${id}_$i" "$(expand "$out" "${id}_$i" "$id" "$i")"
          done
        else
          export SLURM_JOB_ID=$id
          start "$id" "$(expand "$out" "$id" "$id" "")"
        fi
        echo "$id"

        """#)
        let squeue = try writeScript(dir.url.appendingPathComponent("squeue"), #"""
        #!/bin/bash
        d='\#(d)'
        echo "$@" >> "$d/squeue.args"
        \#(forget ? "exit 0" : "")
        now=$(date +%s%3N)
        visible() { local t; t=$(cat "$d/submitted-${1%%_*}" 2>/dev/null || echo 0); [ $((now - t)) -ge \#(Int(hide * 1000)) ]; }
        ids=""
        for a in "$@"; do case "$a" in --jobs=*) ids=${a#--jobs=} ;; esac; done
        if [ -z "$ids" ]; then  # the user's pending and running jobs
          for i in $(cut -d'|' -f1 "$d/states" | sort -u); do
            case "$(grep "^$i|" "$d/states" | tail -n 1 | cut -d'|' -f2)" in PENDING|RUNNING) visible "$i" && echo "$i" ;; esac
          done
          exit 0
        fi
        for i in ${ids//,/ }; do visible "$i" && grep "^$i|" "$d/states" | tail -n 1; done
        exit 0

        """#)
        let sacct = try writeScript(dir.url.appendingPathComponent("sacct"), "#!/bin/sh\necho 'Slurm accounting storage is disabled' >&2\nexit 1\n")
        let scancel = try writeScript(dir.url.appendingPathComponent("scancel"), "#!/bin/sh\necho \"$@\" >> '\(d)/scancel.args'\n")
        tools = SlurmTools(sbatch: sbatch, squeue: squeue, sacct: sacct, scancel: scancel)
    }

    /// The argument lines `sbatch` was called with.
    var sbatchCalls: [String] { lines("sbatch.args") }
    /// The argument lines `squeue` was called with.
    var squeueCalls: [String] { lines("squeue.args") }

    private func lines(_ name: String) -> [String] {
        ((try? String(contentsOfFile: dir.path(name), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Ends the `pend` phase of every job (`releasable` fakes).
    func release() { FileManager.default.createFile(atPath: dir.path("release"), contents: Data()) }

    /// The script job `id` runs.
    func jobScript(_ id: Int) -> String { (try? String(contentsOfFile: dir.path("job-\(id).sh"), encoding: .utf8)) ?? "" }

    /// Stops the background jobs it started (by their process ids) and removes its directory.
    /// (SIGKILL: children of the test process may inherit a mask that blocks SIGTERM.)
    func stop() {
        for line in lines("pids") { if let pid = pid_t(line) { kill(pid, SIGKILL) } }
        dir.remove()
    }

    /// A bash function `closefds` that closes every descriptor but 0, 1, 2 and bash's own 255. A
    /// background process must call it: Foundation's `Process` notices a child's exit only once
    /// every holder of a descriptor it gave the child has closed it.
    static let closeDescriptors = #"""
    closefds() { local f; for f in $(ls /proc/$BASHPID/fd); do case $f in 0|1|2|255) ;; *) eval "exec $f>&-" ;; esac; done 2>/dev/null; }
    """#
}

extension FakeSlurm {
    /// Executor options for this fake: quick polls and retries, short grace periods and latency wait.
    func options(binary: String, arrays: Int = 0) -> SlurmExecutorOptions {
        var o = SlurmExecutorOptions(binary: binary, repositoryRoot: repository, profile: "smoke")
        o.tools = tools
        o.retry = SlurmRetryPolicy(attempts: 2, initialDelay: 0.01)
        o.pollInterval = 0.05
        o.pollMaximumInterval = 0.2
        o.arrayMinimum = arrays
        o.absentGrace = 0.3
        o.unseenGrace = 1
        o.latencyWait = 0.3
        return o
    }
}

/// Runs a plan's missing tasks with the Slurm executor.
/// - Parameter log: receives the executor's messages.
func runOnSlurm(_ ws: Workspace, _ plan: Plan, _ o: SlurmExecutorOptions,
                log: @escaping @Sendable (String) -> Void = { _ in }) throws -> ExecutionReport {
    try ws.run(plan, jobs: 1, display: { _ in nil }, executor: { runner, _, d in
        SlurmExecutor(runner: runner, options: o, display: d, log: log)
    }, log: { _ in })
}
