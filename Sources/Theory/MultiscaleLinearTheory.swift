import Foundation
import LinearAlgebra

/// Algorithm 1 of Rubin et al. (ICML 2025) for a linear two-layer network, as we reconstruct it
/// (`shared/science/rubin2025-multiscale.md`): anneal over increasing `χ` from the NNGP (`ρ = 1`),
/// solving at each rung the tree-level self-consistency from the previous solution, then the
/// one-loop saddle point from the tree-level one.
///
/// For the linear network the adaptive kernel's rank-one, task-aligned update reduces exactly (for the
/// mean output) to a scalar rescaling `u` of `C⁰`, so each self-consistency is a 1-D equation
/// `S′(ln u) = 0` (`MultiscaleAction`). Roots are found robustly: every sign change of `S′` on a fine grid
/// over an interval proven to contain all stationary points is refined by Brent's method, maxima are
/// told from minima by `S″ < 0`, and the annealed branch is the maximum nearest to the previous rung's
/// solution. Several maxima are reported (`maximaCount`), with whether the branch is the global one.
///
/// One loop: with `û` the maximum of the exact `ln ρ` log-posterior (tree level plus the fluctuation
/// determinant), `σ² = −1/S″(û)` and the tadpole shift `δ = ½ S‴(û) σ⁴`, any smooth function `h(ln ρ)`
/// (predictions, kernel projections, `ρ`) is averaged as `h(û) + h′(û) δ + ½ h″(û) σ²`, correct to
/// `O(1/N)` (error `O(1/N²)`).
public enum MultiscaleLinearTheory {
    /// Grid points per unit of `ln ρ` for the sign-change scan (at least 400 points in all).
    static let scanDensity = 400.0

    /// The tree-level and one-loop predictions at `setup.chi`.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D.
    ///   - labels: `y`, P values.
    ///   - testInputs: `X_*` (may have 0 rows).
    ///   - setup: the network parameters; `chi` is the target of the annealing.
    ///   - pointsPerDecade: rungs of the annealing ladder per factor 10 of `χ`.
    /// - Returns: both orders with diagnostics.
    /// - Throws: `TheoryError` for invalid input or when no stationary point can be found.
    public static func predict(trainInputs: Matrix, labels: [Double], testInputs: Matrix,
                               setup: LinearNetworkSetup, pointsPerDecade: Int = 10) throws -> MultiscalePrediction {
        try setup.validate()
        guard pointsPerDecade >= 1 else {
            throw TheoryError.invalidParameter(name: "pointsPerDecade", value: "\(pointsPerDecade)", requirement: "must be at least 1")
        }
        let spectrum = try LinearKernelSpectrum(trainInputs: trainInputs, labels: labels, testInputs: testInputs,
                                                readinVarianceScale: setup.readinVarianceScale)
        let ladder = ChiLadder.points(upTo: setup.chi, pointsPerDecade: pointsPerDecade)
        var treeBranch = 0.0, loopBranch = 0.0   // ln ρ of the NNGP
        var tree: Saddle?, loop: Saddle?
        var treeMost = 0, loopMost = 0
        for chi in ladder {
            var rung = setup
            rung.chi = chi
            let treeSaddle = try saddle(MultiscaleAction(order: .treeLevel, spectrum: spectrum, setup: rung),
                                        near: treeBranch, chi: chi, what: "tree level")
            let loopSaddle = try saddle(MultiscaleAction(order: .oneLoop, spectrum: spectrum, setup: rung),
                                        near: treeSaddle.u, chi: chi, what: "one loop")
            treeBranch = treeSaddle.u
            loopBranch = loopSaddle.u
            treeMost = max(treeMost, treeSaddle.maxima)
            loopMost = max(loopMost, loopSaddle.maxima)
            tree = treeSaddle
            loop = loopSaddle
        }
        guard let tree, let loop else { preconditionFailure("ChiLadder returned no rung") }
        _ = loopBranch

        let prior = spectrum.priorKernelProjections
        func ratios(_ projection: (task: Double, trace: Double)) -> HiddenKernelRatios {
            HiddenKernelRatios(taskProjection: projection.task, trace: projection.trace,
                               priorTaskProjection: prior.task, priorTrace: prior.trace)
        }

        // Tree level: everything at ρ = u.
        let u = Foundation.exp(tree.u)
        let treeMeans = spectrum.means(rho: u, setup: setup)
        let treeOrder = MultiscalePrediction.Order(
            trainMean: treeMeans.train, testMean: treeMeans.test, rescaling: u,
            hiddenKernelRatios: ratios(spectrum.hiddenKernelProjections(rho: u, setup: setup, fluctuations: false)),
            residual: tree.residual, maximaCount: tree.maxima, isGlobalMaximum: tree.isGlobal, maximaCountOnPath: treeMost)

        // One loop: Laplace expansion in ln ρ around the saddle point of the exact action.
        let action = MultiscaleAction(order: .oneLoop, spectrum: spectrum, setup: setup)
        let d = action.derivatives(loop.u)
        guard d.second < 0 else {
            throw TheoryError.numericalFailure("one loop at χ = \(setup.chi): the saddle point is not a maximum (S″ = \(d.second))")
        }
        let variance = -1 / d.second
        let shift = 0.5 * d.third * variance * variance
        func expectation(_ h: (Double) -> [Double]) -> [Double] {
            let step = 1e-4
            let minus = h(loop.u - step), centre = h(loop.u), plus = h(loop.u + step)
            return centre.indices.map { i in
                let first = (plus[i] - minus[i]) / (2 * step)
                let second = (plus[i] - 2 * centre[i] + minus[i]) / (step * step)
                return centre[i] + first * shift + 0.5 * second * variance
            }
        }
        let p = spectrum.trainCount
        let loopMeans = expectation { v in
            let m = spectrum.means(rho: Foundation.exp(v), setup: setup)
            return m.train + m.test
        }
        let loopKernel = expectation { v in
            let k = spectrum.hiddenKernelProjections(rho: Foundation.exp(v), setup: setup, fluctuations: true)
            return [k.task, k.trace, Foundation.exp(v)]
        }
        let loopOrder = MultiscalePrediction.Order(
            trainMean: Array(loopMeans[0..<p]), testMean: Array(loopMeans[p...]), rescaling: loopKernel[2],
            hiddenKernelRatios: ratios((loopKernel[0], loopKernel[1])),
            residual: loop.residual, maximaCount: loop.maxima, isGlobalMaximum: loop.isGlobal, maximaCountOnPath: loopMost)

        // The spike strength c u ΔᵀC⁰Δ at the tree-level solution.
        var spike = 0.0
        let gw = setup.readoutVarianceScale
        for k in 0..<p {
            let lambda = spectrum.eigenvalues[k]
            let delta = setup.kappa0 * spectrum.projectedLabels[k] / (gw * u * lambda + setup.kappa0)
            spike += lambda * delta * delta
        }
        spike *= gw * setup.chi * u / (Double(setup.width) * setup.kappa0 * setup.kappa0)

        return MultiscalePrediction(chi: setup.chi, treeLevel: treeOrder, oneLoop: loopOrder, spikeStrength: spike,
                                    oneLoopLogRhoSpread: variance.squareRoot(), oneLoopLogRhoShift: shift, ladder: ladder)
    }

