import Foundation
import Testing
import Kernels
import TestSupport

@Suite("Activations")
struct ActivationTests {
    @Test("values at sample points")
    func values() {
        #expect(Activation.linear(-1.5) == -1.5)
        #expect(Activation.relu(-1.5) == 0 && Activation.relu(2.5) == 2.5)
        #expect(Activation.quadratic(-3) == 9)
        #expect(isClose(Activation.erf(0.5), 0.520_499_877_813_046_5, relative: 1e-15))
        #expect(isClose(Activation.tanh(0.5), 0.462_117_157_260_009_8, relative: 1e-15))
    }

    @Test("derivatives match central finite differences", arguments: Activation.allCases)
    func derivatives(activation: Activation) {
        let h = 1e-5
        for x in [-2.3, -0.7, 0.31, 1.4, 3.0] {
            let numeric = (activation(x + h) - activation(x - h)) / (2 * h)
            #expect(isClose(activation.derivative(x), numeric, relative: 1e-8, absolute: 1e-9), "\(activation) at \(x)")
        }
    }

    @Test("raw values used in manifests are stable")
    func rawValues() {
        #expect(Activation.allCases.map(\.rawValue) == ["linear", "relu", "erf", "tanh", "quadratic"])
        #expect(Activation.allCases.filter { !$0.hasClosedFormKernel } == [.tanh])
    }
}
