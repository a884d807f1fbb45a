import Foundation
import Kernels
import LinearAlgebra
import Networks
import Testing
import TestSupport
@testable import Theory

@Suite("Mean-field particle solver (plain MF and MF-ARD)")
struct MeanFieldParticleTests {
    /// `U(w)` of the particles in `block` (data part from the kernel plus the prior part).
    static func totalEnergies(_ block: MeanFieldParticleBlock, inputs: [Double], residuals: [Double], precisions: [Double],
                              constants: MeanFieldPotentialConstants) -> [Double] {
        block.evaluate(inputs: inputs, residuals: residuals, constants: constants, withGradient: false)
        let d = block.inputDimension
        return (0..<block.count).map { m in
            var prior = 0.0
            for j in 0..<d { prior += precisions[j] * block.weights[m * d + j] * block.weights[m * d + j] }
            return block.dataEnergies[m] + 0.5 * constants.priorScale * prior
        }
    }

    @Test("∇U of the batched kernel matches central finite differences, and U matches a scalar formula (plain and ARD prior)",
          arguments: [false, true])
    func gradientCheck(ard: Bool) {
        let d = 3, p = 7, count = 4
        let x = GaussianData.matrix(rows: p, cols: d, seed: 3, purpose: "mf-grad-x")
        let r = GaussianData.vector(count: p, seed: 3, purpose: "mf-grad-r")
        let rho = ard ? [0.5, 1.7, 2.3] : [1.0, 1.0, 1.0]
        let constants = MeanFieldPotentialConstants(width: 4, likelihoodPrecision: 3, readinVariance: 1.2, readoutVariance: 1.5, inputDimension: d)
        let block = MeanFieldParticleBlock(count: count, inputDimension: d, trainCount: p, testCount: 0,
                                           noise: GaussianNoiseStream(seed: 1, stream: [0]))
        let w0 = GaussianData.vector(count: count * d, seed: 3, purpose: "mf-grad-w")
        for k in 0..<(count * d) { block.weights[k] = w0[k] }
        // Scalar reference for U.
        let energies = Self.totalEnergies(block, inputs: x.values, residuals: r, precisions: rho, constants: constants)
        for m in 0..<count {
            var s1 = 0.0, s2 = 0.0, prior = 0.0
            for mu in 0..<p {
                var z = 0.0
                for j in 0..<d { z += w0[m * d + j] * x[mu, j] }
                let phi = max(z, 0)
                s1 += phi * r[mu]
                s2 += phi * phi
            }
            for j in 0..<d { prior += rho[j] * w0[m * d + j] * w0[m * d + j] * Double(d) / 1.2 }
            let h = 3 / 2.0 * s1, a = 1 / 1.5 + 3 / 4.0 * s2
            let u = 0.5 * prior + 0.5 * log(a) - h * h / (2 * a)
            #expect(isClose(energies[m], u, relative: 1e-12), "particle \(m): U = \(energies[m]), scalar \(u)")
        }
        // Analytic gradient.
        block.evaluate(inputs: x.values, residuals: r, constants: constants, withGradient: true)
        let analytic = (0..<(count * d)).map { k in block.gradient[k] + constants.priorScale * rho[k % d] * w0[k] }
        let eps = 1e-6
        for k in 0..<(count * d) {
            block.weights[k] = w0[k] + eps
            let up = Self.totalEnergies(block, inputs: x.values, residuals: r, precisions: rho, constants: constants)[k / d]
            block.weights[k] = w0[k] - eps
            let down = Self.totalEnergies(block, inputs: x.values, residuals: r, precisions: rho, constants: constants)[k / d]
            block.weights[k] = w0[k]
            let numeric = (up - down) / (2 * eps)
            #expect(isClose(analytic[k], numeric, relative: 1e-6, absolute: 1e-8), "∂U/∂w[\(k)]: analytic \(analytic[k]), numeric \(numeric)")
        }
    }

