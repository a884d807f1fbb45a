import Foundation
import Testing
import Kernels
import LinearAlgebra
import TestSupport

/// Solves `A X = B` by Gaussian elimination with partial pivoting (independent of Cholesky/LAPACK).
/// - Returns: the solution columns and `log |det A|`.
private func gaussianElimination(_ a: [[Double]], _ rhs: [[Double]]) -> (solution: [[Double]], logAbsDeterminant: Double) {
    let n = a.count
    var m = a
    var b = rhs                       // b[i] is row i of the right-hand sides
    var logDet = 0.0
    for col in 0..<n {
        let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
        m.swapAt(col, pivot)
        b.swapAt(col, pivot)
        logDet += log(abs(m[col][col]))
        for row in (col + 1)..<n {
            let factor = m[row][col] / m[col][col]
            if factor == 0 { continue }
            for k in col..<n { m[row][k] -= factor * m[col][k] }
            for k in b[row].indices { b[row][k] -= factor * b[col][k] }
        }
    }
    var x = b
    for row in stride(from: n - 1, through: 0, by: -1) {
        for k in x[row].indices {
            var s = b[row][k]
            for j in (row + 1)..<n { s -= m[row][j] * x[j][k] }
            x[row][k] = s / m[row][row]
        }
    }
    return (x, logDet)
}

private func inputs(rows: Int, cols: Int, seed: UInt64) -> Matrix {
    var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("krr-inputs")])
    return Matrix(rows: rows, cols: cols, values: rng.fillGaussian(rows * cols))
}

@Suite("Kernel ridge regression")
struct KernelRidgeRegressionTests {
    @Test("mean, variance, fitted values and log marginal likelihood match a dense Gaussian-elimination solve")
    func againstDenseSolve() throws {
        let kernel = try NNGPKernel(activation: .relu, weightVariance: 1.5, biasVariance: 0.2, readoutVariance: 2)
        let train = inputs(rows: 25, cols: 4, seed: 1), test = inputs(rows: 6, cols: 4, seed: 2)
        var rng = RandomStream(seed: 3, stream: [3])
        let y = rng.fillGaussian(25)
        let ridge = 0.05
        let k = kernel.gram(train), kStar = kernel.gram(test, train), prior = kernel.diagonal(test)
        let krr = try KernelRidgeRegression(trainGram: k, labels: y, ridge: ridge)

        var regularised = (0..<25).map { k.row($0) }
        for i in 0..<25 { regularised[i][i] += ridge }
        // Right-hand sides: y and every test cross-kernel vector.
        let rhs = (0..<25).map { i in [y[i]] + (0..<6).map { kStar[$0, i] } }
        let (solution, logDet) = gaussianElimination(regularised, rhs)
        let alpha = solution.map { $0[0] }
        #expect(allClose(krr.dualCoefficients, alpha, relative: 1e-10, absolute: 1e-12))
        for j in 0..<6 {
            let v = solution.map { $0[j + 1] }     // (K + λI)⁻¹ k*_j
            let mean = dot(kStar.row(j), alpha)
            let variance = prior[j] - dot(kStar.row(j), v)
            #expect(isClose(krr.predictMean(crossGram: kStar)[j], mean, relative: 1e-10, absolute: 1e-12))
            #expect(isClose(krr.predictVariance(crossGram: kStar, testDiagonal: prior)[j], variance, relative: 1e-9, absolute: 1e-12))
        }
        let logML = -0.5 * dot(y, alpha) - 0.5 * logDet - 12.5 * log(2 * Double.pi)
        #expect(isClose(krr.logMarginalLikelihood, logML, relative: 1e-11))
        // K α = y − λ α exactly in exact arithmetic.
        #expect(allClose(krr.trainPredictions, zip(y, alpha).map { $0 - ridge * $1 }, relative: 1e-10, absolute: 1e-12))
    }

