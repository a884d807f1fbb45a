import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// `AlignmentStatistics` against hand-computed small cases and against the prior.
@Suite struct AlignmentStatisticsTests {
    /// 2 samples × 3 neurons × D = 4, row-major.
    static let readin: [Double] = [
        1, 0, 0, 0,   0, 1, 0, 0,   1, 1, 1, 1,   // sample 0
        2, 0, 0, 0,   1, 0, 0, 1,   0, 0, 2, 0,   // sample 1
    ]

    func statistics(_ u: Matrix, bins: Int = 4, range: Double = 3) throws -> AlignmentStatistics {
        try AlignmentStatistics(readin: Self.readin, inputDimension: 4, relevantSubspace: u, readinPriorVariance: 0.25,
                                testMean: [0.5, -0.25], testSecondMoment: [0.5, 0.25], testLabels: [1, -1],
                                alignedThreshold: 0.5, histogramBins: bins, histogramRange: range)
    }

    @Test func coordinateAlignedSubspaceByHand() throws {
        let s = try statistics(Matrix([[1, 0, 0, 0]]))
        // Outputs: m = (0.5 + 0.25)/2, mse = (0.5² + 0.75²)/2, Gibbs = ((0.5 − 1 + 1) + (0.25 − 0.5 + 1))/2.
        #expect(s.overlap == 0.375)
        #expect(s.testMeanSquaredError == 0.40625)
        #expect(s.gibbsError == 0.625)
        // u·v = 1, 0, 1, 2, 1, 0: Σ² = 7 → 7/6 / 0.25.
        #expect(isClose(s.relevantSecondMoment, 14.0 / 3))
        // Off-support coordinates: Σ² = 0 + 1 + 3 + 0 + 1 + 4 = 9 over 18 → 0.5 / 0.25.
        #expect(isClose(s.irrelevantSecondMoment, 2))
        #expect(isClose(s.anisotropy, 7.0 / 3))
        // |Uv|²/|v|² = 1, 0, 1/4, 1, 1/2, 0.
        #expect(isClose(s.relevantFraction, 11.0 / 24))
        #expect(s.relevantFractionPrior == 0.25)
        #expect(isClose(s.alignedFraction, 1.0 / 3))  // 1/2 is not > 1/2
        let perCoordinate: [Double] = [14.0 / 3, 4.0 / 3, 10.0 / 3, 4.0 / 3]
        #expect(allClose(s.perCoordinateSecondMoment, perCoordinate))
        // Normalised relevant values 2·(u·v) = 2, 0, 2, 4, 2, 0 on bins of width 1.5 over [−3, 3]: 4 is outside.
        let centers: [Double] = [-2.25, -0.75, 0.75, 2.25]
        #expect(s.histogram.centers == centers)
        let relevantDensity: [Double] = [0, 0, 2 / 7.5, 3 / 7.5]
        #expect(allClose(s.histogram.relevant, relevantDensity))
        #expect(isClose(s.histogram.relevantOutsideFraction, 1.0 / 6))
        // Irrelevant normalised values: twelve 0, five 2, one 4.
        let irrelevantDensity: [Double] = [0, 0, 12 / 25.5, 5 / 25.5]
        #expect(allClose(s.histogram.irrelevant, irrelevantDensity))
        #expect(isClose(s.histogram.irrelevantOutsideFraction, 1.0 / 18))
        #expect(isClose(s.histogram.relevant.reduce(0, +) * 1.5, 1) && isClose(s.histogram.irrelevant.reduce(0, +) * 1.5, 1))
    }

    @Test func rotatedSubspaceByHand() throws {
        let h = 0.5.squareRoot()
        let s = try statistics(Matrix([[h, h, 0, 0]]))
        // (u·v)² = 1/2, 1/2, 2, 2, 1/2, 0 → 5.5/6/0.25; |v|² − (u·v)² = 1/2, 1/2, 2, 2, 3/2, 4 → 10.5/18/0.25.
        #expect(isClose(s.relevantSecondMoment, 11.0 / 3, relative: 1e-12))
        #expect(isClose(s.irrelevantSecondMoment, 7.0 / 3, relative: 1e-12))
        #expect(isClose(s.relevantFraction, 0.375, relative: 1e-12))
        // The complement basis is orthonormal and orthogonal to U.
        let q = AlignmentStatistics.complementBasis(Matrix([[h, h, 0, 0]]))
        #expect(q.rows == 3)
        for a in 0..<3 {
            #expect(abs(h * q[a, 0] + h * q[a, 1]) < 1e-14)
            for b in 0..<3 {
                let dot = (0..<4).reduce(0.0) { $0 + q[a, $1] * q[b, $1] }
                #expect(abs(dot - (a == b ? 1 : 0)) < 1e-14)
            }
        }
    }

