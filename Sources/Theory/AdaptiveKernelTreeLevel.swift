import Foundation
import Kernels
import LinearAlgebra

/// The tree-level (saddle-point) adaptive kernel theory of a two-layer network with a nonlinear
/// activation (Rubin et al., ICML 2025, Algorithm 1 without the one-loop step), evaluated by
/// sampling the single-neuron measure.
///
/// Equations. With the hidden kernel `C_αβ = E_p[φ(h_α)φ(h_β)]` under the single-neuron measure
/// `p(v) ∝ exp(−(D/(2g_v))|v|² + a (Σ_α Δ_α φ(v·x_α))²)`, `a = g_w χ/(2 N κ0²)`
/// (`SingleNeuronMeasure`), the discrepancy solves
///
///     Δ = G(Δ) := κ0 (g_w C(Δ) + κ0 I)⁻¹ y,
///
/// and the predictions are `⟨f⟩ = g_w C (g_w C + κ0)⁻¹ y = y − Δ` (train) and
/// `f_* = g_w C_* (g_w C + κ0)⁻¹ y = (g_w/κ0) C_* Δ` (test), `C_*,jα = E_p[φ(v·x*_j) φ(v·x_α)]`.
/// At `a = 0` this is the NNGP with kernel `K = E_prior[φφ]`. For `φ = id` the measure is Gaussian
/// and `C = C⁰ + 2a C⁰ΔΔᵀC⁰/(1 − 2a ΔᵀC⁰Δ)`, a rank-one, task-aligned update equivalent to the
/// scalar rescaling of the science note.
///
/// Method.
/// 1. The NNGP discrepancy `Δ₀ = κ0 (g_w K + κ0)⁻¹ y` with the closed-form (tanh: quadrature)
///    `NNGPKernel` starts the first rung.
/// 2. For each rung `χ_k` of `ChiLadder.points(upTo: χ, pointsPerDecade: n)` (annealing, each rung
///    started from the previous solution), `Δ = G(Δ)` is solved by Anderson-accelerated iteration
///    (`FixedPoint.solve`, memory 5, damping 0.5) to `max_α |G(Δ)_α − Δ_α| ≤ 10⁻¹⁰ max_α |y_α|`
///    at the target `χ` (`10⁻⁶` at the intermediate rungs, which only provide starting points),
///    with the importance-sampling proposal held fixed, so that `G` is smooth. The proposal is the
///    previous rung's (first rung: the one with the largest effective sample size at the NNGP
///    `Δ₀`); after each solve the proposals are compared at the solution
///    (`SingleNeuronMeasure.selectProposal`), and if the one in use has less than 90 % of the best
///    effective sample size the rung is solved again from there with the best (at most
///    `maximumPasses` solves). Each rung's result therefore uses a proposal checked at (or, after
///    the last pass, next to) its own solution.
///
///    Why damping and step halving: the plain iteration is unstable once the kernel adapts. In the
///    linear case `u ← 1/(1 − c q(u))` has slope `≈ −2(u − 1)` at the root (a larger `Δ` inflates
///    `C`, which shrinks the next `Δ`), so `Δ ← G(Δ)` oscillates with growing amplitude for
///    `u > 3/2`; Anderson mixing handles this for moderate `u`, and damping (0.5) extends its
///    reach. If a rung still fails (`maxIterationsPerRung` evaluations, or a numerical failure),
///    the geometric midpoint between the last solved `χ` and the failing one is solved first, up
///    to `maximumHalvings` times per rung; the inserted rungs appear in `rungs`. Measured on the
///    Ising task (P = 80, D = 200, N = 100, M = 5000): without damping or halving the ladder
///    fails at χ ≈ 25 N (linear) and χ ≈ 3 N (ReLU); damping alone reaches ≥ 100 N (linear,
///    damping 0.8) and 4 N (ReLU), and ReLU converges at 5 N with 40 points per decade.
/// 3. At the target `χ`, `C_*` uses the same samples and weights, in blocks of test rows.
///
/// The sampler's Monte-Carlo error is `O(1/√ESS)` in `C`; it is common to all `χ` with the same
/// seed, so curves over `χ` are smooth and their offset from the exact tree level is systematic.
public enum AdaptiveKernelTreeLevel {
    /// The fixed-point tolerance at the target `χ`, relative to `max_α |y_α|` (max-norm of `G(Δ) − Δ`).
    public static let relativeTolerance = 1e-10
    /// The looser tolerance of the intermediate rungs, which only provide starting points.
    public static let intermediateRelativeTolerance = 1e-6
    /// The most map evaluations per solve (converging rungs need 5–40).
    public static let maxIterationsPerRung = 150
    /// The damping of the fixed-point iteration (weight of the old iterate; see the method notes).
    public static let damping = 0.5
    /// The most halvings of the χ step before one ladder rung is given up.
    public static let maximumHalvings = 6
    /// The Anderson memory of the fixed-point solver.
    public static let andersonMemory = 5
    /// The most solves per rung (each re-selects the proposal at its solution; see the method notes).
    public static let maximumPasses = 3
    /// The largest `M·(D + P)` accepted (2 GiB of samples and projections).
    public static let maximumSampleElements = 250_000_000.0

