import LinearAlgebra

/// A fixed block of consecutive particles `θ_i = (a_i, w_i, b_i)`, `i = first ..< first + count`, of a
/// `MeanFieldLangevinSystem`: a `NetworkEngine` of width `count` (tanh, biases, `s_in = s_out = 1`) holds
/// `W` (`count × d`), `a` and `b` and does the batched passes; each particle has its own noise stream.
///
/// Per update the engine's forward pass gives the block's partial sums `Σ_{i∈block} a_i tanh(w_i·x_α + b_i)`
/// (one dgemm for the pre-activations), the system adds the blocks and forms `r = f_N − y`, and the engine's
/// backward pass with output scale `1/n` gives every particle's gradient
/// `g_i = (1/n) Σ_α r_α ∇_θ(a tanh(w·x_α + b))|θ_i` (one dgemm for `∇_W`). Used from one thread at a time.
final class LangevinParticleBlock: @unchecked Sendable {
    /// Global index of the block's first particle.
    let first: Int
    /// Number of particles.
    let count: Int
    let inputDimension: Int
    let engine: NetworkEngine
    /// `GaussianNoiseStream(seed, [purpose("mfld-noise"), i])` for each particle `i` of the block.
    private let noise: [GaussianNoiseStream]
    /// `d + 2` doubles: one particle's increment, in row order `[a, w_1…w_d, b]`.
    private let increment: UnsafeMutablePointer<Double>

    /// The block's particles, taken from rows `first ..< first + count` of `particles`.
    /// - Parameters:
    ///   - first: index of the first particle.
    ///   - count: number of particles (≥ 1).
    ///   - particles: all particles, rows `[a, w_1…w_d, b]` (`N × (d + 2)`).
    ///   - rowCapacity: most input rows per pass.
    ///   - seed: the noise seed.
    init(first: Int, count: Int, particles: Matrix, rowCapacity: Int, seed: UInt64) {
        self.first = first
        self.count = count
        let d = particles.cols - 2
        inputDimension = d
        // Valid by construction (d ≥ 1, count ≥ 1, unit scales).
        let spec = try! NetworkSpec(inputDimension: d, width: count, activation: .tanh, parameterization: .standard, bias: true)
        engine = NetworkEngine(spec: spec, rowCapacity: rowCapacity)
        let purpose = RandomStream.purpose("mfld-noise")
        noise = (first..<(first + count)).map { GaussianNoiseStream(seed: seed, stream: [purpose, UInt64($0)]) }
        increment = .allocate(capacity: d + 2)
        increment.initialize(repeating: 0, count: d + 2)
        let stride = d + 2
        for k in 0..<count {
            let row = (first + k) * stride
            engine.readout[k] = particles.values[row]
            for j in 0..<d { engine.readin[k * d + j] = particles.values[row + 1 + j] }
            engine.bias[k] = particles.values[row + 1 + d]
        }
    }

    deinit { increment.deallocate() }

    /// Copies the particles into rows `first ..< first + count` of a row-major `N × (d + 2)` buffer.
    /// - Parameter out: the destination (all particles).
    func write(into out: UnsafeMutablePointer<Double>) {
        let d = inputDimension, stride = d + 2
        for k in 0..<count {
            let row = out + (first + k) * stride
            row[0] = engine.readout[k]
            for j in 0..<d { row[1 + j] = engine.readin[k * d + j] }
            row[1 + d] = engine.bias[k]
        }
    }

    /// The gradient `g_i` for residuals `r` after `engine.forward(inputs, rows:, keepSlopes: true)`.
    /// - Parameters:
    ///   - inputs: the training inputs of the forward pass.
    ///   - residuals: `r = f_N − y` (`rows`).
    ///   - rows: `n`.
    func gradient(_ inputs: UnsafePointer<Double>, residuals: UnsafePointer<Double>, rows: Int) {
        engine.gradient(inputs, residuals: residuals, rows: rows, outputScale: 1 / Double(rows))
    }

    /// One Euler–Maruyama step `θ_i ← θ_i − η(g_i + λ′θ_i) + √(2ηλ) ξ_i` from the last `gradient`, with
    /// `ξ_i` the next `d + 2` values of particle `i`'s stream in row order `[a, w, b]` (none drawn at `λ = 0`).
    /// - Parameter configuration: `η`, `λ`, `λ′`.
    func step(_ configuration: MeanFieldLangevinConfiguration) {
        let d = inputDimension
        let eta = configuration.stepSize, decay = configuration.weightDecay, sigma = configuration.noiseScale
        let w = engine.readin, a = engine.readout, b = engine.bias
        let gw = engine.readinGradient, ga = engine.readoutGradient, gb = engine.biasGradient
        let xi = increment
        for k in 0..<count {
            let row = w + k * d, grow = gw + k * d
            if sigma > 0 {
                noise[k].fill(xi, count: d + 2)
                a[k] = a[k] - eta * (ga[k] + decay * a[k]) + sigma * xi[0]
                for j in 0..<d { row[j] = row[j] - eta * (grow[j] + decay * row[j]) + sigma * xi[1 + j] }
                b[k] = b[k] - eta * (gb[k] + decay * b[k]) + sigma * xi[1 + d]
            } else {
                a[k] = a[k] - eta * (ga[k] + decay * a[k])
                for j in 0..<d { row[j] = row[j] - eta * (grow[j] + decay * row[j]) }
                b[k] = b[k] - eta * (gb[k] + decay * b[k])
            }
        }
    }
}
