import Foundation

/// Autocovariances of a series by FFT (zero-padded radix-2 transform, O(n log n)).
enum Autocovariance {
    /// `γ(t) = (1/n) Σ_{i < n−t} (x_i − x̄)(x_{i+t} − x̄)`, `t = 0..<n` (the biased estimator used by
    /// Geyer's and Stan's effective-sample-size estimators).
    /// - Parameter x: the series (n ≥ 1).
    /// - Returns: the `n` autocovariances.
    static func biased(_ x: [Double]) -> [Double] {
        let n = x.count
        if n == 0 { return [] }
        let mean = x.reduce(0, +) / Double(n)
        var size = 1
        while size < 2 * n { size <<= 1 }
        var re = [Double](repeating: 0, count: size), im = [Double](repeating: 0, count: size)
        for i in 0..<n { re[i] = x[i] - mean }
        fft(&re, &im, inverse: false)
        for k in 0..<size {
            re[k] = re[k] * re[k] + im[k] * im[k]
            im[k] = 0
        }
        fft(&re, &im, inverse: true)
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

    /// In-place iterative radix-2 Cooley–Tukey transform (unnormalised; `inverse` uses `e^{+2πi/n}`).
    private static func fft(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = re.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = (inverse ? 2 : -2) * Double.pi / Double(length)
            let half = length / 2
            let wr = (0..<half).map { Foundation.cos(angle * Double($0)) }
            let wi = (0..<half).map { Foundation.sin(angle * Double($0)) }
            var start = 0
            while start < n {
                for k in 0..<half {
                    let a = start + k, b = a + half
                    let tr = re[b] * wr[k] - im[b] * wi[k]
                    let ti = re[b] * wi[k] + im[b] * wr[k]
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