    /// Solves the tree level along the `χ` ladder and predicts on the test inputs.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D (P, D ≥ 1).
    ///   - labels: `y`, P finite values.
    ///   - testInputs: `X_*`, P_test × D (P_test may be 0).
    ///   - setup: the network and sampler parameters.
    ///   - progress: called after each rung with (rungs done, rungs in all).
    /// - Returns: the predictions, `Δ`, `C`, the per-rung records, the NNGP for comparison and the
    ///   kernel ratios.
    /// - Throws: `TheoryError.invalidParameter`, `.dimensionMismatch`, `.nonFiniteInput` for bad
    ///   input; `.numericalFailure` when a rung's fixed point does not converge, the weights are not
    ///   finite, or a Cholesky factorisation fails.
    public static func predict(trainInputs: Matrix, labels: [Double], testInputs: Matrix, setup: AdaptiveKernelSetup,
                               progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> AdaptiveKernelPrediction {
        try setup.validate()
        try validateData(trainInputs: trainInputs, labels: labels, testInputs: testInputs, samples: setup.samples)
        let gw = setup.readoutVarianceScale, kappa0 = setup.kappa0

        // The NNGP: closed-form kernel, discrepancy and predictions.
        let nngp: NNGPKernel
        do {
            nngp = try NNGPKernel(activation: setup.activation, weightVariance: setup.readinVarianceScale, readoutVariance: 1)
        } catch {
            throw TheoryError.invalidParameter(name: "activation", value: setup.activation.rawValue, requirement: "\(error)")
        }
        let priorKernel = nngp.gram(trainInputs)
        let nngpDelta = try discrepancy(kernel: priorKernel, labels: labels, setup: setup, context: "the NNGP kernel")
        let nngpTrain = zip(labels, nngpDelta).map { $0 - $1 }
        let nngpTest = testInputs.rows > 0 ? matvec(nngp.gram(testInputs, trainInputs), nngpDelta).map { gw / kappa0 * $0 } : []

        // The single-neuron measure along the ladder.
        let measure = SingleNeuronMeasure(trainInputs: trainInputs, readinVarianceScale: setup.readinVarianceScale,
                                          activation: setup.activation, samples: setup.samples, seed: setup.seed)
        let ladder = ChiLadder.points(upTo: setup.chi, pointsPerDecade: setup.pointsPerDecade)
        let labelScale = max(labels.map(abs).max() ?? 0, Double.leastNormalMagnitude)
        var delta = nngpDelta
        var rungs: [AdaptiveKernelRung] = []
        var finalWeighting: SingleNeuronWeighting?
        var finalKernel = priorKernel
        var proposal = measure.selectProposal(delta: delta, tilt: setup.tilt(chi: ladder[0]))
        var solvedChi: Double?
        for (index, target) in ladder.enumerated() {
            // The χ still to reach, last first; a failed rung pushes the geometric midpoint between
            // the last solved χ and itself.
            var pending = [target]
            var halvings = 0
            while let chi = pending.last {
                let tilt = setup.tilt(chi: chi)
                let isTarget = index == ladder.count - 1 && pending.count == 1
                let tolerance = (isTarget ? relativeTolerance : intermediateRelativeTolerance) * labelScale
                var start = delta, current = proposal
                var iterations = 0
                var solution: RungSolution?
                do {
                    for _ in 0..<maximumPasses {
                        let pass = try solveRung(measure: measure, proposal: current, start: start, tilt: tilt, chi: chi,
                                                 labels: labels, setup: setup, tolerance: tolerance,
                                                 where: "rung \(index + 1) of \(ladder.count)", priorKernel: priorKernel)
                        iterations += pass.iterations
                        solution = pass
                        start = pass.image
                        let better = measure.selectProposal(delta: pass.point, tilt: tilt, incumbent: current)
                        if better == current { break }
                        current = better
                    }
                } catch let TheoryError.numericalFailure(message) {
                    guard let previous = solvedChi, halvings < maximumHalvings else {
                        throw TheoryError.numericalFailure(halvings > 0
                            ? "\(message), after \(halvings) halvings of the χ step; the tree level may not continue to this χ (a smaller χ, or more samples, may help)"
                            : message)
                    }
                    halvings += 1
                    pending.append((previous * chi).squareRoot())
                    continue
                }
                guard let solved = solution else { throw TheoryError.numericalFailure("no pass of the fixed-point solver ran at χ = \(chi)") }
                rungs.append(AdaptiveKernelRung(chi: chi, tilt: tilt, effectiveSampleFraction: solved.weighting.effectiveSampleFraction,
                                                iterations: iterations, residual: solved.residual,
                                                proposalShift: solved.weighting.proposal.shift, proposalScale: solved.weighting.proposal.scale))
                delta = start
                proposal = current
                solvedChi = chi
                finalWeighting = solved.weighting
                finalKernel = solved.kernel
                pending.removeLast()
            }
            progress(index + 1, ladder.count)
        }

        let trainMean = zip(labels, delta).map { $0 - $1 }
        var testMean: [Double] = []
        if testInputs.rows > 0, let weighting = finalWeighting {
            testMean = matvec(measure.testKernel(testInputs: testInputs, weighting), delta).map { gw / kappa0 * $0 }
        }
        // Zero labels have no task direction: the ratios are then NaN.
        let ratios = try? HiddenKernelRatios(kernel: finalKernel, prior: priorKernel, labels: labels)
        let (taskRatio, orthogonalRatio) = (ratios?.task ?? .nan, ratios?.orthogonal ?? .nan)
        return AdaptiveKernelPrediction(trainMean: trainMean, testMean: testMean, discrepancy: delta, kernel: finalKernel,
                                        rungs: rungs, nngpTrainMean: nngpTrain, nngpTestMean: nngpTest,
                                        kernelTaskRatio: taskRatio, kernelOrthogonalRatio: orthogonalRatio)
    }

    /// One fixed-point solve at one rung with one proposal.
    private struct RungSolution {
        /// The converged point `Δ` (with `|G(Δ) − Δ|_∞ ≤ tolerance`).
        var point: [Double]
        /// `G(Δ)`, the discrepancy consistent with `kernel`.
        var image: [Double]
        /// The weighted sample at `point`.
        var weighting: SingleNeuronWeighting
        /// `C(point)`.
        var kernel: Matrix
        /// Map evaluations.
        var iterations: Int
        /// `|G(Δ) − Δ|₂/|Δ|₂`.
        var residual: Double
    }

    /// Solves `Δ = G(Δ)` at one rung with a fixed proposal.
    private static func solveRung(measure: SingleNeuronMeasure, proposal: SingleNeuronProposal, start: [Double], tilt: Double,
                                  chi: Double, labels: [Double], setup: AdaptiveKernelSetup, tolerance: Double,
                                  where place: String, priorKernel: Matrix) throws -> RungSolution {
        var lastWeighting: SingleNeuronWeighting?
        var lastKernel = priorKernel
        var lastImage = start
        let map: ([Double]) throws -> [Double] = { point in
            let weighting = measure.weighting(delta: point, tilt: tilt, proposal: proposal)
            guard weighting.effectiveSampleFraction.isFinite else {
                throw TheoryError.numericalFailure("the importance weights of the single-neuron measure are not finite at χ = \(chi)")
            }
            let kernel = measure.kernel(weighting)
            let image = try discrepancy(kernel: kernel, labels: labels, setup: setup, context: "the adapted kernel at χ = \(chi)")
            lastWeighting = weighting
            lastKernel = kernel
            lastImage = image
            return image
        }
        let result: FixedPointResult
        do {
            result = try FixedPoint.solve(map, start: start, damping: damping, tolerance: tolerance,
                                          maxIterations: maxIterationsPerRung, andersonMemory: andersonMemory)
        } catch let error as TheoryError {
            throw error
        } catch let SolverError.didNotConverge(_, iterations, residual) {
            throw TheoryError.numericalFailure(
                "the tree-level fixed point Δ = κ0 (g_w C(Δ) + κ0)⁻¹ y did not converge at χ = \(chi) (\(place)) "
                    + "in \(iterations) iterations (last max residual \(residual))")
        } catch {
            throw TheoryError.numericalFailure("the tree-level fixed-point solver failed at χ = \(chi) (\(place)): \(error)")
        }
        guard let weighting = lastWeighting else {
            throw TheoryError.numericalFailure("the fixed-point solver returned without evaluating the map at χ = \(chi)")
        }
        var difference = 0.0, size = 0.0
        for i in labels.indices {
            let d = lastImage[i] - result.solution[i]
            difference += d * d
            size += result.solution[i] * result.solution[i]
        }
        let residual = size > 0 ? (difference / size).squareRoot() : difference.squareRoot()
        return RungSolution(point: result.solution, image: lastImage, weighting: weighting, kernel: lastKernel,
                            iterations: result.iterations, residual: residual)
    }

    /// Checks shapes, finiteness and the memory the samples need.
    private static func validateData(trainInputs: Matrix, labels: [Double], testInputs: Matrix, samples: Int) throws {
        let p = trainInputs.rows, d = trainInputs.cols
        try TrainingDataCheck.validate(trainInputs: trainInputs, labels: labels, testInputs: testInputs)
        guard Double(samples) * Double(d + p) <= maximumSampleElements else {
            throw TheoryError.invalidParameter(name: "samples", value: "\(samples)",
                                               requirement: "M·(D + P) must be at most \(Int(maximumSampleElements)) (D = \(d), P = \(p))")
        }
    }

    /// `κ0 (g_w C + κ0 I)⁻¹ y` by Cholesky.
    private static func discrepancy(kernel: Matrix, labels: [Double], setup: AdaptiveKernelSetup, context: String) throws -> [Double] {
        var a = setup.readoutVarianceScale * kernel
        let p = labels.count
        for i in 0..<p { a.values[i * p + i] += setup.kappa0 }
        let factor: CholeskyFactor
        do {
            factor = try CholeskyFactor(a)
        } catch {
            throw TheoryError.numericalFailure("g_w C + κ0 I is not positive definite for \(context): \(error)")
        }
        return factor.solve(labels).map { setup.kappa0 * $0 }
    }
}
