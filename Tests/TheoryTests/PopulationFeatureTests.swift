import Foundation
import LinearAlgebra
import Testing
import TestSupport
import Theory

@Suite("Population MF: reduced features and grid quadrature")
struct PopulationFeatureTests {
    /// Mean and standard error of `f` over `count` Gaussian draws.
    static func monteCarlo(count: Int, seed: UInt64, _ f: (inout RandomStream) -> Double) -> (mean: Double, error: Double) {
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("population-mc")])
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<count {
            let v = f(&rng)
            sum += v; sumSquares += v * v
        }
        let mean = sum / Double(count)
        return (mean, ((sumSquares / Double(count) - mean * mean) / Double(count)).squareRoot())
    }

    @Test("g and g2 equal Monte Carlo averages of ReLU(μ + Z) and its square, Z ~ N(0, s²)", arguments: [(0.3, 0.7), (-1.0, 0.5)])
    func gaussianReLUMoments(mu: Double, s: Double) {
        let g = Self.monteCarlo(count: 400_000, seed: 1) { rng in max(0, mu + s * rng.nextGaussian()) }
        let g2 = Self.monteCarlo(count: 400_000, seed: 2) { rng in let v = max(0, mu + s * rng.nextGaussian()); return v * v }
        #expect(abs(ReducedFeatures.gaussianReLUMean(mean: mu, spread: s) - g.mean) < 5 * g.error)
        #expect(abs(ReducedFeatures.gaussianReLUSecondMoment(mean: mu, spread: s) - g2.mean) < 5 * g2.error)
    }

    @Test("J_S against a brute-force sum over x_S and a Binomial irrelevant field; the CLT error falls like 1/n")
    func parityOverlapAgainstBinomialField() {
        let w = [0.9, -0.4, 0.3, 0.7], s = 0.8
        let reduced = ReducedFeatures.parityOverlap(relevant: w, spread: s)
        func bruteForce(n: Int) -> Double {
            // All n irrelevant weights equal s/√n: Z = s(2B − n)/√n with B ~ Binomial(n, 1/2), summed exactly.
            var total = 0.0
            for pattern in 0..<16 {
                var mu = 0.0, chi = 1.0
                for j in 0..<4 { let x = pattern & (1 << j) != 0 ? -1.0 : 1.0; mu += w[j] * x; chi *= x }
                var inner = 0.0
                for b in 0...n {
                    let logP: Double = lgamma(Double(n + 1)) - lgamma(Double(b + 1)) - lgamma(Double(n - b + 1)) - Double(n) * log(2.0)
                    inner += exp(logP) * max(0, mu + s * Double(2 * b - n) / Double(n).squareRoot())
                }
                total += chi * inner
            }
            return total / 16
        }
        let coarse = abs(bruteForce(n: 250) - reduced), fine = abs(bruteForce(n: 4000) - reduced)
        #expect(fine < 1e-4 * abs(reduced) + 1e-7, "J_S = \(reduced), brute force differs by \(fine)")
        #expect(fine < coarse / 8, "CLT error: n = 250 → \(coarse), n = 4000 → \(fine)")
        // Odd under a sign flip of one relevant coordinate, symmetric under permutations.
        #expect(isClose(ReducedFeatures.parityOverlap(relevant: [-0.9, -0.4, 0.3, 0.7], spread: s), -reduced, relative: 1e-12))
        #expect(isClose(ReducedFeatures.parityOverlap(relevant: [0.3, 0.7, -0.4, 0.9], spread: s), reduced, relative: 1e-12))
    }

    @Test("J_S with a Gaussian irrelevant field by Monte Carlo at fixed w_S")
    func parityOverlapMonteCarlo() {
        let w = [1.1, 0.5, -0.8, 0.2], s = 0.6
        let estimate = Self.monteCarlo(count: 400_000, seed: 3) { rng in
            var mu = 0.0, chi = 1.0
            for j in 0..<4 { let x: Double = rng.nextUniform() < 0.5 ? -1 : 1; mu += w[j] * x; chi *= x }
            return chi * max(0, mu + s * rng.nextGaussian())
        }
        #expect(abs(ReducedFeatures.parityOverlap(relevant: w, spread: s) - estimate.mean) < 5 * estimate.error)
    }

    @Test("Single-index overlap: c_k in closed form against Gauss–Hermite, J(w) against Monte Carlo")
    func singleIndexOverlap() {
        #expect(isClose(ReducedFeatures.reluHermiteCoefficient(degree: 2), 1 / (4 * Double.pi).squareRoot(), relative: 1e-14))
        for k in [2, 4, 6] {
            // ∫_0^12 z He_k(z) ϕ(z) dz by the trapezoid rule (smooth integrand, tail beyond 12 negligible).
            let h = 1e-4
            var quadrature = 0.0
            for i in 0...120_000 {
                let z = Double(i) * h
                var p0 = 1.0, p1 = z
                for n in 1..<k { let p2 = z * p1 - Double(n) * p0; p0 = p1; p1 = p2 }
                quadrature += (i == 0 || i == 120_000 ? 0.5 : 1) * h * z * p1 * exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            }
            let logFactorial: Double = lgamma(Double(k + 1))
            quadrature /= exp(0.5 * logFactorial)
            #expect(abs(ReducedFeatures.reluHermiteCoefficient(degree: k) - quadrature) < 1e-9, "k = \(k): quadrature \(quadrature)")
        }
        let t = 0.8, s = 0.6
        let estimate = Self.monteCarlo(count: 400_000, seed: 4) { rng in
            let z1 = rng.nextGaussian(), z2 = rng.nextGaussian()
            return max(0, t * z1 + s * z2) * (z1 * z1 * z1 * z1 - 6 * z1 * z1 + 3) / 24.0.squareRoot()
        }
        #expect(abs(ReducedFeatures.singleIndexOverlap(along: t, spread: s, degree: 4) - estimate.mean) < 5 * estimate.error)
    }

    @Test("Krawtchouk eigenvalue equals brute force: Monte Carlo over w ~ p0 in d = 8, exact sum over all 256 inputs", arguments: [2, 4])
    func exactEigenvalueBruteForce(k: Int) {
        let d = 8
        let inputs = (0..<(1 << d)).map { p in (0..<d).map { p & (1 << $0) != 0 ? -1.0 : 1.0 } }
        let estimate = Self.monteCarlo(count: 6000, seed: 5) { rng in
            let w = (0..<d).map { _ in rng.nextGaussian() / Double(d).squareRoot() }
            var j = 0.0
            for x in inputs {
                var dot = 0.0, chi = 1.0
                for c in 0..<d { dot += w[c] * x[c] }
                for c in 0..<k { chi *= x[c] }
                j += chi * max(0, dot)
            }
            j /= Double(inputs.count)
            return j * j
        }
        let exact = ReducedFeatures.exactParityEigenvalue(inputDimension: d, degree: k, weightVariance: 1, readoutVariance: 1)
        #expect(abs(exact - estimate.mean) < 5 * estimate.error, "exact \(exact), brute force \(estimate.mean) ± \(estimate.error)")
    }

    @Test("Grid E_p0[J²] against Monte Carlo of the same reduced (CLT) model; E_p0[Q] = σ_w²/2 and unit prior mass")
    func gridAgainstReducedMonteCarlo() throws {
        for (d, k) in [(8, 2), (16, 4)] {
            let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: d, degree: k, width: 64, weightVariance: 1.3))
            let estimate = Self.monteCarlo(count: 100_000, seed: 6) { rng in
                let w = (0..<k).map { _ in rng.nextGaussian() * (1.3 / Double(d)).squareRoot() }
                var s2 = 0.0
                for _ in 0..<(d - k) { let z = rng.nextGaussian(); s2 += 1.3 / Double(d) * z * z }
                let j = ReducedFeatures.parityOverlap(relevant: w, spread: s2.squareRoot())
                return j * j
            }
            let prior = grid.priorAverages()
            #expect(abs(prior.overlapSquared - estimate.mean) < 5 * estimate.error,
                    "d = \(d), k = \(k): grid \(prior.overlapSquared), Monte Carlo \(estimate.mean) ± \(estimate.error)")
            #expect(isClose(prior.secondMoment, 1.3 / 2, relative: 1e-4))
            #expect(isClose(prior.relevantSquaredNorm, 1.3 * Double(k) / Double(d), relative: 1e-4))
            let mass = grid.priorMass()
            #expect(abs(mass.relevant - 1) < 1e-4 && abs(mass.irrelevant - 1) < 1e-5, "mass \(mass)")
        }
    }

    @Test("The CLT grid overestimates the exact parity eigenvalue by about 33 % at d = 16 and 20 % at d = 35 (the note)")
    func cltOverestimate() throws {
        for (d, ratio) in [(16, 1.33), (35, 1.20)] {
            let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: d, degree: 4, width: 512))
            let measured = grid.kernelProjection() / grid.exactKernelProjection
            #expect(abs(measured - ratio) < 0.03, "d = \(d): λ_grid/λ_exact = \(measured)")
        }
    }

    @Test("Single-index grid: E_p0[J²] equals the closed form (no CLT there), E_p0[Q] = σ_w²/2")
    func singleIndexGrid() throws {
        let grid = try PopulationGrid(configuration: PopulationConfiguration(task: .singleIndexHermite, inputDimension: 18, degree: 4,
                                                                             width: 64, weightVariance: 0.8, readoutVariance: 1.5,
                                                                             grid: PopulationGridSettings(relevantNodes: 200)))
        #expect(isClose(grid.kernelProjection(), grid.exactKernelProjection, relative: 1e-4),
                "grid \(grid.kernelProjection()), exact \(grid.exactKernelProjection)")
        #expect(isClose(grid.priorAverages().secondMoment, 0.4, relative: 1e-4))
    }

    @Test("ARD priors: the grid covers shrunk irrelevant norms (ρ_⊥ = 50) and widened relevant weights (ρ_S = 0.01)")
    func shrunkPriorsAreCovered() throws {
        let d = 35, k = 4
        let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: d, degree: k, width: 512))
        let precisions = (relevant: 0.01, irrelevant: 50.0)
        let mass = grid.priorMass(precisions: precisions)
        #expect(abs(mass.relevant - 1) < 1e-4 && abs(mass.irrelevant - 1) < 1e-5, "mass \(mass)")
        let prior = grid.priorAverages(precisions: precisions)
        #expect(isClose(prior.irrelevantSquaredNorm, Double(d - k) / (Double(d) * 50), relative: 1e-5))
        #expect(isClose(prior.relevantSquaredNorm, Double(k) / (Double(d) * 0.01), relative: 1e-5))
    }

    @Test("Grid convergence: doubling nw (24 → 48) or ns (48 → 96) changes λ_grid little")
    func gridConvergence() throws {
        func lambda(_ nw: Int, _ ns: Int) throws -> Double {
            try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 16, degree: 4, width: 64,
                grid: PopulationGridSettings(relevantNodes: nw, normNodes: ns))).kernelProjection()
        }
        let base = try lambda(24, 48), finerW = try lambda(48, 48), finerS = try lambda(24, 96)
        #expect(isClose(finerW, base, relative: 3e-3), "nw 24 → 48: \(base) → \(finerW)")
        #expect(isClose(finerS, base, relative: 1e-5), "ns 48 → 96: \(base) → \(finerS)")
    }

    @Test("Invalid parameters are rejected with the parameter's name")
    func invalidParameters() {
        for k in [3, 5] {
            #expect(throws: TheoryError.self) { try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 20, degree: k, width: 64)) }
        }
        do {
            _ = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 20, degree: 3, width: 64))
        } catch let error as TheoryError {
            #expect("\(error)".contains("`degree`") && "\(error)".contains("even"))
        } catch { Issue.record("unexpected error \(error)") }
        #expect(throws: TheoryError.self) { try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 20, degree: 4, width: 0)) }
        #expect(throws: TheoryError.self) {
            try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 20, degree: 4, width: 64,
                                                                      grid: PopulationGridSettings(normNodes: 8)))
        }
    }
}
