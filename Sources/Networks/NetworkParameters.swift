import LinearAlgebra

/// The trainable weights `θ = (V, w, b)` of a two-layer network.
public struct NetworkParameters: Sendable, Equatable {
    /// `V`, the read-in weights, `N × D` row-major (row `i` is `v_i`).
    public var readin: Matrix
    /// `w`, the `N` readout weights.
    public var readout: [Double]
    /// `b`, the `N` hidden biases; empty for a network without biases.
    public var bias: [Double]

    /// Parameters from their parts.
    /// - Parameters:
    ///   - readin: `V` (`N × D`).
    ///   - readout: `w` (`N`).
    ///   - bias: `b` (`N`, or empty without biases).
    public init(readin: Matrix, readout: [Double], bias: [Double] = []) {
        self.readin = readin
        self.readout = readout
        self.bias = bias
    }

    /// All-zero parameters shaped for a spec.
    /// - Parameter spec: the network.
    /// - Returns: `V = 0`, `w = 0`, and `b = 0` if the spec has biases.
    public static func zeros(for spec: NetworkSpec) -> NetworkParameters {
        NetworkParameters(readin: Matrix(rows: spec.width, cols: spec.inputDimension),
                          readout: [Double](repeating: 0, count: spec.width),
                          bias: spec.bias ? [Double](repeating: 0, count: spec.width) : [])
    }

    /// Checks that the shapes fit a spec.
    /// - Parameter spec: the network.
    /// - Throws: `NetworkError.dimensionMismatch` describing the first mismatch.
    public func validate(for spec: NetworkSpec) throws {
        if let message = shapeMismatch(for: spec) { throw NetworkError.dimensionMismatch(message) }
        guard readin.isFinite, readout.allSatisfy({ $0.isFinite }), bias.allSatisfy({ $0.isFinite }) else {
            throw NetworkError.invalidParameter(name: "initial_parameters", value: "non-finite", requirement: "must all be finite")
        }
    }

    /// A description of the first shape mismatch with a spec, or `nil` when the shapes fit.
    func shapeMismatch(for spec: NetworkSpec) -> String? {
        guard readin.rows == spec.width, readin.cols == spec.inputDimension else {
            return "read-in weights are \(readin.rows)×\(readin.cols), the network needs \(spec.width)×\(spec.inputDimension)"
        }
        guard readout.count == spec.width else {
            return "\(readout.count) readout weights for width \(spec.width)"
        }
        guard bias.count == (spec.bias ? spec.width : 0) else {
            return "\(bias.count) biases for width \(spec.width) (bias \(spec.bias ? "on" : "off"))"
        }
        return nil
    }
}
