import Foundation
import LinearAlgebra

/// MF-ARD, the population mean-field theory with input feature selection
/// (`shared/science/mf2025-symmetry-breaking.md`, "MF-ARD"): `w_j | ρ_j ~ N(0, σ_w²/(d ρ_j))`,
/// `ρ_j ~ Gamma(α0, β0)` shared by all neurons, mean field over neurons and `ρ`:
/// `ρ̄_j = (α0 + N/2)/(β0 + N d ⟨w_j²⟩_q/(2σ_w²))`, with two precisions (relevant `ρ_S`, irrelevant `ρ_⊥`).
///
/// At one `B̃` the unknowns `x = (logit r, ln ρ_S, ln ρ_⊥)` solve
/// `(ln m − ln(1 − r), ln ρ̄_S − ln ρ_S, ln ρ̄_⊥ − ln ρ_⊥) = 0` with `m = B̃ r E_q[J²/A]`, by Newton's method
/// with a finite-difference Jacobian, a step cap and backtracking. Starts away from a branch use the damped
/// iteration `ln ρ ← θ ln ρ + (1 − θ) ln ρ̄` with `r` solved exactly (Brent), which only approaches stable
/// solutions. A solution is reported with the largest real part of the eigenvalues of the precision
/// update's Jacobian (`r` slaved): `< 1` on a stable branch, `> 1` on the unstable middle branch.
public enum PopulationMeanFieldARD {
    /// The ARD precision update `ρ̄ = (α0 + N/2)/(β0 + N d ⟨w_j²⟩/(2σ_w²))`.
    /// - Parameters:
    ///   - shape: `α0`.
    ///   - rate: `β0`.
    ///   - width: `N`.
    ///   - inputDimension: `d`.
    ///   - weightVariance: `σ_w²`.
    ///   - meanSquaredWeight: `⟨w_j²⟩_q` of one coordinate.
    /// - Returns: `ρ̄`.
    public static func updatedPrecision(shape: Double, rate: Double, width: Double, inputDimension: Int,
                                        weightVariance: Double, meanSquaredWeight: Double) -> Double {
        (shape + width / 2) / (rate + width * Double(inputDimension) * meanSquaredWeight / (2 * weightVariance))
    }

    /// Solves MF-ARD at one `B̃` from a starting state by the damped precision iteration, polished by Newton.
    /// - Parameters:
    ///   - grid: the precomputed grid.
    ///   - signal: `B̃ > 0`.
    ///   - start: the starting precisions (its `residual` and `signal` are ignored).
    ///   - settings: hyperprior and solver settings.
    /// - Returns: the solution; `converged == false` marks a point that missed the tolerance.
    /// - Throws: `TheoryError.invalidParameter` for bad settings or `B̃`, `.numericalFailure` if a root in `r` fails.
    public static func solve(grid: PopulationGrid, signal: Double, start: PopulationState = PopulationState(signal: 1, residual: 1),
                             settings: PopulationARDSettings = .init()) throws -> PopulationMeanFieldResult {
        try settings.validate()
        try PopulationMeanField.validateSignal(signal)
        let system = ARDSystem(grid: grid, field: grid.field(signal: signal), settings: settings)
        return try system.solveFromScratch(precisions: (start.relevantPrecision, start.irrelevantPrecision)).result
    }

    /// Both branches over a list of `B̃` by continuation up (from `ρ = 1` at the smallest `B̃`) and down (from
    /// `settings.alignedStart` at the largest), with the spinodals where a branch ends.
    /// - Parameters:
    ///   - grid: the precomputed grid.
    ///   - signals: the `B̃` values (positive; sorted and deduplicated here).
    ///   - settings: hyperprior and solver settings.
    /// - Returns: the two branches.
    /// - Throws: `TheoryError.invalidParameter` for bad input, `.numericalFailure` if a root in `r` fails.
    public static func sweep(grid: PopulationGrid, signals: [Double], settings: PopulationARDSettings = .init()) throws -> PopulationARDSweep {
        try settings.validate()
        guard !signals.isEmpty else {
            throw TheoryError.invalidParameter(name: "signals", value: "[]", requirement: "needs at least one B̃")
        }
        for signal in signals { try PopulationMeanField.validateSignal(signal) }
        let sorted = Array(Set(signals)).sorted()
        let lower = try branch(grid: grid, settings: settings, targets: sorted, startPrecisions: (1, 1))
        let upper = try branch(grid: grid, settings: settings, targets: sorted.reversed(),
                               startPrecisions: (settings.alignedStart[0], settings.alignedStart[1]))
        return PopulationARDSweep(lowerBranch: lower,
                                  upperBranch: PopulationARDBranch(points: upper.points.reversed(), spinodal: upper.spinodal))
    }

