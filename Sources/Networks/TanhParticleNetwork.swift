import Foundation
import LinearAlgebra

/// A two-layer tanh network in mean-field (μP) form, `f_Θ(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)`,
/// stored as its particle set `Θ = {θ_i = (a_i, w_i, b_i)}`: an `N × (d + 2)` matrix whose rows are
/// `[a_i, w_i1 … w_id, b_i]`. The function depends only on the empirical measure `(1/N) Σ δ_θi`,
/// so it is invariant under permutations of the rows, under duplication of every row, and (tanh
/// being odd) under the sign flip `θ_i → −θ_i` of any row.
public struct TanhParticleNetwork: Sendable, Equatable {
    /// The particles, one row `[a, w_1 … w_d, b]` each.
    public let particles: Matrix

    /// A network from its particles.
    /// - Parameter particles: `N × (d + 2)` with `N ≥ 1`, `d ≥ 1`, finite entries.
    /// - Throws: `NetworkError.dimensionMismatch` for too few rows or columns, `.invalidParameter`
    ///   for a non-finite entry.
    public init(particles: Matrix) throws {
        guard particles.rows >= 1, particles.cols >= 3 else {
            throw NetworkError.dimensionMismatch("particles must be N × (d + 2) with N ≥ 1 and d ≥ 1 (rows a, w_1 … w_d, b), got \(particles.rows)×\(particles.cols)")
        }
        if let k = particles.values.firstIndex(where: { !$0.isFinite }) {
            throw NetworkError.invalidParameter(name: "particles", value: "\(particles.values[k]) at row \(k / particles.cols), column \(k % particles.cols)",
                                                requirement: "every entry must be finite")
        }
        self.particles = particles
    }

    /// A network from particles that are known to be valid (images of a validated network).
    init(checkedParticles particles: Matrix) {
        assert(particles.rows >= 1 && particles.cols >= 3 && particles.values.allSatisfy(\.isFinite))
        self.particles = particles
    }

    /// `N`, the number of particles.
    public var width: Int { particles.rows }
    /// `d`, the input dimension.
    public var inputDimension: Int { particles.cols - 2 }

    /// The outputs `f_Θ(x)` on a set of inputs.
    ///
    /// Each output is `(1/N)·Σ_i a_i tanh(Σ_k w_ik x_k + b_i)`, summed in particle order and input
    /// coordinate order (plain loops: bit-identical on a given machine).
    /// - Parameter inputs: `n × d`, one input per row.
    /// - Returns: the `n` outputs.
    /// - Throws: `NetworkError.dimensionMismatch` when `inputs` has not `d` columns.
    public func outputs(_ inputs: Matrix) throws -> [Double] {
        let d = inputDimension, n = width, stride = particles.cols
        guard inputs.cols == d else {
            throw NetworkError.dimensionMismatch("inputs have \(inputs.cols) columns, the particles' input dimension is \(d)")
        }
        var result = [Double](repeating: 0, count: inputs.rows)
        particles.values.withUnsafeBufferPointer { theta in
            inputs.values.withUnsafeBufferPointer { x in
                for m in 0..<inputs.rows {
                    let xm = m * d
                    var sum = 0.0
                    for i in 0..<n {
                        let row = i * stride
                        var z = 0.0
                        for k in 0..<d { z += theta[row + 1 + k] * x[xm + k] }
                        z += theta[row + d + 1]
                        sum += theta[row] * tanh(z)
                    }
                    result[m] = sum / Double(n)
                }
            }
        }
        return result
    }
}
