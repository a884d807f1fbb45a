/// One Euler–Maruyama (unadjusted Langevin) step for a block of coordinates with a Gaussian prior.
///
/// For the potential `U(θ) = G(θ) + ½|θ|²/σ²` (data part `G`, prior variance `σ²`) and step size
/// `η` (already multiplied by the layer's step multiplier), the step is
///
///     θ ← θ − η ∇U + √(2η) ξ = (1 − η/σ²) θ − η ∇G + √(2η) ξ,   ξ ~ N(0, I),
///
/// whose stationary law is `exp(−U)` up to an O(η) bias. For `G = 0` the chain is an AR(1) process with
/// stationary variance exactly `σ²/(1 − η/(2σ²))` (the test of this type uses it). Noise values are
/// drawn from the chain's `GaussianNoiseStream` in coordinate order, in chunks of `chunk` values.
struct LangevinUpdate {
    /// `1 − η/σ²`.
    let decay: Double
    /// `η`.
    let drift: Double
    /// `√(2η)`.
    let noiseScale: Double
    /// Noise values generated per pass (the scratch buffer's size).
    static let chunk = 256

    /// The step for step size `η` and prior variance `σ²`.
    /// - Parameters:
    ///   - stepSize: `η > 0`.
    ///   - priorVariance: `σ² > 0`.
    init(stepSize: Double, priorVariance: Double) {
        decay = 1 - stepSize / priorVariance
        drift = stepSize
        noiseScale = (2 * stepSize).squareRoot()
    }

    /// `θ_k ← decay·θ_k − drift·g_k + noiseScale·ξ_k` for `k < count` (`g = 0` when `gradient` is nil).
    /// - Parameters:
    ///   - theta: the coordinates, updated in place.
    ///   - count: how many.
    ///   - gradient: `∇G` at the current θ, or `nil` for a pure prior.
    ///   - noise: the chain's noise stream.
    ///   - scratch: `chunk` doubles of work space.
    func apply(_ theta: UnsafeMutablePointer<Double>, count: Int, gradient: UnsafePointer<Double>?,
               noise: GaussianNoiseStream, scratch: UnsafeMutablePointer<Double>) {
        var start = 0
        while start < count {
            let n = min(LangevinUpdate.chunk, count - start)
            noise.fill(scratch, count: n)
            let th = theta + start
            if let gradient {
                let g = gradient + start
                for k in 0..<n { th[k] = decay * th[k] - drift * g[k] + noiseScale * scratch[k] }
            } else {
                for k in 0..<n { th[k] = decay * th[k] + noiseScale * scratch[k] }
            }
            start += n
        }
    }

    /// The same step for a row-major `rows × cols` block whose data gradient is the outer product
    /// `g_ij = a_i z_j` (the read-in gradient of a linear network), without forming `g`.
    /// Bit-identical to `apply` with the materialised `g_ij = a_i * z_j`.
    /// - Parameters:
    ///   - theta: the block, updated in place.
    ///   - rows: number of rows.
    ///   - cols: number of columns.
    ///   - rowFactors: `a` (`rows`).
    ///   - columnFactors: `z` (`cols`).
    ///   - noise: the chain's noise stream.
    ///   - scratch: `chunk` doubles of work space.
    func applyRankOne(_ theta: UnsafeMutablePointer<Double>, rows: Int, cols: Int, rowFactors: UnsafePointer<Double>,
                      columnFactors: UnsafePointer<Double>, noise: GaussianNoiseStream, scratch: UnsafeMutablePointer<Double>) {
        // Noise is drawn in chunks over the flattened block, exactly as in `apply`.
        let count = rows * cols
        var start = 0
        while start < count {
            let n = min(LangevinUpdate.chunk, count - start)
            noise.fill(scratch, count: n)
            var k = 0
            while k < n {
                let flat = start + k
                let i = flat / cols, j0 = flat - i * cols
                let run = min(cols - j0, n - k)
                let a = rowFactors[i]
                let th = theta + flat, z = columnFactors + j0, xi = scratch + k
                for j in 0..<run { th[j] = decay * th[j] - drift * (a * z[j]) + noiseScale * xi[j] }
                k += run
            }
            start += n
        }
    }
}
