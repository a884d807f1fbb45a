import Foundation
import Testing
import LinearAlgebra
import TestSupport

/// `(2k − 1)!!`, the moment E[Z^{2k}] of a standard normal.
private func doubleFactorial(_ twoKMinusOne: Int) -> Double {
    var p = 1.0
    var m = twoKMinusOne
    while m > 1 { p *= Double(m); m -= 2 }
    return p
}

@Suite("Gauss–Hermite quadrature")
struct QuadratureTests {
    @Test("the 2- and 3-point rules equal the textbook values")
    func smallRules() {
        let two = GaussHermite.nodes(count: 2)
        #expect(allClose(two.nodes, [-1, 1], relative: 1e-15))
        #expect(allClose(two.weights, [0.5, 0.5], relative: 1e-15))
        let three = GaussHermite.nodes(count: 3)
        let r3 = 3.0.squareRoot()
        #expect(allClose(three.nodes, [-r3, 0, r3], relative: 1e-15, absolute: 1e-15))
        #expect(allClose(three.weights, [1.0 / 6, 2.0 / 3, 1.0 / 6], relative: 1e-14))
        #expect(GaussHermite.nodes(count: 1) == (nodes: [0], weights: [1]))
    }

    @Test("weights sum to 1 and moments up to degree 2n−1 are exact", arguments: [1, 2, 5, 10, 20, 40, 80])
    func exactMoments(n: Int) {
        let rule = GaussHermite(order: n)
        #expect(rule.weights.allSatisfy { $0 > 0 })
        #expect(isClose(rule.weights.reduce(0, +), 1, relative: 1e-14))
        for degree in 0...(2 * n - 1) {
            let q = rule.expectation { pow($0, Double(degree)) }
            if degree % 2 == 0 {
                #expect(isClose(q, doubleFactorial(degree - 1), relative: 1e-12), "degree \(degree), n = \(n)")
            } else {
                // Odd moments vanish; compare with the size of the terms that cancel.
                let scale = rule.expectation { pow(abs($0), Double(degree)) }
                #expect(abs(q) <= 1e-14 * scale, "degree \(degree), n = \(n)")
            }
        }
    }

    @Test("degree 2n is not exact: the rule misses E[Z^{2n}] by exactly n!", arguments: [3, 6, 12])
    func firstInexactMoment(n: Int) {
        let q = GaussHermite(order: n).expectation { pow($0, Double(2 * n)) }
        let factorial = (1...n).reduce(1.0) { $0 * Double($1) }
        #expect(isClose(doubleFactorial(2 * n - 1) - q, factorial, relative: 1e-10))
    }

    @Test("smooth integrands converge to closed forms")
    func smoothIntegrands() {
        let rule = GaussHermite(order: 40)
        #expect(isClose(rule.expectation { cos($0) }, exp(-0.5), relative: 1e-14))
        #expect(isClose(rule.expectation { exp(0.7 * $0) }, exp(0.245), relative: 1e-14))
    }

    @Test("2-D expectations reproduce Gaussian moment identities")
    func twoDimensional() {
        let rule = GaussHermite(order: 20)
        let cov = (1.3, -0.4, 0.8)
        #expect(isClose(rule.expectation2D(covariance: cov) { $0 * $1 }, -0.4, relative: 1e-13))
        #expect(isClose(rule.expectation2D(covariance: cov) { $0 * $0 * $1 * $1 }, 1.3 * 0.8 + 2 * 0.16, relative: 1e-13))
        // E[cos(U + V)] = exp(−Var(U + V)/2).
        #expect(isClose(rule.expectation2D(covariance: cov) { cos($0 + $1) }, exp(-(1.3 - 0.8 + 0.8) / 2), relative: 1e-13))
        // Perfect correlation and a degenerate variable.
        #expect(isClose(rule.expectation2D(covariance: (2, 2, 2)) { $0 * $1 }, 2, relative: 1e-13))
        #expect(isClose(rule.expectation2D(covariance: (0, 0, 1.5)) { $0 * $0 + $1 * $1 }, 1.5, relative: 1e-13))
        #expect(isClose(GaussHermite.expectation2D(covariance: cov, order: 20) { $0 * $1 }, -0.4, relative: 1e-13))
    }
}
