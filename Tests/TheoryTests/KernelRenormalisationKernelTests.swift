import Datasets
import Foundation
import Kernels
import LinearAlgebra
import Testing
import TestSupport
import Theory

/// Two-class data for the kernel-renormalisation tests (`x = y·r·e1 + z`).
enum ClusterData {
    static func make(trainCount p: Int, dimension d: Int, separation r: Double = 1, testCount: Int = 40,
                     seed: UInt64 = 0) throws -> RegressionData {
        try GaussianClustersTask(dimension: d, separation: r, trainCount: p, testCount: testCount, seed: seed).generate()
    }
}

@Suite("Kernel renormalisation: prior kernels")
struct KernelRenormalisationKernelTests {
    @Test("erf NNGP kernel K and read-in cross-covariance B agree with a Monte Carlo over prior weights")
    func erfKernelMatchesMonteCarlo() throws {
        let lambda0 = 0.7
        var x = GaussianData.matrix(rows: 5, cols: 4, seed: 3, purpose: "kr-kernel")
        x.values = x.values.enumerated().map { $0.element * (0.5 + Double($0.offset % 5) * 0.4) }
        let prior = PriorFeatureCovariances(inputs: x, activation: .erf, lambda0: lambda0)
        let p = 5, d = 4, samples = 200_000
        var sum = [Double](repeating: 0, count: p * p), sum2 = sum
        var cross = [Double](repeating: 0, count: d * p), cross2 = cross
        var rng = RandomStream(seed: 11, stream: [RandomStream.purpose("kr-kernel-mc")])
        for _ in 0..<samples {
            let w = rng.fillGaussian(d).map { $0 / lambda0.squareRoot() }
            let phi = (0..<p).map { mu in erf((0..<d).reduce(0.0) { $0 + w[$1] * x[mu, $1] } / Double(d).squareRoot()) }
            for i in 0..<p {
                for j in 0..<p { let v = phi[i] * phi[j]; sum[i * p + j] += v; sum2[i * p + j] += v * v }
            }
            for r in 0..<d {
                for mu in 0..<p { let v = w[r] * phi[mu]; cross[r * p + mu] += v; cross2[r * p + mu] += v * v }
            }
        }
        let s = Double(samples)
        func check(_ total: Double, _ total2: Double, _ exact: Double, _ what: String) {
            let mean = total / s, se = ((total2 / s - mean * mean) / s).squareRoot()
            #expect(abs(mean - exact) < 5 * se + 1e-12, "\(what): MC \(mean) ± \(se), closed form \(exact)")
        }
        for i in 0..<p { for j in 0..<p { check(sum[i * p + j], sum2[i * p + j], prior.kernel[i, j], "K[\(i),\(j)]") } }
        // B = Cov(w, φ) = E[wφ] (E[w] = 0).
        for r in 0..<d { for mu in 0..<p { check(cross[r * p + mu], cross2[r * p + mu], prior.readinCross[r, mu], "B[\(r),\(mu)]") } }
        // C and the closed forms agree with the Kernels module's independent implementation.
        let reference = try NNGPKernel(activation: .erf, weightVariance: 1 / lambda0)
        #expect(maxAbsDifference(prior.kernel.values, reference.gram(x).values) < 1e-14)
        #expect(isClose(prior.preactivation[1, 3], (0..<d).reduce(0.0) { $0 + x[1, $1] * x[3, $1] } / (lambda0 * Double(d)), relative: 1e-13))
        let xt = GaussianData.matrix(rows: 3, cols: 4, seed: 3, purpose: "kr-kernel-test")
        let (testCross, testDiagonal) = prior.testKernels(testInputs: xt, trainInputs: x)
        #expect(maxAbsDifference(testCross.values, reference.gram(xt, x).values) < 1e-14)
        #expect(maxAbsDifference(testDiagonal, reference.diagonal(xt)) < 1e-14)
    }

    @Test("linear network: K = C and B = Xᵀ/(λ0√D)")
    func linearKernels() {
        let x = GaussianData.matrix(rows: 4, cols: 3, seed: 4, purpose: "kr-linear")
        let prior = PriorFeatureCovariances(inputs: x, activation: .linear, lambda0: 2)
        #expect(prior.kernel == prior.preactivation)
        #expect(prior.slopes == [1, 1, 1, 1])
        for r in 0..<3 { for mu in 0..<4 { #expect(isClose(prior.readinCross[r, mu], x[mu, r] / (2 * 3.0.squareRoot()), relative: 1e-14)) } }
    }
}
