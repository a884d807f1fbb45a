import Datasets
import Foundation
import Kernels
import LinearAlgebra
import Testing
import TestSupport
import Theory

@Suite("Kernel renormalisation: predictor, weights and class manifolds")
struct KernelRenormalisationObservableTests {
    private func solve(_ data: RegressionData, activation: Activation = .erf, width: Int, temperature: Double, lambda0: Double = 1,
                       lambda1: Double = 1, samples: Int = 0, seed: UInt64 = 0, store: Bool = true) throws -> KernelRenormalisationResult {
        let setup = try KernelRenormalisationSetup(activation: activation, width: width, temperature: temperature, lambda0: lambda0,
                                                   lambda1: lambda1, nonGaussianSamples: samples, seed: seed)
        return try KernelRenormalisation.solve(trainInputs: data.trainInputs, labels: data.trainLabels, testInputs: data.testInputs,
                                               setup: setup, storeFeatureKernel: store)
    }

    /// `(T·I + (Q̄/λ1)K)⁻¹` applied by a Cholesky solve.
    private func solver(_ k: Matrix, q: Double, temperature t: Double, lambda1: Double) throws -> CholeskyFactor {
        var a = (q / lambda1) * k
        for i in 0..<k.rows { a.values[i * k.rows + i] += t }
        return try CholeskyFactor(a)
    }

    @Test("the predictor is GP regression with kernel Q̄K/λ1 and noise T (checked by a Cholesky solve)")
    func predictorIsRescaledGPRegression() throws {
        let data = try ClusterData.make(trainCount: 30, dimension: 8, separation: 1.3, testCount: 25)
        let (lambda0, lambda1, t) = (0.8, 1.5, 0.2)
        let r = try solve(data, width: 20, temperature: t, lambda0: lambda0, lambda1: lambda1)
        let q = r.saddlePoint.orderParameter
        let kernel = try NNGPKernel(activation: .erf, weightVariance: 1 / lambda0)
        let k = kernel.gram(data.trainInputs), ks = kernel.gram(data.testInputs, data.trainInputs), kss = kernel.diagonal(data.testInputs)
        let factor = try solver(k, q: q, temperature: t, lambda1: lambda1)
        let alpha = factor.solve(data.trainLabels)
        let mean = matvec(ks, alpha).map { q / lambda1 * $0 }
        let whitened = factor.whitenRows(ks)
        let variance = (0..<ks.rows).map { j in
            q / lambda1 * (kss[j] - q / lambda1 * whitened.row(j).reduce(0) { $0 + $1 * $1 })
        }
        #expect(allClose(r.prediction.testMean, mean, relative: 1e-10, absolute: 1e-12))
        #expect(allClose(r.prediction.testVariance, variance, relative: 1e-9, absolute: 1e-12))
        let gibbs = zip(data.testLabels, zip(mean, variance)).reduce(0.0) { $0 + ($1.0 - $1.1.0) * ($1.0 - $1.1.0) + $1.1.1 } / 25
        #expect(isClose(r.prediction.gibbsError(labels: data.testLabels), gibbs, relative: 1e-10))
        #expect(allClose(r.prediction.trainMean, matvec(k, alpha).map { q / lambda1 * $0 }, relative: 1e-10, absolute: 1e-12))
        #expect(r.nngpPrediction.testMean != r.prediction.testMean)
    }

    @Test("linear network: the Gaussian formulas equal the exact finite-N moments conditional on ρ = λ1|v|²/N = Q̄")
    func linearGaussianFormulasAreExactGivenQ() throws {
        let data = try ClusterData.make(trainCount: 10, dimension: 4, separation: 1.2)
        let (n, t, lambda0, lambda1) = (6, 0.3, 0.8, 1.2)
        let r = try solve(data, activation: .linear, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1)
        let q = r.saddlePoint.orderParameter
        let exact = try ExactLinearNetwork.conditional(x: data.trainInputs, y: data.trainLabels, width: n, temperature: t,
                                                       lambda0: lambda0, lambda1: lambda1, rho: q)
        #expect(allClose(r.weights.readoutReadinAlignment, exact.alignment, relative: 1e-9, absolute: 1e-13))
        #expect(allClose(r.gaussianFeatureKernel.values, exact.featureKernel.values, relative: 1e-9, absolute: 1e-13))
        let eigen = try SymmetricEigen(exact.readinDeviation)
        #expect(isClose(r.weights.readinSpikeEigenvalue, eigen.values.last!, relative: 1e-9, absolute: 1e-13))
        #expect(isClose(r.weights.readinContractionEigenvalue, eigen.values.first!, relative: 1e-9, absolute: 1e-13))
        #expect(isClose(r.weights.readinDeviationTrace, exact.readinDeviation.diagonal().reduce(0, +), relative: 1e-9))
        let top = eigen.vectors.column(3)
        #expect(isClose(abs(dot(top, r.weights.readinSpikeVector)), 1, relative: 1e-9))
        // ⟨(v_i w_i)·(v_j w_j)⟩: the theory's 1/N is 1/(N + 2) exactly (E[e_i²e_j²] on the sphere).
        #expect(isClose(r.weights.interNeuronCorrelation * Double(n) / Double(n + 2), exact.interNeuron, relative: 1e-9))
        let connected = exact.interNeuron - dot(exact.alignment, exact.alignment)
        #expect(r.weights.interNeuronConnectedCorrelation < 0)
        #expect(isClose(r.weights.interNeuronConnectedCorrelation, connected, relative: 0.5))   // O(1/N) apart at N = 6
        #expect(isClose(r.weights.readoutSecondMoment, q / lambda1, relative: 1e-15))
        // The spike lies along t = BA⁻¹y.
        #expect(r.weights.spikeAlignmentWithLabelDirection > 0.9)
    }

