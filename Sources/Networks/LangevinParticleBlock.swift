import CLapack
import LinearAlgebra

/// A fixed block of consecutive particles `θ_i = (a_i, w_i, b_i)`, `i = first ..< first + count`, of a
/// `MeanFieldLangevinSystem`, with the fused passes of the mean-field Langevin kernel. Used from one
/// thread at a time; each particle has its own noise stream.
///
/// **Layout.** `W` (`count × d`, row-major), `a` and `b`, padded with zero particles to a multiple of the
/// four `FastMath` lanes (a padding particle has `tanh(0) = 0` and adds exactly nothing; it never moves).
/// One `rows × count` buffer holds `A = tanh(X Wᵀ + 1bᵀ)` of the last `forward` and then, in the backward
/// pass, `U = (r 1ᵀ) ⊙ (1 − A ⊙ A)` in place.
///
/// **Forward** (`forward`, `evaluate`), per tile of `tileRows` inputs: one small dgemm for the tile's
/// pre-activations (`K = d`), then one pass that adds `b`, takes `tanh` (`FastMath.tanh`, the table-based
/// four-lane tanh) and accumulates the block's partial sums `Σ_{i∈block} a_i tanh(w_i·x_α + b_i)` lane-wise
/// while the tile is in cache. The system adds the blocks in order and forms `r = f_N − y`.
///
/// **Backward** (`gradient`): one pass over `A` gives `u_{αi} = r_α(1 − t_{αi})(1 + t_{αi})` (in place),
/// `Σ_α r_α t_{αi}` and `Σ_α u_{αi}`; one dgemm gives `Uᵀ X` (`K = n`); then
/// `g_a = (1/n) Σ_α r_α t_{αi}`, `g_b = (a_i/n) Σ_α u_{αi}`, `g_w = (a_i/n)(Uᵀ X)_i`, i.e.
/// `g_i = (1/n) Σ_α r_α ∇_θ(a tanh(w·x_α + b))|θ_i`. This is the only implementation of the MFLD gradient
/// (`NetworkEngine`'s tanh path computes the same gradient for SGLD; a test checks them against each other).
///
/// Every element goes through the same code whatever the thread count, and the dgemms run single-threaded
/// (BLAS threads 1), so results depend on the block (fixed by particle index) but not on the threads.
final class LangevinParticleBlock: @unchecked Sendable {
    /// Inputs per tile of the forward pass (`tileRows × paddedCount` doubles stay in L1/L2).
    static let tileRows = 32

