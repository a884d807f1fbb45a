import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// `MeanFieldLangevin` and `MeanFieldCoupling`: the update against plain loops, the gradient against finite
/// differences, determinism, the coupling, and the SGLD engine's μP mapping of the same update.
@Suite struct MeanFieldLangevinTests {
    /// Gaussian inputs `n × d` and labels `y = tanh(x_1) + ½ x_2² − ½` (plus test data of `q` rows).
    static func data(n: Int, q: Int = 0, d: Int, seed: UInt64 = 3)
        -> (x: Matrix, y: [Double], xt: Matrix, yt: [Double]) {
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("mfld-test-data")])
        func make(_ rows: Int) -> (Matrix, [Double]) {
            let x = Matrix(rows: rows, cols: d, values: rng.fillGaussian(rows * d))
            let y = (0..<rows).map { a in Foundation.tanh(x[a, 0]) + 0.5 * x[a, min(1, d - 1)] * x[a, min(1, d - 1)] - 0.5 }
            return (x, y)
        }
        let (x, y) = make(n), (xt, yt) = make(q)
        return (x, y, xt, yt)
    }

    /// One MFLD step by plain loops and libm `tanh` (independent of the engine's kernels).
    static func referenceStep(_ theta: Matrix, x: Matrix, y: [Double], eta: Double, lambda: Double, decay: Double,
                              seed: UInt64) -> Matrix {
        let m = theta.rows, d = x.cols, n = x.rows
        func h(_ i: Int, _ j: Int) -> Double {
            var s = theta[i, d + 1]
            for k in 0..<d { s += theta[i, 1 + k] * x[j, k] }
            return s
        }
        var r = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var f = 0.0
            for i in 0..<m { f += theta[i, 0] * Foundation.tanh(h(i, j)) }
            r[j] = f / Double(m) - y[j]
        }
        var out = theta
        let sigma = (2 * eta * lambda).squareRoot()
        for i in 0..<m {
            var g = [Double](repeating: 0, count: d + 2)
            for j in 0..<n {
                let t = Foundation.tanh(h(i, j)), slope = 1 - t * t
                g[0] += r[j] * t
                for k in 0..<d { g[1 + k] += r[j] * theta[i, 0] * slope * x[j, k] }
                g[d + 1] += r[j] * theta[i, 0] * slope
            }
            var xi = [Double](repeating: 0, count: d + 2)
            GaussianNoiseStream(seed: seed, stream: [RandomStream.purpose("mfld-noise"), UInt64(i)]).fill(&xi, count: d + 2)
            for c in 0..<(d + 2) {
                let v = theta[i, c]
                out.values[i * (d + 2) + c] = v - eta * (g[c] / Double(n) + decay * v) + sigma * xi[c]
            }
        }
        return out
    }

    /// `(1/2n) Σ (f_N − y)²` by plain loops.
    static func loss(_ theta: Matrix, x: Matrix, y: [Double]) -> Double {
        let m = theta.rows, d = x.cols
        var s = 0.0
        for j in 0..<x.rows {
            var f = 0.0
            for i in 0..<m {
                var h = theta[i, d + 1]
                for k in 0..<d { h += theta[i, 1 + k] * x[j, k] }
                f += theta[i, 0] * Foundation.tanh(h)
            }
            let r = f / Double(m) - y[j]
            s += r * r
        }
        return s / (2 * Double(x.rows))
    }

    @Test(arguments: [(2, 3, 2), (130, 7, 3)])
    func firstStepMatchesTheHandComputedUpdate(width: Int, points: Int, dimension: Int) throws {
        let (x, y, _, _) = Self.data(n: points, d: dimension)
        let theta = MeanFieldInitialization.particles(count: width, inputDimension: dimension, seed: 9)
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.3, steps: 1, temperature: 0.05, weightDecay: 0.2, seed: 5)
        let r = try MeanFieldLangevin(particles: theta, trainInputs: x, trainLabels: y, testInputs: Matrix(rows: 0, cols: dimension),
                                      testLabels: [], configuration: c).run()
        let expected = Self.referenceStep(theta, x: x, y: y, eta: 0.3, lambda: 0.05, decay: 0.2, seed: 5)
        #expect(allClose(r.finalParticles.values, expected.values, relative: 1e-12, absolute: 1e-14),
                "max deviation \(maxAbsDifference(r.finalParticles.values, expected.values))")
        // The step moved every coordinate (noise included).
        #expect(zip(r.finalParticles.values, theta.values).allSatisfy { $0 != $1 })
    }

    @Test func theInitialisationHasTheStatedVariancesAndIsPrefixStable() {
        let d = 5, m = 4000
        let theta = MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 2)
        func variance(_ column: Int) -> Double { (0..<m).reduce(0) { $0 + theta[$1, column] * theta[$1, column] } / Double(m) }
        // Standard error of a variance estimate of N(0, s²) from 4000 draws: s²·√(2/4000) ≈ 0.022 s².
        #expect(abs(variance(0) - 1) < 0.1)
        #expect(abs(variance(1) - 0.2) < 0.02)
        #expect(abs(variance(d + 1) - 1) < 0.1)
        let small = MeanFieldInitialization.particles(count: 7, inputDimension: d, seed: 2)
        #expect(small.values == Array(theta.values[0..<(7 * (d + 2))]))
    }

    @Test func gradientMatchesFiniteDifferences() {
        let d = 3, n = 6, m = 5
        let (x, y, _, _) = Self.data(n: n, d: d)
        let theta = MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 4)
        let system = MeanFieldLangevinSystem(particles: theta, trainInputs: x, trainLabels: y, testInputs: Matrix(rows: 0, cols: d),
                                             testLabels: [], seed: 1, threads: 1)
        system.forward()
        #expect(isClose(system.trainingLoss(), Self.loss(theta, x: x, y: y), relative: 1e-13))
        system.gradient()
        let e = system.blocks[0]
        var worst = 0.0
        for i in 0..<m {
            for c in 0..<(d + 2) {
                let analytic = c == 0 ? e.readoutGradient[i] : c == d + 1 ? e.biasGradient[i] : e.readinGradient[i * d + c - 1]
                let step = 1e-5
                var plus = theta, minus = theta
                plus.values[i * (d + 2) + c] += step
                minus.values[i * (d + 2) + c] -= step
                // The per-particle gradient is N times the gradient of the loss (the 1/N of f cancelled).
                let numeric = Double(m) * (Self.loss(plus, x: x, y: y) - Self.loss(minus, x: x, y: y)) / (2 * step)
                worst = max(worst, abs(analytic - numeric) / max(1, abs(numeric)))
            }
        }
        #expect(worst < 1e-8, "relative error \(worst)")
    }

    /// The fused kernel (`LangevinParticleBlock`, table tanh, `U = r(1 − t)(1 + t)`, one dgemm for `∇_W`) against
    /// the SGLD engine's general tanh path (`NetworkEngine.forward` + `gradient(_:residuals:rows:outputScale:)`,
    /// libm-accurate `tanh`/`sech²`) on the same residuals: partial sums and every gradient entry to 1e-12.
    /// Block widths 1, 5 (padding lanes) and 128, two input counts (one tile and several, last one partial).
    @Test(arguments: [(1, 7), (5, 40), (128, 70)])
    func theFusedKernelMatchesTheEngineGradient(width: Int, points: Int) throws {
        let d = 6
        let (x, y, _, _) = Self.data(n: points, d: d, seed: 14)
        let theta = MeanFieldInitialization.particles(count: width, inputDimension: d, seed: 15)
        let block = LangevinParticleBlock(first: 0, count: width, particles: theta, rowCapacity: points, seed: 1)
        let spec = try NetworkSpec(inputDimension: d, width: width, activation: .tanh, parameterization: .standard, bias: true)
        let engine = NetworkEngine(spec: spec, rowCapacity: points)
        for k in 0..<width {
            engine.readout[k] = theta[k, 0]
            for j in 0..<d { engine.readin[k * d + j] = theta[k, 1 + j] }
            engine.bias[k] = theta[k, d + 1]
        }
        var worst = 0.0
        func compare(_ a: Double, _ b: Double, scale: Double) { worst = max(worst, abs(a - b) / max(scale, abs(b))) }
        x.values.withUnsafeBufferPointer { xp in
            let inputs = xp.baseAddress!
            block.forward(inputs, rows: points)
            engine.forward(inputs, rows: points, keepSlopes: true)
            let outputScale = (0..<points).map { abs(engine.outputs[$0]) }.max()!
            for a in 0..<points { compare(block.outputs[a], engine.outputs[a], scale: outputScale) }
            // Residuals as the system forms them (f = partial sum / N here, one block).
            let r = (0..<points).map { block.outputs[$0] / Double(width) - y[$0] }
            r.withUnsafeBufferPointer { rp in
                block.gradient(inputs, residuals: rp.baseAddress!, rows: points)
                engine.gradient(inputs, residuals: rp.baseAddress!, rows: points, outputScale: 1 / Double(points))
            }
        }
        var gradientScale = 0.0
        for k in 0..<width {
            gradientScale = max(gradientScale, abs(engine.readoutGradient[k]), abs(engine.biasGradient[k]))
            for j in 0..<d { gradientScale = max(gradientScale, abs(engine.readinGradient[k * d + j])) }
        }
        for k in 0..<width {
            compare(block.readoutGradient[k], engine.readoutGradient[k], scale: gradientScale)
            compare(block.biasGradient[k], engine.biasGradient[k], scale: gradientScale)
            for j in 0..<d { compare(block.readinGradient[k * d + j], engine.readinGradient[k * d + j], scale: gradientScale) }
        }
        #expect(worst < 1e-12, "relative deviation \(worst)")
    }

    @Test func theTableTanhMatchesLibm() {
        var xs: [Double] = [0, 1e-300, 1e-12, 1e-6, 1.0 / 64, 0.0156249, 0.0156251, 0.5, 1, 2, 5, 19.99, 20, 20.01, 40, 800]
        for i in 0..<20000 { xs.append(-22 + 44 * Double(i) / 20000) }
        for i in 0..<2000 { xs.append(Double(i) * 1e-5) }
        xs += xs.map { -$0 }
        var worst = 0.0
        for x in xs {
            let t = FastMath.tanh(x), e = Foundation.tanh(x)
            #expect(t.sign == e.sign, "x = \(x)")
            if e != 0 { worst = max(worst, abs(t - e) / abs(e)) } else { #expect(t == 0) }
        }
        #expect(worst < 1e-15, "tanh: \(worst)")
        #expect(FastMath.tanh(.nan).isNaN && FastMath.tanh(.infinity) == 1 && FastMath.tanh(-.infinity) == -1)
        #expect(FastMath.tanh(-0.0).sign == .minus && FastMath.tanh(20) == 1)
    }

    @Test func theTrajectoryDoesNotDependOnTheThreadCount() throws {
        let d = 4
        let (x, y, xt, yt) = Self.data(n: 40, q: 30, d: d)
        let theta = MeanFieldInitialization.particles(count: 300, inputDimension: d, seed: 6)
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: 30, temperature: 0.01, weightDecay: 0.05,
                                                   recordSteps: [0, 15, 30], snapshotSteps: [10], seed: 8)
        let run = MeanFieldLangevin(particles: theta, trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt, configuration: c)
        let one = try run.run(threads: 1)
        for threads in [2, 3, 8] {
            let other = try run.run(threads: threads)
            #expect(other.finalParticles.values == one.finalParticles.values, "threads \(threads)")
            #expect(other.testOutputs.values == one.testOutputs.values, "threads \(threads)")
            #expect(other.trainLoss == one.trainLoss && other.snapshots == one.snapshots, "threads \(threads)")
        }
        #expect(one.trainLoss.count == 3 && one.testError.count == 3 && one.snapshots.count == 1)
        #expect(one.testOutputs.rows == 3 && one.testOutputs.cols == 30)
    }

    @Test func lossDecreasesWithoutNoiseAndWeightDecayForASmallStep() throws {
        let d = 3
        let (x, y, xt, yt) = Self.data(n: 32, q: 16, d: d)
        let theta = MeanFieldInitialization.particles(count: 64, inputDimension: d, seed: 7)
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.05, steps: 400, temperature: 0, weightDecay: 0,
                                                   recordSteps: Array(stride(from: 0, through: 400, by: 20)), seed: 1)
        let r = try MeanFieldLangevin(particles: theta, trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt,
                                      configuration: c).run()
        #expect(zip(r.trainLoss, r.trainLoss.dropFirst()).allSatisfy { $1 < $0 }, "\(r.trainLoss)")
        #expect(r.trainLoss.last! < 0.8 * r.trainLoss.first!, "\(r.trainLoss.first!) → \(r.trainLoss.last!)")
    }

    @Test(arguments: [150, 131])
    func theCouplingWithNEqualToMIsExact(m: Int) throws {
        let d = 3
        let (x, y, xt, yt) = Self.data(n: 24, q: 20, d: d)
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: 40, temperature: 0.02, weightDecay: 0.05,
                                                   recordSteps: [0, 20, 40], seed: 3)
        let r = try MeanFieldCoupling(referenceParticles: MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 1),
                                      widths: [m, 40], trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt,
                                      configuration: c).run(threads: 2)
        #expect(r.functionError.row(0) == [0, 0, 0])
        #expect(r.parameterDistance.row(0) == [0, 0, 0])
        // The width-40 system starts from the reference's first 40 particles (D_par = 0) but a different f.
        #expect(r.parameterDistance[1, 0] == 0 && r.parameterDistance[1, 2] > 0)
        #expect(r.functionError.row(1).allSatisfy { $0 > 0 })
        #expect(r.referenceTestError.count == 3 && r.referenceLoss.count == 3)
    }

    @Test func aWidthNSystemSeesTheFirstNRowsOfTheReferenceIncrements() throws {
        // With a = 0 and no data term (zero labels, f = 0), the drift of (w, b) vanishes and `a` only decays,
        // so each particle's first increment is visible exactly: it must not depend on the system's width.
        let d = 2
        let x = Matrix(rows: 3, cols: d, values: [1, 2, 3, 4, 5, 6])
        var theta = MeanFieldInitialization.particles(count: 200, inputDimension: d, seed: 2)
        for i in 0..<200 { theta.values[i * (d + 2)] = 0 }
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: 1, temperature: 0.5, weightDecay: 0, seed: 11)
        func final(_ n: Int) throws -> Matrix {
            try MeanFieldLangevin(particles: theta.rows(0..<n), trainInputs: x, trainLabels: [0, 0, 0],
                                  testInputs: Matrix(rows: 0, cols: d), testLabels: [], configuration: c).run(threads: 2).finalParticles
        }
        let reference = try final(200)
        for n in [1, 127, 128, 129, 200] {
            #expect(try final(n).values == Array(reference.values[0..<(n * (d + 2))]), "N = \(n)")
        }
    }

    @Test func functionErrorIsLargerAtAQuarterThanAtHalfTheReferenceWidth() throws {
        let d = 4
        let (x, y, xt, yt) = Self.data(n: 64, q: 128, d: d)
        let m = 256
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: 200, temperature: 0.01, weightDecay: 0.05,
                                                   recordSteps: [0, 100, 200], seed: 5)
        let r = try MeanFieldCoupling(referenceParticles: MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 12),
                                      widths: [m / 4, m / 2], trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt,
                                      configuration: c).run(threads: 2)
        // E_fun ≈ C(1/N − 1/M): a ratio of about 3 expected; only the order is asserted.
        for k in 0..<3 {
            #expect(r.functionError[0, k] > r.functionError[1, k], "t = \(c.recordSteps[k]): \(r.functionError.row(0)) vs \(r.functionError.row(1))")
        }
    }

    @Test func badParametersAreRejectedByName() throws {
        func name(_ body: () throws -> Void) -> String? {
            do { try body() } catch NetworkError.invalidParameter(let name, _, _) { return name } catch { return "other: \(error)" }
            return nil
        }
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: 0, steps: 1, temperature: 0, weightDecay: 0) } == "step_size")
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: -1, steps: 1, temperature: 0, weightDecay: 0) } == "step_size")
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: 1, steps: 1, temperature: -1, weightDecay: 0) } == "temperature")
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: 1, steps: 1, temperature: 0, weightDecay: -1) } == "l2")
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: 1, steps: 5, temperature: 0, weightDecay: 0, recordSteps: [0, 6]) }
                == "record_steps")
        #expect(name { _ = try MeanFieldLangevinConfiguration(stepSize: 1, steps: 5, temperature: 0, weightDecay: 0, recordSteps: [2, 2]) }
                == "record_steps")
        let (x, y, xt, yt) = Self.data(n: 4, q: 3, d: 2)
        let c = try MeanFieldLangevinConfiguration(stepSize: 0.1, steps: 2, temperature: 0, weightDecay: 0, recordSteps: [2])
        let coupling = MeanFieldCoupling(referenceParticles: MeanFieldInitialization.particles(count: 8, inputDimension: 2, seed: 1),
                                         widths: [4, 9], trainInputs: x, trainLabels: y, testInputs: xt, testLabels: yt, configuration: c)
        #expect(name { _ = try coupling.run() } == "widths")
    }

    /// The doc comment's mapping: `SGLDSampler` with `.muP`, `κ = nλ`, `σ² = λ/λ′`, `η_S = ηλ` takes the same step
    /// up to its own noise draw (subtracted here from its stream `sgld-noise`, chain 0, order `[V, w, b]`).
    @Test func theSGLDEngineWithTheMuPMappingTakesTheSameDeterministicStep() throws {
        let d = 3, n = 5, m = 4
        let eta = 0.2, lambda = 0.03, decay = 0.4
        let (x, y, _, _) = Self.data(n: n, d: d)
        let theta = MeanFieldInitialization.particles(count: m, inputDimension: d, seed: 21)
        let mfld = try MeanFieldLangevin(particles: theta, trainInputs: x, trainLabels: y, testInputs: Matrix(rows: 0, cols: d),
                                         testLabels: [], configuration: .init(stepSize: eta, steps: 1, temperature: lambda,
                                                                              weightDecay: decay, seed: 2)).run().finalParticles
        let variance = lambda / decay
        let spec = try NetworkSpec(inputDimension: d, width: m, activation: .tanh, parameterization: .muP, bias: true,
                                   readinVarianceScale: Double(d) * variance, readoutVarianceScale: variance, biasVariance: variance,
                                   kappa: Double(n) * lambda)
        var start = NetworkParameters(readin: Matrix(rows: m, cols: d), readout: [], bias: [])
        for i in 0..<m {
            start.readout.append(theta[i, 0])
            start.bias.append(theta[i, d + 1])
            for k in 0..<d { start.readin[i, k] = theta[i, 1 + k] }
        }
        let config = try SGLDConfiguration(stepSize: eta * lambda, steps: 2, snapshots: 2, seed: 2)
        let sgld = try SGLDSampler(network: TwoLayerNetwork(spec: spec), configuration: config, trainInputs: x, trainLabels: y,
                                   testInputs: Matrix(rows: 0, cols: d), initialParameters: start).run()
        let after = sgld.snapshots[1]
        var xiS = [Double](repeating: 0, count: m * d + 2 * m)
        GaussianNoiseStream(seed: 2, stream: [RandomStream.purpose("sgld-noise"), 0]).fill(&xiS, count: xiS.count)
        let sigma = (2 * eta * lambda).squareRoot()
        var worst = 0.0
        for i in 0..<m {
            var xi = [Double](repeating: 0, count: d + 2)
            GaussianNoiseStream(seed: 2, stream: [RandomStream.purpose("mfld-noise"), UInt64(i)]).fill(&xi, count: d + 2)
            func compare(_ sgldValue: Double, _ sgldNoise: Double, _ column: Int) {
                let a = sgldValue - sigma * sgldNoise, b = mfld[i, column] - sigma * xi[column]
                worst = max(worst, abs(a - b) / max(1, abs(b)))
            }
            compare(after.readout[i], xiS[m * d + i], 0)
            for k in 0..<d { compare(after.readin[i, k], xiS[i * d + k], 1 + k) }
            compare(after.bias[i], xiS[m * d + m + i], d + 1)
        }
        #expect(worst < 1e-12, "relative deviation \(worst)")
    }
}