    @Test("one training point: the posterior is the textbook 1-D Gaussian update")
    func singlePoint() throws {
        let k = 1.7, lambda = 0.3, y = 0.9, kStar = 0.8, prior = 1.1
        let krr = try KernelRidgeRegression(trainGram: Matrix([[k]]), labels: [y], ridge: lambda)
        #expect(isClose(krr.predictMean(crossGram: Matrix([[kStar]]))[0], kStar * y / (k + lambda), relative: 1e-15))
        #expect(isClose(krr.predictVariance(crossGram: Matrix([[kStar]]), testDiagonal: [prior])[0],
                        prior - kStar * kStar / (k + lambda), relative: 1e-15))
        let logML = -0.5 * y * y / (k + lambda) - 0.5 * log(k + lambda) - 0.5 * log(2 * Double.pi)
        #expect(isClose(krr.logMarginalLikelihood, logML, relative: 1e-14))
    }

    @Test("variances are non-negative, below the prior, and equal it away from the data")
    func variances() throws {
        // erf kernel without bias: K(x, y) = 0 when x ⟂ y, so test points orthogonal to every
        // training input are uncorrelated with the data ("far" in the kernel's sense).
        let kernel = try NNGPKernel(activation: .erf, weightVariance: 3)
        var train = inputs(rows: 30, cols: 8, seed: 4)
        for i in 0..<30 { for j in 4..<8 { train[i, j] = 0 } }     // training inputs span e1…e4
        var test = inputs(rows: 10, cols: 8, seed: 5)
        for i in 5..<10 { for j in 0..<4 { test[i, j] = 0 } }      // rows 5…9 span e5…e8
        var rng = RandomStream(seed: 6, stream: [6])
        let krr = try KernelRidgeRegression(trainGram: kernel.gram(train), labels: rng.fillGaussian(30), ridge: 1e-3)
        let kStar = kernel.gram(test, train), prior = kernel.diagonal(test)
        let variance = krr.predictVariance(crossGram: kStar, testDiagonal: prior)
        let mean = krr.predictMean(crossGram: kStar)
        for j in 0..<10 {
            #expect(variance[j] >= 0 && variance[j] <= prior[j] * (1 + 1e-12))
        }
        for j in 5..<10 {
            #expect(variance[j] == prior[j])
            #expect(mean[j] == 0)
        }
        // At the training inputs with a tiny ridge the posterior variance (nearly) vanishes.
        let atTrain = krr.predictVariance(crossGram: kernel.gram(train.rows(0..<5), train),
                                          testDiagonal: kernel.diagonal(train.rows(0..<5)))
        #expect(atTrain.allSatisfy { $0 < 2e-3 })
    }

    @Test("as the ridge goes to zero the fit interpolates the training labels")
    func interpolation() throws {
        let kernel = try NNGPKernel(activation: .erf, weightVariance: 2, biasVariance: 0.1)
        let train = inputs(rows: 20, cols: 30, seed: 7)
        var rng = RandomStream(seed: 8, stream: [8])
        let y = rng.fillGaussian(20)
        let gram = kernel.gram(train)
        var previous = Double.infinity
        for ridge in [1e-2, 1e-4, 1e-6, 0] {
            let fit = try KernelRidgeRegression(trainGram: gram, labels: y, ridge: ridge)
            let error = maxAbsDifference(fit.trainPredictions, y)
            #expect(error <= previous)
            previous = error
        }
        #expect(previous < 1e-9)
        let zeroRidge = try KernelRidgeRegression(trainGram: gram, labels: y, ridge: 0)
        #expect(maxAbsDifference(zeroRidge.predictMean(crossGram: kernel.gram(train, train)), y) < 1e-9)
    }

    @Test("singular Gram matrices, negative ridges and shape errors throw clear errors")
    func failures() throws {
        let kernel = try NNGPKernel(activation: .linear)
        let train = inputs(rows: 10, cols: 3, seed: 9)          // rank 3 < 10 with the linear kernel
        let y = [Double](repeating: 1, count: 10)
        do {
            _ = try KernelRidgeRegression(trainGram: kernel.gram(train), labels: y, ridge: 0)
            Issue.record("expected a positive-definiteness error")
        } catch let error as KernelError {
            guard case .notPositiveDefinite = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains("increase the ridge"))
        }
        #expect(throws: Never.self) { try KernelRidgeRegression(trainGram: kernel.gram(train), labels: y, ridge: 1e-3) }
        #expect(throws: KernelError.self) { try KernelRidgeRegression(trainGram: kernel.gram(train), labels: y, ridge: -1) }
        #expect(throws: KernelError.self) { try KernelRidgeRegression(trainGram: kernel.gram(train), labels: [1], ridge: 1) }
        #expect(throws: KernelError.self) { try KernelRidgeRegression(trainGram: Matrix(rows: 2, cols: 3), labels: [1, 2], ridge: 1) }
    }
}
