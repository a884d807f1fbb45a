import Kernels
import LinearAlgebra
import Pipeline

/// The NNGP parameters shared by the kernel kinds.
enum KernelParameters {
    static let specs: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: Activation.allCases.map(\.rawValue)), "activation φ of the hidden layer"),
        ParameterSpec("weight_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_w²: read-in weights ~ N(0, σ_w²/d)"),
        ParameterSpec("bias_variance", .number(minimum: 0, maximum: nil), default: .number(0), "σ_b²: hidden biases ~ N(0, σ_b²)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_a²: K = σ_a² E[φ(h)φ(h')]"),
        ParameterSpec("quadrature_order", .integer(minimum: 0, maximum: 200), default: .number(0),
                      "0: closed form where one exists (linear, relu, erf, quadratic), else 2-D Gauss–Hermite of order 64; n > 0: quadrature of order n"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0),
                      "use the first train_count training rows (nested learning curves); 0 uses all"),
    ]

    /// The prior (NNGP) hidden-layer kernel `E[φ(v·x_α)φ(v·x_β)]`, `v ~ N(0, (g_v/D) I)`, of a data matrix.
    /// - Parameters:
    ///   - activation: the name of `φ`.
    ///   - readinVariance: `g_v`.
    ///   - inputs: the rows `x_α`.
    /// - Returns: the `P × P` kernel.
    static func priorKernel(activation: String, readinVariance: Double, inputs: Matrix) throws -> Matrix {
        guard let phi = Activation(rawValue: activation) else { throw TaskParameterError("activation", "unknown activation \(activation)") }
        return try NNGPKernel(activation: phi, weightVariance: readinVariance).gram(inputs)
    }

    /// The kernel described by the parameters.
    static func kernel(_ p: TaskParameters) throws -> NNGPKernel {
        let order = p.int("quadrature_order")
        return try NNGPKernel(activation: Activation(rawValue: p.string("activation"))!, weightVariance: p.double("weight_variance"),
                              biasVariance: p.double("bias_variance"), readoutVariance: p.double("readout_variance"),
                              method: order == 0 ? .automatic : .quadrature(order: order))
    }
}
