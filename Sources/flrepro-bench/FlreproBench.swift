import Foundation
import Pipeline
import TaskKinds

/// `flrepro-bench`: benchmarks printed by `make bench`.
///
/// `flrepro-bench sgld SIZE CHAINS THREADS` and `flrepro-bench dgemm THREADS`: see `SGLDBenchmark`.
/// `flrepro-bench mfparticles`: mean-field particle step against SGLD step, see `MeanFieldParticleBenchmark`.
/// `flrepro-bench mfld THREADS`: coupled mean-field Langevin steps per second, see `MeanFieldLangevinBenchmark`.
///
/// `flrepro-bench plan N M` writes a manifest with N data tasks and N·M kernel
/// tasks (one input each), then times loading + planning it (best of 5) and
/// prints one JSON line: {"benchmark": "planner", "tasks": …, "seconds": …}.
@main
struct FlreproBench {
    static func main() throws {
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "sgld", args.count == 4, let c = Int(args[2]), let t = Int(args[3]) {
            print(try SGLDBenchmark.run(size: args[1], chains: c, threads: t))
            return
        }
        if args.first == "mfparticles", args.count == 1 {
            for line in try MeanFieldParticleBenchmark.run() { print(line) }
            return
        }
        if args.first == "mfld", args.count == 2, let t = Int(args[1]) {
            print(try MeanFieldLangevinBenchmark.run(threads: t))
            return
        }
        if args.first == "dgemm", args.count == 2, let t = Int(args[1]) {
            print(SGLDBenchmark.dgemm(threads: t))
            return
        }
        guard args.first == "plan", args.count == 3, let n = Int(args[1]), let m = Int(args[2]) else {
            FileHandle.standardError.write(Data("usage: flrepro-bench plan N M | sgld SIZE CHAINS THREADS | dgemm THREADS | mfparticles | mfld THREADS\n".utf8))
            exit(2)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flrepro-bench-\(getpid())")
        let experiments = dir.appendingPathComponent("experiments/bench")
        try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = """
        {"schema": "flrepro/manifest@1", "paper": "bench", "id": "plan", "title": "planner benchmark", "description": "synthetic",
         "parameters": {"d": 10},
         "sweeps": {"seed": {"range": {"stop": \(n)}}, "ridge": {"linspace": {"start": 0.01, "stop": 1, "count": \(m)}}},
         "tasks": {
           "data": {"kind": "data.teacher_student", "foreach": ["seed"], "params": {"dimension": "$d", "train_count": 100, "seed": "$seed"}},
           "krr": {"kind": "kernel.krr", "foreach": ["seed", "ridge"], "inputs": {"data": "data"}, "params": {"activation": "relu", "ridge": "$ridge"}}
         }}
        """
        let path = experiments.appendingPathComponent("plan.json")
        try Data(manifest.utf8).write(to: path)
        let ws = Workspace(repositoryRoot: dir, profile: "default", registry: StandardRegistry.registry)
        var best = Double.infinity
        var count = 0
        for _ in 0..<5 {
            let start = Date()
            let plan = try ws.plan(try ws.loadManifests([path.path]))
            best = min(best, Date().timeIntervalSince(start))
            count = plan.order.count
        }
        print("{\"benchmark\": \"planner\", \"tasks\": \(count), \"seconds\": \(best)}")
    }
}
