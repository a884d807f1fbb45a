import Datasets
import Foundation
import Kernels
import LinearAlgebra
import Testing
import TestSupport
import Theory

/// The tree-level adaptive kernel theory sampled by importance sampling (`AdaptiveKernelTreeLevel`).
///
/// Monte-Carlo tolerances. The sampler's error is measured, not guessed: `MonteCarloSpread` runs
/// the same problem with six seeds (3…8) and takes, per output component, the seed-to-seed standard
/// deviation; `σ_MC` is the root mean square of those over the components (train means, test
/// means, or kernel entries). An estimate from one seed then deviates from the exact value by
/// about `σ_MC` in RMS over the components, the mean of six seeds by `σ_MC/√6`, and two estimates
/// sharing half their samples (M and 2M with the same seed) by `σ_MC/√2`. The tests allow three
/// times these (the RMS over tens of components of a roughly Gaussian error concentrates well
/// within a factor 3 of its expectation), which is why their tolerances are stated in `σ_MC`.
@Suite("Tree-level adaptive kernel theory (sampled single-neuron measure)")
struct AdaptiveKernelTreeLevelTests {
    /// The small Ising-like problem: P = 20, D = 30, 50 test points, p = 0.1.
    static let train = IsingLikeData.make(count: 20, dimension: 30, flipProbability: 0.1, seed: 5, purpose: "train")
    static let test = IsingLikeData.make(count: 50, dimension: 30, flipProbability: 0.1, seed: 5, purpose: "test")
    /// The seeds whose spread defines `σ_MC`.
    static let spreadSeeds: [UInt64] = Array(3...8)

    static func setup(_ activation: Activation, chi: Double, samples: Int = 10_000, seed: UInt64 = 1) throws -> AdaptiveKernelSetup {
        try AdaptiveKernelSetup(activation: activation, width: 20, readinVarianceScale: 0.5, readoutVarianceScale: 0.5,
                                kappa0: 1, chi: chi, pointsPerDecade: 10, samples: samples, seed: seed)
    }

    static func predict(_ setup: AdaptiveKernelSetup) throws -> AdaptiveKernelPrediction {
        try AdaptiveKernelTreeLevel.predict(trainInputs: train.inputs, labels: train.labels, testInputs: test.inputs, setup: setup)
    }

    /// Root mean square of a vector.
    static func rms(_ v: [Double]) -> Double {
        (v.reduce(0) { $0 + $1 * $1 } / Double(v.count)).squareRoot()
    }

    /// `rms(a − b)`.
    static func rmsDifference(_ a: [Double], _ b: [Double]) -> Double {
        rms(zip(a, b).map { $0 - $1 })
    }

    /// The spread of the erf case at χ = N = 20 with M = 10 000, shared by two tests.
    static let erfSpread = Result { try MonteCarloSpread(setup(.erf, chi: 20)) }

    /// Predictions for the spread seeds and `σ_MC` of the train means, test means and kernel entries.
    struct MonteCarloSpread: Sendable {
        var predictions: [AdaptiveKernelPrediction] = []
        var train = 0.0, test = 0.0, kernel = 0.0

        init(_ base: AdaptiveKernelSetup) throws {
            for seed in AdaptiveKernelTreeLevelTests.spreadSeeds {
                var setup = base
                setup.seed = seed
                predictions.append(try AdaptiveKernelTreeLevelTests.predict(setup))
            }
            train = Self.sigma(predictions.map(\.trainMean))
            test = Self.sigma(predictions.map(\.testMean))
            kernel = Self.sigma(predictions.map(\.kernel.values))
        }

        /// RMS over components of the seed-to-seed standard deviation.
        static func sigma(_ runs: [[Double]]) -> Double {
            let n = Double(runs.count), count = runs[0].count
            var total = 0.0
            for i in 0..<count {
                let mean = runs.reduce(0) { $0 + $1[i] } / n
                total += runs.reduce(0) { $0 + ($1[i] - mean) * ($1[i] - mean) } / (n - 1)
            }
            return (total / Double(count)).squareRoot()
        }

