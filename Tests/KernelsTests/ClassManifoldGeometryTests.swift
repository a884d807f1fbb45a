import Foundation
import Kernels
import Testing
import TestSupport

/// `ClassManifoldGeometry` against the same quantities computed from explicit feature vectors.
@Suite struct ClassManifoldGeometryTests {
    @Test("centroid distance, radii and separation from the Gram matrix equal those of the feature vectors")
    func fromFeatures() throws {
        let features: [[Double]] = [[1, 0, 2], [0.5, 1, 1], [2, -1, 0], [-1, 0.5, 0.3], [0, 2, -1]]
        let labels: [Double] = [1, 1, -1, -1, -1]
        let gram = features.flatMap { a in features.map { b in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } } }
        let g = try ClassManifoldGeometry(gram: gram, labels: labels)
        func centroid(_ idx: [Int]) -> [Double] { (0..<3).map { k in idx.reduce(0) { $0 + features[$1][k] } / Double(idx.count) } }
        func squared(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        let plus = [0, 1], minus = [2, 3, 4]
        let cp = centroid(plus), cm = centroid(minus)
        let rp = plus.reduce(0) { $0 + squared(features[$1], cp) } / 2
        let rm = minus.reduce(0) { $0 + squared(features[$1], cm) } / 3
        #expect(isClose(g.centroidDistance, squared(cp, cm), relative: 1e-13))
        #expect(isClose(g.radiusPositive, rp, relative: 1e-13))
        #expect(isClose(g.radiusNegative, rm, relative: 1e-13))
        #expect(isClose(g.separation, squared(cp, cm) / (rp + rm), relative: 1e-13))
    }

    @Test("an empty class, a zero label or a wrong size is refused")
    func errors() {
        #expect(throws: KernelError.self) { try ClassManifoldGeometry(gram: [1, 0, 0, 1], labels: [1, 1]) }
        #expect(throws: KernelError.self) { try ClassManifoldGeometry(gram: [1, 0, 0, 1], labels: [1, 0]) }
        #expect(throws: KernelError.self) { try ClassManifoldGeometry(gram: [1, 0, 0], labels: [1, -1]) }
    }
}
