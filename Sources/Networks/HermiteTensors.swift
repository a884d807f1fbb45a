import LinearAlgebra

/// Monte-Carlo Hermite tensors of degrees 1–3 of a function `f` of a standard Gaussian input
/// `x ~ N(0, I_d)`:
///
/// * `C1 = E[f x]` (`d`),
/// * `C2 = (E[f x xᵀ] − E[f] I)/√2` (`d × d`, symmetric),
/// * `C3 = E[f He3(x)]/√6`, `He3(x)_ijk = x_i x_j x_k − x_i δ_jk − x_j δ_ik − x_k δ_ij`, unfolded to
///   `d × d²` (row `i`, column `j·d + k`).
///
/// **Normalisation.** For `f = c He_k(u·x)/√k!` with `|u| = 1`, `C_k = c u^{⊗k}`: the spectral value
/// (‖C1‖, the C2 eigenvalue, the top singular value of the C3 unfolding) is `|c|`, the coefficient of
/// the normalised Hermite component; components of other degrees do not enter `C_k`.
///
/// **Sampling.** `samples` draws `x_n` from one stream `[purpose("hermite-tensor-inputs")]` (rows in
/// order, in batches of `batchSize`), each used with its mirror image `−x_n` (antithetic pairs): the
/// odd tensors `C1`, `C3` see only the odd part `(f(x) − f(−x))/2` and `C2` only the even part, so a
/// component of the other parity adds no Monte-Carlo noise. The estimates are unbiased; the
/// accumulation is plain Swift in sample order, so equal inputs give bit-identical tensors.
public struct HermiteTensors: Sendable, Equatable {
    /// Inputs per evaluation batch (fixed: the sums never depend on it).
    public static let batchSize = 2048

    /// The input dimension `d`.
    public var dimension: Int
    /// The number of Gaussian draws (each used with its mirror image).
    public var sampleCount: Int
    /// `E[f]`.
    public var mean: Double
    /// `C1 = E[f x]`.
    public var c1: [Double]
    /// `C2 = (E[f x xᵀ] − E[f] I)/√2`.
    public var c2: Matrix
    /// `C3 = E[f He3(x)]/√6` unfolded: element `(i, j·d + k)`.
    public var c3: Matrix

    /// Estimates the tensors of `f`.
    /// - Parameters:
    ///   - f: the function.
    ///   - samples: Gaussian draws `n ≥ 1` (`2n` evaluations of `f`).
    ///   - seed: the seed of the input stream.
    /// - Throws: `NetworkError.invalidParameter` for `samples < 1` or `f` without inputs.
    public init(of f: some InputFunction, samples: Int, seed: UInt64) throws {
        guard samples >= 1 else {
            throw NetworkError.invalidParameter(name: "samples", value: "\(samples)", requirement: "must be at least 1")
        }
        let d = f.inputDimension
        guard d >= 1 else {
            throw NetworkError.invalidParameter(name: "inputDimension", value: "\(d)", requirement: "must be at least 1")
        }
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("hermite-tensor-inputs")])
        var m0 = 0.0
        var m1 = [Double](repeating: 0, count: d)
        var m2 = [Double](repeating: 0, count: d * (d + 1) / 2)               // i ≤ j, packed
        var m3 = [Double](repeating: 0, count: d * (d + 1) * (d + 2) / 6)     // i ≤ j ≤ k, packed
        var done = 0
        while done < samples {
            let b = min(Self.batchSize, samples - done)
            let x = Matrix(rows: b, cols: d, values: stream.fillGaussian(b * d))
            let plus = f.values(at: x), minus = f.values(at: -1 * x)
            precondition(plus.count == b && minus.count == b, "HermiteTensors: f returned \(plus.count) values for \(b) inputs")
            x.values.withUnsafeBufferPointer { xs in
                for row in 0..<b {
                    let even = (plus[row] + minus[row]) / 2, odd = (plus[row] - minus[row]) / 2
                    let xr = UnsafeBufferPointer(rebasing: xs[(row * d)..<((row + 1) * d)])
                    m0 += even
                    var p2 = 0, p3 = 0
                    for i in 0..<d {
                        m1[i] += odd * xr[i]
                        let ei = even * xr[i], oi = odd * xr[i]
                        for j in i..<d {
                            m2[p2] += ei * xr[j]
                            p2 += 1
                            let oij = oi * xr[j]
                            for k in j..<d {
                                m3[p3] += oij * xr[k]
                                p3 += 1
                            }
                        }
                    }
                }
            }
            done += b
        }
        let n = Double(samples)
        dimension = d
        sampleCount = samples
        mean = m0 / n
        let first = m1.map { $0 / n }
        c1 = first
        let root2 = 2.0.squareRoot(), root6 = 6.0.squareRoot()
        var second = Matrix(rows: d, cols: d)
        var p2 = 0
        for i in 0..<d {
            for j in i..<d {
                let value = (m2[p2] / n - (i == j ? m0 / n : 0)) / root2
                second[i, j] = value
                second[j, i] = value
                p2 += 1
            }
        }
        c2 = second
        var third = Matrix(rows: d, cols: d * d)
        var p3 = 0
        for i in 0..<d {
            for j in i..<d {
                for k in j..<d {
                    var value = m3[p3] / n
                    if j == k { value -= first[i] }
                    if i == k { value -= first[j] }
                    if i == j { value -= first[k] }
                    value /= root6
                    for (p, q, r) in [(i, j, k), (i, k, j), (j, i, k), (j, k, i), (k, i, j), (k, j, i)] {
                        third[p, q * d + r] = value
                    }
                    p3 += 1
                }
            }
        }
        c3 = third
    }
}
