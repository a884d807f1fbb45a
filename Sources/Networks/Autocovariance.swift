import Foundation

/// Autocovariances of series of one length by FFT (zero-padded radix-2 transform, O(n log n)),
/// with the twiddle factors and work buffers computed once and reused.
struct Autocovariance {
    /// The series length `n`.
    let count: Int
    private let size: Int
    private let cosines: [Double]
    private let sines: [Double]
    private var re: [Double]
    private var im: [Double]

    /// A transform for series of `count ≥ 1` values.
    /// - Parameter count: the series length.
    init(count: Int) {
        self.count = count
        var size = 1
        while size < 2 * count { size <<= 1 }
        self.size = size
        let half = size / 2
        cosines = (0..<half).map { Foundation.cos(-2 * Double.pi * Double($0) / Double(size)) }
        sines = (0..<half).map { Foundation.sin(-2 * Double.pi * Double($0) / Double(size)) }
        re = [Double](repeating: 0, count: size)
        im = [Double](repeating: 0, count: size)
    }

    /// `γ(t) = (1/n) Σ_{i < n−t} (x_i − x̄)(x_{i+t} − x̄)`, `t = 0..<n` (the biased estimator used by
    /// Geyer's and Stan's effective-sample-size estimators).
    /// - Parameter x: the series (`count` values).
    /// - Returns: the `count` autocovariances.
    mutating func biased(_ x: [Double]) -> [Double] {
        precondition(x.count == count, "Autocovariance: series of \(x.count) values, expected \(count)")
        let n = count
        let mean = x.reduce(0, +) / Double(n)
        for i in 0..<size {
            re[i] = i < n ? x[i] - mean : 0
            im[i] = 0
        }
        transform(inverse: false)
        for k in 0..<size {
            re[k] = re[k] * re[k] + im[k] * im[k]
            im[k] = 0
        }
        transform(inverse: true)
        let scale = 1 / (Double(size) * Double(n))
        return (0..<n).map { re[$0] * scale }
    }

    /// `γ(t)` by the defining sum (the reference for tests).
    /// - Parameter x: the series.
    /// - Returns: the `n` autocovariances.
    static func direct(_ x: [Double]) -> [Double] {
        let n = x.count
        if n == 0 { return [] }
        let mean = x.reduce(0, +) / Double(n)
        return (0..<n).map { t in
            var s = 0.0
            for i in 0..<(n - t) { s += (x[i] - mean) * (x[i + t] - mean) }
            return s / Double(n)
        }
    }

    /// In-place iterative radix-2 Cooley–Tukey transform of `(re, im)` (unnormalised; the inverse uses
    /// the conjugate twiddles).
    private mutating func transform(inverse: Bool) {
        let n = size
        if n == 1 { return }
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        let sign: Double = inverse ? -1 : 1
        re.withUnsafeMutableBufferPointer { re in
            im.withUnsafeMutableBufferPointer { im in
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        var length = 2
                        while length <= n {
                            let half = length / 2, stride = n / length
                            var start = 0
                            while start < n {
                                for k in 0..<half {
                                    let wr = cosines[k * stride], wi = sign * sines[k * stride]
                                    let a = start + k, b = a + half
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                }
                                start += length
                            }
                            length <<= 1
                        }
                    }
                }
            }
        }
    }
}
