import Foundation
import Kernels
import Testing
@testable import Networks

@Suite struct ActivationTests {
    @Test func namesRoundTripAndErrors() throws {
        for a in [NetworkActivation.linear, .relu, .erf, .tanh] {
            #expect(try NetworkActivation(name: a.name, hermiteDegree: 1) == a)
        }
        #expect(try NetworkActivation(name: "Hermite", hermiteDegree: 3) == .hermite(degree: 3))
        #expect(throws: NetworkError.unknownActivation("softplus")) { try NetworkActivation(name: "softplus", hermiteDegree: 1) }
        #expect(throws: NetworkError.self) { try NetworkActivation(name: "hermite", hermiteDegree: 0) }
        #expect(try NetworkActivation(Activation.erf) == .erf)
        #expect(throws: NetworkError.self) { try NetworkActivation(Activation.quadratic) }
        #expect(NetworkActivation.hermite(degree: 1).isIdentity && NetworkActivation.linear.isIdentity)
        #expect(NetworkActivation.hermite(degree: 1).kernelActivation == .linear)
        #expect(NetworkActivation.hermite(degree: 2).kernelActivation == nil)
    }

    /// He_k/√k! against the explicit polynomials, and derivatives against `√k He_{k−1}/√(k−1)!`.
    @Test func hermiteMatchesExplicitPolynomials() {
        let explicit: [(Double) -> Double] = [
            { $0 },
            { ($0 * $0 - 1) / 2.0.squareRoot() },
            { ($0 * $0 * $0 - 3 * $0) / 6.0.squareRoot() },
            { (pow($0, 4) - 6 * $0 * $0 + 3) / 24.0.squareRoot() },
        ]
        for x in stride(from: -3.0, through: 3.0, by: 0.37) {
            for k in 1...4 {
                let phi = NetworkActivation.hermite(degree: k)
                #expect(abs(phi(x) - explicit[k - 1](x)) < 1e-12 * max(1, abs(explicit[k - 1](x))))
                let expectedDerivative = k == 1 ? 1 : Double(k).squareRoot() * explicit[k - 2](x)
                #expect(abs(phi.derivative(x) - expectedDerivative) < 1e-12 * max(1, abs(expectedDerivative)))
            }
        }
    }

    /// Orthonormality under the standard Gaussian, by Gauss–Hermite-free Monte Carlo on a fine grid.
    @Test func hermiteIsOrthonormalUnderGaussian() {
        // Trapezoid rule on [−12, 12] with the Gaussian weight (exact to ~1e-15 for polynomials).
        let h = 0.005
        for k in 1...5 {
            for l in 1...5 {
                var s = 0.0
                var x = -12.0
                while x <= 12 {
                    s += NetworkActivation.hermite(degree: k)(x) * NetworkActivation.hermite(degree: l)(x) * exp(-x * x / 2)
                    x += h
                }
                s *= h / (2 * Double.pi).squareRoot()
                #expect(abs(s - (k == l ? 1 : 0)) < 1e-9, "⟨ψ\(k), ψ\(l)⟩ = \(s)")
            }
        }
    }

    /// The fast four-lane functions against libm, in relative terms (ulp-level), tails and tiny arguments included.
    @Test func fastMathMatchesLibm() {
        var xs: [Double] = [0, 1e-300, 1e-12, 1e-6, 0.0624999, 0.0625, 0.0625001, 0.35, 0.5, 1, 2, 5.99, 6, 6.5, 20, 27, 40]
        for i in 0..<4000 { xs.append(-8 + 16 * Double(i) / 4000) }
        xs += xs.map { -$0 }
        var worstErf = 0.0, worstExp = 0.0, worstTanh = 0.0, worstSech = 0.0
        for x in xs {
            let e = Foundation.erf(x)
            if e != 0 { worstErf = max(worstErf, abs(FastMath.erf(x) - e) / abs(e)) } else { #expect(FastMath.erf(x) == 0) }
            let y = -x * x
            let ex = Foundation.exp(y)
            if ex > 1e-300 { worstExp = max(worstExp, abs(FastMath.exp(y) - ex) / ex) }
            let (t, s) = FastMath.tanhAndDerivative(x)
            let tt = Foundation.tanh(x)
            if tt != 0 { worstTanh = max(worstTanh, abs(t - tt) / abs(tt)) } else { #expect(t == 0) }
            // sech² = 1/cosh² (cosh from libm, accurate in relative terms)
            let c = Foundation.cosh(x)
            let sech2 = 1 / (c * c)
            if sech2 > 1e-300 { worstSech = max(worstSech, abs(s - sech2) / sech2) }
        }
        #expect(worstErf < 2e-15, "erf: \(worstErf)")
        #expect(worstExp < 2e-15, "exp: \(worstExp)")
        #expect(worstTanh < 2e-15, "tanh: \(worstTanh)")
        #expect(worstSech < 4e-15, "sech²: \(worstSech)")
        #expect(FastMath.exp(-800) == 0)
        #expect(FastMath.erf(.nan).isNaN && FastMath.exp(.nan).isNaN && FastMath.tanhAndDerivative(.nan).0.isNaN)
    }

    /// The bulk kernel equals the scalar definitions to a few ulp, for every length (padding of the last group).
    @Test func kernelMatchesScalarActivation() {
        for activation in [NetworkActivation.linear, .relu, .erf, .tanh, .hermite(degree: 3), .hermite(degree: 1)] {
            let kernel = ActivationKernel(activation)
            for count in [1, 3, 4, 5, 17] {
                let h = (0..<count).map { -2.5 + 5 * Double($0) / Double(max(1, count - 1)) + 0.013 }
                var value = [Double](repeating: .nan, count: count), slope = value
                h.withUnsafeBufferPointer { hp in
                    value.withUnsafeMutableBufferPointer { vp in
                        slope.withUnsafeMutableBufferPointer { sp in
                            kernel.apply(hp.baseAddress!, value: vp.baseAddress!, derivative: sp.baseAddress!, count: count)
                        }
                    }
                }
                for i in 0..<count {
                    #expect(abs(value[i] - activation(h[i])) <= 4e-15 * max(1, abs(value[i])), "\(activation) φ(\(h[i]))")
                    #expect(abs(slope[i] - activation.derivative(h[i])) <= 1e-13 * max(1, abs(slope[i])), "\(activation) φ'(\(h[i]))")
                }
            }
        }
    }
}
