import LinearAlgebra

/// A real function `f: R^d → R`, evaluated on a batch of inputs (one per matrix row).
///
/// The Hermite-tensor statistics (`HermiteTensors`) take any such function: a trained network
/// (`TanhParticleNetwork`) or, in tests, a known function (`ClosureInputFunction`).
public protocol InputFunction: Sendable {
    /// The input dimension `d`.
    var inputDimension: Int { get }

    /// The values at a batch of inputs.
    /// - Parameter inputs: `B × d`, one input per row.
    /// - Returns: the `B` values `f(x_b)`.
    func values(at inputs: Matrix) -> [Double]
}

/// An `InputFunction` given by a closure of one input.
public struct ClosureInputFunction: InputFunction {
    public let inputDimension: Int
    private let function: @Sendable (ArraySlice<Double>) -> Double

    /// - Parameters:
    ///   - inputDimension: the input dimension `d`.
    ///   - function: `f(x)` for one input `x` (`d` components).
    public init(inputDimension: Int, _ function: @escaping @Sendable (ArraySlice<Double>) -> Double) {
        self.inputDimension = inputDimension
        self.function = function
    }

    public func values(at inputs: Matrix) -> [Double] {
        precondition(inputs.cols == inputDimension, "ClosureInputFunction: inputs have \(inputs.cols) columns, expected \(inputDimension)")
        let d = inputDimension
        return (0..<inputs.rows).map { function(inputs.values[($0 * d)..<(($0 + 1) * d)]) }
    }
}
