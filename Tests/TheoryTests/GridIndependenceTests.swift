import LinearAlgebra
import Testing
import TestSupport
import Theory

@Suite("Independence of the ρ grid")
struct GridIndependenceTests {
    /// Cases spanning the shapes of the ρ-posterior: a heavy left tail (N = 1), a posterior pushed to
    /// large ρ by the data (mean-field-like χ = N = 100), and a very narrow one (N = 10⁶).
    static let cases: [(width: Int, chi: Double)] = [(1, 1), (3, 0.2), (100, 100), (100, 1), (1_000_000, 1)]

    @Test("doubling gridPoints changes every output by < 1e-10 relative", arguments: 0..<5)
    func doubling(index: Int) throws {
        let (width, chi) = Self.cases[index]
        let train = IsingLikeData.make(count: 20, dimension: 30, flipProbability: 0.2, seed: 31, purpose: "train")
        let test = IsingLikeData.make(count: 15, dimension: 30, flipProbability: 0.2, seed: 31, purpose: "test")
        let setup = try LinearNetworkSetup(width: width, readinVarianceScale: 0.5, readoutVarianceScale: 0.5,
                                           kappa0: 1, chi: chi)
        let coarse = try LinearNetworkExactPosterior.predict(trainInputs: train.inputs, labels: train.labels,
                                                             testInputs: test.inputs, setup: setup, gridPoints: 2000)
        let fine = try LinearNetworkExactPosterior.predict(trainInputs: train.inputs, labels: train.labels,
                                                           testInputs: test.inputs, setup: setup, gridPoints: 4000)
        func close(_ a: [Double], _ b: [Double]) -> Bool {
            maxAbsDifference(a, b) <= 1e-10 * max(a.map(abs).max() ?? 0, b.map(abs).max() ?? 0)
        }
        #expect(close(coarse.trainMean, fine.trainMean))
        #expect(close(coarse.testMean, fine.testMean))
        #expect(close(coarse.trainVariance, fine.trainVariance))
        #expect(close(coarse.testVariance, fine.testVariance))
        #expect(isClose(coarse.rhoMean, fine.rhoMean, relative: 1e-10))
        #expect(isClose(coarse.rhoVariance, fine.rhoVariance, relative: 1e-10))
        #expect(isClose(coarse.logEvidence, fine.logEvidence, relative: 1e-10))
        #expect(coarse.logEvidenceGridError < 1e-10 && fine.logEvidenceGridError < 1e-10)
    }

    @Test("a too coarse grid is flagged by the self-estimate of the quadrature error")
    func selfEstimateDetectsCoarseGrid() throws {
        let train = IsingLikeData.make(count: 20, dimension: 30, flipProbability: 0.2, seed: 31, purpose: "train")
        let setup = try LinearNetworkSetup(width: 1, readinVarianceScale: 0.5, readoutVarianceScale: 0.5, kappa0: 1)
        let coarse = try LinearNetworkExactPosterior.predict(trainInputs: train.inputs, labels: train.labels,
                                                             testInputs: Matrix(rows: 0, cols: 30), setup: setup, gridPoints: 20)
        let reference = try LinearNetworkExactPosterior.predict(trainInputs: train.inputs, labels: train.labels,
                                                                testInputs: Matrix(rows: 0, cols: 30), setup: setup)
        let actualError = abs(coarse.logEvidence - reference.logEvidence)
        #expect(coarse.logEvidenceGridError > 1e-6)
        #expect(coarse.logEvidenceGridError >= actualError)
    }
}
