import LinearAlgebra
import Networks
import Pipeline

/// `mfld.two_layer`: mean-field Langevin dynamics of `f_N(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)` from the O(1)
/// start `a ~ N(0, 1)`, `w ~ N(0, I_d/d)`, `b ~ N(0, 1)` (`MeanFieldLangevin`, `MeanFieldInitialization`).
/// Stores the final particles as `particles` `[N, d + 2]` with rows `[a, w_1…w_d, b]` (the layout the
/// atom-counting and identifiability kinds read), the loss and test-error traces, and opt-in snapshots.
struct MeanFieldLangevinKind: TaskKind {
    let name = "mfld.two_layer"
    let version = 2
    let summary = "Mean-field Langevin dynamics (μP) of f_N(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i): θ_i ← θ_i − η[(1/n) Σ_j r_j ∇_θ(a tanh(w·x_j + b))|θ_i + λ′θ_i] + √(2ηλ) ξ_i from a ~ N(0,1), w ~ N(0, I/d), b ~ N(0,1); per-particle noise streams"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("width", .integer(minimum: 1, maximum: 10_000_000), "N, the number of particles (hidden units)"),
        ParameterSpec("step_size", .number(minimum: 0, maximum: nil), "η > 0"),
        ParameterSpec("steps", .integer(minimum: 0, maximum: nil), "number of updates"),
        ParameterSpec("temperature", .number(minimum: 0, maximum: nil), "λ ≥ 0, the entropy weight: noise √(2ηλ) ξ (0: no noise)"),
        ParameterSpec("l2", .number(minimum: 0, maximum: nil), "λ′ ≥ 0, the weight decay"),
        ParameterSpec("record_every", .integer(minimum: 1, maximum: nil), default: .number(100),
                      "record loss and test error at states t = 0, k, 2k, … and at t = steps"),
        ParameterSpec("snapshots", .integer(minimum: 0, maximum: 10_000), default: .number(0),
                      "particle snapshots at evenly spaced states from 0 to steps (1: the final state; opt-in)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed (initial particles and noise, one stream per particle)"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.double("step_size") <= 0 { throw TaskParameterError("step_size", "must be positive") }
        if p.int("snapshots") > p.int("steps") + 1 {
            throw TaskParameterError("snapshots", "must be ≤ steps + 1 (= \(p.int("steps") + 1)) so that the states are distinct")
        }
    }

    /// About 1.5e-9 s per update × particle × training point × (d + 6), with d = 8 and n = 512 for unknown data.
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        1.5e-9 * Double(p.int("steps")) * Double(p.int("width")) * 512 * 14
    }

    /// The evenly spaced snapshot states `round(k·steps/(T − 1))`, `k < T` (`[steps]` for `T = 1`).
    /// - Parameters:
    ///   - count: `T` (≤ steps + 1).
    ///   - steps: the number of updates.
    /// - Returns: strictly increasing states.
    static func snapshotSteps(count: Int, steps: Int) -> [Int] {
        if count == 0 { return [] }
        if count == 1 { return [steps] }
        return (0..<count).map { k in (2 * k * steps + (count - 1)) / (2 * (count - 1)) }
    }

    /// The recorded states `0, k, 2k, …` and `steps`.
    static func recordSteps(every k: Int, steps: Int) -> [Int] {
        var s = Array(stride(from: 0, through: steps, by: k))
        if s.last != steps { s.append(steps) }
        return s
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try MeanFieldLangevinData(try request.input("data"))
        let n = p.int("width"), d = data.trainInputs.cols, steps = p.int("steps")
        let configuration = try MeanFieldLangevinConfiguration(
            stepSize: p.double("step_size"), steps: steps, temperature: p.double("temperature"), weightDecay: p.double("l2"),
            recordSteps: Self.recordSteps(every: p.int("record_every"), steps: steps),
            snapshotSteps: Self.snapshotSteps(count: p.int("snapshots"), steps: steps), seed: p.seed())
        let dynamics = MeanFieldLangevin(particles: MeanFieldInitialization.particles(count: n, inputDimension: d, seed: p.seed()),
                                         trainInputs: data.trainInputs, trainLabels: data.trainLabels,
                                         testInputs: data.testInputs, testLabels: data.testLabels, configuration: configuration)
        let context = request.context
        let r = try dynamics.run(threads: context.threads) { done, all in
            context.progress(Double(done) / Double(max(1, all)), "step \(done)/\(all)")
        }
        var arrays: [String: NDArray] = [
            "particles": NDArray(shape: [n, d + 2], values: r.finalParticles.values),
            "trace_steps": NDArray(r.recordSteps.map(Double.init)),
            "trace_loss": NDArray(r.trainLoss),
            "trace_test_error": NDArray(r.testError),
        ]
        if !r.snapshots.isEmpty {
            arrays["snapshot_particles"] = NDArray(shape: [r.snapshots.count, n, d + 2], values: r.snapshots.flatMap(\.values))
            arrays["snapshot_steps"] = NDArray(r.snapshotSteps.map(Double.init))
        }
        return TaskResult(arrays: arrays, scalars: [
            "final_loss": r.trainLoss.last!, "final_test_error": r.testError.last!,
        ], attributes: [
            "particle_layout": "rows [a, w_1..w_d, b] of f_N(x) = (1/N) sum_i a_i tanh(w_i.x + b_i)",
            "loss_convention": "trace_loss = (1/2n) sum_j (f_N(x_j) - y_j)^2; trace_test_error = (1/q) sum_k (f_N(x*_k) - y*_k)^2",
        ])
    }
}