    /// The `B̃` at which the order parameter of a branch reaches `threshold`, by bisection-type search in `ln B̃`
    /// between the two branch points that bracket it, each solve continued from the nearer branch point.
    /// - Parameters:
    ///   - grid: the grid the branch was computed on.
    ///   - branch: a branch from `sweep`.
    ///   - threshold: `m*` (default 0.5).
    ///   - settings: the settings of the sweep.
    ///   - relativeTolerance: on `B̃` (default 1e-6).
    /// - Returns: `B̃_c`, or nil when `m` does not cross `m*` along the branch (for example because the branch
    ///   ends at a spinodal first: then the crossing is the jump itself).
    /// - Throws: `TheoryError` for bad input or a failed solve.
    public static func criticalSignal(grid: PopulationGrid, branch: PopulationARDBranch, threshold: Double = 0.5,
                                      settings: PopulationARDSettings = .init(), relativeTolerance: Double = 1e-6) throws -> Double? {
        guard threshold > 0 && threshold < 1 else {
            throw TheoryError.invalidParameter(name: "threshold", value: "\(threshold)", requirement: "must lie in (0, 1)")
        }
        try settings.validate()
        let points = branch.points.filter(\.converged)
        guard let index = points.indices.dropLast().first(where: { i in
            (points[i].orderParameter - threshold) * (points[i + 1].orderParameter - threshold) <= 0
        }) else { return nil }
        let left = points[index], right = points[index + 1]
        var failure: Error?
        let f: (Double) -> Double = { logSignal in
            let signal = Foundation.exp(logSignal)
            let near = abs(logSignal - Foundation.log(left.state.signal)) <= abs(logSignal - Foundation.log(right.state.signal)) ? left : right
            let system = ARDSystem(grid: grid, field: grid.field(signal: signal), settings: settings)
            let attempt = system.newton(from: ARDSystem.coordinates(near.state))
            guard attempt.converged else {
                failure = TheoryError.numericalFailure("MF-ARD critical signal: Newton did not converge at B̃ = \(signal)")
                return .nan
            }
            return system.result(attempt).orderParameter - threshold
        }
        do {
            let root = try RootFinder.brent(f, lower: Foundation.log(left.state.signal), upper: Foundation.log(right.state.signal),
                                            tolerance: relativeTolerance)
            return Foundation.exp(root.x)
        } catch {
            throw failure ?? TheoryError.numericalFailure("MF-ARD critical signal: \(error)")
        }
    }

    /// Continues one branch through `targets` (monotone in `B̃`) from a fixed-point start at `targets[0]`.
    static func branch(grid: PopulationGrid, settings: PopulationARDSettings, targets: [Double],
                       startPrecisions: (Double, Double)) throws -> PopulationARDBranch {
        let first = ARDSystem(grid: grid, field: grid.field(signal: targets[0]), settings: settings)
        let start = try first.solveFromScratch(precisions: startPrecisions)
        var points = [start.result]
        guard start.result.converged, (start.result.precisionIterationEigenvalue ?? 0) < 1 else {
            return PopulationARDBranch(points: points, spinodal: nil)
        }
        var current = (signal: targets[0], x: start.x)
        for target in targets.dropFirst() {
            let logTarget = Foundation.log(target)
            var step = logTarget - Foundation.log(current.signal)
            while true {
                let logTrial = Foundation.log(current.signal) + step
                let reachesTarget = abs(logTrial - logTarget) <= 1e-12
                let trial = reachesTarget ? target : Foundation.exp(logTrial)
                let system = ARDSystem(grid: grid, field: grid.field(signal: trial), settings: settings)
                let attempt = system.newton(from: current.x)
                let moved = zip(attempt.x, current.x).map { abs($0 - $1) }.max() ?? 0
                if attempt.converged && attempt.eigenvalue < 1 && moved <= settings.jumpThreshold {
                    current = (trial, attempt.x)
                    if reachesTarget {
                        points.append(system.result(attempt))
                        break
                    }
                    let remaining = logTarget - logTrial
                    step = abs(remaining) <= 2 * abs(step) ? remaining : 2 * step
                } else {
                    if abs(step) <= settings.spinodalRelativeTolerance {
                        let spinodal = PopulationSpinodal(lastOnBranch: current.signal, firstBeyond: trial)
                        return PopulationARDBranch(points: points, spinodal: spinodal)
                    }
                    step /= 2
                }
            }
        }
        return PopulationARDBranch(points: points, spinodal: nil)
    }
}

