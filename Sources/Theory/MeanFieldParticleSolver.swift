import Dispatch
import Foundation
import LinearAlgebra
import Networks

/// The empirical (finite-P) particle solver of the plain mean-field (MF) and MF-ARD theories of a
/// two-layer ReLU network `f(x) = N^{−½} Σ_i a_i φ(w_i·x)` (Göring et al., arXiv 2510.15174, γ = ½).
///
/// Product ansatz `q(θ) = Π_i q(w_i, a_i)`; with the readout integrated out each neuron's read-in
/// weights have the measure `q(w) ∝ exp(−U(w))`,
///
///     U(w) = ½ (d/σ_w²) Σ_j ρ̄_j w_j² + ½ log A(w) − h(w)²/(2A(w)),
///     A = 1/σ_a² + B N⁻¹ Σ_μ φ_μ(w)²,   h = B N^{−½} Σ_μ φ_μ(w) r_μ,   r = y − F,
///
/// and `q(a|w) = N(h/A, 1/A)`. `M` particles do Langevin dynamics `w ← w − η∇U + √(2η) ξ` in `U`
/// (batched: one dgemm for the `M × P` pre-activations and one for the gradients, as an SGLD step of width
/// `M`; see `MeanFieldParticleBlock`). After every `updateEvery` steps the predictor is re-estimated,
/// `F_new = N^{½} (1/M) Σ_m φ(X w_m) h_m/A_m`, `F ← (1 − τ)F + τ F_new`; with ARD also
/// `ρ̄ ← (1 − τ_ρ) ρ̄ + τ_ρ (α0 + N/2)/(β0 + N d ⟨w_j²⟩/(2σ_w²))` (`ARDPrecisionUpdate`), `⟨w_j²⟩` the particle
/// average. Both use the particles at the start of the step (the positions the step's forward pass saw).
///
/// Determinism: particles are split into blocks of `blockSize`; block `b` draws its initial positions from
/// `RandomStream(seed, [purpose("mf-particle-init"), b])`, its Langevin noise from
/// `GaussianNoiseStream(seed, [purpose("mf-particle-noise"), b])` and its final readouts from
/// `[purpose("mf-particle-readout"), b]`; block partial sums are added in block order. Results are
/// bit-identical for every thread count (BLAS must be single-threaded: `BLASThreads.set(1)`).
public struct MeanFieldParticleSolver: Sendable {
    /// The run settings.
    public let configuration: MeanFieldParticleConfiguration
    /// `X`, `P × d`.
    public let trainInputs: Matrix
    /// `y` (`P`).
    public let trainLabels: [Double]
    /// `X*`, `P* × d` (may have 0 rows).
    public let testInputs: Matrix
    /// The start of the particles.
    public let initialisation: MeanFieldParticleInitialisation
    /// `F₀` (`P`), or `nil` for zeros.
    public let initialPredictor: [Double]?

    /// A solver (inputs are checked by `run`).
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - trainInputs: `X`, `P × d`.
    ///   - trainLabels: `y` (`P`).
    ///   - testInputs: `X*`, `P* × d`.
    ///   - initialisation: prior or aligned start.
    ///   - initialPredictor: `F₀`, or `nil` for zeros.
    public init(configuration: MeanFieldParticleConfiguration, trainInputs: Matrix, trainLabels: [Double], testInputs: Matrix,
                initialisation: MeanFieldParticleInitialisation = .prior, initialPredictor: [Double]? = nil) {
        self.configuration = configuration
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.initialisation = initialisation
        self.initialPredictor = initialPredictor
    }

    /// Checks the configuration and the data.
    /// - Throws: `TheoryError` naming the first problem.
    public func validate() throws {
        let c = configuration
        try c.validate()
        let p = trainInputs.rows, d = trainInputs.cols
        guard p >= 1, d >= 1 else { throw TheoryError.dimensionMismatch("the training inputs are \(p) × \(d); need P ≥ 1 and d ≥ 1") }
        guard trainLabels.count == p else { throw TheoryError.dimensionMismatch("\(trainLabels.count) labels for \(p) training inputs") }
        guard testInputs.rows == 0 || testInputs.cols == d else {
            throw TheoryError.dimensionMismatch("test inputs have \(testInputs.cols) columns, the training inputs \(d)")
        }
        guard trainInputs.isFinite, trainLabels.allSatisfy(\.isFinite) else { throw TheoryError.nonFiniteInput("the training data") }
        guard testInputs.isFinite else { throw TheoryError.nonFiniteInput("the test inputs") }
        if let f = initialPredictor {
            guard f.count == p else { throw TheoryError.dimensionMismatch("initial predictor has \(f.count) entries for \(p) training inputs") }
            guard f.allSatisfy(\.isFinite) else { throw TheoryError.nonFiniteInput("the initial predictor") }
        }
        let ratio = c.stepSize * Double(d) / c.readinVariance
        if ratio >= 1 {
            throw TheoryError.invalidParameter(name: "step_size", value: "\(c.stepSize)",
                                               requirement: "the prior alone needs η·d/σ_w² < 1 (here \(ratio)); use step_size ≪ \(c.readinVariance / Double(d))")
        }
        try initialisation.validate(inputDimension: d)
    }

