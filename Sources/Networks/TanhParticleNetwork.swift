import Foundation
import LinearAlgebra

/// A mean-field two-layer tanh network given by its particles:
/// `f(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)`, particle `i` the row `(a_i, w_i, b_i)` of an
/// `N × (d + 2)` matrix.
public struct TanhParticleNetwork: InputFunction {
    /// The particles, rows `(a_i, w_i, b_i)`.
    public let particles: Matrix
    /// The read-out weights `a_i` (`N`).
    public let readout: [Double]
    /// The read-in weights `w_i` as rows (`N × d`).
    public let readin: Matrix
    /// The biases `b_i` (`N`).
    public let biases: [Double]

    public var inputDimension: Int { readin.cols }
    /// The number of particles `N`.
    public var width: Int { particles.rows }

    /// - Parameter particles: `N × (d + 2)`, `N ≥ 1`, `d ≥ 1`, finite, rows `(a, w, b)`.
    /// - Throws: `NetworkError.dimensionMismatch` for a wrong shape, `.invalidParameter` for non-finite values.
    public init(particles: Matrix) throws {
        guard particles.rows >= 1, particles.cols >= 3 else {
            throw NetworkError.dimensionMismatch("particles must be N × (d + 2) with N ≥ 1, d ≥ 1 (rows a, w, b); got \(particles.rows) × \(particles.cols)")
        }
        guard particles.isFinite else {
            throw NetworkError.invalidParameter(name: "particles", value: "non-finite", requirement: "must be finite")
        }
        let n = particles.rows, d = particles.cols - 2
        self.particles = particles
        readout = (0..<n).map { particles[$0, 0] }
        biases = (0..<n).map { particles[$0, d + 1] }
        var w = Matrix(rows: n, cols: d)
        for i in 0..<n {
            for j in 0..<d { w[i, j] = particles[i, j + 1] }
        }
        readin = w
    }

    /// `f(x_b) = (1/N) Σ_i a_i tanh(w_i·x_b + b_i)` (pre-activations by one `dgemm`).
    public func values(at inputs: Matrix) -> [Double] {
        precondition(inputs.cols == inputDimension, "TanhParticleNetwork: inputs have \(inputs.cols) columns, expected \(inputDimension)")
        let pre = matmul(inputs, readin, transposeB: true)   // B × N
        let n = width, scale = 1 / Double(n)
        return (0..<inputs.rows).map { row in
            var s = 0.0
            for i in 0..<n { s += readout[i] * tanh(pre.values[row * n + i] + biases[i]) }
            return scale * s
        }
    }
}
