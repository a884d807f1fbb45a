import Foundation
import Testing
import Datasets
import LinearAlgebra
import TestSupport

@Suite("Hermite polynomials")
struct HermitePolynomialTests {
    @Test("low orders equal the explicit polynomials")
    func explicitForms() {
        for x in [-2.5, -1.0, -0.3, 0.0, 0.7, 1.9, 3.2] {
            #expect(HermitePolynomial.probabilists(0, x) == 1)
            #expect(HermitePolynomial.probabilists(1, x) == x)
            #expect(isClose(HermitePolynomial.probabilists(2, x), x * x - 1, relative: 1e-14, absolute: 1e-14))
            #expect(isClose(HermitePolynomial.probabilists(3, x), pow(x, 3) - 3 * x, relative: 1e-14, absolute: 1e-14))
            #expect(isClose(HermitePolynomial.probabilists(4, x), pow(x, 4) - 6 * x * x + 3, relative: 1e-13, absolute: 1e-13))
            #expect(isClose(HermitePolynomial.probabilists(5, x), pow(x, 5) - 10 * pow(x, 3) + 15 * x,
                            relative: 1e-13, absolute: 1e-13))
        }
    }

    @Test("normalized(k) = He_k/√k!")
    func normalisation() {
        for k in 0...20 {
            let factorial = (0...k).dropFirst().reduce(1.0) { $0 * Double($1) }
            for x in [-1.7, 0.4, 2.2] {
                #expect(isClose(HermitePolynomial.normalized(k, x), HermitePolynomial.probabilists(k, x) / factorial.squareRoot(),
                                relative: 1e-12, absolute: 1e-14))
            }
        }
    }

    @Test("orthogonality E[He_j He_k] = k! δ_jk under Gauss–Hermite quadrature")
    func orthogonality() {
        let rule = GaussHermite(order: 20)   // exact up to degree 39 ≥ j + k
        for j in 0...12 {
            for k in 0...12 {
                let q = rule.expectation { HermitePolynomial.probabilists(j, $0) * HermitePolynomial.probabilists(k, $0) }
                if j == k {
                    let factorial = (0...k).dropFirst().reduce(1.0) { $0 * Double($1) }
                    #expect(isClose(q, factorial, relative: 1e-12), "j = k = \(k)")
                } else {
                    #expect(abs(q) < 1e-12 * (1...max(j, k)).reduce(1.0) { $0 * Double($1) }, "j = \(j), k = \(k)")
                }
            }
        }
    }
}
