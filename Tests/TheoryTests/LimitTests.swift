import Foundation
import Kernels
import LinearAlgebra
import Testing
import TestSupport
import Theory

@Suite("Limits of the exact posterior and the NNGP predictor")
struct LimitTests {
    static let x = GaussianData.matrix(rows: 6, cols: 4, seed: 21, purpose: "train")
    static let xs = GaussianData.matrix(rows: 5, cols: 4, seed: 21, purpose: "test")
    static let y = [1.0, -1.0, 0.5, 0.2, -0.7, 1.3]

    @Test("N → ∞ at χ = 1: the exact posterior approaches the NNGP, the gap shrinking like 1/N")
    func infiniteWidth() throws {
        let base = try LinearNetworkSetup(width: 1, readinVarianceScale: 1.1, readoutVarianceScale: 0.9, kappa0: 0.5, chi: 1)
        let nngp = try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: base)
        var gaps: [Double] = []
        for width in [100, 1_000, 10_000, 100_000, 1_000_000] {
            var setup = base
            setup.width = width
            let exact = try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
            let gap = max(maxAbsDifference(exact.trainMean, nngp.trainMean), maxAbsDifference(exact.testMean, nngp.testMean),
                          maxAbsDifference(exact.trainVariance, nngp.trainVariance),
                          maxAbsDifference(exact.testVariance, nngp.testVariance))
            gaps.append(gap)
            #expect(Double(width) * gap < 1, "N = \(width): gap \(gap)")
            #expect(abs(exact.rhoMean - 1) < 2 / Double(width).squareRoot())
            #expect(isClose(exact.rhoVariance * Double(width), 2, relative: 0.2), "N Var ρ = \(exact.rhoVariance * Double(width))")
            #expect(abs(exact.logEvidence - nngp.logEvidence) < 50 / Double(width))
        }
        for i in 1..<gaps.count {
            let ratio = gaps[i] / gaps[i - 1]
            #expect(ratio > 0.09 && ratio < 0.11, "gap ratio \(ratio) between N = 10^\(i + 1) and 10^\(i + 2): \(gaps)")
        }
        #expect(gaps.last! < 1e-6)
    }

    @Test("κ0 → ∞: the posterior is the prior (means 0, ρ ~ Gamma(N/2, N/2), prior variances g_w C⁰/χ)")
    func priorLimit() throws {
        let setup = try LinearNetworkSetup(width: 7, readinVarianceScale: 1.1, readoutVarianceScale: 0.9, kappa0: 1e10, chi: 3)
        let exact = try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
        #expect(exact.trainMean.allSatisfy { abs($0) < 1e-9 } && exact.testMean.allSatisfy { abs($0) < 1e-9 })
        #expect(isClose(exact.rhoMean, 1, relative: 1e-8))
        #expect(isClose(exact.rhoVariance, 2.0 / 7, relative: 1e-8))
        let scale = 1.1 / 4 * 0.9 / 3
        let trainPrior = (0..<Self.x.rows).map { i in scale * Self.x.row(i).reduce(0) { $0 + $1 * $1 } }
        let testPrior = (0..<Self.xs.rows).map { i in scale * Self.xs.row(i).reduce(0) { $0 + $1 * $1 } }
        #expect(allClose(exact.trainVariance, trainPrior, relative: 1e-8))
        #expect(allClose(exact.testVariance, testPrior, relative: 1e-8))
    }

    @Test("NNGP predictor equals kernel ridge regression with the linear NNGP kernel", arguments: [1.0, 3.0])
    func nngpIsKernelRidgeRegression(chi: Double) throws {
        let setup = try LinearNetworkSetup(width: 5, readinVarianceScale: 1.1, readoutVarianceScale: 0.9, kappa0: 0.5, chi: chi)
        let nngp = try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
        let kernel = try NNGPKernel(activation: .linear, weightVariance: 1.1, readoutVariance: 0.9)
        let krr = try KernelRidgeRegression(trainGram: kernel.gram(Self.x), labels: Self.y, ridge: 0.5)
        #expect(allClose(nngp.trainMean, krr.trainPredictions, relative: 1e-12, absolute: 1e-14))
        #expect(allClose(nngp.testMean, krr.predictMean(crossGram: kernel.gram(Self.xs, Self.x)), relative: 1e-12, absolute: 1e-14))
        // GP with kernel g_w C⁰/χ and noise κ0/χ: the χ = 1 variances divided by χ.
        let trainVariance = krr.predictVariance(crossGram: kernel.gram(Self.x), testDiagonal: kernel.diagonal(Self.x)).map { $0 / chi }
        let testVariance = krr.predictVariance(crossGram: kernel.gram(Self.xs, Self.x), testDiagonal: kernel.diagonal(Self.xs)).map { $0 / chi }
        #expect(allClose(nngp.trainVariance, trainVariance, relative: 1e-10, absolute: 1e-14))
        #expect(allClose(nngp.testVariance, testVariance, relative: 1e-10, absolute: 1e-14))
        // log N(y; 0, S/χ) = log N(y; 0, S) − ½(χ − 1) yᵀS⁻¹y + (P/2) ln χ.
        let evidence = krr.logMarginalLikelihood - 0.5 * (chi - 1) * dot(Self.y, krr.dualCoefficients)
            + 0.5 * Double(Self.y.count) * Foundation.log(chi)
        #expect(isClose(nngp.logEvidence, evidence, relative: 1e-12))
        #expect(nngp.rhoMean == 1 && nngp.rhoVariance == 0 && nngp.logEvidenceGridError == 0)
    }

    @Test("NNGP on a rank-deficient kernel (D = 2 < P = 6) equals kernel ridge regression")
    func nngpRankDeficient() throws {
        let x = GaussianData.matrix(rows: 6, cols: 2, seed: 22, purpose: "train")
        let xs = GaussianData.matrix(rows: 3, cols: 2, seed: 22, purpose: "test")
        let setup = try LinearNetworkSetup(width: 5, readinVarianceScale: 0.6, readoutVarianceScale: 1.7, kappa0: 0.2)
        let nngp = try NNGPLinearPredictor.predict(trainInputs: x, labels: Self.y, testInputs: xs, setup: setup)
        let kernel = try NNGPKernel(activation: .linear, weightVariance: 0.6, readoutVariance: 1.7)
        let krr = try KernelRidgeRegression(trainGram: kernel.gram(x), labels: Self.y, ridge: 0.2)
        #expect(allClose(nngp.trainMean, krr.trainPredictions, relative: 1e-11, absolute: 1e-13))
        #expect(allClose(nngp.testMean, krr.predictMean(crossGram: kernel.gram(xs, x)), relative: 1e-11, absolute: 1e-13))
        #expect(allClose(nngp.testVariance, krr.predictVariance(crossGram: kernel.gram(xs, x), testDiagonal: kernel.diagonal(xs)),
                         relative: 1e-10, absolute: 1e-13))
        #expect(isClose(nngp.logEvidence, krr.logMarginalLikelihood, relative: 1e-12))
    }

    @Test("The NNGP mean does not depend on χ")
    func chiDependence() throws {
        var setup = try LinearNetworkSetup(width: 5, readinVarianceScale: 1.1, readoutVarianceScale: 0.9, kappa0: 0.5, chi: 1)
        let reference = try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
        for chi in [0.1, 10, 1000] {
            setup.chi = chi
            let nngp = try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
            #expect(allClose(nngp.trainMean, reference.trainMean, relative: 1e-12))
            #expect(allClose(nngp.testMean, reference.testMean, relative: 1e-12))
        }
    }
}
