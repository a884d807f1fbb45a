import Foundation
import LinearAlgebra
import Testing
@testable import Networks

/// The posterior mean of a finite linear network against an exact reference computed here by
/// one-dimensional quadrature (independent of the sampler and of the `Theory` module).
///
/// For `f(x) = Σ_i w_i v_i·x` with `V_ij ~ N(0, σ_V²)`, given `w` the outputs are a Gaussian process
/// with kernel `ρ σ_V² x·x'`, `ρ = |w|²`. So `y | ρ ~ N(0, ρσ_V² K + T I)` (`K = X Xᵀ`), the prior of
/// `ρ` is `∝ ρ^{N/2−1} e^{−ρ/(2σ_w²)}`, and
/// `⟨f⟩ = ∫ p(ρ|y) ρσ_V² K_{·X} (ρσ_V² K + T)⁻¹ y dρ`, integrated on a grid in `log ρ`.
@Suite struct LinearPosteriorTests {
    struct Reference {
        let train: [Double]
        let test: [Double]
    }

    static func exactPosteriorMean(x: Matrix, y: [Double], test: Matrix, width: Int, readinVariance: Double,
                                   readoutVariance: Double, temperature: Double) throws -> Reference {
        let p = x.rows
        let k = matmul(x, x, transposeB: true)
        let kTest = matmul(test, x, transposeB: true)
        var logWeights: [Double] = [], trainMeans: [[Double]] = [], testMeans: [[Double]] = []
        let center = Foundation.log(readoutVariance * Double(width))
        let grid = 6000
        for g in 0...grid {
            let s = center - 30 + 40 * Double(g) / Double(grid)
            let rho = Foundation.exp(s)
            var a = (rho * readinVariance) * k
            for i in 0..<p { a[i, i] += temperature }
            let factor = try CholeskyFactor(a)
            let alpha = factor.solve(y)
            // log of ρ^{N/2} e^{−ρ/(2σ_w²)} det^{−1/2} e^{−½ yᵀα} (ρ^{N/2}: prior density times the dρ = ρ ds Jacobian)
            logWeights.append(Double(width) / 2 * s - rho / (2 * readoutVariance) - 0.5 * factor.logDeterminant
                              - 0.5 * zip(y, alpha).reduce(0) { $0 + $1.0 * $1.1 })
            trainMeans.append(matvec(k, alpha).map { rho * readinVariance * $0 })
            testMeans.append(matvec(kTest, alpha).map { rho * readinVariance * $0 })
        }
        let top = logWeights.max()!
        let w = logWeights.map { Foundation.exp($0 - top) }
        // Trapezoid rule (the end points carry negligible weight).
        let total = w.reduce(0, +)
        func average(_ values: [[Double]]) -> [Double] {
            (0..<values[0].count).map { j in zip(w, values).reduce(0) { $0 + $1.0 * $1.1[j] } / total }
        }
        #expect(w.first! < 1e-12 && w.last! < 1e-12, "quadrature range too narrow")
        return Reference(train: average(trainMeans), test: average(testMeans))
    }

    /// SGLD on a width-2 linear network in mean-field parameterization (χ = 2), train and test points.
    @Test func sgldMatchesExactFiniteWidthPosterior() throws {
        BLASThreads.set(1)
        let d = 3, n = 2, p = 4
        var rng = RandomStream(seed: 2025, stream: [RandomStream.purpose("linear-posterior-data")])
        let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
        let test = Matrix(rows: 3, cols: d, values: rng.fillGaussian(3 * d))
        let y: [Double] = [1, -1, 1, 1]
        let spec = try NetworkSpec(inputDimension: d, width: n, activation: .linear, parameterization: .meanField,
                                   readinVarianceScale: 1, readoutVarianceScale: 1, chi: 2, kappa: 0.5)
        let r = spec.resolved
        let exact = try Self.exactPosteriorMean(x: x, y: y, test: test, width: n, readinVariance: r.readinPriorVariance,
                                                readoutVariance: r.readoutPriorVariance, temperature: r.temperature)
        // The NNGP (infinite-width) prediction differs visibly, so the test can tell the two apart.
        let gram = (r.readinPriorVariance * r.nngpReadoutVariance) * matmul(x, x, transposeB: true)
        var regularised = gram
        for i in 0..<p { regularised[i, i] += r.temperature }
        let nngp = matvec(gram, try CholeskyFactor(regularised).solve(y))

        let c = try SGLDConfiguration(stepSize: 5e-4, steps: 300_000, burnIn: 20_000, thin: 20, chains: 16, traceEvery: 100_000, seed: 7)
        let result = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: c, trainInputs: x, trainLabels: y,
                                     testInputs: test).run(threads: 2)
        var maxZ = 0.0, maxNNGPGap = 0.0
        for a in 0..<p {
            let se = standardError(result.chainTrainMeans, column: a)
            let z = abs(result.trainMean[a] - exact.train[a]) / se
            maxZ = max(maxZ, z)
            maxNNGPGap = max(maxNNGPGap, abs(nngp[a] - exact.train[a]) / se)
            #expect(z < 5, "train \(a): SGLD \(result.trainMean[a]) ± \(se), exact \(exact.train[a])")
        }
        for a in 0..<3 {
            let se = standardError(result.chainTestMeans, column: a)
            let z = abs(result.testMean[a] - exact.test[a]) / se
            maxZ = max(maxZ, z)
            #expect(z < 5, "test \(a): SGLD \(result.testMean[a]) ± \(se), exact \(exact.test[a])")
        }
        #expect(maxNNGPGap > 10, "the NNGP should be many standard errors away (max gap \(maxNNGPGap) SE)")
        #expect(result.diagnostics.maxSplitRHat < 1.05)
        print("linear posterior: max |SGLD − exact|/SE = \(maxZ), NNGP gap \(maxNNGPGap) SE, min ESS \(result.diagnostics.minEffectiveSampleSize)")
    }
}