    /// Draws from the prior: every second moment ≈ 1, anisotropy ≈ 1, relevant fraction ≈ r/D, and
    /// both histograms ≈ the standard normal density.
    @Test func priorSamplesAreIsotropic() throws {
        let d = 10, vectors = 4000, sigma2 = 0.3
        var rng = RandomStream(seed: 3, stream: [RandomStream.purpose("alignment-prior")])
        let readin = rng.fillGaussian(vectors * d).map { $0 * sigma2.squareRoot() }
        var g = rng.fillGaussian(2 * d)
        // A rotated 2-dimensional subspace (Gram–Schmidt).
        let n0 = (0..<d).reduce(0.0) { $0 + g[$1] * g[$1] }.squareRoot()
        for j in 0..<d { g[j] /= n0 }
        let c = (0..<d).reduce(0.0) { $0 + g[$1] * g[d + $1] }
        for j in 0..<d { g[d + j] -= c * g[j] }
        let n1 = (0..<d).reduce(0.0) { $0 + g[d + $1] * g[d + $1] }.squareRoot()
        for j in 0..<d { g[d + j] /= n1 }
        let u = Matrix(rows: 2, cols: d, values: g)
        let s = try AlignmentStatistics(readin: readin, inputDimension: d, relevantSubspace: u, readinPriorVariance: sigma2,
                                        testMean: [0], testSecondMoment: [0], testLabels: [1], histogramBins: 24, histogramRange: 3)
        // SEs: relevant √(2/8000) ≈ 0.016, irrelevant √(2/32000) ≈ 0.008, fraction 0.163/√4000 ≈ 0.0026.
        #expect(abs(s.relevantSecondMoment - 1) < 0.07, "\(s.relevantSecondMoment)")
        #expect(abs(s.irrelevantSecondMoment - 1) < 0.035, "\(s.irrelevantSecondMoment)")
        #expect(abs(s.anisotropy - 1) < 0.08, "\(s.anisotropy)")
        #expect(abs(s.relevantFraction - 0.2) < 0.012, "\(s.relevantFraction)")
        #expect(s.relevantFractionPrior == 0.2)
        #expect(s.perCoordinateSecondMoment.allSatisfy { abs($0 - 1) < 0.1 })
        // Histogram vs N(0, 1) (normalised over [−3, 3], which holds 99.73 %).
        let inside = 0.9973002039367398
        for (k, x) in s.histogram.centers.enumerated() {
            let pdf = exp(-x * x / 2) / (2 * Double.pi).squareRoot() / inside
            #expect(abs(s.histogram.irrelevant[k] - pdf) < 0.035, "irrelevant bin \(x): \(s.histogram.irrelevant[k]) vs \(pdf)")
            #expect(abs(s.histogram.relevant[k] - pdf) < 0.06, "relevant bin \(x): \(s.histogram.relevant[k]) vs \(pdf)")
        }
        #expect(s.histogram.irrelevantOutsideFraction < 0.006)

        // The same weights with their relevant components doubled: anisotropy ≈ 4, larger relevant fraction.
        var stretched = readin
        for i in 0..<vectors {
            for k in 0..<2 {
                let c = (0..<d).reduce(0.0) { $0 + u[k, $1] * readin[i * d + $1] }
                for j in 0..<d { stretched[i * d + j] += c * u[k, j] }
            }
        }
        let t = try AlignmentStatistics(readin: stretched, inputDimension: d, relevantSubspace: u, readinPriorVariance: sigma2,
                                        testMean: [0], testSecondMoment: [0], testLabels: [1])
        #expect(isClose(t.anisotropy, 4 * s.anisotropy, relative: 1e-9))
        #expect(t.relevantFraction > 0.4)
    }

    @Test func inconsistentInputsAreRejected() {
        let u = Matrix([[1, 0, 0, 0]])
        #expect(throws: NetworkError.self) {
            try AlignmentStatistics(readin: [1, 2, 3], inputDimension: 4, relevantSubspace: u, readinPriorVariance: 1,
                                    testMean: [0], testSecondMoment: [0], testLabels: [1])
        }
        #expect(throws: NetworkError.self) {
            try AlignmentStatistics(readin: Self.readin, inputDimension: 4, relevantSubspace: Matrix([[1, 0, 0]]), readinPriorVariance: 1,
                                    testMean: [0], testSecondMoment: [0], testLabels: [1])
        }
        #expect(throws: NetworkError.self) {
            try AlignmentStatistics(readin: Self.readin, inputDimension: 4, relevantSubspace: u, readinPriorVariance: 1,
                                    testMean: [0, 1], testSecondMoment: [0], testLabels: [1])
        }
    }
}
