import LinearAlgebra

/// A mean-field two-layer tanh network given by its particles:
/// `f(x) = (1/N) Σ_i a_i tanh(w_i·x + b_i)`, particle `i` the row `(a_i, w_i, b_i)` of an
/// `N × (d + 2)` matrix. The function depends only on the empirical measure `(1/N) Σ δ_θi`, so it
/// is invariant under permutations and duplication of the rows and (tanh being odd) under the
/// sign flip `θ_i → −θ_i` of any row.
public struct TanhParticleNetwork: InputFunction, Equatable {
    /// The particles, rows `(a_i, w_i, b_i)`.
    public let particles: Matrix
    /// The read-out weights `a_i` (`N`).
    public let readout: [Double]
    /// The read-in weights `w_i` as rows (`N × d`).
    public let readin: Matrix
    /// The biases `b_i` (`N`).
    public let biases: [Double]
    /// `readin` with zero rows appended up to a multiple of four neurons (one `FastMath` lane each).
    private let paddedReadin: Matrix
    /// Read-outs and biases in lanes of four neurons, zero-padded (a padded neuron adds `0·tanh 0`).
    private let readoutLanes: [FastMath.Lanes], biasLanes: [FastMath.Lanes]

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
        let lanes = FastMath.Lanes.scalarCount, blocks = (n + lanes - 1) / lanes
        var padded = Matrix(rows: blocks * lanes, cols: d)
        padded.values.replaceSubrange(0..<(n * d), with: w.values)
        paddedReadin = padded
        func laned(_ v: [Double]) -> [FastMath.Lanes] {
            (0..<blocks).map { b in
                var lane = FastMath.Lanes(repeating: 0)
                for l in 0..<lanes where b * lanes + l < n { lane[l] = v[b * lanes + l] }
                return lane
            }
        }
        readoutLanes = laned(readout)
        biasLanes = laned(biases)
    }

    /// A network from particles known to be valid (images of a validated network).
    init(checkedParticles particles: Matrix) {
        try! self.init(particles: particles)
    }

    public static func == (lhs: TanhParticleNetwork, rhs: TanhParticleNetwork) -> Bool { lhs.particles == rhs.particles }

    /// The outputs `f_Θ(x)` on a set of inputs, after checking their dimension.
    /// - Parameter inputs: `n × d`, one input per row.
    /// - Returns: the `n` outputs (`values(at:)`).
    /// - Throws: `NetworkError.dimensionMismatch` when `inputs` has not `d` columns.
    public func outputs(_ inputs: Matrix) throws -> [Double] {
        guard inputs.cols == inputDimension else {
            throw NetworkError.dimensionMismatch("inputs have \(inputs.cols) columns, the particles' input dimension is \(inputDimension)")
        }
        return values(at: inputs)
    }

    /// `f(x_b) = (1/N) Σ_i a_i tanh(w_i·x_b + b_i)`: pre-activations by one `dgemm`, `tanh` by the
    /// four-lane `FastMath` code (a few ulp from libm), the sum over neurons in a fixed lane order.
    public func values(at inputs: Matrix) -> [Double] {
        precondition(inputs.cols == inputDimension, "TanhParticleNetwork: inputs have \(inputs.cols) columns, expected \(inputDimension)")
        let pre = matmul(inputs, paddedReadin, transposeB: true)   // B × (N padded to a multiple of 4)
        let blocks = readoutLanes.count, columns = pre.cols, scale = 1 / Double(width)
        return FastMath.exp2Table.withUnsafeBufferPointer { table in
            pre.values.withUnsafeBufferPointer { z in
                (0..<inputs.rows).map { row in
                    var sum = FastMath.Lanes(repeating: 0)
                    for b in 0..<blocks {
                        let o = row * columns + 4 * b
                        let x = FastMath.Lanes(z[o], z[o + 1], z[o + 2], z[o + 3]) + biasLanes[b]
                        sum += readoutLanes[b] * FastMath.tanhAndDerivative(x, table.baseAddress!).0
                    }
                    return scale * FastMath.laneSum(sum)
                }
            }
        }
    }
}
