import LinearAlgebra
import Networks
import Pipeline

/// `mfld.coupled`: the coupling measurement of propagation of chaos (`MeanFieldCoupling`). A reference
/// system of `M` particles (O(1) start from `MeanFieldInitialization`) and, for every width `N`, the system
/// of its first `N` particles run mean-field Langevin dynamics with shared per-particle increments; stores
/// `E_fun(N, t)` on the data's test inputs and `D_par(N, t)`.
struct MeanFieldCouplingKind: TaskKind {
    let name = "mfld.coupled"
    let version = 2
    let summary = "Propagation of chaos by coupling: a reference MFLD system of M particles and width-N systems started from its first N particles with the same Gaussian increments; E_fun(N, t) = E_x (f_N − f_M)² on the test inputs and D_par(N, t) = (1/N) Σ_{i≤N} |θ_i^N − θ_i^M|²"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("reference_width", .integer(minimum: 1, maximum: 10_000_000), "M, the reference system's number of particles"),
        ParameterSpec("widths", .integerArray, "the widths N (each in 1…M) of the coupled systems"),
        ParameterSpec("step_size", .number(minimum: 0, maximum: nil), "η > 0"),
        ParameterSpec("steps", .integer(minimum: 0, maximum: nil), "number of updates"),
        ParameterSpec("temperature", .number(minimum: 0, maximum: nil), "λ ≥ 0, the entropy weight: noise √(2ηλ) ξ"),
        ParameterSpec("l2", .number(minimum: 0, maximum: nil), "λ′ ≥ 0, the weight decay"),
        ParameterSpec("record_steps", .integerArray, "the states t (strictly increasing, in 0…steps) at which E_fun and D_par are measured"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed (initial particles and noise, one stream per particle)"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.double("step_size") <= 0 { throw TaskParameterError("step_size", "must be positive") }
        let m = p.int("reference_width"), widths = p.ints("widths"), steps = p.int("steps"), record = p.ints("record_steps")
        if widths.isEmpty { throw TaskParameterError("widths", "must name at least one width") }
        if let n = widths.first(where: { $0 < 1 || $0 > m }) {
            throw TaskParameterError("widths", "every width must be in 1…reference_width (= \(m)); got \(n)")
        }
        if record.isEmpty { throw TaskParameterError("record_steps", "must name at least one state") }
        if let t = record.first(where: { $0 < 0 || $0 > steps }) {
            throw TaskParameterError("record_steps", "every state must be in 0…steps (= \(steps)); got \(t)")
        }
        if zip(record, record.dropFirst()).contains(where: { $0 >= $1 }) {
            throw TaskParameterError("record_steps", "must be strictly increasing")
        }
    }

    /// Like `mfld.two_layer` for `M + Σ N` particles.
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        let particles = p.int("reference_width") + p.ints("widths").reduce(0, +)
        return 1.5e-9 * Double(p.int("steps")) * Double(particles) * 512 * 14
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try MeanFieldLangevinData(try request.input("data"))
        let widths = p.ints("widths"), record = p.ints("record_steps")
        let configuration = try MeanFieldLangevinConfiguration(
            stepSize: p.double("step_size"), steps: p.int("steps"), temperature: p.double("temperature"), weightDecay: p.double("l2"),
            recordSteps: record, seed: p.seed())
        let coupling = MeanFieldCoupling(
            referenceParticles: MeanFieldInitialization.particles(count: p.int("reference_width"), inputDimension: data.trainInputs.cols,
                                                                  seed: p.seed()),
            widths: widths, trainInputs: data.trainInputs, trainLabels: data.trainLabels,
            testInputs: data.testInputs, testLabels: data.testLabels, configuration: configuration)
        let context = request.context
        let r = try coupling.run(threads: context.threads) { done, all in
            context.progress(Double(done) / Double(max(1, all)), "step \(done)/\(all)")
        }
        return TaskResult(arrays: [
            "widths": NDArray(widths.map(Double.init)),
            "record_steps": NDArray(record.map(Double.init)),
            "function_error": NDArray(shape: [widths.count, record.count], values: r.functionError.values),
            "parameter_distance": NDArray(shape: [widths.count, record.count], values: r.parameterDistance.values),
            "reference_test_error": NDArray(r.referenceTestError),
            "reference_loss": NDArray(r.referenceLoss),
        ], attributes: [
            "function_error": "E_fun(N, t) = (1/q) sum_k (f_N(x*_k) - f_M(x*_k))^2 on the test inputs; rows widths, columns record_steps",
            "parameter_distance": "D_par(N, t) = (1/N) sum_{i<N} |theta_i^N - theta_i^M|^2, theta = (a, w, b); rows widths, columns record_steps",
        ])
    }
}