/// The MF-ARD equations at one `B̃`, in `x = (logit r, ln ρ_S, ln ρ_⊥)`.
struct ARDSystem {
    let grid: PopulationGrid
    let field: PopulationField
    let settings: PopulationARDSettings

    /// The outcome of Newton's method.
    struct Solution {
        var x: [Double]
        var residual: [Double]
        var iterations: Int
        var converged: Bool
        var eigenvalue: Double
    }

    /// `x` of a state.
    static func coordinates(_ state: PopulationState) -> [Double] {
        [Foundation.log(state.residual) - Foundation.log1p(-state.residual),
         Foundation.log(state.relevantPrecision), Foundation.log(state.irrelevantPrecision)]
    }

    /// `ln(1 + e^x)` without overflow.
    static func softplus(_ x: Double) -> Double { x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x)) }

    /// The state at `x`.
    func state(_ x: [Double]) -> PopulationState {
        PopulationState(signal: field.signal, residual: Foundation.exp(-Self.softplus(-x[0])),
                        relevantPrecision: Foundation.exp(x[1]), irrelevantPrecision: Foundation.exp(x[2]))
    }

    /// The updated precisions `(ρ̄_S, ρ̄_⊥)` from the moments of `q`.
    func updatedPrecisions(_ m: PopulationMoments) -> (Double, Double) {
        let c = grid.configuration
        func update(_ meanSquare: Double) -> Double {
            PopulationMeanFieldARD.updatedPrecision(shape: settings.shape, rate: settings.rate, width: c.width,
                                                    inputDimension: c.inputDimension, weightVariance: c.weightVariance,
                                                    meanSquaredWeight: meanSquare)
        }
        return (update(m.relevantSquaredNorm / Double(c.relevantDimension)),
                update(m.irrelevantSquaredNorm / Double(c.irrelevantDimension)))
    }

    /// The residual vector at `x`.
    func residual(_ x: [Double]) -> [Double] {
        let s = state(x)
        let m = grid.moments(field: field, residual: s.residual, precisions: (s.relevantPrecision, s.irrelevantPrecision))
        let logM = Foundation.log(field.signal) - Self.softplus(-x[0]) + Foundation.log(m.overlapSquaredOverA)
        let logOneMinusR = -Self.softplus(x[0])
        let rho = updatedPrecisions(m)
        return [logM - logOneMinusR, Foundation.log(rho.0) - x[1], Foundation.log(rho.1) - x[2]]
    }

    /// The forward-difference Jacobian at `x` (with `f = residual(x)` given).
    func jacobian(_ x: [Double], _ f: [Double]) -> [[Double]] {
        var j = [[Double]](repeating: [0, 0, 0], count: 3)
        for c in 0..<3 {
            var xp = x
            let h = 1e-6 * max(1, abs(x[c]))
            xp[c] += h
            let fp = residual(xp)
            for r in 0..<3 { j[r][c] = (fp[r] - f[r]) / h }
        }
        return j
    }

    /// `1 +` the largest real part of the eigenvalues of `D − c a⁻¹ b` (the precision map's Jacobian minus I).
    static func stabilityEigenvalue(_ j: [[Double]]) -> Double {
        let a = j[0][0]
        guard a != 0 && a.isFinite else { return .nan }
        let m00 = j[1][1] - j[1][0] * j[0][1] / a, m01 = j[1][2] - j[1][0] * j[0][2] / a
        let m10 = j[2][1] - j[2][0] * j[0][1] / a, m11 = j[2][2] - j[2][0] * j[0][2] / a
        let trace = m00 + m11, det = m00 * m11 - m01 * m10
        let disc = trace * trace / 4 - det
        return 1 + trace / 2 + (disc > 0 ? disc.squareRoot() : 0)
    }

    /// Solves the 3×3 system `j Δ = −f` by Gaussian elimination with partial pivoting (nil if singular).
    static func newtonStep(_ j: [[Double]], _ f: [Double]) -> [Double]? {
        var a = j, b = f.map { -$0 }
        for c in 0..<3 {
            guard let p = (c..<3).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), a[p][c] != 0, a[p][c].isFinite else { return nil }
            a.swapAt(c, p); b.swapAt(c, p)
            for r in (c + 1)..<3 {
                let factor = a[r][c] / a[c][c]
                for k in c..<3 { a[r][k] -= factor * a[c][k] }
                b[r] -= factor * b[c]
            }
        }
        var x = [0.0, 0.0, 0.0]
        for r in stride(from: 2, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<3 { s -= a[r][k] * x[k] }
            x[r] = s / a[r][r]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// Newton's method with a step cap and backtracking from `x0`.
    func newton(from x0: [Double]) -> Solution {
        var x = x0
        var f = residual(x)
        var norm = f.map(abs).max() ?? .infinity
        var iterations = 0
        while norm.isFinite && norm > settings.tolerance && iterations < settings.maxIterations {
            iterations += 1
            let j = jacobian(x, f)
            guard var step = Self.newtonStep(j, f) else { break }
            let size = step.map(abs).max() ?? 0
            if size > settings.maxStep { step = step.map { $0 * settings.maxStep / size } }
            var lambda = 1.0
            var accepted = false
            for _ in 0..<12 {
                let trial = zip(x, step).map { $0 + lambda * $1 }
                let ft = residual(trial)
                let nt = ft.map(abs).max() ?? .infinity
                if nt.isFinite && nt < norm {
                    x = trial; f = ft; norm = nt
                    accepted = true
                    break
                }
                lambda /= 2
            }
            if !accepted { break }
        }
        let converged = norm.isFinite && norm <= settings.tolerance
        let eigenvalue = converged ? Self.stabilityEigenvalue(jacobian(x, f)) : .nan
        return Solution(x: x, residual: f, iterations: iterations, converged: converged, eigenvalue: eigenvalue)
    }

    /// The observables at a Newton solution.
    func result(_ s: Solution) -> PopulationMeanFieldResult {
        grid.summary(state: state(s.x), field: field, residual: s.residual.map(abs).max() ?? .nan, iterations: s.iterations,
                     converged: s.converged, eigenvalue: s.eigenvalue)
    }

    /// The damped precision iteration (with `r` solved exactly) from `precisions` until its step is below
    /// `settings.fixedPointHandover`, then Newton.
    func solveFromScratch(precisions: (Double, Double)) throws -> (x: [Double], result: PopulationMeanFieldResult) {
        var y = [Foundation.log(precisions.0), Foundation.log(precisions.1)]
        var r = 1.0
        var iterations = 0
        for _ in 0..<settings.maxFixedPointIterations {
            iterations += 1
            r = try PopulationMeanField.residualRoot(grid: grid, field: field, precisions: (Foundation.exp(y[0]), Foundation.exp(y[1])),
                                                     tolerance: 1e-12).residual
            let m = grid.moments(field: field, residual: r, precisions: (Foundation.exp(y[0]), Foundation.exp(y[1])))
            let rho = updatedPrecisions(m)
            let next = [Foundation.log(rho.0), Foundation.log(rho.1)]
            let change = max(abs(next[0] - y[0]), abs(next[1] - y[1]))
            y = [settings.damping * y[0] + (1 - settings.damping) * next[0], settings.damping * y[1] + (1 - settings.damping) * next[1]]
            if change <= settings.fixedPointHandover { break }
        }
        let x0 = [Foundation.log(r) - Foundation.log1p(-r), y[0], y[1]]
        var solution = newton(from: x0)
        solution.iterations += iterations
        return (solution.x, result(solution))
    }
}