        /// The componentwise mean over the seeds.
        static func mean(_ runs: [[Double]]) -> [Double] {
            (0..<runs[0].count).map { i in runs.reduce(0) { $0 + $1[i] } / Double(runs.count) }
        }
    }

    /// The linear network's tree level in closed form: a scalar rescaling `u` of `C⁰ = (g_v/D) X Xᵀ`,
    /// `1/u = 1 − c Δ(u)ᵀC⁰Δ(u)`, `c = g_w χ/(N κ0²)`, `Δ(u) = κ0 (g_w u C⁰ + κ0)⁻¹ y`, taking the
    /// smallest root `u > 1` (the branch annealing follows from `u = 1` at `χ → 0`), found by
    /// scanning a log grid for the first sign change and `RootFinder.brent`.
    static func scalarTreeLevel(chi: Double, gv: Double = 0.5, gw: Double = 0.5, kappa0: Double = 1, width: Int = 20) throws
        -> (u: Double, train: [Double], test: [Double], kernel: Matrix) {
        let x = train.inputs, y = train.labels, d = Double(x.cols), p = y.count
        let c0 = (gv / d) * rowGram(x)
        let eigen = try SymmetricEigen(c0)
        let projected = matvec(eigen.vectors, y, transpose: true)
        let c = gw * chi / (Double(width) * kappa0 * kappa0)
        func q(_ u: Double) -> Double {
            var s = 0.0
            for k in 0..<p {
                let lambda = max(eigen.values[k], 0), r = kappa0 / (gw * u * lambda + kappa0)
                s += lambda * projected[k] * projected[k] * r * r
            }
            return s
        }
        let f: (Double) -> Double = { u in 1 / u - 1 + c * q(u) }
        let grid = (0...4000).map { Foundation.pow(10, 4 * Double($0) / 4000) }
        guard let bracket = RootFinder.bracketAll(f, grid: grid).first else {
            throw TheoryError.numericalFailure("no root of the scalar tree-level equation")
        }
        let u = bracket.lowerBound == bracket.upperBound ? bracket.lowerBound
            : try RootFinder.brent(f, lower: bracket.lowerBound, upper: bracket.upperBound, tolerance: 1e-14).x
        let delta = matvec(eigen.vectors, (0..<p).map { kappa0 / (gw * u * max(eigen.values[$0], 0) + kappa0) * projected[$0] })
        let trainMean = zip(y, delta).map { $0 - $1 }
        let cross = matmul(test.inputs, x, transposeB: true, alpha: gv / d)
        let testMean = matvec(cross, delta).map { gw * u / kappa0 * $0 }
        let c0Delta = matvec(c0, delta)
        let gamma = c / (1 - c * dot(delta, c0Delta))
        var kernel = c0
        for i in 0..<p {
            for j in 0..<p { kernel.values[i * p + j] += gamma * c0Delta[i] * c0Delta[j] }
        }
        return (u, trainMean, testMean, kernel)
    }

    @Test("φ = linear: the sampled tree level agrees with the scalar closed form within the Monte-Carlo error",
          arguments: [5.0, 20.0])
    func linearAgreesWithScalarRescaling(chi: Double) throws {
        let exact = try Self.scalarTreeLevel(chi: chi)
        let spread = try MonteCarloSpread(Self.setup(.linear, chi: chi))
        let meanTrain = MonteCarloSpread.mean(spread.predictions.map(\.trainMean))
        let meanTest = MonteCarloSpread.mean(spread.predictions.map(\.testMean))
        let meanKernel = MonteCarloSpread.mean(spread.predictions.map(\.kernel.values))
        let seeds = Double(Self.spreadSeeds.count)
        print(String(format: "linear χ = %.0f: u = %.4f, σ_MC train %.2e test %.2e kernel %.2e; seed-mean error train %.2e test %.2e kernel %.2e",
                     chi, exact.u, spread.train, spread.test, spread.kernel, Self.rmsDifference(meanTrain, exact.train),
                     Self.rmsDifference(meanTest, exact.test), Self.rmsDifference(meanKernel, exact.kernel.values)))
        #expect(exact.u > 1.05, "the test should exercise a real rescaling, u = \(exact.u)")
        #expect(Self.rmsDifference(meanTrain, exact.train) <= 3 * spread.train / seeds.squareRoot())
        #expect(Self.rmsDifference(meanTest, exact.test) <= 3 * spread.test / seeds.squareRoot())
        #expect(Self.rmsDifference(meanKernel, exact.kernel.values) <= 3 * spread.kernel / seeds.squareRoot())
        for r in spread.predictions {
            #expect(Self.rmsDifference(r.trainMean, exact.train) <= 3 * spread.train)
            #expect(Self.rmsDifference(r.testMean, exact.test) <= 3 * spread.test)
            #expect(r.minimumEffectiveSampleFraction > 0.5)
            #expect(r.finalResidual < 1e-6)
        }
        // The MC error itself is small against the effect being tested (u − 1 moves the means).
        let nngp = spread.predictions[0]
        #expect(Self.rmsDifference(nngp.nngpTrainMean, exact.train) > 10 * spread.train)
    }