    /// A maximum of an action with how it was chosen.
    struct Saddle {
        /// `ln ρ` at the maximum.
        var u: Double
        /// `S′` there.
        var residual: Double
        /// The number of local maxima of `S`.
        var maxima: Int
        /// Whether this one is the global maximum.
        var isGlobal: Bool
    }

    /// Every local maximum of `action`, and the one nearest to `previous` (the annealed branch).
    /// - Parameters:
    ///   - action: the action.
    ///   - previous: `ln ρ` of the previous rung's solution.
    ///   - chi: `χ` (for messages).
    ///   - what: the order's name (for messages).
    /// - Returns: the chosen maximum.
    /// - Throws: `TheoryError.numericalFailure` if no maximum is found.
    static func saddle(_ action: MultiscaleAction, near previous: Double, chi: Double, what: String) throws -> Saddle {
        let maxima = try localMaxima(action)
        guard let chosen = maxima.min(by: { abs($0 - previous) < abs($1 - previous) }) else {
            throw TheoryError.numericalFailure("\(what) at χ = \(chi): no maximum of the action found")
        }
        let best = maxima.max(by: { action.value($0) < action.value($1) })!
        return Saddle(u: chosen, residual: action.derivatives(chosen).first, maxima: maxima.count,
                      isGlobal: action.value(chosen) >= action.value(best) - 1e-12 * max(1, abs(action.value(best))))
    }

    /// The local maxima of `action` (roots of `S′` where `S′` changes sign from + to −), in increasing `u`.
    /// - Parameter action: the action.
    /// - Returns: the maxima's `ln ρ`.
    /// - Throws: `TheoryError.numericalFailure` when Brent's method fails on a bracket.
    static func localMaxima(_ action: MultiscaleAction) throws -> [Double] {
        let range = action.stationaryRange()
        let count = max(400, Int(((range.upper - range.lower) * scanDensity).rounded(.up)))
        let grid = (0...count).map { range.lower + (range.upper - range.lower) * Double($0) / Double(count) }
        let slope: (Double) -> Double = { action.derivatives($0).first }
        var maxima: [Double] = []
        for bracket in RootFinder.bracketAll(slope, grid: grid) {
            let root: Double
            if bracket.lowerBound == bracket.upperBound {
                root = bracket.lowerBound
            } else {
                do {
                    root = try RootFinder.brent(slope, lower: bracket.lowerBound, upper: bracket.upperBound, tolerance: 1e-14).x
                } catch {
                    throw TheoryError.numericalFailure("refining a root of S′ in [\(bracket.lowerBound), \(bracket.upperBound)] failed: \(error)")
                }
            }
            if action.derivatives(root).second < 0 { maxima.append(root) }
        }
        return maxima
    }
}
