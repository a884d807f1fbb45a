import Foundation
import LinearAlgebra
import Testing
import TestSupport
import Theory

/// The orders of magnitude of the science note (rubin2025-multiscale.md) with the parameters of
/// Rubin et al. Fig. 2: P = 80, P_test = 1000, N = 100, D = 200, κ0 = 1, g_v = g_w = 0.5, p = 0.1.
/// Sanity only: the assertions are qualitative; the numbers are printed.
@Suite("Orders of magnitude on the Ising-like task (Rubin et al. parameters)")
struct IsingOrdersOfMagnitudeTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]
    static let chis: [Double] = [1, 10, 100]

    /// Seed-averaged signed discrepancies and the largest time of one exact prediction.
    struct Summary {
        var nngpTrain = [Double](repeating: 0, count: 3), nngpTest = [Double](repeating: 0, count: 3)
        var exactTrain = [Double](repeating: 0, count: 3), exactTest = [Double](repeating: 0, count: 3)
        var exactTrainSquared = [Double](repeating: 0, count: 3), rhoMean = [Double](repeating: 0, count: 3)
        var perSeedMonotone = true
        var nngpChiSpread = 0.0
        var slowestSeconds = 0.0
        var largestGridError = 0.0
    }

    static func run() throws -> Summary {
        var summary = Summary()
        let clock = ContinuousClock()
        for seed in seeds {
            let train = IsingLikeData.make(count: 80, dimension: 200, flipProbability: 0.1, seed: seed, purpose: "train")
            let test = IsingLikeData.make(count: 1000, dimension: 200, flipProbability: 0.1, seed: seed, purpose: "test")
            var previous = Double.infinity
            var nngpReference: LinearNetworkPrediction?
            for (c, chi) in chis.enumerated() {
                let setup = try LinearNetworkSetup(width: 100, readinVarianceScale: 0.5, readoutVarianceScale: 0.5,
                                                   kappa0: 1, chi: chi)
                let nngp = try NNGPLinearPredictor.predict(trainInputs: train.inputs, labels: train.labels,
                                                           testInputs: test.inputs, setup: setup)
                var exact: LinearNetworkPrediction?
                let elapsed = try clock.measure {
                    exact = try LinearNetworkExactPosterior.predict(trainInputs: train.inputs, labels: train.labels,
                                                                    testInputs: test.inputs, setup: setup)
                }
                let e = exact!
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                summary.slowestSeconds = max(summary.slowestSeconds, seconds)
                summary.largestGridError = max(summary.largestGridError, e.logEvidenceGridError)
                let n = Double(seeds.count)
                summary.nngpTrain[c] += Discrepancy.meanSigned(labels: train.labels, predictions: nngp.trainMean) / n
                summary.nngpTest[c] += Discrepancy.meanSigned(labels: test.labels, predictions: nngp.testMean) / n
                let exactTrain = Discrepancy.meanSigned(labels: train.labels, predictions: e.trainMean)
                summary.exactTrain[c] += exactTrain / n
                summary.exactTest[c] += Discrepancy.meanSigned(labels: test.labels, predictions: e.testMean) / n
                summary.exactTrainSquared[c] += Discrepancy.meanSquared(labels: train.labels, predictions: e.trainMean) / n
                summary.rhoMean[c] += e.rhoMean / n
                if !(exactTrain < previous) { summary.perSeedMonotone = false }
                previous = exactTrain
                if let reference = nngpReference {
                    summary.nngpChiSpread = max(summary.nngpChiSpread, maxAbsDifference(reference.trainMean, nngp.trainMean),
                                                maxAbsDifference(reference.testMean, nngp.testMean))
                } else {
                    nngpReference = nngp
                }
            }
        }
        return summary
    }

    @Test("exact ≳ NNGP at χ = 1, exact falls with χ, NNGP flat in χ; each exact prediction well under a second")
    func ordersOfMagnitude() throws {
        let s = try Self.run()
        for (c, chi) in Self.chis.enumerated() {
            print(String(format: "χ = %5.0f  NNGP train %.4f test %.4f | exact train %.4f test %.4f (squared train %.4f) ⟨ρ⟩ %.3f",
                         chi, s.nngpTrain[c], s.nngpTest[c], s.exactTrain[c], s.exactTest[c], s.exactTrainSquared[c], s.rhoMean[c]))
        }
        print(String(format: "slowest exact prediction %.3f s, largest grid-error estimate %.1e", s.slowestSeconds, s.largestGridError))
        #expect(s.exactTrain[0] > s.nngpTrain[0])
        #expect(s.exactTrain[0] < 1.1 * s.nngpTrain[0])
        #expect(s.exactTrain[0] > s.exactTrain[1] && s.exactTrain[1] > s.exactTrain[2])
        #expect(s.exactTest[0] > s.exactTest[1] && s.exactTest[1] > s.exactTest[2])
        #expect(s.perSeedMonotone)
        #expect(s.nngpChiSpread <= 1e-12)
        #expect(s.slowestSeconds < 1)
        #expect(s.largestGridError < 1e-10)
        // Magnitudes of the note (sanity): NNGP ≈ 0.075, exact ≈ 0.078 / 0.059 / 0.029.
        #expect(abs(s.nngpTrain[0] - 0.075) < 0.015)
        #expect(abs(s.exactTrain[2] - 0.029) < 0.015)
    }
}
