import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Theory

/// The multi-scale adaptive theory of a linear network (Algorithm 1): root finding, the exact
/// equivalence of the rank-one kernel update and the scalar rescaling, limits, and agreement with
/// the exact posterior.
@Suite("Multi-scale adaptive theory (linear network)")
struct MultiscaleLinearTheoryTests {
    static let rubin = (width: 100, g: 0.5, kappa0: 1.0)

    static func isingData(seed: UInt64, train: Int = 80, test: Int = 200, dimension: Int = 200)
        -> (x: Matrix, y: [Double], xt: Matrix, yt: [Double]) {
        let a = IsingLikeData.make(count: train, dimension: dimension, flipProbability: 0.1, seed: seed, purpose: "train")
        let b = IsingLikeData.make(count: test, dimension: dimension, flipProbability: 0.1, seed: seed, purpose: "test")
        return (a.inputs, a.labels, b.inputs, b.labels)
    }

    static func setup(chi: Double) throws -> LinearNetworkSetup {
        try LinearNetworkSetup(width: rubin.width, readinVarianceScale: rubin.g, readoutVarianceScale: rubin.g,
                               kappa0: rubin.kappa0, chi: chi)
    }

    /// A random action with `P` modes (slopes and label weights spread over decades).
    static func randomAction(_ order: MultiscaleAction.Order, seed: UInt64, modes: Int = 12) -> MultiscaleAction {
        var r = RandomStream(seed: seed, stream: [RandomStream.purpose("multiscale-test")])
        let slopes = (0..<modes).map { _ in Foundation.pow(10, 4 * r.nextUniform() - 3) }
        let weights = (0..<modes).map { _ in Foundation.pow(10, 4 * r.nextUniform() - 2) }
        let width = 1 + Int(r.nextUniform() * 200)
        let chi = Foundation.pow(10, 4 * r.nextUniform() - 1)
        return MultiscaleAction(order: order, width: width, slopes: slopes, labelWeights: weights,
                                kappa0: 0.1 + r.nextUniform(), chi: chi)
    }

    @Test("S′, S″, S‴ of both actions agree with finite differences of S")
    func derivativesMatchFiniteDifferences() {
        for seed in UInt64(0)..<20 {
            for order in [MultiscaleAction.Order.treeLevel, .oneLoop] {
                let action = Self.randomAction(order, seed: seed)
                for u in [-1.5, -0.2, 0.0, 0.7, 2.0] {
                    let h = 1e-3
                    let v = (-2...2).map { action.value(u + Double($0) * h) }
                    let first = (v[3] - v[1]) / (2 * h)
                    let second = (v[3] - 2 * v[2] + v[1]) / (h * h)
                    let third = (v[4] - 2 * v[3] + 2 * v[1] - v[0]) / (2 * h * h * h)
                    let d = action.derivatives(u)
                    let scale = abs(action.value(u)) + abs(d.first) + abs(d.second) + abs(d.third) + 1
                    #expect(abs(d.first - first) < 1e-6 * scale, "S′ seed \(seed) u \(u): \(d.first) vs \(first)")
                    #expect(abs(d.second - second) < 1e-4 * scale, "S″ seed \(seed) u \(u): \(d.second) vs \(second)")
                    #expect(abs(d.third - third) < 1e-2 * scale, "S‴ seed \(seed) u \(u): \(d.third) vs \(third)")
                }
            }
        }
    }

