import Foundation
import Testing
import Datasets
import Kernels
import LinearAlgebra
import TestSupport

/// Mean and standard error of the mean.
private func meanAndError(_ v: [Double]) -> (mean: Double, error: Double) {
    let n = Double(v.count)
    let m = v.reduce(0, +) / n
    let variance = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (m, (variance / n).squareRoot())
}

/// Allowance for the finite-size bias at d = 200. For real Gaussian (β = 1) Wishart matrices the
/// mean resolvent differs from its Marchenko–Pastur limit at order 1/d. The bias is largest at
/// α = 1 (hard edge), where an independent 1000-sample NumPy average of σ² tr(XᵀX + σ²d/s)⁻¹
/// at d = 200, σ² = 0.01 gave +1.3 % (s = 1) and +1.7 % (s = 2); +0.02 % at α = 0.5 and +0.4 %
/// at α = 2. Allow 3 % (≈ 6/d).
private let finiteSizeAllowance = 0.03

private let dimension = 200
private let noiseVariance = 0.01

@Suite("Ridge learning curve")
struct RidgeLearningCurveTests {
    @Test("the closed form solves 1/ε = 1/s + α/(σ² + ε) and has the right limits")
    func closedFormProperties() {
        for s in [0.5, 1.0, 2.0] {
            for sigma2 in [0.0, 1e-4, 0.01, 0.5] {
                for alpha in [0.0, 0.1, 0.5, 0.99, 1.0, 1.01, 2.0, 10.0, 1e4] {
                    let e = RidgeLearningCurve.bayesOptimalLinear(alpha: alpha, noiseVariance: sigma2, signalVariance: s)
                    if sigma2 > 0 {
                        #expect(e > 0)
                        // Residual of the quadratic, relative to the size of its terms (they cancel).
                        let b = sigma2 + s * (alpha - 1)
                        #expect(abs(e * e + b * e - s * sigma2) <= 1e-14 * (e * e + abs(b * e) + s * sigma2))
                        #expect(isClose(1 / e, 1 / s + alpha / (sigma2 + e), relative: 1e-13))
                    } else {
                        #expect(isClose(e, s * max(0, 1 - alpha), relative: 1e-12, absolute: 1e-15))
                    }
                }
                // No data: the error is the prior variance s.
                #expect(isClose(RidgeLearningCurve.bayesOptimalLinear(alpha: 0, noiseVariance: sigma2, signalVariance: s), s,
                                relative: 1e-12))
            }
        }
        // The sharp (σ = 0) curve for unit signal: 1 − α below the interpolation threshold.
        #expect(isClose(RidgeLearningCurve.bayesOptimalLinear(alpha: 0.5, noiseVariance: 0, signalVariance: 1), 0.5, relative: 1e-15))
        // Monotone decrease in α.
        let curve = stride(from: 0.0, through: 5, by: 0.05).map {
            RidgeLearningCurve.bayesOptimalLinear(alpha: $0, noiseVariance: 0.01, signalVariance: 1)
        }
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test("the closed form matches the finite-d random-matrix average σ² tr(XᵀX + σ²d/s)⁻¹",
          arguments: [0.5, 1.0, 2.0], [1.0, 2.0])
    func randomMatrixAverage(alpha: Double, signal: Double) throws {
        // Bayes-optimal error for fixed inputs X, averaged over the teacher and the noise:
        // ε(X) = σ² tr Σ_post = σ² Σ_i 1/(μ_i + σ²d/s), μ_i the eigenvalues of XᵀX.
        let p = Int(alpha * Double(dimension))
        var samples: [Double] = []
        for seed in 0..<30 {
            let task = try TeacherStudentTask(dimension: dimension, trainCount: p, testCount: 1, seed: UInt64(1000 + seed))
            let x = task.generate().data.trainInputs
            let mu = try SymmetricEigen(matmul(x, x, transposeA: true)).values
            samples.append(mu.reduce(0) { $0 + noiseVariance / ($1 + noiseVariance * Double(dimension) / signal) })
        }
        let (mean, error) = meanAndError(samples)
        let theory = RidgeLearningCurve.bayesOptimalLinear(alpha: alpha, noiseVariance: noiseVariance, signalVariance: signal)
        #expect(abs(mean - theory) < finiteSizeAllowance * theory + 4 * error,
                "α = \(alpha), s = \(signal): average \(mean) ± \(error), theory \(theory)")
    }

    @Test("kernel ridge regression on teacher–student data follows the closed form", arguments: [0.5, 1.0, 2.0])
    func monteCarloLearningCurve(alpha: Double) throws {
        // Teacher y = u·x + σξ with |u| = 1, x ~ N(0, I_d): the target has unit variance and the
        // matching (Bayes-optimal) GP prior is the NNGP linear kernel x·x'/d
        // (weightVariance = readoutVariance = 1, no bias) with ridge λ = σ².
        let kernel = try NNGPKernel(activation: .linear, weightVariance: 1, biasVariance: 0, readoutVariance: 1)
        let p = Int(alpha * Double(dimension))
        var errors: [Double] = []
        for seed in 0..<monteCarloSeeds {
            let task = try TeacherStudentTask(dimension: dimension, trainCount: p, testCount: 20, teacher: .linear,
                                              noiseStd: noiseVariance.squareRoot(), seed: UInt64(seed))
            let (data, u) = task.generate()
            let krr = try KernelRidgeRegression(trainGram: kernel.gram(data.trainInputs), labels: data.trainLabels,
                                                ridge: noiseVariance)
            // With the linear kernel the predictor is f(x) = ŵ·x with ŵ = Xᵀα/d, and because the test
            // target is noiseless and x ~ N(0, I), its generalisation error is exactly |ŵ − u|²
            // (no test-set sampling noise). Check the dual form against the primal one on test points.
            let w = matvec(data.trainInputs, krr.dualCoefficients, transpose: true).map { $0 / Double(dimension) }
            let prediction = krr.predictMean(crossGram: kernel.gram(data.testInputs, data.trainInputs))
            #expect(maxAbsDifference(prediction, matvec(data.testInputs, w)) < 1e-10)
            errors.append(zip(w, u).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
        }
        let (mean, error) = meanAndError(errors)
        let theory = RidgeLearningCurve.bayesOptimalLinear(alpha: alpha, noiseVariance: noiseVariance, signalVariance: 1)
        // Seed-to-seed fluctuations are intrinsic (the teacher's overlap with the span of the
        // training inputs varies by 10–25 % at d = 200; 100 seeds give a 1–2.5 % standard error),
        // so the tolerance is the finite-size allowance plus four standard errors of the mean.
        #expect(abs(mean - theory) < finiteSizeAllowance * theory + 4 * error,
                "α = \(alpha): Monte Carlo \(mean) ± \(error), theory \(theory)")
        #expect(error < 0.04 * theory, "the Monte-Carlo error \(error) is too large for a meaningful check")
    }
}

/// Seeds averaged in the Monte-Carlo learning curve.
private let monteCarloSeeds = 100
