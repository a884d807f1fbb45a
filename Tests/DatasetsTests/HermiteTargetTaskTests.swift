import Foundation
import Testing
import Datasets
import LinearAlgebra
import TestSupport

/// The sparse Hermite dictionary target behind `data.hermite_target`.
@Suite("Hermite target data")
struct HermiteTargetTaskTests {
    /// `k!` as a double.
    private func factorial(_ k: Int) -> Double { (0...k).dropFirst().reduce(1.0) { $0 * Double($1) } }

    /// The 3-atom target of the μP science note with its k⁻² tail, in d = 10.
    private func noteTarget(trainCount: Int = 10, testCount: Int = 10, noiseStd: Double = 0, seed: UInt64 = 5) throws -> HermiteTargetTask {
        try HermiteTargetTask(dimension: 10, coefficients: [0.8, -0.5, 0.3], degrees: [1, 2, 3], tailFrom: 4, tailTo: 8,
                              trainCount: trainCount, testCount: testCount, noiseStd: noiseStd, seed: seed)
    }

    @Test("HermitePolynomial.probabilists is He_k: E[He_j He_k] = k! δ_jk by Gauss–Hermite quadrature, j, k ≤ 8")
    func probabilistsOrthogonality() {
        let rule = GaussHermite(order: 10)   // exact for polynomials of degree ≤ 19 ≥ j + k
        for j in 0...8 {
            for k in 0...8 {
                let q = rule.expectation { HermitePolynomial.probabilists(j, $0) * HermitePolynomial.probabilists(k, $0) }
                let n = rule.expectation { HermitePolynomial.normalized(j, $0) * HermitePolynomial.normalized(k, $0) }
                if j == k {
                    #expect(isClose(q, factorial(k), relative: 1e-12), "j = k = \(k): \(q)")
                    #expect(isClose(n, 1, relative: 1e-12), "normalised, k = \(k): \(n)")
                } else {
                    #expect(abs(q) < 1e-10 * factorial(max(j, k)), "j = \(j), k = \(k): \(q)")
                    #expect(abs(n) < 1e-12, "normalised, j = \(j), k = \(k): \(n)")
                }
            }
        }
    }

    @Test("directions are orthonormal, nested in S, and the axes when axis_aligned")
    func orthonormalDirections() throws {
        let task = try HermiteTargetTask(dimension: 7, coefficients: [1, 1, 1, 1, 1], degrees: [1, 2, 3, 1, 2],
                                         trainCount: 1, testCount: 1, seed: 3)
        let u = task.directions()
        #expect(u.rows == 5 && u.cols == 7)
        let gram = rowGram(u)
        #expect(maxAbsDifference(gram.values, Matrix.identity(5).values) < 1e-14)
        let three = try HermiteTargetTask(dimension: 7, coefficients: [1, 1, 1], degrees: [1, 1, 1], trainCount: 1, testCount: 1, seed: 3)
        #expect(three.directions().values == Array(u.values[0..<21]))
        let axes = try HermiteTargetTask(dimension: 4, coefficients: [1, 2], degrees: [2, 2], axisAligned: true,
                                         trainCount: 1, testCount: 1, seed: 3)
        #expect(axes.directions().values == [1, 0, 0, 0, 0, 1, 0, 0])
    }

    @Test("a label is Σ c_s He_k(u_s·x)/√k! + Σ k⁻² He_k(u_1·x)/√k!, computed from the explicit polynomials")
    func labelFormula() throws {
        let task = try noteTarget()
        let (data, u) = task.generate()
        for row in 0..<3 {
            let x = data.testInputs.row(row)
            let z = (0..<3).map { s in zip(x, u.row(s)).reduce(0) { $0 + $1.0 * $1.1 } }
            var expected = 0.8 * z[0] - 0.5 * (z[1] * z[1] - 1) / 2.0.squareRoot() + 0.3 * (pow(z[2], 3) - 3 * z[2]) / 6.0.squareRoot()
            for k in 4...8 { expected += HermitePolynomial.probabilists(k, z[0]) / (Double(k * k) * factorial(k).squareRoot()) }
            #expect(isClose(data.testLabels[row], expected, relative: 1e-12, absolute: 1e-13), "row \(row)")
        }
    }

