import Foundation
import Kernels
import LinearAlgebra
import Testing
@testable import Networks

/// As the width grows, the posterior mean of an erf network approaches GP regression with the NNGP
/// kernel: `⟨f⟩ → K(K + T I)⁻¹ y` with `K = N s_out² σ_w² E[φ(h)φ(h')]` (`NNGPKernel`, closed form for erf)
/// and ridge `T` (the likelihood `exp(−Σ(y − f)²/(2T))` is Gaussian noise of variance `T`).
///
/// The network is sampled in NTK coordinates, which define the same posterior over functions as standard
/// scaling with the same `g_v`, `g_w` (the map `V → V/√D`, `w → w/√N`; see `ParameterizationTests`), but with
/// O(1) prior variances in every layer, so one step size suits all widths.
@Suite struct WideNetworkTests {
    @Test func posteriorMeanApproachesNNGPAsWidthGrows() throws {
        BLASThreads.set(1)
        let d = 3, p = 4, q = 3
        var rng = RandomStream(seed: 31, stream: [RandomStream.purpose("wide-network-data")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d).map { 1.5 * $0 })
        let test = Matrix(rows: q, cols: d, values: rng.fillGaussian(q * d).map { 1.5 * $0 })
        let y: [Double] = [0.9, -0.6, 0.4, -1.0]
        let kappa = 0.02
        let kernel = try NNGPKernel(activation: .erf, weightVariance: 1, biasVariance: 0, readoutVariance: 1)
        let gp = try KernelRidgeRegression(trainGram: kernel.gram(x), labels: y, ridge: kappa)
        let gpTrain = gp.trainPredictions, gpTest = gp.predictMean(crossGram: kernel.gram(test, x))

        var gaps: [Int: Double] = [:], errors: [Int: Double] = [:]
        for n in [8, 32, 128] {
            let spec = try NetworkSpec(inputDimension: d, width: n, activation: .erf, parameterization: .ntk, kappa: kappa)
            let k = try #require(try spec.nngpKernel())
            #expect(k.activation == .erf && k.weightVariance == 1 && abs(k.readoutVariance - 1) < 1e-14)
            let c = try SGLDConfiguration(stepSize: 4e-3, steps: 40_000, burnIn: 8_000, thin: 10, chains: 16,
                                          traceEvery: 40_000, seed: 100 + UInt64(n))
            let r = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                                    testInputs: test).run(threads: 2)
            var gap = 0.0, error = 0.0
            for a in 0..<p {
                gap += (r.trainMean[a] - gpTrain[a]) * (r.trainMean[a] - gpTrain[a])
                error += pow(standardError(r.chainTrainMeans, column: a), 2)
            }
            for a in 0..<q {
                gap += (r.testMean[a] - gpTest[a]) * (r.testMean[a] - gpTest[a])
                error += pow(standardError(r.chainTestMeans, column: a), 2)
            }
            gaps[n] = gap.squareRoot()
            errors[n] = error.squareRoot()
            print("width \(n): |⟨f⟩ − NNGP| = \(gap.squareRoot()) (Monte-Carlo error \(error.squareRoot())), max R̂ \(r.diagnostics.maxSplitRHat)")
        }
        // The discrepancy is O(1/N): it shrinks by a clear factor from N = 8 to 128 and is resolved at N = 8.
        #expect(gaps[8]! > 5 * errors[8]!)
        #expect(gaps[32]! < 0.6 * gaps[8]!)
        #expect(gaps[128]! < 0.25 * gaps[8]!)
        #expect(gaps[128]! < 3 * errors[128]! + 0.3 * gaps[32]!)
    }
}