    @Test("linear network: the exact posterior (averaged over ρ) approaches the saddle point as 1/N")
    func linearExactPosteriorApproachesTheSaddlePoint() throws {
        let data = try ClusterData.make(trainCount: 12, dimension: 5, separation: 1.5)
        let (t, lambda0, lambda1) = (0.2, 1.0, 1.0)
        var gaps: [[Double]] = []
        for n in [40, 400, 4000] {
            let r = try solve(data, activation: .linear, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1)
            let exact = try ExactLinearNetwork.moments(x: data.trainInputs, y: data.trainLabels, width: n, temperature: t,
                                                       lambda0: lambda0, lambda1: lambda1)
            let partition = try ClassPartition(labels: data.trainLabels)
            let d0 = r.nngpGeometry.centroidDistance
            let nd = Double(n)
            let shiftTheory = nd * (r.gaussianGeometry.centroidDistance - d0)
            let shiftExact = nd * (partition.geometry(exact.featureKernel).centroidDistance - d0)
            let sqrtN = nd.squareRoot()
            let alignmentGap = maxAbsDifference(r.weights.readoutReadinAlignment.map { $0 * sqrtN }, exact.alignment.map { $0 * sqrtN })
                / r.weights.readoutReadinAlignment.map { abs($0) * sqrtN }.max()!
            let row = [abs(exact.rho / r.saddlePoint.orderParameter - 1), abs(shiftExact / shiftTheory - 1), alignmentGap,
                       abs(exact.interNeuron / r.weights.interNeuronCorrelation - 1)]
            print("linear exact vs saddle, N = \(n): ⟨ρ⟩ = \(exact.rho), Q̄ = \(r.saddlePoint.orderParameter), N·Δd² exact \(shiftExact), theory \(shiftTheory); relative gaps \(row)")
            gaps.append(row)
            #expect(row.allSatisfy { $0 < 20 / nd }, "N = \(n): \(row)")
        }
        // Each gap shrinks like 1/N (⟨ρ⟩ − Q̄ even like 1/N²: the saddle point of S sits at the mean of ρ to that order).
        for k in 0..<4 {
            for i in 1..<3 {
                let ratio = gaps[i][k] / gaps[i - 1][k]
                let lowest = k == 0 ? 0.002 : 0.05
                #expect(ratio > lowest && ratio < 0.2, "gap \(k) ratio \(ratio) between N = \(i == 1 ? 40 : 400) and ×10: \(gaps)")
            }
        }
    }

    @Test("linear network: the first-order non-Gaussian closure equals the Gaussian closure")
    func linearClosuresCoincide() throws {
        let data = try ClusterData.make(trainCount: 20, dimension: 6, separation: 1.2)
        let r = try solve(data, activation: .linear, width: 15, temperature: 0.1, lambda0: 0.9, lambda1: 1.1, samples: 600, seed: 3)
        let ng = try #require(r.nonGaussian)
        let g = r.gaussianGeometry
        #expect(isClose(ng.geometry.centroidDistance, g.centroidDistance, relative: 1e-10))
        #expect(isClose(ng.geometry.radiusPlus, g.radiusPlus, relative: 1e-10))
        #expect(isClose(ng.geometry.radiusMinus, g.radiusMinus, relative: 1e-10))
        #expect(ng.geometryStandardError == ClassManifoldGeometry(centroidDistance: 0, radiusPlus: 0, radiusMinus: 0))
        #expect(ng.separationStandardError == 0)
        let k = try #require(ng.featureKernel)
        #expect(maxAbsDifference(k.values, r.gaussianFeatureKernel.values) < 1e-12 * r.gaussianFeatureKernel.values.map(abs).max()!)
        // The shift itself is not small: the test compares something.
        #expect(abs(g.centroidDistance - r.nngpGeometry.centroidDistance) > 1e-3 * r.nngpGeometry.centroidDistance)
    }

