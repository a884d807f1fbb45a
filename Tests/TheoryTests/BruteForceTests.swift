import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Theory

@Suite("Exact posterior against brute-force integration over the weights")
struct BruteForceTests {
    /// Every field of `a` is within `relative` (scaled by the field's largest magnitude) of `b`.
    static func agree(_ a: LinearNetworkPrediction, _ b: LinearNetworkPrediction, relative: Double) -> Bool {
        func close(_ x: [Double], _ y: [Double]) -> Bool {
            let scale = max(x.map(abs).max() ?? 0, y.map(abs).max() ?? 0)
            return maxAbsDifference(x, y) <= relative * scale
        }
        return close(a.trainMean, b.trainMean) && close(a.testMean, b.testMean)
            && close(a.trainVariance, b.trainVariance) && close(a.testVariance, b.testVariance)
            && isClose(a.rhoMean, b.rhoMean, relative: relative)
            && isClose(a.rhoVariance, b.rhoVariance, relative: relative)
            && isClose(a.logEvidence, b.logEvidence, relative: relative)
    }

    @Test("N = 1, D = 3, P = 3 (full-rank C⁰), χ = 1: 1-D trapezoid and Gauss–Hermite quadrature over w")
    func singleUnit() throws {
        let x = GaussianData.matrix(rows: 3, cols: 3, seed: 11, purpose: "train")
        let xs = GaussianData.matrix(rows: 2, cols: 3, seed: 11, purpose: "test")
        let y = [1.0, -0.5, 0.8]
        let setup = try LinearNetworkSetup(width: 1, readinVarianceScale: 1.3, readoutVarianceScale: 0.8, kappa0: 0.4, chi: 1)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup)
        let brute = try BruteForcePosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup,
                                                    rule: BruteForcePosterior.trapezoidRule(spacing: 1.0 / 32))
        #expect(Self.agree(exact, brute, relative: 1e-10), "exact \(exact)\nbrute \(brute)")
        // Gauss–Hermite converges slowly here (poles near the real axis) but agrees at its own accuracy.
        let hermite = try BruteForcePosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup,
                                                      rule: GaussHermite.nodes(count: 400))
        #expect(Self.agree(exact, hermite, relative: 1e-6), "exact \(exact)\nhermite \(hermite)")
    }

    @Test("N = 2, D = 2, P = 4 (rank-deficient C⁰), χ = 2.5: 2-D trapezoid grid over w")
    func twoUnitsRankDeficient() throws {
        let x = GaussianData.matrix(rows: 4, cols: 2, seed: 12, purpose: "train")
        let xs = GaussianData.matrix(rows: 3, cols: 2, seed: 12, purpose: "test")
        let y = [0.9, -1.1, 0.3, 0.6]
        let setup = try LinearNetworkSetup(width: 2, readinVarianceScale: 0.7, readoutVarianceScale: 1.4, kappa0: 0.3, chi: 2.5)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup)
        let brute = try BruteForcePosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup,
                                                    rule: BruteForcePosterior.trapezoidRule(spacing: 1.0 / 16))
        #expect(Self.agree(exact, brute, relative: 1e-10), "exact \(exact)\nbrute \(brute)")
        // The eigenbasis really had a null space here: rank C⁰ ≤ D = 2 < P = 4.
        let spectrum = try LinearKernelSpectrum(trainInputs: x, labels: y, testInputs: xs, readinVarianceScale: 0.7)
        #expect(spectrum.eigenvalues.filter { $0 == 0 }.count == 2)
    }

    @Test("N = 2, repeated training input and mean-field-like χ = 20: 2-D trapezoid grid over w")
    func twoUnitsRepeatedInputLargeChi() throws {
        var x = GaussianData.matrix(rows: 3, cols: 3, seed: 13, purpose: "train")
        for k in 0..<3 { x[2, k] = x[0, k] }
        let xs = GaussianData.matrix(rows: 2, cols: 3, seed: 13, purpose: "test")
        let y = [1.0, -1.0, 1.0]
        let setup = try LinearNetworkSetup(width: 2, readinVarianceScale: 1, readoutVarianceScale: 0.5, kappa0: 1, chi: 20)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup)
        let brute = try BruteForcePosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup,
                                                    rule: BruteForcePosterior.trapezoidRule(spacing: 1.0 / 16))
        #expect(Self.agree(exact, brute, relative: 1e-10), "exact \(exact)\nbrute \(brute)")
    }

    @Test("N = 2, D = 2, P = 3: importance sampling of (V, w) from the prior agrees within 5 standard errors")
    func importanceSampling() throws {
        let x = GaussianData.matrix(rows: 3, cols: 2, seed: 14, purpose: "train")
        let xs = GaussianData.matrix(rows: 2, cols: 2, seed: 14, purpose: "test")
        let y = [0.8, -0.6, 0.4]
        let setup = try LinearNetworkSetup(width: 2, readinVarianceScale: 1.2, readoutVarianceScale: 0.9, kappa0: 0.6, chi: 1.5)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: x, labels: y, testInputs: xs, setup: setup)
        let sampled = ImportanceSamplingPosterior.estimate(trainInputs: x, labels: y, testInputs: xs, setup: setup,
                                                           samples: 400_000, seed: 7)
        let means = exact.trainMean + exact.testMean
        for i in means.indices {
            #expect(sampled.standardError[i] < 0.01)
            #expect(abs(means[i] - sampled.mean[i]) < 5 * sampled.standardError[i],
                    "f[\(i)]: exact \(means[i]), sampled \(sampled.mean[i]) ± \(sampled.standardError[i])")
        }
        #expect(abs(exact.rhoMean - sampled.rhoMean) < 5 * sampled.rhoStandardError,
                "ρ: exact \(exact.rhoMean), sampled \(sampled.rhoMean) ± \(sampled.rhoStandardError)")
    }
}