    @Test("tail and signal energies: closed sums, and E[f*²] by quadrature when a tail degree meets the first atom's")
    func energies() throws {
        let task = try noteTarget()
        let tail = (4...8).reduce(0.0) { $0 + pow(Double($1), -4) }
        #expect(isClose(task.tailEnergy, tail, relative: 1e-15))
        #expect(isClose(task.signalEnergy, 0.64 + 0.25 + 0.09 + tail, relative: 1e-15))
        // One direction (axis e_1): f*(x) = g(x_1), so E[f*²] is a 1-D Gaussian integral of a degree-12 polynomial.
        let overlap = try HermiteTargetTask(dimension: 3, coefficients: [0.7], degrees: [4], axisAligned: true, tailFrom: 2, tailTo: 6,
                                            trainCount: 1, testCount: 1, seed: 0)
        let u = overlap.directions()
        let quadrature = GaussHermite(order: 20).expectation { z in
            let f = overlap.target([z, 0.4, -1.1][...], directions: u)
            return f * f
        }
        #expect(isClose(overlap.signalEnergy, quadrature, relative: 1e-12), "\(overlap.signalEnergy) vs \(quadrature)")
        #expect(!isClose(overlap.signalEnergy, 0.49 + overlap.tailEnergy, relative: 1e-3))
    }

    @Test("sample variance of the labels ≈ signal_energy (test labels) and + noise² (training labels), within 5 s.e.")
    func labelVariance() throws {
        let task = try noteTarget(trainCount: 100_000, testCount: 100_000, noiseStd: 0.5, seed: 21)
        let (data, _) = task.generate()
        for (labels, expected, name) in [(data.testLabels, task.signalEnergy, "test"), (data.trainLabels, task.signalEnergy + 0.25, "train")] {
            let n = Double(labels.count)
            let mean = labels.reduce(0, +) / n
            let variance = labels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            let m4 = labels.reduce(0) { $0 + pow($1 - mean, 4) } / n
            let standardError = ((m4 - variance * variance) / n).squareRoot()
            #expect(abs(variance - expected) < 5 * standardError, "\(name): variance \(variance) vs \(expected) ± \(standardError)")
            #expect(abs(mean) < 5 * (variance / n).squareRoot(), "\(name): mean \(mean)")
        }
    }

    @Test("training rows are nested, the test set and directions do not depend on train_count, and draws are deterministic")
    func nestedRows() throws {
        let small = try noteTarget(trainCount: 12, testCount: 30, noiseStd: 0.2).generate()
        let large = try noteTarget(trainCount: 40, testCount: 30, noiseStd: 0.2).generate()
        #expect(large.data.trainInputs.rows(0..<12).values == small.data.trainInputs.values)
        #expect(Array(large.data.trainLabels[0..<12]) == small.data.trainLabels)
        #expect(large.data.testInputs == small.data.testInputs && large.data.testLabels == small.data.testLabels)
        #expect(large.directions == small.directions)
        #expect(try noteTarget(trainCount: 40, testCount: 30, noiseStd: 0.2).generate().data == large.data)
        #expect(try noteTarget(trainCount: 40, testCount: 30, noiseStd: 0.2, seed: 6).generate().data != large.data)
    }

    @Test("bad parameters are rejected naming the parameter")
    func badParameters() {
        let cases: [(String, () throws -> HermiteTargetTask)] = [
            ("degrees", { try HermiteTargetTask(dimension: 5, coefficients: [1, 1], degrees: [1], trainCount: 1, testCount: 1, seed: 0) }),
            ("coefficients", { try HermiteTargetTask(dimension: 2, coefficients: [1, 1, 1], degrees: [1, 2, 3], trainCount: 1, testCount: 1, seed: 0) }),
            ("degrees", { try HermiteTargetTask(dimension: 5, coefficients: [1, 1], degrees: [1, -2], trainCount: 1, testCount: 1, seed: 0) }),
            ("coefficients", { try HermiteTargetTask(dimension: 5, coefficients: [], degrees: [], trainCount: 1, testCount: 1, seed: 0) }),
            ("coefficients", { try HermiteTargetTask(dimension: 5, coefficients: [.nan], degrees: [1], trainCount: 1, testCount: 1, seed: 0) }),
            ("tailFrom", { try HermiteTargetTask(dimension: 5, coefficients: [1], degrees: [1], tailFrom: 6, tailTo: 4, trainCount: 1, testCount: 1, seed: 0) }),
            ("tailFrom", { try HermiteTargetTask(dimension: 5, coefficients: [1], degrees: [1], tailFrom: 0, tailTo: 4, trainCount: 1, testCount: 1, seed: 0) }),
            ("noiseStd", { try HermiteTargetTask(dimension: 5, coefficients: [1], degrees: [1], trainCount: 1, testCount: 1, noiseStd: -1, seed: 0) }),
            ("trainCount", { try HermiteTargetTask(dimension: 5, coefficients: [1], degrees: [1], trainCount: 0, testCount: 1, seed: 0) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("expected an error naming \(name)")
            } catch let DatasetError.invalidParameter(parameter, _, _) {
                #expect(parameter == name)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