    @Test("erf: the non-Gaussian closure (control variate) agrees with a plain Monte Carlo of Cov((m·φ)², φᵀMφ)")
    func erfNonGaussianClosureMatchesPlainMonteCarlo() throws {
        let data = try ClusterData.make(trainCount: 16, dimension: 6, separation: 1.5)
        let (n, t, lambda0, lambda1) = (10, 0.1, 0.9, 1.1)
        let r = try solve(data, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1, samples: 4000, seed: 1)
        let ng = try #require(r.nonGaussian)
        let q = r.saddlePoint.orderParameter
        // M = A⁻¹ − A⁻¹yyᵀA⁻¹ by Cholesky, K from the Kernels module.
        let k = try NNGPKernel(activation: .erf, weightVariance: 1 / lambda0).gram(data.trainInputs)
        let factor = try solver(k, q: q, temperature: t, lambda1: lambda1)
        let inverse = factor.solve(Matrix.identity(16)), u = factor.solve(data.trainLabels)
        let partition = try ClassPartition(labels: data.trainLabels)
        let m = partition.centroidWeights
        let samples = 200_000
        var rng = RandomStream(seed: 99, stream: [RandomStream.purpose("kr-plain-mc")])
        var sa = 0.0, sq = 0.0, saq = 0.0, sa2 = 0.0, sq2 = 0.0, sa2q2 = 0.0, sa2q = 0.0, saq2 = 0.0
        for _ in 0..<samples {
            let w = rng.fillGaussian(6).map { $0 / lambda0.squareRoot() }
            let phi = (0..<16).map { mu in erf((0..<6).reduce(0.0) { $0 + w[$1] * data.trainInputs[mu, $1] } / 6.0.squareRoot()) }
            let a = pow(dot(m, phi), 2)
            let qf = dot(phi, matvec(inverse, phi)) - pow(dot(u, phi), 2)
            sa += a; sq += qf; saq += a * qf; sa2 += a * a; sq2 += qf * qf
            sa2q2 += a * a * qf * qf; sa2q += a * a * qf; saq2 += a * qf * qf
        }
        let s = Double(samples)
        let (ma, mq) = (sa / s, sq / s)
        let covariance = saq / s - ma * mq
        // Variance of (a − ā)(q − q̄) for the standard error of the plain estimate.
        let product2 = sa2q2 / s - 2 * mq * sa2q / s - 2 * ma * saq2 / s + mq * mq * sa2 / s + ma * ma * sq2 / s
            + 4 * ma * mq * saq / s - 3 * ma * ma * mq * mq
        let plainSE = ((product2 - covariance * covariance) / s).squareRoot()
        let c = q / (2 * lambda1 * Double(n))
        let plain = r.nngpGeometry.centroidDistance - c * covariance
        let combined = (pow(ng.geometryStandardError.centroidDistance, 2) + pow(c * plainSE, 2)).squareRoot()
        print("erf non-Gaussian d²: control variate \(ng.geometry.centroidDistance) ± \(ng.geometryStandardError.centroidDistance), plain \(plain) ± \(c * plainSE), Gaussian \(r.gaussianGeometry.centroidDistance)")
        #expect(abs(ng.geometry.centroidDistance - plain) < 5 * combined)
        // The control variate reduces the error (same S would give c·plainSE·√(200000/4000)).
        #expect(ng.geometryStandardError.centroidDistance < c * plainSE * (s / 4000).squareRoot())
        // The stored matrix gives the same statistics as the scalar route.
        let matrixGeometry = partition.geometry(try #require(ng.featureKernel))
        #expect(isClose(matrixGeometry.centroidDistance, ng.geometry.centroidDistance, relative: 1e-9))
        #expect(isClose(matrixGeometry.radiusPlus, ng.geometry.radiusPlus, relative: 1e-9))
        #expect(isClose(matrixGeometry.radiusMinus, ng.geometry.radiusMinus, relative: 1e-9))
        // Another seed agrees within the errors; the scalars do not depend on storing the matrix.
        let other = try #require(try solve(data, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1, samples: 4000, seed: 2,
                                           store: false).nonGaussian)
        #expect(other.featureKernel == nil)
        let both = (pow(ng.geometryStandardError.centroidDistance, 2) + pow(other.geometryStandardError.centroidDistance, 2)).squareRoot()
        #expect(abs(other.geometry.centroidDistance - ng.geometry.centroidDistance) < 5 * both)
        let again = try #require(try solve(data, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1, samples: 4000, seed: 1,
                                           store: false).nonGaussian)
        #expect(again.geometry == ng.geometry && again.geometryStandardError == ng.geometryStandardError)
    }

    @Test("centroid shift: vanishes as T → ∞, tends to 4λ1/Q̄ − d0² as T → 0 (labels ±1)")
    func centroidShiftLimits() throws {
        let data = try ClusterData.make(trainCount: 24, dimension: 10, separation: 1.2)
        let lambda1 = 1.3
        let hot = try solve(data, width: 20, temperature: 1e6, lambda1: lambda1)
        #expect(abs(20 * (hot.gaussianGeometry.centroidDistance - hot.nngpGeometry.centroidDistance)) < 1e-4)
        let cold = try solve(data, width: 20, temperature: 1e-9, lambda1: lambda1)
        let shift = 20 * (cold.gaussianGeometry.centroidDistance - cold.nngpGeometry.centroidDistance)
        let limit = 4 * lambda1 / cold.saddlePoint.orderParameter - cold.nngpGeometry.centroidDistance
        #expect(isClose(shift, limit, relative: 1e-5), "N·Δd² = \(shift), T → 0 limit \(limit)")
    }

    @Test("class statistics: d², R±² of an explicit feature map equal those of its kernel")
    func classGeometryOfExplicitFeatures() throws {
        let labels: [Double] = [1, -1, 1, 1, -1]
        let features = GaussianData.matrix(rows: 5, cols: 3, seed: 8, purpose: "kr-features")   // Φ_μ as rows
        let partition = try ClassPartition(labels: labels)
        let g = partition.geometry(rowGram(features))
        func centroid(_ rows: [Int]) -> [Double] {
            (0..<3).map { j in rows.reduce(0.0) { $0 + features[$1, j] } / Double(rows.count) }
        }
        let cp = centroid([0, 2, 3]), cm = centroid([1, 4])
        let d2 = zip(cp, cm).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        func radius(_ rows: [Int], _ c: [Double]) -> Double {
            rows.reduce(0.0) { s, i in s + (0..<3).reduce(0.0) { $0 + pow(features[i, $1] - c[$1], 2) } } / Double(rows.count)
        }
        #expect(isClose(g.centroidDistance, d2, relative: 1e-12))
        #expect(isClose(g.radiusPlus, radius([0, 2, 3], cp), relative: 1e-12))
        #expect(isClose(g.radiusMinus, radius([1, 4], cm), relative: 1e-12))
        #expect(isClose(g.normalisedSeparation, d2 / (g.radiusPlus + g.radiusMinus), relative: 1e-15))
        let third = 1.0 / 3
        let expectedWeights: [Double] = [third, -0.5, third, third, -0.5]
        #expect(partition.centroidWeights == expectedWeights)
    }

    @Test("bad parameters and data give errors naming them")
    func badParameters() throws {
        let cases: [(String, () throws -> KernelRenormalisationSetup)] = [
            ("temperature", { try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: 0) }),
            ("temperature", { try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: -1) }),
            ("lambda0", { try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: 1, lambda0: 0) }),
            ("lambda1", { try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: 1, lambda1: -2) }),
            ("width", { try KernelRenormalisationSetup(activation: .erf, width: 0, temperature: 1) }),
            ("activation", { try KernelRenormalisationSetup(activation: .relu, width: 5, temperature: 1) }),
            ("nonGaussianSamples", { try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: 1, nonGaussianSamples: 1) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("expected an error for \(name)")
            } catch let TheoryError.invalidParameter(got, _, _) {
                #expect(got == name)
            }
        }
        let data = try ClusterData.make(trainCount: 6, dimension: 3)
        let setup = try KernelRenormalisationSetup(activation: .erf, width: 5, temperature: 1)
        for labels in [[1.0, 1, 1, 1, 1, 1], [1.0, -1, 0, 1, -1, 1]] {
            do {
                _ = try KernelRenormalisation.solve(trainInputs: data.trainInputs, labels: labels, testInputs: data.testInputs, setup: setup)
                Issue.record("expected an error for labels \(labels)")
            } catch let TheoryError.invalidParameter(got, _, _) {
                #expect(got == "labels")
            }
        }
    }
}