    @Test("a → 0 (χ = 10⁻³): the sampled tree level is the closed-form NNGP predictor within the Monte-Carlo error",
          arguments: [Activation.erf, .relu])
    func smallCouplingIsNNGP(activation: Activation) throws {
        let spread = try MonteCarloSpread(Self.setup(activation, chi: 1e-3))
        // The NNGP fields are kernel ridge regression with g_w K and ridge κ0.
        let kernel = try NNGPKernel(activation: activation, weightVariance: 0.5, readoutVariance: 0.5)
        let krr = try KernelRidgeRegression(trainGram: kernel.gram(Self.train.inputs), labels: Self.train.labels, ridge: 1)
        let nngpTest = krr.predictMean(crossGram: kernel.gram(Self.test.inputs, Self.train.inputs))
        let first = spread.predictions[0]
        #expect(allClose(first.nngpTrainMean, krr.trainPredictions, relative: 1e-10, absolute: 1e-12))
        #expect(allClose(first.nngpTestMean, nngpTest, relative: 1e-10, absolute: 1e-12))
        let seeds = Double(Self.spreadSeeds.count)
        let meanTrain = MonteCarloSpread.mean(spread.predictions.map(\.trainMean))
        let meanTest = MonteCarloSpread.mean(spread.predictions.map(\.testMean))
        print(String(format: "%@ χ = 1e-3: σ_MC train %.2e test %.2e; seed-mean − NNGP train %.2e test %.2e",
                     activation.rawValue, spread.train, spread.test, Self.rmsDifference(meanTrain, krr.trainPredictions),
                     Self.rmsDifference(meanTest, nngpTest)))
        #expect(Self.rmsDifference(meanTrain, krr.trainPredictions) <= 3 * spread.train / seeds.squareRoot())
        #expect(Self.rmsDifference(meanTest, nngpTest) <= 3 * spread.test / seeds.squareRoot())
        for r in spread.predictions {
            #expect(Self.rmsDifference(r.trainMean, krr.trainPredictions) <= 3 * spread.train)
            #expect(Self.rmsDifference(r.testMean, nngpTest) <= 3 * spread.test)
            #expect(abs(r.kernelTaskRatio - 1) < 0.05)
            #expect(r.minimumEffectiveSampleFraction > 0.99)
            #expect(r.rungs.count == 1 && r.rungs[0].chi == 1e-3)
        }
    }

    @Test("doubling M changes the erf result by less than the Monte-Carlo error of M samples")
    func doublingSamplesConverges() throws {
        let spread = try Self.erfSpread.get()
        let base = try Self.predict(Self.setup(.erf, chi: 20, seed: 1))
        let doubled = try Self.predict(Self.setup(.erf, chi: 20, samples: 20_000, seed: 1))
        let trainChange = Self.rmsDifference(base.trainMean, doubled.trainMean)
        let testChange = Self.rmsDifference(base.testMean, doubled.testMean)
        print(String(format: "erf χ = 20: M → 2M changes train %.2e test %.2e; σ_MC(M) train %.2e test %.2e",
                     trainChange, testChange, spread.train, spread.test))
        // M and 2M share the first M samples: the difference has standard deviation σ_MC/√2.
        #expect(trainChange > 0 && trainChange <= 3 * spread.train / 2.0.squareRoot())
        #expect(testChange > 0 && testChange <= 3 * spread.test / 2.0.squareRoot())
        // The adaptation is far above the sampling noise.
        #expect(Self.rmsDifference(doubled.trainMean, doubled.nngpTrainMean) > 10 * spread.train)
    }

