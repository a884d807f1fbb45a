import LinearAlgebra

/// The coupling measurement of propagation of chaos for `MeanFieldLangevin` (`mup-meanfield`, Figure 1).
///
/// A reference system of `M` particles and, for every width `N ≤ M`, a system started from the reference's
/// first `N` particles run the same dynamics with shared increments (particle `i`'s increments are a function
/// of `(seed, i, t)` only, see `MeanFieldLangevin`), so the width-`N` system sees exactly the first `N` rows of
/// the reference's increments. At each recorded state `t` it reports, on the test inputs,
/// `E_fun(N, t) = (1/q) Σ_k (f_N(x*_k) − f_M(x*_k))²` and `D_par(N, t) = (1/N) Σ_{i<N} |θ_i^N − θ_i^M|²`.
/// With `N = M` both are exactly 0 (the trajectories are bit-identical).
///
/// The systems run one after the other (each on all threads); the reference's particles are kept at the
/// recorded states (`recordSteps × M × (d + 2)` doubles).
public struct MeanFieldCoupling: Sendable {
    /// The reference system's initial particles, `M × (d + 2)`, rows `[a, w, b]`.
    public let referenceParticles: Matrix
    /// The widths `N`, each in `1…M`.
    public let widths: [Int]
    /// `X` (`n × d`).
    public let trainInputs: Matrix
    /// `y` (`n`).
    public let trainLabels: [Double]
    /// `X*` (`q × d`, `q ≥ 1`): where `E_fun` is measured.
    public let testInputs: Matrix
    /// `y*` (`q`).
    public let testLabels: [Double]
    /// The dynamics; `recordSteps` are the measured states (`snapshotSteps` are ignored).
    public let configuration: MeanFieldLangevinConfiguration

    /// A measurement (inputs are checked by `run`).
    /// - Parameters:
    ///   - referenceParticles: `M × (d + 2)`.
    ///   - widths: the `N`s (each ≤ `M`).
    ///   - trainInputs: `X`.
    ///   - trainLabels: `y`.
    ///   - testInputs: `X*` (at least one row).
    ///   - testLabels: `y*`.
    ///   - configuration: the dynamics and the recorded states.
    public init(referenceParticles: Matrix, widths: [Int], trainInputs: Matrix, trainLabels: [Double], testInputs: Matrix,
                testLabels: [Double], configuration: MeanFieldLangevinConfiguration) {
        self.referenceParticles = referenceParticles
        self.widths = widths
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
        self.configuration = configuration
    }

    /// The reference system's run settings (snapshots at the recorded states).
    private var referenceRun: MeanFieldLangevin {
        var c = configuration
        c.snapshotSteps = c.recordSteps
        return MeanFieldLangevin(particles: referenceParticles, trainInputs: trainInputs, trainLabels: trainLabels,
                                 testInputs: testInputs, testLabels: testLabels, configuration: c)
    }

    /// Checks the widths and the inputs.
    /// - Throws: `NetworkError` naming the first problem.
    public func validate() throws {
        let m = referenceParticles.rows
        guard !widths.isEmpty else { throw NetworkError.invalidParameter(name: "widths", value: "[]", requirement: "must name at least one width") }
        if let n = widths.first(where: { $0 < 1 || $0 > m }) {
            throw NetworkError.invalidParameter(name: "widths", value: "\(n)", requirement: "every width must be in 1…reference_width (= \(m))")
        }
        guard testInputs.rows >= 1 else {
            throw NetworkError.dimensionMismatch("the coupling measures E_fun on the test inputs: need at least one test input")
        }
        try referenceRun.validate()
    }

    /// Runs the reference and every width-`N` system.
    /// - Parameters:
    ///   - threads: workers over the particle blocks (≥ 1); results do not depend on it.
    ///   - progress: called with (updates done, updates total) over all systems.
    /// - Returns: `E_fun`, `D_par` and the reference's errors.
    /// - Throws: `NetworkError` for invalid inputs or a diverging system.
    public func run(threads: Int = 1, progress: (_ stepsDone: Int, _ stepsTotal: Int) -> Void = { _, _ in }) throws -> MeanFieldCouplingResult {
        try validate()
        let c = configuration, steps = c.steps
        let total = steps * (1 + widths.count)
        let reference = try referenceRun.run(threads: threads) { done, _ in progress(done, total) }
        let r = c.recordSteps.count, q = testInputs.rows, columns = referenceParticles.cols
        var functionError = Matrix(rows: widths.count, cols: r), parameterDistance = Matrix(rows: widths.count, cols: r)
        var system = c
        system.snapshotSteps = c.recordSteps
        for (w, n) in widths.enumerated() {
            let run = MeanFieldLangevin(particles: referenceParticles.rows(0..<n), trainInputs: trainInputs, trainLabels: trainLabels,
                                        testInputs: testInputs, testLabels: testLabels, configuration: system)
            let done = steps * (1 + w)
            let result = try run.run(threads: threads) { d, _ in progress(done + d, total) }
            for k in 0..<r {
                var e = 0.0
                for x in 0..<q {
                    let diff = result.testOutputs.values[k * q + x] - reference.testOutputs.values[k * q + x]
                    e += diff * diff
                }
                functionError.values[w * r + k] = e / Double(q)
                let own = result.snapshots[k].values, ref = reference.snapshots[k].values
                var s = 0.0
                for j in 0..<(n * columns) {
                    let diff = own[j] - ref[j]
                    s += diff * diff
                }
                parameterDistance.values[w * r + k] = s / Double(n)
            }
        }
        return MeanFieldCouplingResult(widths: widths, recordSteps: c.recordSteps, functionError: functionError,
                                       parameterDistance: parameterDistance, referenceTestError: reference.testError,
                                       referenceLoss: reference.trainLoss)
    }
}