    /// Runs the particle dynamics.
    /// - Parameters:
    ///   - threads: worker threads over the blocks (≥ 1); results do not depend on it.
    ///   - progress: called on the calling thread with (steps done, steps total) about 200 times.
    /// - Returns: predictors, moments, particles, traces and convergence diagnostics.
    /// - Throws: `TheoryError` for invalid inputs, or `.numericalFailure` naming the step and particle at which
    ///   `h`, `A` or `U` stopped being finite (a step size too large for the stiff readout curvature `A`).
    public func run(threads: Int = 1, progress: (_ stepsDone: Int, _ stepsTotal: Int) -> Void = { _, _ in }) throws -> MeanFieldParticleResult {
        try validate()
        guard threads >= 1 else { throw TheoryError.invalidParameter(name: "threads", value: "\(threads)", requirement: "must be ≥ 1") }
        let c = configuration
        let p = trainInputs.rows, d = trainInputs.cols, q = testInputs.rows, m = c.particles
        let constants = MeanFieldPotentialConstants(width: c.width, likelihoodPrecision: c.likelihoodPrecision,
                                                    readinVariance: c.readinVariance, readoutVariance: c.readoutVariance,
                                                    inputDimension: d)
        let blockCount = (m + c.blockSize - 1) / c.blockSize
        let blocks = (0..<blockCount).map { b in
            MeanFieldParticleBlock(count: min(c.blockSize, m - b * c.blockSize), inputDimension: d, trainCount: p, testCount: q,
                                   noise: GaussianNoiseStream(seed: c.seed, stream: [RandomStream.purpose("mf-particle-noise"), UInt64(b)]))
        }
        for (b, block) in blocks.enumerated() { initialise(block, index: b, inputDimension: d) }

        // Shared state, read by the workers during a step and written between steps.
        let shared = SharedBuffers(train: trainInputs.values, test: testInputs.values, trainCount: p, inputDimension: d)
        defer { shared.deallocate() }
        var predictor = initialPredictor ?? [Double](repeating: 0, count: p)
        var precisions = [Double](repeating: 1, count: d)
        shared.setResiduals(labels: trainLabels, predictor: predictor)
        shared.setPrecisions(precisions, stepSize: c.stepSize, priorScale: constants.priorScale)

        let kept = c.keptSteps
        var trainSum = [Double](repeating: 0, count: p)
        var halfSums = [[Double]](repeating: [Double](repeating: 0, count: q > 0 ? q : p), count: 2)
        var testFirst = [Double](repeating: 0, count: q), testSecond = testFirst
        var squareTimeSum = [Double](repeating: 0, count: d)
        var traceSteps: [Int] = [], changeTrace: [Double] = [], errorTrace: [Double] = [], energyTrace: [Double] = []
        var precisionTrace: [Double] = []
        var lastChange = Double.nan, lateChangeSum = 0.0, lateChangeCount = 0
        var keptIndex = 0
        let scale = c.width.squareRoot() / Double(m)
        let workers = min(threads, blockCount)
        let reportEvery = max(1, c.steps / 200)

        for step in 0..<c.steps {
            let isKept = step >= c.burnIn && (step - c.burnIn) % c.sampleEvery == 0
            let isUpdate = (step + 1) % c.updateEvery == 0
            let isTrace = step % c.traceEvery == 0
            let needsSquares = isKept || isTrace || (isUpdate && c.usesARD)
            let work: @Sendable (Int) -> Void = { worker in
                var b = worker
                while b < blockCount {
                    let block = blocks[b]
                    block.evaluate(inputs: shared.train, residuals: shared.residuals, constants: constants, withGradient: true)
                    if isUpdate || isKept { block.accumulatePredictor() }
                    if needsSquares { block.accumulateSquaresAndEnergy(precisions: shared.precisions, constants: constants) }
                    if isKept { block.accumulateTestMoments(testInputs: shared.test) }
                    block.langevinStep(stepSize: c.stepSize, decays: shared.decays)
                    b += workers
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }

            for (b, block) in blocks.enumerated() {
                if let i = block.firstNonFiniteParticle() {
                    throw TheoryError.numericalFailure(
                        "mean-field particles diverged at step \(step) (particle \(b * c.blockSize + i): h = \(block.fields[i]), "
                            + "A = \(block.curvatures[i])): the step size \(c.stepSize) is too large for the readout curvature "
                            + "A ≈ B·Σφ²/N; reduce step_size")
                }
            }
            var estimate: [Double] = []
            if isUpdate || isKept {
                estimate = [Double](repeating: 0, count: p)
                for block in blocks { for mu in 0..<p { estimate[mu] += block.predictorSum[mu] } }
                for mu in 0..<p { estimate[mu] *= scale }
            }
            var squares: [Double] = [], energy = 0.0
            if needsSquares {
                squares = [Double](repeating: 0, count: d)
                for block in blocks {
                    for j in 0..<d { squares[j] += block.squareSum[j] }
                    energy += block.energySum
                }
                for j in 0..<d { squares[j] /= Double(m) }
            }
            if isKept {
                let half = keptIndex < kept / 2 || kept == 1 ? 0 : 1
                for mu in 0..<p { trainSum[mu] += estimate[mu] }
                for j in 0..<d { squareTimeSum[j] += squares[j] }
                if q > 0 {
                    var first = [Double](repeating: 0, count: q), second = first
                    for block in blocks {
                        for k in 0..<q {
                            first[k] += block.testFirstSum[k]
                            second[k] += block.testSecondSum[k]
                        }
                    }
                    for k in 0..<q {
                        testFirst[k] += first[k] / Double(m)
                        testSecond[k] += second[k] / Double(m)
                        halfSums[half][k] += first[k] * scale
                    }
                } else {
                    for mu in 0..<p { halfSums[half][mu] += estimate[mu] }
                }
                keptIndex += 1
            }
            if isUpdate {
                let change = Self.norm(zip(estimate, predictor).map { $0 - $1 })
                let reference = Self.norm(predictor)
                lastChange = change / (reference > 0 ? reference : Self.norm(estimate))
                if 4 * step >= 3 * c.steps {
                    lateChangeSum += lastChange
                    lateChangeCount += 1
                }
                if !c.freezesPredictor {
                    for mu in 0..<p { predictor[mu] = (1 - c.predictorRate) * predictor[mu] + c.predictorRate * estimate[mu] }
                    shared.setResiduals(labels: trainLabels, predictor: predictor)
                }
                if c.usesARD {
                    let target = ARDPrecisionUpdate.target(secondMoments: squares, width: c.width, readinVariance: c.readinVariance,
                                                           shape: c.ardShape, rate: c.resolvedARDRate)
                    ARDPrecisionUpdate.damp(&precisions, toward: target, damping: c.resolvedPrecisionRate)
                    shared.setPrecisions(precisions, stepSize: c.stepSize, priorScale: constants.priorScale)
                    if let j = precisions.indices.first(where: { !(c.stepSize * constants.priorScale * precisions[$0] < 2) }) {
                        throw TheoryError.numericalFailure(
                            "MF-ARD precision ρ̄_\(j) = \(precisions[j]) at step \(step) makes the prior step unstable "
                                + "(η·d·ρ̄/σ_w² ≥ 2); reduce step_size")
                    }
                }
            }
            if isTrace {
                traceSteps.append(step)
                changeTrace.append(lastChange)
                errorTrace.append(zip(trainLabels, predictor).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(p))
                energyTrace.append(energy / Double(m))
                precisionTrace.append(contentsOf: precisions)
            }
            if (step + 1) % reportEvery == 0 || step + 1 == c.steps { progress(step + 1, c.steps) }
        }

        // Final state: h, A at the final particles and final F; one readout draw per particle.
        var particles = Matrix(rows: m, cols: d)
        var readouts = [Double](repeating: 0, count: m)
        for (b, block) in blocks.enumerated() {
            block.evaluate(inputs: shared.train, residuals: shared.residuals, constants: constants, withGradient: false)
            var rng = RandomStream(seed: c.seed, stream: [RandomStream.purpose("mf-particle-readout"), UInt64(b)])
            for i in 0..<block.count {
                let index = b * c.blockSize + i
                readouts[index] = block.readoutMeans[i] + rng.nextGaussian() / block.curvatures[i].squareRoot()
                for j in 0..<d { particles.values[index * d + j] = block.weights[i * d + j] }
            }
        }

        let keptCount = Double(kept)
        let trainMean = trainSum.map { $0 / keptCount }
        var testMean = [Double](repeating: 0, count: q), testVariance = testMean, testSecondMoment = testMean
        for k in 0..<q {
            let first = testFirst[k] / keptCount, second = testSecond[k] / keptCount
            testMean[k] = c.width.squareRoot() * first
            testVariance[k] = second - first * first
            testSecondMoment[k] = testMean[k] * testMean[k] + testVariance[k]
        }
        var halfSplit = 0.0
        if kept >= 2 {
            let firstCount = Double(kept / 2), secondCount = Double(kept - kept / 2)
            let a = halfSums[0].map { $0 / firstCount }, b = halfSums[1].map { $0 / secondCount }
            let mean = zip(a, b).map { ($0 + $1) / 2 }
            halfSplit = Self.norm(zip(a, b).map { $0 - $1 }) / max(Self.norm(mean), .leastNormalMagnitude)
        }
        return MeanFieldParticleResult(
            trainMean: trainMean, testMean: testMean, testVariance: testVariance, testSecondMoment: testSecondMoment,
            finalPredictor: predictor, particles: particles, readouts: readouts,
            coordinateSecondMoments: squareTimeSum.map { $0 / keptCount }, precisions: precisions, traceSteps: traceSteps,
            relativeChangeTrace: changeTrace, trainErrorTrace: errorTrace, meanPotentialTrace: energyTrace,
            precisionTrace: Matrix(rows: traceSteps.count, cols: d, values: precisionTrace),
            lateRelativeChange: lateChangeCount > 0 ? lateChangeSum / Double(lateChangeCount) : .nan,
            halfSplitDifference: halfSplit, keptSteps: kept)
    }

    /// Draws block `b`'s initial particles (see `MeanFieldParticleInitialisation`).
    private func initialise(_ block: MeanFieldParticleBlock, index b: Int, inputDimension d: Int) {
        var rng = RandomStream(seed: configuration.seed, stream: [RandomStream.purpose("mf-particle-init"), UInt64(b)])
        let priorStd = (configuration.readinVariance / Double(d)).squareRoot()
        for i in 0..<block.count {
            var g = rng.fillGaussian(d).map { $0 * priorStd }
            if case let .aligned(u, scale) = initialisation {
                let z = rng.fillGaussian(u.rows)
                let projection = matvec(u, g)            // U g
                let back = matvec(u, projection, transpose: true)   // Uᵀ U g
                let relevant = matvec(u, z.map { $0 * scale }, transpose: true)
                for j in 0..<d { g[j] = g[j] - back[j] + relevant[j] }
            }
            for j in 0..<d { block.weights[i * d + j] = g[j] }
        }
    }

    /// The Euclidean norm.
    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

/// Data shared by all blocks during a step: inputs, residuals, precisions and the per-coordinate decays.
final class SharedBuffers: @unchecked Sendable {
    let train: UnsafeMutablePointer<Double>
    let test: UnsafeMutablePointer<Double>
    let residuals: UnsafeMutablePointer<Double>
    let precisions: UnsafeMutablePointer<Double>
    let decays: UnsafeMutablePointer<Double>
    let trainCount: Int
    let inputDimension: Int

    init(train: [Double], test: [Double], trainCount: Int, inputDimension: Int) {
        self.trainCount = trainCount
        self.inputDimension = inputDimension
        self.train = .allocate(capacity: max(1, train.count))
        self.train.initialize(from: train, count: train.count)
        self.test = .allocate(capacity: max(1, test.count))
        self.test.initialize(from: test, count: test.count)
        residuals = .allocate(capacity: trainCount)
        residuals.initialize(repeating: 0, count: trainCount)
        precisions = .allocate(capacity: inputDimension)
        precisions.initialize(repeating: 1, count: inputDimension)
        decays = .allocate(capacity: inputDimension)
        decays.initialize(repeating: 1, count: inputDimension)
    }

    /// `r = y − F`.
    func setResiduals(labels: [Double], predictor: [Double]) {
        for mu in 0..<trainCount { residuals[mu] = labels[mu] - predictor[mu] }
    }

    /// `ρ̄` and `1 − η (d/σ_w²) ρ̄_j`.
    func setPrecisions(_ rho: [Double], stepSize: Double, priorScale: Double) {
        for j in 0..<inputDimension {
            precisions[j] = rho[j]
            decays[j] = 1 - stepSize * priorScale * rho[j]
        }
    }

    func deallocate() {
        for p in [train, test, residuals, precisions, decays] { p.deallocate() }
    }
}