    @Test("the same seed gives bit-identical outputs; different seeds differ by about the Monte-Carlo error")
    func seeds() throws {
        let a = try Self.predict(Self.setup(.erf, chi: 20, seed: 1))
        let b = try Self.predict(Self.setup(.erf, chi: 20, seed: 1))
        #expect(a == b)
        let c = try Self.predict(Self.setup(.erf, chi: 20, seed: 2))
        let spread = try Self.erfSpread.get()
        // Two independent estimates differ by √2 σ_MC in RMS.
        let expected = 2.0.squareRoot() * spread.train
        let change = Self.rmsDifference(a.trainMean, c.trainMean)
        print(String(format: "erf χ = 20: seeds 1 vs 2 differ by %.2e (√2 σ_MC = %.2e)", change, expected))
        #expect(change > expected / 3 && change < 3 * expected)
        let testChange = Self.rmsDifference(a.testMean, c.testMean)
        #expect(testChange > 2.0.squareRoot() * spread.test / 3 && testChange < 3 * 2.0.squareRoot() * spread.test)
    }

    @Test("bad input is rejected with TheoryError")
    func validation() throws {
        let x = Self.train.inputs, y = Self.train.labels, xt = Self.test.inputs
        let setup = try Self.setup(.erf, chi: 2, samples: 100)
        #expect(throws: TheoryError.dimensionMismatch("19 labels for 20 training inputs")) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: Array(y.dropLast()), testInputs: xt, setup: setup)
        }
        #expect(throws: TheoryError.dimensionMismatch("test inputs have 29 columns, training inputs 30")) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: y, testInputs: Matrix(rows: 3, cols: 29), setup: setup)
        }
        #expect(throws: TheoryError.self) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: Matrix(rows: 0, cols: 30), labels: [], testInputs: xt, setup: setup)
        }
        var nanInputs = x
        nanInputs.values[7] = .nan
        #expect(throws: TheoryError.nonFiniteInput("the training inputs")) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: nanInputs, labels: y, testInputs: xt, setup: setup)
        }
        var infiniteTest = xt
        infiniteTest.values[3] = .infinity
        #expect(throws: TheoryError.nonFiniteInput("the test inputs")) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: y, testInputs: infiniteTest, setup: setup)
        }
        var nanLabels = y
        nanLabels[2] = .nan
        #expect(throws: TheoryError.nonFiniteInput("the labels")) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: nanLabels, testInputs: xt, setup: setup)
        }

        func rejected(_ name: String, _ make: () throws -> AdaptiveKernelSetup) {
            do {
                _ = try make()
                Issue.record("\(name) accepted")
            } catch let TheoryError.invalidParameter(parameter, _, _) {
                #expect(parameter == name)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        rejected("activation") { try AdaptiveKernelSetup(activation: .quadratic, width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: 1, seed: 0) }
        rejected("width") { try AdaptiveKernelSetup(activation: .erf, width: 0, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: 1, seed: 0) }
        rejected("readinVarianceScale") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 0, readoutVarianceScale: 1, kappa0: 1, chi: 1, seed: 0) }
        rejected("readoutVarianceScale") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 1, readoutVarianceScale: -1, kappa0: 1, chi: 1, seed: 0) }
        rejected("kappa0") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: .infinity, chi: 1, seed: 0) }
        rejected("chi") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: .nan, seed: 0) }
        rejected("pointsPerDecade") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: 1, pointsPerDecade: 0, seed: 0) }
        rejected("samples") { try AdaptiveKernelSetup(activation: .erf, width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: 1, samples: 15, seed: 0) }

        // A setup made invalid after init, and a sample set too large to hold.
        var mutated = setup
        mutated.chi = 0
        #expect(throws: TheoryError.self) {
            try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: y, testInputs: xt, setup: mutated)
        }
        var huge = setup
        huge.samples = 100_000_000
        do {
            _ = try AdaptiveKernelTreeLevel.predict(trainInputs: x, labels: y, testInputs: xt, setup: huge)
            Issue.record("an impossible sample count was accepted")
        } catch let TheoryError.invalidParameter(name, _, requirement) {
            #expect(name == "samples" && requirement.contains("M·(D + P)"))
        }
    }

    @Test("a ladder that cannot be continued fails with a TheoryError naming χ (ReLU at χ = 500 N, M = 1000)")
    func nonConvergenceIsReported() throws {
        let setup = try Self.setup(.relu, chi: 1e4, samples: 1000)
        do {
            _ = try Self.predict(setup)
            Issue.record("the ReLU tree level was expected to stop before χ = 10⁴ (N = 20)")
        } catch let TheoryError.numericalFailure(message) {
            #expect(message.contains("did not converge at χ = ") && message.contains("halvings of the χ step"), "\(message)")
        }
    }

    @Test("zero labels give zero predictions; no test inputs give no test predictions")
    func degenerateData() throws {
        let setup = try Self.setup(.tanh, chi: 20, samples: 500)
        let zero = try AdaptiveKernelTreeLevel.predict(trainInputs: Self.train.inputs, labels: [Double](repeating: 0, count: 20),
                                                       testInputs: Self.test.inputs, setup: setup)
        #expect(zero.trainMean.allSatisfy { $0 == 0 } && zero.testMean.allSatisfy { $0 == 0 })
        #expect(zero.discrepancy.allSatisfy { $0 == 0 })
        let noTest = try AdaptiveKernelTreeLevel.predict(trainInputs: Self.train.inputs, labels: Self.train.labels,
                                                         testInputs: Matrix(rows: 0, cols: 30), setup: setup)
        #expect(noTest.testMean.isEmpty && noTest.nngpTestMean.isEmpty && noTest.trainMean.count == 20)
    }

    @Test("Rubin-size erf case (P = 80, D = 200, N = 100, κ0 = 1, g_v = g_w = 0.5, Ising p = 0.1): ESS > 5 % up to χ = N")
    func rubinSizeEffectiveSampleSize() throws {
        let data = try IsingTask(dimension: 200, trainCount: 80, testCount: 1000, flipProbability: 0.1, seed: 1).generate()
        let clock = ContinuousClock()
        var previousTrain = Double.infinity
        for chi in [1.0, 3, 10, 30, 100] {
            let setup = try AdaptiveKernelSetup(activation: .erf, width: 100, readinVarianceScale: 0.5, readoutVarianceScale: 0.5,
                                                kappa0: 1, chi: chi, samples: 20_000, seed: 1)
            var result: AdaptiveKernelPrediction?
            let elapsed = try clock.measure {
                result = try AdaptiveKernelTreeLevel.predict(trainInputs: data.trainInputs, labels: data.trainLabels,
                                                             testInputs: data.testInputs, setup: setup)
            }
            let r = try #require(result)
            let train = Discrepancy.meanSigned(labels: data.trainLabels, predictions: r.trainMean)
            let test = Discrepancy.meanSigned(labels: data.testLabels, predictions: r.testMean)
            let nngpTrain = Discrepancy.meanSigned(labels: data.trainLabels, predictions: r.nngpTrainMean)
            let nngpTest = Discrepancy.meanSigned(labels: data.testLabels, predictions: r.nngpTestMean)
            print(String(format: "erf χ = %5.0f: train %.4f (NNGP %.4f) test %.4f (NNGP %.4f) yᵀCy/yᵀKy %.3f ⊥ %.3f min ESS %.3f iterations %d residual %.1e, %@",
                         chi, train, nngpTrain, test, nngpTest, r.kernelTaskRatio, r.kernelOrthogonalRatio,
                         r.minimumEffectiveSampleFraction, r.totalIterations, r.finalResidual, "\(elapsed)"))
            #expect(r.minimumEffectiveSampleFraction > 0.05)
            #expect(r.finalResidual < 1e-6)
            #expect(train < nngpTrain && test < nngpTest && train < previousTrain)
            #expect(r.kernelTaskRatio > 1)
            previousTrain = train
        }
    }
}
