/// Per-chain posterior moments of the weights of `f(x) = s_out Σ_i w_i φ(s_in v_i·x + b_i)` that the
/// sign symmetry `(v_i, w_i) → (−v_i, −w_i)` and permutations of hidden units leave meaningful, each
/// averaged over hidden units and kept samples (raw parameter units: readout `w_i`, read-in `v_i ∈ R^D`):
///
/// - `readoutSquare` = `⟨(1/N) Σ_i w_i²⟩`;
/// - `readoutReadin` = `⟨(1/N) Σ_i w_i v_i⟩` (`D`);
/// - `readinSecond` = `⟨(1/N) Σ_i v_i v_iᵀ⟩` (`D × D`, row-major, symmetric);
/// - `interNeuron` = `⟨(1/(N(N−1))) Σ_{i≠j} (w_i v_i)·(w_j v_j)⟩`, the cross-unit correlation of the
///   readout-weighted read-in vectors (0 for independent units at zero mean).
public struct WeightMoments: Sendable, Equatable {
    public var readoutSquare: Double
    public var readoutReadin: [Double]
    public var readinSecond: [Double]
    public var interNeuron: Double
}

/// Running sums of `WeightMoments` over the kept samples of one chain.
struct WeightMomentAccumulator {
    let width: Int
    let inputDimension: Int
    private var samples = 0
    private var readoutSquare = 0.0
    private var readoutReadin: [Double]
    private var readinSecond: [Double]
    private var interNeuron = 0.0
    private var scratch: [Double]

    init(width: Int, inputDimension: Int, enabled: Bool) {
        self.width = width
        self.inputDimension = inputDimension
        let d = enabled ? inputDimension : 0
        readoutReadin = [Double](repeating: 0, count: d)
        readinSecond = [Double](repeating: 0, count: d * d)
        scratch = [Double](repeating: 0, count: d)
    }

    /// Adds one sample.
    /// - Parameters:
    ///   - readout: `w` (`N`).
    ///   - readin: `V`, row-major `N × D` (row `i` is `v_i`).
    mutating func add(readout: UnsafePointer<Double>, readin: UnsafePointer<Double>) {
        let n = width, d = inputDimension
        let inverseN = 1 / Double(n)
        var square = 0.0, diagonal = 0.0
        for k in 0..<d { scratch[k] = 0 }
        readinSecond.withUnsafeMutableBufferPointer { second in
            scratch.withUnsafeMutableBufferPointer { sum in
                for i in 0..<n {
                    let w = readout[i], v = readin + i * d
                    square += w * w
                    var norm2 = 0.0
                    for a in 0..<d {
                        let va = v[a]
                        sum[a] += w * va
                        norm2 += va * va
                        let row = second.baseAddress! + a * d
                        let scaled = va * inverseN
                        for b in a..<d { row[b] += scaled * v[b] }
                    }
                    diagonal += w * w * norm2
                }
            }
        }
        readoutSquare += square * inverseN
        var total = 0.0
        for a in 0..<d {
            readoutReadin[a] += scratch[a] * inverseN
            total += scratch[a] * scratch[a]
        }
        if n > 1 { interNeuron += (total - diagonal) / (Double(n) * Double(n - 1)) }
        samples += 1
    }

    /// The means over the samples added (the upper triangle mirrored).
    func means() -> WeightMoments {
        let c = 1 / Double(max(1, samples)), d = inputDimension
        var second = readinSecond.map { $0 * c }
        for a in 0..<d { for b in (a + 1)..<max(a + 1, d) { second[b * d + a] = second[a * d + b] } }
        return WeightMoments(readoutSquare: readoutSquare * c, readoutReadin: readoutReadin.map { $0 * c },
                             readinSecond: second, interNeuron: interNeuron * c)
    }
}
