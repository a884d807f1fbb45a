import Foundation
import Testing
import Datasets
import LinearAlgebra
import TestSupport

/// The Hermite single-index task as `data.single_index` draws it (`TeacherStudentTask` with `.hermite`).
@Suite("Single-index Hermite data")
struct SingleIndexTaskTests {
    @Test("labels He_k(u·x)/√k! have mean 0 and unit variance (Monte Carlo), for k = 1…4")
    func unitVariance() throws {
        for k in 1...4 {
            let task = try TeacherStudentTask(dimension: 18, trainCount: 10, testCount: 100_000, teacher: .hermite,
                                              hermiteDegree: k, noiseStd: 0, seed: 11)
            let (data, u) = task.generate()
            #expect(isClose(u.reduce(0) { $0 + $1 * $1 }, 1, relative: 1e-14))
            let y = data.testLabels
            let n = Double(y.count)
            let mean = y.reduce(0, +) / n
            let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            // Heavy tails (E y⁴ = 3, 15, 93, 639 for k = 1…4): tolerance 5 standard errors of the
            // sample variance, √((m4 − var²)/n) from the sample itself (≈ 0.08 at k = 4).
            let m4 = y.reduce(0) { $0 + pow($1 - mean, 4) } / n
            let tolerance = 5 * ((m4 - variance * variance) / n).squareRoot()
            #expect(abs(mean) < 5 / n.squareRoot(), "k = \(k): mean \(mean)")
            #expect(abs(variance - 1) < tolerance, "k = \(k): variance \(variance) ± \(tolerance / 5)")
            // The label is exactly the Hermite target of the projection on u.
            let x0 = data.testInputs.row(0)
            let z = zip(x0, u).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(isClose(y[0], HermitePolynomial.normalized(k, z), relative: 1e-12))
        }
    }
}