    /// Global index of the block's first particle.
    let first: Int
    /// Number of particles.
    let count: Int
    /// `count` rounded up to a multiple of `FastMath.Lanes.scalarCount`.
    let paddedCount: Int
    let inputDimension: Int
    /// Most input rows per pass.
    let rowCapacity: Int
    /// `W` (`paddedCount × d`), `a`, `b` (`paddedCount`; padding rows zero).
    let readin: UnsafeMutablePointer<Double>
    let readout: UnsafeMutablePointer<Double>
    let bias: UnsafeMutablePointer<Double>
    /// `g_w` (`paddedCount × d`), `g_a`, `g_b` of the last `gradient` (the first `count` rows are the particles').
    let readinGradient: UnsafeMutablePointer<Double>
    let readoutGradient: UnsafeMutablePointer<Double>
    let biasGradient: UnsafeMutablePointer<Double>
    /// The block's partial sums `Σ_{i∈block} a_i tanh(w_i·x_α + b_i)` of the last `forward` (`rowCapacity`).
    let outputs: UnsafeMutablePointer<Double>
    /// The same for the last `evaluate` (`rowCapacity`).
    let evaluationOutputs: UnsafeMutablePointer<Double>
    /// `A`, then `U` (`rowCapacity × paddedCount`).
    private let activations: UnsafeMutablePointer<Double>
    /// One tile of pre-activations for `evaluate` (`tileRows × paddedCount`).
    private let tile: UnsafeMutablePointer<Double>
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
        let lanes = FastMath.Lanes.scalarCount
        let padded = (count + lanes - 1) / lanes * lanes
        paddedCount = padded
        let d = particles.cols - 2
        inputDimension = d
        self.rowCapacity = max(1, rowCapacity)
        func zeros(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
            p.initialize(repeating: 0, count: max(1, n))
            return p
        }
        readin = zeros(padded * d)
        readout = zeros(padded)
        bias = zeros(padded)
        readinGradient = zeros(padded * d)
        readoutGradient = zeros(padded)
        biasGradient = zeros(padded)
        outputs = zeros(self.rowCapacity)
        evaluationOutputs = zeros(self.rowCapacity)
        // Written before read: no zeroing pass.
        activations = .allocate(capacity: self.rowCapacity * padded)
        tile = .allocate(capacity: Self.tileRows * padded)
        let purpose = RandomStream.purpose("mfld-noise")
        noise = (first..<(first + count)).map { GaussianNoiseStream(seed: seed, stream: [purpose, UInt64($0)]) }
        increment = zeros(d + 2)
        let stride = d + 2
        for k in 0..<count {
            let row = (first + k) * stride
            readout[k] = particles.values[row]
            for j in 0..<d { readin[k * d + j] = particles.values[row + 1 + j] }
            bias[k] = particles.values[row + 1 + d]
        }
    }

    deinit {
        for p in [readin, readout, bias, readinGradient, readoutGradient, biasGradient, outputs, evaluationOutputs,
                  activations, tile, increment] {
            p.deallocate()
        }
    }

    /// Copies the particles into rows `first ..< first + count` of a row-major `N × (d + 2)` buffer.
    /// - Parameter out: the destination (all particles).
    func write(into out: UnsafeMutablePointer<Double>) {
        let d = inputDimension, stride = d + 2
        for k in 0..<count {
            let row = out + (first + k) * stride
            row[0] = readout[k]
            for j in 0..<d { row[1 + j] = readin[k * d + j] }
            row[1 + d] = bias[k]
        }
    }

    /// The partial sums on `rows` training inputs into `outputs`, keeping `A` for `gradient`.
    /// - Parameters:
    ///   - inputs: row-major `rows × d`.
    ///   - rows: number of inputs (≤ `rowCapacity`).
    func forward(_ inputs: UnsafePointer<Double>, rows: Int) {
        pass(inputs, rows: rows, keep: true, into: outputs)
    }

    /// The partial sums on `rows` inputs into `evaluationOutputs`, leaving `A` of the last `forward` intact.
    /// - Parameters:
    ///   - inputs: row-major `rows × d`.
    ///   - rows: number of inputs (≤ `rowCapacity`).
    func evaluate(_ inputs: UnsafePointer<Double>, rows: Int) {
        pass(inputs, rows: rows, keep: false, into: evaluationOutputs)
    }

    /// Tile by tile: `H = X Wᵀ` (dgemm), then `t = tanh(H + b)` (into `A` when `keep`) and
    /// `out_α = Σ_i a_i t_{αi}` (lanes added by `FastMath.laneSum`).
    private func pass(_ inputs: UnsafePointer<Double>, rows: Int, keep: Bool, into out: UnsafeMutablePointer<Double>) {
        precondition(rows <= rowCapacity, "LangevinParticleBlock: \(rows) rows exceed capacity \(rowCapacity)")
        let d = inputDimension, width = paddedCount
        let a = UnsafePointer(readout), b = UnsafePointer(bias)
        FastMath.tanhTable.withUnsafeBufferPointer { table in
            let table = table.baseAddress!
            var start = 0
            while start < rows {
                let m = min(Self.tileRows, rows - start)
                let h = keep ? activations + start * width : tile
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(width), Int32(d), 1, inputs + start * d,
                            Int32(d), readin, Int32(d), 0, h, Int32(width))
                for row in 0..<m {
                    let hr = h + row * width
                    var sum = FastMath.Lanes(repeating: 0)
                    var i = 0
                    while i < width {
                        let t = FastMath.tanh(lanes(hr + i) + lanes(b + i), table)
                        store(t, hr + i)
                        sum += t * lanes(a + i)
                        i += FastMath.Lanes.scalarCount
                    }
                    out[start + row] = FastMath.laneSum(sum)
                }
                start += m
            }
        }
    }

    /// Every particle's gradient `g_i` for residuals `r`, after `forward(inputs, rows:)` (overwrites `A`).
    /// - Parameters:
    ///   - inputs: the training inputs of the forward pass.
    ///   - residuals: `r = f_N − y` (`rows`).
    ///   - rows: `n`.
    func gradient(_ inputs: UnsafePointer<Double>, residuals: UnsafePointer<Double>, rows: Int) {
        let d = inputDimension, width = paddedCount
        let lanesCount = FastMath.Lanes.scalarCount
        var i = 0
        while i < width {
            var ra = FastMath.Lanes(repeating: 0), u = FastMath.Lanes(repeating: 0)
            var p = activations + i
            for alpha in 0..<rows {
                let t = lanes(p), r = residuals[alpha]
                let slope = r * ((1 - t) * (1 + t))
                ra += r * t
                u += slope
                store(slope, p)
                p += width
            }
            store(ra, readoutGradient + i)
            store(u, biasGradient + i)
            i += lanesCount
        }
        // Uᵀ X (paddedCount × d)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(width), Int32(d), Int32(rows), 1, activations, Int32(width),
                    inputs, Int32(d), 0, readinGradient, Int32(d))
        let scale = 1 / Double(rows)
        for k in 0..<count {
            let s = scale * readout[k]
            readoutGradient[k] *= scale
            biasGradient[k] *= s
            for j in 0..<d { readinGradient[k * d + j] *= s }
        }
    }

    /// One Euler–Maruyama step `θ_i ← θ_i − η(g_i + λ′θ_i) + √(2ηλ) ξ_i` from the last `gradient`, with
    /// `ξ_i` the next `d + 2` values of particle `i`'s stream in row order `[a, w, b]` (none drawn at `λ = 0`).
    /// - Parameter configuration: `η`, `λ`, `λ′`.
    func step(_ configuration: MeanFieldLangevinConfiguration) {
        let d = inputDimension
        let eta = configuration.stepSize, decay = configuration.weightDecay, sigma = configuration.noiseScale
        let w = readin, a = readout, b = bias
        let gw = readinGradient, ga = readoutGradient, gb = biasGradient
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

/// Four lanes from `p` (unaligned).
@inline(__always)
private func lanes(_ p: UnsafePointer<Double>) -> FastMath.Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: FastMath.Lanes.self)
}

@inline(__always)
private func lanes(_ p: UnsafeMutablePointer<Double>) -> FastMath.Lanes { lanes(UnsafePointer(p)) }

/// Stores four lanes at `p` (unaligned).
@inline(__always)
private func store(_ v: FastMath.Lanes, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: FastMath.Lanes.self)
}
