import Foundation
import LinearAlgebra
import Testing
import TestSupport
@testable import Networks

/// The analytic gradient of U (the sampler's own code) against central finite differences.
@Suite struct GradientCheckTests {
    static let activations: [NetworkActivation] = [.linear, .relu, .erf, .tanh, .hermite(degree: 3), .hermite(degree: 1)]

    @Test(arguments: activations, Parameterization.allCases)
    func gradientMatchesFiniteDifferences(activation: NetworkActivation, parameterization: Parameterization) throws {
        for bias in [false, true] {
            let d = 3, n = 4, p = 5
            let spec = try NetworkSpec(inputDimension: d, width: n, activation: activation, parameterization: parameterization,
                                       bias: bias, readinVarianceScale: 1.5, readoutVarianceScale: 0.8, biasVariance: 0.6,
                                       chi: 2, kappa: 0.3)
            let net = TwoLayerNetwork(spec: spec)
            var rng = RandomStream(seed: 11, stream: [RandomStream.purpose("\(activation)-\(parameterization)-\(bias)")])
            let x = Matrix(rows: p, cols: d, values: rng.fillGaussian(p * d))
            let y = rng.fillGaussian(p)
            var theta = net.samplePrior(&rng)
            // O(1) readout weights so that the likelihood part is not negligible in any parameterization.
            theta.readout = rng.fillGaussian(n)
            let (value, gradient) = net.potentialGradient(theta, inputs: x, labels: y)
            #expect(isClose(value, net.potential(theta, inputs: x, labels: y), relative: 1e-12))

            func potential(_ q: NetworkParameters) -> Double { net.potential(q, inputs: x, labels: y) }
            var worst = 0.0
            func check(_ analytic: Double, _ perturb: (inout NetworkParameters, Double) -> Void) {
                let h = 1e-5
                var plus = theta, minus = theta
                perturb(&plus, h)
                perturb(&minus, -h)
                let numeric = (potential(plus) - potential(minus)) / (2 * h)
                let scale = max(1, abs(analytic), abs(numeric))
                worst = max(worst, abs(analytic - numeric) / scale)
            }
            // ReLU: the perturbation (≤ 1e-5·|x| in a pre-activation) must not cross a kink: none within 1e-4 of 0.
            if activation == .relu {
                let r = spec.resolved
                for a in 0..<p { for i in 0..<n {
                    var h = r.sIn * (0..<d).reduce(0) { $0 + theta.readin[i, $1] * x[a, $1] }
                    if bias { h += theta.bias[i] }
                    #expect(abs(h) > 1e-4, "pre-activation too close to the ReLU kink")
                } }
            }
            for k in 0..<(n * d) { check(gradient.readin.values[k]) { q, h in q.readin.values[k] += h } }
            for i in 0..<n { check(gradient.readout[i]) { q, h in q.readout[i] += h } }
            if bias { for i in 0..<n { check(gradient.bias[i]) { q, h in q.bias[i] += h } } }
            #expect(worst < 1e-6, "\(activation) \(parameterization) bias=\(bias): relative error \(worst)")
        }
    }
}