    /// The linear tree-level equation `f(ρ) = 1 − ρ + Σ_k B_k(ρ) = 0`, `B_k = (χ/N) ŷ_k² a_k ρ/(a_kρ + κ0)²`,
    /// has exactly one root: `B_k′ < B_k/ρ` for every `ρ > 0`, so `f′ < (f − 1)/ρ` and every root is a
    /// downward crossing. The scan must find exactly one maximum for any spectrum.
    @Test("the linear tree level has exactly one solution for any spectrum (and the scan finds it)")
    func treeLevelSolutionIsUnique() throws {
        for seed in UInt64(100)..<300 {
            let action = Self.randomAction(.treeLevel, seed: seed, modes: 1 + Int(seed % 40))
            let maxima = try MultiscaleLinearTheory.localMaxima(action)
            #expect(maxima.count == 1, "seed \(seed): \(maxima)")
            if let u = maxima.first { #expect(abs(action.derivatives(u).first) < 1e-8 * (1 + action.halfWidth * Foundation.exp(u))) }
        }
    }

    /// A one-loop action with a bimodal `ln ρ` posterior (N = 1, P = 20: the fluctuation determinant of many
    /// weak modes competes with one strong, slow mode).
    static let bimodal = MultiscaleAction(order: .oneLoop, width: 1, slopes: [0.1] + Array(repeating: 10, count: 19),
                                          labelWeights: [100] + Array(repeating: 1e-3, count: 19), kappa0: 1, chi: 10)

    @Test("every maximum of a bimodal one-loop action is found, matching a dense scan of S itself")
    func bimodalActionMaximaAreAllFound() throws {
        let action = Self.bimodal
        let maxima = try MultiscaleLinearTheory.localMaxima(action)
        // Independent: local maxima of S on a dense grid (no derivatives, no root finder).
        let grid = stride(from: -15.0, through: 15.0, by: 1e-4).map { $0 }
        let values = grid.map(action.value)
        var scanned: [Double] = []
        for i in 1..<(grid.count - 1) where values[i] > values[i - 1] && values[i] > values[i + 1] { scanned.append(grid[i]) }
        #expect(scanned.count == 2)
        #expect(maxima.count == scanned.count)
        for (a, b) in zip(maxima, scanned) { #expect(abs(a - b) < 2e-4, "\(a) vs \(b)") }
    }

    @Test("annealing keeps the branch nearest to the previous solution and says whether it is the global maximum")
    func annealingFollowsTheNearestBranch() throws {
        let action = Self.bimodal
        let low = try MultiscaleLinearTheory.saddle(action, near: -4, chi: 10, what: "test")
        let high = try MultiscaleLinearTheory.saddle(action, near: 3, chi: 10, what: "test")
        #expect(low.maxima == 2 && high.maxima == 2)
        #expect(low.u < -3 && high.u > 3)
        #expect(action.value(high.u) > action.value(low.u))
        #expect(high.isGlobal && !low.isGlobal)
    }

    @Test("the rank-one task-aligned kernel update gives the same predictor as the scalar rescaling u (dense check)")
    func rankOneUpdateEqualsScalarRescaling() throws {
        let d = Self.isingData(seed: 3, train: 40, test: 30, dimension: 60)
        for chi in [1.0, 10, 100] {
            let s = try Self.setup(chi: chi)
            let m = try MultiscaleLinearTheory.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
            let u = m.treeLevel.rescaling
            // Dense, no eigenbasis: Δ(u) = κ0 (g_w u C⁰ + κ0)⁻¹ y, then C = C⁰ + c u C⁰ΔΔᵀC⁰.
            let p = d.x.rows, scale = s.readinVarianceScale / Double(d.x.cols)
            let c0 = Matrix(rows: p, cols: p, values: rowGram(d.x).values.map { $0 * scale })
            let c0Test = matmul(d.xt, d.x, transposeB: true, alpha: scale)
            func solve(_ k: Matrix, _ rhs: [Double]) throws -> [Double] {
                var a = Matrix(rows: p, cols: p, values: k.values.map { $0 * s.readoutVarianceScale })
                for i in 0..<p { a[i, i] += s.kappa0 }
                return try CholeskyFactor(a).solve(rhs)
            }
            let delta = try solve(Matrix(rows: p, cols: p, values: c0.values.map { $0 * u }), d.y).map { $0 * s.kappa0 }
            let c0Delta = matvec(c0, delta)
            let c = s.readoutVarianceScale * chi / (Double(s.width) * s.kappa0 * s.kappa0)
            // Self-consistency 1/u = 1 − c ΔᵀC⁰Δ.
            #expect(isClose(1 / u, 1 - c * dot(delta, c0Delta), relative: 1e-10))
            var kernel = c0
            for i in 0..<p { for j in 0..<p { kernel[i, j] += c * u * c0Delta[i] * c0Delta[j] } }
            let alpha = try solve(kernel, d.y)
            let train = matvec(kernel, alpha).map { $0 * s.readoutVarianceScale }
            var kernelTest = c0Test
            let c0TestDelta = matvec(c0Test, delta)
            for j in 0..<d.xt.rows { for i in 0..<p { kernelTest[j, i] += c * u * c0TestDelta[j] * c0Delta[i] } }
            let test = matvec(kernelTest, alpha).map { $0 * s.readoutVarianceScale }
            #expect(maxAbsDifference(train, m.treeLevel.trainMean) < 1e-9, "χ = \(chi)")
            #expect(maxAbsDifference(test, m.treeLevel.testMean) < 1e-9, "χ = \(chi)")
            // The adaptive kernel's Δ is the same Δ: Δ = κ0 (g_w C + κ0)⁻¹ y.
            #expect(maxAbsDifference(alpha.map { $0 * s.kappa0 }, delta) < 1e-9)
            #expect(isClose(m.spikeStrength, u - 1, relative: 1e-9))
        }
    }

    @Test("χ → 0: the tree level becomes the NNGP (u → 1); the one loop stays with the exact finite-N posterior")
    func smallChiLimit() throws {
        let d = Self.isingData(seed: 2)
        let s = try Self.setup(chi: 1e-4)
        let m = try MultiscaleLinearTheory.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
        let nngp = try NNGPLinearPredictor.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
        #expect(abs(m.treeLevel.rescaling - 1) < 1e-5)
        #expect(maxAbsDifference(m.treeLevel.trainMean, nngp.trainMean) < 1e-5)
        #expect(maxAbsDifference(m.treeLevel.testMean, nngp.testMean) < 1e-5)
        #expect(maxAbsDifference(m.oneLoop.trainMean, exact.trainMean) < 1e-4)
        #expect(m.ladder == [1e-4])
    }

    @Test("one loop agrees with the exact posterior to 0.1 % on the Rubin Fig. 2 setting, χ from 1 to 3N")
    func oneLoopMatchesExact() throws {
        for seed in UInt64(1)...3 {
            let d = Self.isingData(seed: seed)
            for chi in [1.0, 3, 10, 30, 100, 300] {
                let s = try Self.setup(chi: chi)
                let m = try MultiscaleLinearTheory.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
                let e = try LinearNetworkExactPosterior.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
                let train = (Discrepancy.meanSigned(labels: d.y, predictions: m.oneLoop.trainMean),
                             Discrepancy.meanSigned(labels: d.y, predictions: e.trainMean))
                let test = (Discrepancy.meanSigned(labels: d.yt, predictions: m.oneLoop.testMean),
                            Discrepancy.meanSigned(labels: d.yt, predictions: e.testMean))
                #expect(isClose(train.0, train.1, relative: 1e-3), "seed \(seed) χ \(chi): \(train)")
                #expect(isClose(test.0, test.1, relative: 1e-3), "seed \(seed) χ \(chi): \(test)")
                #expect(isClose(m.oneLoop.rescaling, e.rhoMean, relative: 1e-3))
                #expect(isClose(m.oneLoop.hiddenKernelRatios.task, e.hiddenKernelRatios!.task, relative: 1e-3))
                #expect(m.treeLevel.maximaCount == 1 && m.oneLoop.maximaCount == 1 && m.oneLoop.isGlobalMaximum)
            }
        }
    }

    @Test("tree level: O(χ/N) from the NNGP at χ = 1, and its gap to the exact posterior closes as χ grows")
    func treeLevelConsistency() throws {
        let d = Self.isingData(seed: 4)
        var gaps: [Double] = []
        for chi in [1.0, 100, 10_000] {
            let s = try Self.setup(chi: chi)
            let m = try MultiscaleLinearTheory.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
            let e = try LinearNetworkExactPosterior.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
            let tree = Discrepancy.meanSigned(labels: d.y, predictions: m.treeLevel.trainMean)
            let exact = Discrepancy.meanSigned(labels: d.y, predictions: e.trainMean)
            gaps.append(abs(tree - exact) / exact)
            if chi == 1 {
                let nngp = try NNGPLinearPredictor.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
                let base = Discrepancy.meanSigned(labels: d.y, predictions: nngp.trainMean)
                // First order in c = g_w χ/(N κ0²): u − 1 = c Δ₀ᵀC⁰Δ₀ + O(c²), Δ₀ the NNGP discrepancy.
                let delta0 = zip(d.y, nngp.trainMean).map { $0 - $1 }
                let c0 = Matrix(rows: d.x.rows, cols: d.x.rows,
                                values: rowGram(d.x).values.map { $0 * s.readinVarianceScale / Double(d.x.cols) })
                let firstOrder = s.readoutVarianceScale * chi / (Double(s.width) * s.kappa0 * s.kappa0) * dot(delta0, matvec(c0, delta0))
                #expect(abs(m.treeLevel.rescaling - 1 - firstOrder) < 3 * firstOrder * firstOrder,
                        "u − 1 = \(m.treeLevel.rescaling - 1), first order \(firstOrder)")
                #expect(abs(tree - base) < abs(exact - base) + 2 * firstOrder * base)
            }
        }
        #expect(gaps[1] < gaps[0] && gaps[2] < gaps[1], "relative tree–exact gaps \(gaps)")
        #expect(gaps[2] < 0.01, "relative tree–exact gap at χ = 1e4: \(gaps[2])")
    }

    @Test("report: tree level, one loop and exact on the Rubin Fig. 2 setting")
    func report() throws {
        let d = Self.isingData(seed: 1)
        for chi in [1.0, 3, 10, 30, 100, 300] {
            let s = try Self.setup(chi: chi)
            let m = try MultiscaleLinearTheory.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
            let e = try LinearNetworkExactPosterior.predict(trainInputs: d.x, labels: d.y, testInputs: d.xt, setup: s)
            let disc = { (f: [Double]) in Discrepancy.meanSigned(labels: d.y, predictions: f) }
            print(String(format: "χ=%6.1f tree %.5f loop %.5f exact %.5f | u %.4f ⟨ρ⟩loop %.4f exact %.4f | task %.3f/%.3f/%.3f orth %.4f/%.4f/%.4f maxima %d/%d",
                         chi, disc(m.treeLevel.trainMean), disc(m.oneLoop.trainMean), disc(e.trainMean),
                         m.treeLevel.rescaling, m.oneLoop.rescaling, e.rhoMean,
                         m.treeLevel.hiddenKernelRatios.task, m.oneLoop.hiddenKernelRatios.task, e.hiddenKernelRatios!.task,
                         m.treeLevel.hiddenKernelRatios.orthogonal, m.oneLoop.hiddenKernelRatios.orthogonal, e.hiddenKernelRatios!.orthogonal,
                         m.treeLevel.maximaCountOnPath, m.oneLoop.maximaCountOnPath))
        }
    }
}