    @Test("N → ∞ (1e8): the self-consistent particle predictor is exact KRR with the ReLU arc-cosine NNGP kernel")
    func kernelRidgeLimit() throws {
        let d = 3, p = 6, m = 20_000, b = 2.0
        let x = GaussianData.matrix(rows: p, cols: d, seed: 5, purpose: "mf-krr-x")
        let y = GaussianData.vector(count: p, seed: 5, purpose: "mf-krr-y")
        let xs = GaussianData.matrix(rows: 4, cols: d, seed: 5, purpose: "mf-krr-xs")
        let kernel = try NNGPKernel(activation: .relu, weightVariance: 1, readoutVariance: 1)
        let krr = try KernelRidgeRegression(trainGram: kernel.gram(x), labels: y, ridge: 1 / b)
        let testKRR = krr.predictMean(crossGram: kernel.gram(xs, x))
        let config = try MeanFieldParticleConfiguration(width: 1e8, particles: m, likelihoodPrecision: b, stepSize: 1e-3, steps: 400,
                                                        burnIn: 200, predictorRate: 0.1, traceEvery: 50, blockSize: 256, seed: 11)
        let result = try MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: y, testInputs: xs).run(threads: 2)
        // Monte Carlo tolerance: F − F_KRR ≈ (I + BK)⁻¹ B (K̂ − K) r, where one particle contributes
        // v(w) = (I + BK)⁻¹ B φ(w) (φ(w)·r), w ~ p0. The standard deviation of v (measured here from independent
        // prior draws) over √M is one standard error of F (the particles start as exact prior draws and the
        // time average only reduces it); the tolerance is five standard errors.
        let r = zip(y, krr.trainPredictions).map { $0 - $1 }
        var shifted = b * kernel.gram(x)
        for mu in 0..<p { shifted[mu, mu] += 1 }
        let contraction = try CholeskyFactor(shifted)
        var rng = RandomStream(seed: 99, stream: [RandomStream.purpose("mf-krr-reference")])
        var sum = [Double](repeating: 0, count: p), sumSq = sum
        let draws = 20_000
        for _ in 0..<draws {
            let w = rng.fillGaussian(d).map { $0 / Double(d).squareRoot() }
            let phi = (0..<p).map { mu in max((0..<d).reduce(0) { $0 + w[$1] * x[mu, $1] }, 0) }
            let s = zip(phi, r).reduce(0) { $0 + $1.0 * $1.1 }
            let v = contraction.solve(phi.map { b * $0 * s })
            for mu in 0..<p {
                sum[mu] += v[mu]
                sumSq[mu] += v[mu] * v[mu]
            }
        }
        let sd = (0..<p).map { ((sumSq[$0] - sum[$0] * sum[$0] / Double(draws)) / Double(draws)).squareRoot() }
        let tolerance = 5 * sd.max()! / Double(m).squareRoot()
        let trainGap = maxAbsDifference(result.trainMean, krr.trainPredictions)
        let testGap = maxAbsDifference(result.testMean, testKRR)
        #expect(trainGap < tolerance, "train: particle \(result.trainMean) vs KRR \(krr.trainPredictions), tolerance \(tolerance)")
        #expect(testGap < 2 * tolerance, "test: particle \(result.testMean) vs KRR \(testKRR), tolerance \(tolerance)")
        // The check can fail: KRR with a kernel off by a factor of two is far outside the tolerance.
        let wrong = try KernelRidgeRegression(trainGram: 0.5 * kernel.gram(x), labels: y, ridge: 1 / b)
        #expect(maxAbsDifference(wrong.trainPredictions, krr.trainPredictions) > 5 * tolerance,
                "KRR with K/2 differs by \(maxAbsDifference(wrong.trainPredictions, krr.trainPredictions)), tolerance \(tolerance); gap \(trainGap)")
        // At N = 1e8, Var f is the NNGP prior variance minus nothing measurable: E_q[φ²/A] ≈ σ_a² E φ² = K(x, x).
        let testDiagonal = kernel.diagonal(xs)
        for k in 0..<4 { #expect(isClose(result.testVariance[k], testDiagonal[k], relative: 0.03), "Var f = \(result.testVariance[k]) vs K = \(testDiagonal[k])") }
        #expect(result.halfSplitDifference < 0.05)
    }

    @Test("Fixed residual: the particles sample q(w) ∝ p0 A^{−½} exp(h²/2A) (moments and a histogram against importance sampling)")
    func stationaryDistribution() throws {
        let d = 2, p = 4, n = 1.0, b = 16.0
        let x = Matrix([[1.0, 0.2], [-0.3, 1.1], [0.8, -0.9], [-1.0, -0.4]])
        let y = [0.5, 0.3, -0.25, 0.4]
        let config = try MeanFieldParticleConfiguration(width: n, particles: 4000, likelihoodPrecision: b, stepSize: 1e-3, steps: 6000,
                                                        burnIn: 1000, sampleEvery: 10, traceEvery: 500, freezesPredictor: true,
                                                        blockSize: 500, seed: 7)
        let result = try MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: y, testInputs: x).run(threads: 2)
        // Importance sampling from p0 with weights A^{−½} exp(h²/2A), r = y.
        var rng = RandomStream(seed: 8, stream: [RandomStream.purpose("mf-stationary-is")])
        let draws = 400_000
        var z = 0.0, w2 = [0.0, 0.0], prior2 = [0.0, 0.0], predictor = [Double](repeating: 0, count: p)
        let edges = [-1.0, -0.5, 0, 0.5, 1.0]
        var bins = [Double](repeating: 0, count: edges.count + 1)
        func bin(_ v: Double) -> Int { edges.firstIndex { v < $0 } ?? edges.count }
        let direction = [0.6, 0.8]
        for _ in 0..<draws {
            let w = rng.fillGaussian(d).map { $0 / Double(d).squareRoot() }
            let phi = (0..<p).map { mu in max(w[0] * x[mu, 0] + w[1] * x[mu, 1], 0) }
            let h = b / n.squareRoot() * zip(phi, y).reduce(0) { $0 + $1.0 * $1.1 }
            let a = 1 + b / n * phi.reduce(0) { $0 + $1 * $1 }
            let weight = exp(h * h / (2 * a)) / a.squareRoot()
            z += weight
            for j in 0..<d {
                w2[j] += weight * w[j] * w[j]
                prior2[j] += w[j] * w[j] / Double(draws)
            }
            for mu in 0..<p { predictor[mu] += weight * n.squareRoot() * phi[mu] * h / a }
            bins[bin(w[0] * direction[0] + w[1] * direction[1])] += weight
        }
        w2 = w2.map { $0 / z }
        predictor = predictor.map { $0 / z }
        bins = bins.map { $0 / z }
        for j in 0..<d {
            #expect(isClose(result.coordinateSecondMoments[j], w2[j], relative: 0.04), "⟨w_\(j)²⟩: particles \(result.coordinateSecondMoments[j]), IS \(w2[j])")
            // q is far from p0: the check could fail.
            #expect(abs(w2[j] - prior2[j]) > 0.15 * prior2[j], "q and p0 differ too little: \(w2[j]) vs \(prior2[j])")
        }
        #expect(allClose(result.trainMean, predictor, relative: 0.04), "√N E_q[φh/A]: particles \(result.trainMean), IS \(predictor)")
        #expect(allClose(result.testMean, predictor, relative: 0.04))
        // Histogram of u·w over the final particles (independent across particles): binomial errors.
        var particleBins = [Double](repeating: 0, count: edges.count + 1)
        for i in 0..<4000 {
            particleBins[bin(result.particles[i, 0] * direction[0] + result.particles[i, 1] * direction[1])] += 1.0 / 4000
        }
        for k in bins.indices {
            let se = (bins[k] * (1 - bins[k]) / 4000).squareRoot()
            #expect(abs(particleBins[k] - bins[k]) < 4 * se + 0.005, "bin \(k): particles \(particleBins[k]), IS \(bins[k])")
        }
    }

    @Test("ARD update: hand-computed target and damping")
    func ardHandCase() {
        // d = 2, N = 10, σ_w² = 2, α0 = 3, β0 = 1.5: ρ̄ = 8/(1.5 + 5⟨w²⟩) → 4 and 2 for ⟨w²⟩ = 0.1 and 0.5.
        let target = ARDPrecisionUpdate.target(secondMoments: [0.1, 0.5], width: 10, readinVariance: 2, shape: 3, rate: 1.5)
        #expect(allClose(target, [4, 2], relative: 1e-14))
        var rho = [1.0, 1.0]
        ARDPrecisionUpdate.damp(&rho, toward: target, damping: 0.25)
        #expect(allClose(rho, [1.75, 1.25], relative: 1e-14))
    }

    @Test("ARD without data: ρ̄ converges to the fixed point α0/β0 and ⟨w_j²⟩ to σ_w²/(d ρ̄)")
    func ardNoDataFixedPoint() throws {
        let x = Matrix([[1.0, 0.0], [0.0, 1.0]])
        let config = try MeanFieldParticleConfiguration(width: 2, particles: 2000, likelihoodPrecision: 1e-12, stepSize: 5e-3, steps: 3000,
                                                        burnIn: 2000, traceEvery: 100, usesARD: true, ardShape: 2, ardRate: 1,
                                                        precisionRate: 0.05, blockSize: 250, seed: 4)
        let result = try MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: [1, -1], testInputs: Matrix(rows: 0, cols: 2)).run()
        #expect(result.precisionTrace.rows == 30 && result.precisionTrace.row(29).allSatisfy { isClose($0, 2, relative: 0.05) })
        for j in 0..<2 {
            #expect(isClose(result.precisions[j], 2, relative: 0.05), "ρ̄_\(j) = \(result.precisions[j])")
            #expect(isClose(result.coordinateSecondMoments[j], 0.25, relative: 0.05), "⟨w_\(j)²⟩ = \(result.coordinateSecondMoments[j])")
        }
    }

    @Test("Bit-identical results for 1 and 2 threads (plain MF and MF-ARD, aligned start)", arguments: [false, true])
    func threadIndependence(ard: Bool) throws {
        BLASThreads.set(1)
        let d = 5, p = 40
        let x = GaussianData.matrix(rows: p, cols: d, seed: 9, purpose: "mf-det-x")
        let y = GaussianData.vector(count: p, seed: 9, purpose: "mf-det-y")
        let xs = GaussianData.matrix(rows: 7, cols: d, seed: 9, purpose: "mf-det-xs")
        let u = Matrix([[1, 0, 0, 0, 0], [0, 0.6, 0.8, 0, 0]])
        let config = try MeanFieldParticleConfiguration(width: 16, particles: 100, likelihoodPrecision: 20, stepSize: 2e-3, steps: 300,
                                                        burnIn: 100, updateEvery: 2, sampleEvery: 3, traceEvery: 20, usesARD: ard,
                                                        blockSize: 16, seed: 21)
        let solver = MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: y, testInputs: xs,
                                             initialisation: .aligned(subspace: u, scale: 1))
        let one = try solver.run(threads: 1), two = try solver.run(threads: 2)
        #expect(one.trainMean == two.trainMean)
        #expect(one.testMean == two.testMean)
        #expect(one.testSecondMoment == two.testSecondMoment)
        #expect(one.particles == two.particles)
        #expect(one.readouts == two.readouts)
        #expect(one.precisions == two.precisions)
        #expect(one.coordinateSecondMoments == two.coordinateSecondMoments)
        #expect(one.meanPotentialTrace == two.meanPotentialTrace)
        #expect(one.relativeChangeTrace.map(\.bitPattern) == two.relativeChangeTrace.map(\.bitPattern))
        #expect(one.trainMean.allSatisfy(\.isFinite) && one.testVariance.allSatisfy { $0 > 0 })
        var other = config
        other.seed = 22
        let three = try MeanFieldParticleSolver(configuration: other, trainInputs: x, trainLabels: y, testInputs: xs).run(threads: 2)
        #expect(three.particles != one.particles)
    }

    @Test("Aligned start: relevant components have the requested scale, irrelevant ones the prior's")
    func alignedInitialisation() throws {
        let d = 4, m = 4000
        let x = GaussianData.matrix(rows: 3, cols: d, seed: 2, purpose: "mf-align-x")
        let u = Matrix([[0.6, 0.8, 0, 0]])
        let config = try MeanFieldParticleConfiguration(width: 1e8, particles: m, likelihoodPrecision: 1, stepSize: 1e-12, steps: 1,
                                                        blockSize: 500, seed: 3)
        let result = try MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: [0, 0, 0], testInputs: Matrix(rows: 0, cols: d),
                                                 initialisation: .aligned(subspace: u, scale: 3)).run()
        var relevant = 0.0, last = 0.0
        for i in 0..<m {
            relevant += pow(0.6 * result.particles[i, 0] + 0.8 * result.particles[i, 1], 2) / Double(m)
            last += pow(result.particles[i, 3], 2) / Double(m)
        }
        #expect(isClose(relevant, 9, relative: 0.1), "E (u·w)² = \(relevant)")
        #expect(isClose(last, 0.25, relative: 0.1), "E w_4² = \(last)")
    }

    @Test("Bad parameters are rejected with errors naming them; a diverging run names its step")
    func badParameters() throws {
        func name(_ body: () throws -> Void) -> String? {
            do { try body() } catch let TheoryError.invalidParameter(name, _, _) { return name } catch { return "other: \(error)" }
            return nil
        }
        func make(particles: Int = 10, b: Double = 1, tau: Double = 0.1, alpha: Double = 1) throws {
            _ = try MeanFieldParticleConfiguration(width: 10, particles: particles, likelihoodPrecision: b, stepSize: 1e-3, steps: 10,
                                                   predictorRate: tau, usesARD: true, ardShape: alpha)
        }
        #expect(name { try make(particles: 0) } == "particles")
        #expect(name { try make(b: 0) } == "likelihood_precision")
        #expect(name { try make(b: -1) } == "likelihood_precision")
        #expect(name { try make(tau: 0) } == "predictor_rate")
        #expect(name { try make(tau: 1.5) } == "predictor_rate")
        #expect(name { try make(alpha: 0) } == "ard_shape")
        #expect(name { try make(alpha: -2) } == "ard_shape")
        #expect(name { try make() } == nil)
        #expect((try? make(tau: 1)) != nil)
        #expect(TheoryError.invalidParameter(name: "particles", value: "0", requirement: "must be ≥ 1").description.contains("particles"))
        // Non-finite h²/A (here B = 1e300 overflows at the first step) is detected and the error names the step.
        let x = Matrix([[1.0, 0.5], [-0.5, 1.0], [0.3, -1.0]])
        let config = try MeanFieldParticleConfiguration(width: 1, particles: 8, likelihoodPrecision: 1e300, stepSize: 1e-3, steps: 100, seed: 1)
        var message = ""
        do { _ = try MeanFieldParticleSolver(configuration: config, trainInputs: x, trainLabels: [1, 1, 1], testInputs: x).run() } catch {
            message = "\(error)"
        }
        #expect(message.contains("diverged at step 0"), "\(message)")
        // A step too large for the prior alone is rejected up front.
        let tooLarge = try MeanFieldParticleConfiguration(width: 1, particles: 8, likelihoodPrecision: 1, stepSize: 1, steps: 10)
        #expect(name { _ = try MeanFieldParticleSolver(configuration: tooLarge, trainInputs: x, trainLabels: [1, 1, 1], testInputs: x).run() } == "step_size")
    }
}
