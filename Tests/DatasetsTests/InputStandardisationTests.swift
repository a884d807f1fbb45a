import Datasets
import LinearAlgebra
import TestSupport
import Testing

@Suite("input standardisation")
struct InputStandardisationTests {
    @Test func fittedSetHasZeroFeatureMeansAndUnitMeanSquaredNormPerFeature() {
        let count = 500, dimension = 12
        var stream = RandomStream(seed: 11, stream: [1])
        // Features with very different offsets and spreads, one constant (like an image border).
        var rows = [Double](repeating: 0, count: count * dimension)
        for i in 0..<count {
            for j in 0..<dimension {
                rows[i * dimension + j] = j == 0 ? 0.25 : Double(j) + Double(j * j) * 0.1 * stream.nextGaussian()
            }
        }
        guard let standardisation = InputStandardisation.fitted(rows: rows, count: count, dimension: dimension) else {
            Issue.record("no standardisation fitted")
            return
        }
        rows.withUnsafeMutableBufferPointer { all in
            for i in 0..<count {
                standardisation.apply(to: UnsafeMutableBufferPointer(rebasing: all[(i * dimension)..<((i + 1) * dimension)]))
            }
        }
        for j in 0..<dimension {
            let mean = (0..<count).reduce(0.0) { $0 + rows[$1 * dimension + j] } / Double(count)
            #expect(abs(mean) < 1e-12, "feature \(j) mean \(mean)")
        }
        let meanSquaredNorm = rows.reduce(0.0) { $0 + $1 * $1 } / Double(count * dimension)
        #expect(abs(meanSquaredNorm - 1) < 1e-12, "mean |x|²/D = \(meanSquaredNorm)")
        // The constant feature stays exactly 0 instead of being blown up.
        #expect((0..<count).allSatisfy { rows[$0 * dimension] == 0 })
    }

    @Test func identicalRowsCannotBeStandardised() {
        #expect(InputStandardisation.fitted(rows: [1, 2, 1, 2, 1, 2], count: 3, dimension: 2) == nil)
    }
}
