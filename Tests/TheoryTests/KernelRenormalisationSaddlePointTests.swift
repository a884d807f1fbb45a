import Datasets
import Foundation
import Kernels
import LinearAlgebra
import Testing
import TestSupport
import Theory

@Suite("Kernel renormalisation: saddle point")
struct KernelRenormalisationSaddlePointTests {
    private func saddle(_ data: RegressionData, activation: Activation = .erf, width: Int, temperature: Double,
                        lambda0: Double = 1, lambda1: Double = 1) throws -> KernelRenormalisationSaddlePoint {
        let prior = PriorFeatureCovariances(inputs: data.trainInputs, activation: activation, lambda0: lambda0)
        let spectrum = try RenormalisedKernelSpectrum(kernel: prior.kernel, labels: data.trainLabels)
        return KernelRenormalisationSaddlePoint(spectrum: spectrum, width: width, temperature: temperature, lambda1: lambda1)
    }

    @Test("the residual is S′(Q), it vanishes at Q̄, Q̄ minimises S, and the bracket holds every root",
          arguments: [(Activation.erf, 0.1), (.erf, 2.0), (.linear, 0.05)])
    func residualIsTheDerivativeOfTheAction(activation: Activation, temperature: Double) throws {
        let data = try ClusterData.make(trainCount: 40, dimension: 12, separation: 1.2)
        let s = try saddle(data, activation: activation, width: 25, temperature: temperature, lambda0: 0.8, lambda1: 1.3)
        for q in [0.3, 0.9, 1.7, 4.0] {
            let h = 1e-5 * q
            let numeric = (s.action(q + h) - s.action(q - h)) / (2 * h)
            #expect(isClose(numeric, s.residual(q), relative: 1e-6, absolute: 1e-8), "Q = \(q): S′ ≈ \(numeric), g = \(s.residual(q))")
        }
        let solution = try s.solve()
        let q = solution.orderParameter
        #expect(abs(solution.residual) < 1e-12)
        #expect(solution.residual == s.residual(q))
        #expect(s.action(q) <= s.action(q * 1.001) && s.action(q) <= s.action(q * 0.999))
        #expect(s.residual(solution.lower) < 0 && s.residual(solution.upper) > 0)
        #expect(solution.stationaryPoints.allSatisfy { $0 > solution.lower && $0 < solution.upper })
        // No root outside the bracket on a wide scan.
        let wide = (0...2000).map { 1e-4 * pow(1e8, Double($0) / 2000) }
        for interval in RootFinder.bracketAll(s.residual, grid: wide) {
            #expect(interval.lowerBound <= solution.upper && interval.upperBound >= solution.lower, "root near \(interval)")
        }
    }

    @Test("α → 0 (N → ∞) gives Q̄ → 1 (NNGP), with Q̄ − 1 ∝ 1/N")
    func vanishingAlpha() throws {
        let data = try ClusterData.make(trainCount: 30, dimension: 10)
        var gaps: [Double] = []
        for width in [1_000_000, 10_000_000, 1_000_000_000] {
            let q = try saddle(data, width: width, temperature: 0.1).solve().orderParameter
            gaps.append(q - 1)
            #expect(abs(q - 1) < 1e4 / Double(width), "N = \(width): Q̄ = \(q)")
        }
        #expect(isClose(gaps[1] / gaps[0], 0.1, relative: 1e-3), "\(gaps)")
    }

    @Test("T → ∞ gives Q̄ → 1")
    func infiniteTemperature() throws {
        let data = try ClusterData.make(trainCount: 30, dimension: 10)
        for (t, tolerance) in [(1e4, 1e-3), (1e7, 1e-6)] {
            let q = try saddle(data, width: 20, temperature: t).solve().orderParameter
            #expect(abs(q - 1) < tolerance, "T = \(t): Q̄ = \(q)")
        }
    }

    @Test("T → 0 satisfies 1 − (1 − α)/Q̄ − λ1 yᵀK⁻¹y/(N Q̄²) = 0", arguments: [12, 30, 60])
    func zeroTemperature(width: Int) throws {
        let data = try ClusterData.make(trainCount: 24, dimension: 10, separation: 1.5)
        let lambda1 = 1.4
        let s = try saddle(data, width: width, temperature: 1e-9, lambda0: 0.9, lambda1: lambda1)
        let q = try s.solve().orderParameter
        // yᵀK⁻¹y by a Cholesky solve (independent of the eigenbasis).
        let k = PriorFeatureCovariances(inputs: data.trainInputs, activation: .erf, lambda0: 0.9).kernel
        let yky = dot(data.trainLabels, try CholeskyFactor(k).solve(data.trainLabels))
        let alpha = 24 / Double(width), c = lambda1 * yky / Double(width)
        let limit = ((1 - alpha) + ((1 - alpha) * (1 - alpha) + 4 * c).squareRoot()) / 2
        #expect(isClose(q, limit, relative: 1e-6), "Q̄ = \(q), zero-temperature root \(limit)")
        #expect(abs(1 - (1 - alpha) / q - c / (q * q)) < 1e-6)
    }

    @Test("prototype setting (erf, λ0 = λ1 = 1, P = 120, D = 30, N = 60, r = 1): Q̄(T) in the range of the NumPy prototype's table")
    func prototypeRange() throws {
        // The prototype's data set differs (its own random clusters): Q̄ = 0.925, 0.935, 1.032, 1.785, 3.804 at
        // T = 3, 1, 0.3, 0.1, 0.01 is a sanity range, not an equality.
        let data = try ClusterData.make(trainCount: 120, dimension: 30, separation: 1, seed: 0)
        let prototype: [(t: Double, q: Double, tolerance: Double)] = [(3, 0.925, 0.05), (1, 0.935, 0.06), (0.3, 1.032, 0.1),
                                                                    (0.1, 1.785, 0.2), (0.01, 3.804, 0.2)]
        var previous = 0.0
        for (t, reference, tolerance) in prototype {
            let q = try saddle(data, width: 60, temperature: t).solve().orderParameter
            print("prototype: T = \(t): Q̄ = \(q) (prototype \(reference))")
            #expect(abs(q / reference - 1) < tolerance, "T = \(t): Q̄ = \(q), prototype \(reference)")
            #expect(q > previous, "Q̄ must grow as T falls")
            previous = q
        }
    }
}
