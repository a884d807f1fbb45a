import Foundation

/// Table-driven, branch-free `exp`, `erf` and `tanh` on four lanes at a time, for the elementwise
/// passes of the sampler (libm's scalar calls cost 8–14 ns each here and would dominate small networks;
/// these run at a few ns per element). Every value is computed by the four-lane code, so a result
/// never depends on its position in a buffer.
///
/// Accuracy (tested against libm for |x| ≤ 40 and near 0): a few ulp in relative terms for `exp`,
/// `erf`, its derivative `(2/√π)e^{−x²}`, `tanh` and `sech²`.
///
/// * `exp(y)`: `y = (64m + j)·ln2/64 + r`, `|r| ≤ ln2/128`; `exp(y) = 2^m · 2^{j/64} · p(r)` with `p`
///   the degree-6 Taylor polynomial (truncation < 2e-17); `exp(y) = 0` for `y < −708`; arguments
///   above 708 are clamped (only `−h²` and `2|h| ≤ 708` are passed).
/// * `erf(x)`: the degree-9 Taylor polynomial of the width-1/16 interval holding `|x| < 6`, about its
///   centre `c` (about 0 for `[0, 1/16)`, whose polynomial is odd: relative truncation < 7e-16), with
///   coefficients `a_0 = erf(c)`, `a_k = (2/√π)(−1)^{k−1} H_{k−1}(c) e^{−c²}/k!` (physicists' Hermite `H`,
///   computed once; truncation < 4e-18 elsewhere); `erf(x) = ±1` for `|x| ≥ 6` (`erfc(6) < 2.2e-17`, less
///   than half an ulp of 1).
/// * `tanh(x) = E/(E + 2)` and `sech²(x) = 4(E + 1)/(E + 2)²` with `E = expm1(2|x|)`: the degree-13
///   Taylor polynomial for `2|x| < 0.35`, `exp(2|x|) − 1` above (no cancellation there).
/// * `tanh(x)` alone (`tanh(_:_:)`, the mean-field Langevin kernel's): about twice as fast as
///   `tanhAndDerivative`, by the addition theorem from a table: `c = k/64` with `k = ⌊64|x|⌋`,
///   `r = |x| − c ∈ [0, 1/64]` (exact), `τ = tanh r` by its degree-9 Taylor polynomial (truncation
///   < 1e-20 relative), and `tanh(c + r) = T + τ(1 − T)(1 + T)/(1 + Tτ)` with `T = tanh c` from
///   `tanhTable` (the correction is non-negative and at most about `T`, so `T`'s rounding is not
///   amplified; `k = 0` gives `τ` itself); `tanh x = ±1` for `|x| ≥ 20` (`1 − tanh 20 < 2⁻⁵⁶`).
enum FastMath {
    typealias Lanes = SIMD4<Double>

    /// `2^{j/64}`, `j = 0..<64`.
    static let exp2Table: [Double] = (0..<64).map { Foundation.exp2(Double($0) / 64) }

    /// `erf` Taylor coefficients `a_0 … a_9`, 10 per interval `[k/16, (k+1)/16)`, `k = 0..<96`, about the
    /// interval's centre `(k + ½)/16`, except for `k = 0`, which is expanded about 0 (so that `erf(x) = x·(…)`
    /// keeps its relative accuracy for tiny `x`).
    static let erfTable: [Double] = {
        var table = [Double](repeating: 0, count: 96 * erfStride)
        let twoOverRootPi = 2 / Double.pi.squareRoot()
        for k in 0..<96 {
            let c = k == 0 ? 0 : (Double(k) + 0.5) / 16
            let g = twoOverRootPi * Foundation.exp(-c * c)
            var hermite = [1.0, 2 * c]   // H_{n+1} = 2c H_n − 2n H_{n−1}
            for n in 1..<8 { hermite.append(2 * c * hermite[n] - 2 * Double(n) * hermite[n - 1]) }
            table[erfStride * k] = Foundation.erf(c)
            var factorial = 1.0
            for m in 1...9 {
                factorial *= Double(m)
                let sign: Double = (m - 1) % 2 == 0 ? 1 : -1
                table[erfStride * k + m] = sign * g * hermite[m - 1] / factorial
            }
        }
        return table
    }()

    /// Doubles per interval in `erfTable`.
    static let erfStride = 10

    /// `tanh(k/64)`, `k = 0..<2048` (`k ≤ 1280` is used; the rest keeps any masked index in bounds, NaN included).
    static let tanhTable: [Double] = (0..<2048).map { Foundation.tanh(Double($0) / 64) }

    /// `1.5·2^52`: adding it to a double of magnitude < 2^51 rounds it to an integer held in the low bits.
    private static let roundingMagic = 6755399441055744.0
    private static let roundingMagicBits: Int64 = 0x4338_0000_0000_0000

    /// The integer `k` held in the low bits of `k + roundingMagic`, lane by lane.
    @inline(__always)
    private static func integerBits(_ shifted: Lanes, _ lane: Int) -> Int {
        Int(truncatingIfNeeded: Int64(bitPattern: shifted[lane].bitPattern) &- roundingMagicBits)
    }

    /// `e^y` on four lanes (see the type's documentation).
    /// - Parameters:
    ///   - y: the arguments (≤ 708).
    ///   - table: `exp2Table`'s storage.
    /// - Returns: `e^y`.
    @inline(__always)
    static func exp(_ y: Lanes, _ table: UnsafePointer<Double>) -> Lanes {
        let lo = Lanes(repeating: -708), hi = Lanes(repeating: 708)
        let yc = y.replacing(with: lo, where: y .< lo).replacing(with: hi, where: y .> hi)
        // ln2/64 split as fdlibm's ln2_hi/64 and ln2_lo/64: k·hi is exact for |k| < 2^21.
        let kd = yc * 92.332482616893656 + roundingMagic
        let kf = kd - roundingMagic
        let r = (yc - kf * 1.0830424693267559632656e-02) - kf * 2.9815858269852932812813e-12
        var p = r * (1.0 / 720) + (1.0 / 120)
        p = p * r + (1.0 / 24)
        p = p * r + (1.0 / 6)
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2^{j/64} · 2^m from the table and the exponent bits (m ≥ −12 − 1011 > −1023: a normal number).
        var t = Lanes(repeating: 0)
        for l in 0..<Lanes.scalarCount {
            let k = integerBits(kd, l)
            t[l] = table[k & 63] * Double(bitPattern: UInt64(bitPattern: Int64((k >> 6) + 1023) << 52))
        }
        return (t * p).replacing(with: 0, where: y .< lo)
    }

    /// `erf(x)` on four lanes.
    /// - Parameters:
    ///   - x: the arguments.
    ///   - table: `erfTable`'s storage.
    /// - Returns: `erf(x)` (NaN for NaN).
    @inline(__always)
    static func erf(_ x: Lanes, _ table: UnsafePointer<Double>) -> Lanes {
        let negative = x .< 0
        let a = x.replacing(with: -x, where: negative)
        let clamped = a.replacing(with: 5.99, where: .!(a .< 5.99))   // also maps NaN to a valid index
        // k = floor(16|x|) (a tie may give k − 1; |t| ≤ 1/32 either way).
        let kd = (clamped * 16 - 0.5) + roundingMagic
        let kf = kd - roundingMagic
        // Interval centre (k + ½)/16, or 0 for the first interval.
        let t = a - ((kf + 0.5) * 0.0625).replacing(with: 0, where: kf .== 0)
        var base = SIMD4<Int>(repeating: 0)
        for l in 0..<Lanes.scalarCount { base[l] = erfStride &* integerBits(kd, l) }
        @inline(__always) func c(_ m: Int) -> Lanes {
            var v = Lanes(repeating: 0)
            for l in 0..<Lanes.scalarCount { v[l] = table[base[l] + m] }
            return v
        }
        let t2 = t * t, t4 = t2 * t2, t8 = t4 * t4
        let p01 = c(0) + c(1) * t, p23 = c(2) + c(3) * t, p45 = c(4) + c(5) * t
        let p67 = c(6) + c(7) * t, p89 = c(8) + c(9) * t
        let poly = (p01 + t2 * p23) + t4 * (p45 + t2 * p67) + t8 * p89
        let value = poly.replacing(with: 1, where: a .>= 6)
        return value.replacing(with: -value, where: negative)
    }

    /// `(tanh x, sech² x)` on four lanes, both accurate in relative terms.
    /// - Parameters:
    ///   - x: the arguments.
    ///   - table: `exp2Table`'s storage.
    /// - Returns: `tanh x` and `1 − tanh² x`.
    @inline(__always)
    static func tanhAndDerivative(_ x: Lanes, _ table: UnsafePointer<Double>) -> (Lanes, Lanes) {
        let negative = x .< 0
        let a = x.replacing(with: -x, where: negative)
        let y = (2 * a).replacing(with: 708, where: a .> 354)
        var s = y * (1.0 / 6227020800) + (1.0 / 479001600)
        s = s * y + (1.0 / 39916800)
        s = s * y + (1.0 / 3628800)
        s = s * y + (1.0 / 362880)
        s = s * y + (1.0 / 40320)
        s = s * y + (1.0 / 5040)
        s = s * y + (1.0 / 720)
        s = s * y + (1.0 / 120)
        s = s * y + (1.0 / 24)
        s = s * y + (1.0 / 6)
        s = s * y + 0.5
        s = s * y + 1
        let small = s * y
        let e = (exp(y, table) - 1).replacing(with: small, where: y .< 0.35)
        let inverse = 1 / (e + 2)
        let t = e * inverse
        let d = 4 * inverse * ((e + 1) * inverse)
        return (t.replacing(with: -t, where: negative), d)
    }

    /// `tanh x` on four lanes, accurate in relative terms (see the type's documentation).
    /// - Parameters:
    ///   - x: the arguments.
    ///   - table: `tanhTable`'s storage.
    /// - Returns: `tanh x` (NaN for NaN, `±1` for `±∞`).
    @inline(__always)
    static func tanh(_ x: Lanes, _ table: UnsafePointer<Double>) -> Lanes {
        typealias Bits = SIMD4<UInt64>
        let signBit = Bits(repeating: 0x8000_0000_0000_0000)
        let bits = unsafeBitCast(x, to: Bits.self)
        let magnitude = unsafeBitCast(bits & ~signBit, to: Lanes.self)
        let a = magnitude.replacing(with: 20, where: magnitude .> 20)
        // k = ⌊64a⌋ (a tie may give k − 1; r ∈ [0, 1/64] either way), held in the low bits of kd.
        let kd = (a * 64 - 0.5) + roundingMagic
        let r = a - (kd - roundingMagic) * (1.0 / 64)
        let r2 = r * r
        // tanh r = r − r³/3 + 2r⁵/15 − 17r⁷/315 + 62r⁹/2835 (next term < 1e-20 r for r ≤ 1/64)
        var p = r2 * (62.0 / 2835) - (17.0 / 315)
        p = p * r2 + (2.0 / 15)
        p = p * r2 - (1.0 / 3)
        let tau = r + (r * r2) * p
        let index = unsafeBitCast(kd, to: Bits.self) & 2047
        var t0 = Lanes(repeating: 0)
        for l in 0..<Lanes.scalarCount { t0[l] = table[Int(truncatingIfNeeded: index[l])] }
        let t = t0 + (tau * ((1 - t0) * (1 + t0))) / (t0 * tau + 1)
        return unsafeBitCast(unsafeBitCast(t, to: Bits.self) | (bits & signBit), to: Lanes.self)
    }

    /// The sum of the lanes in a fixed order: `(l0 + l1) + (l2 + l3)` for four lanes, `l0 + l1` for two.
    @inline(__always)
    static func laneSum(_ v: Lanes) -> Double {
        var total = 0.0
        var l = 0
        while l < Lanes.scalarCount {
            total += v[l] + v[l + 1]
            l += 2
        }
        return total
    }

    /// `erf(x)` for one value (the four-lane code on a broadcast).
    static func erf(_ x: Double) -> Double {
        erfTable.withUnsafeBufferPointer { erf(Lanes(repeating: x), $0.baseAddress!).x }
    }

    /// `e^x` for one value (the four-lane code on a broadcast).
    static func exp(_ x: Double) -> Double {
        exp2Table.withUnsafeBufferPointer { exp(Lanes(repeating: x), $0.baseAddress!).x }
    }

    /// `tanh x` for one value (the four-lane `tanh(_:_:)` on a broadcast).
    static func tanh(_ x: Double) -> Double {
        tanhTable.withUnsafeBufferPointer { tanh(Lanes(repeating: x), $0.baseAddress!).x }
    }

    /// `(tanh x, sech² x)` for one value (the four-lane code on a broadcast).
    static func tanhAndDerivative(_ x: Double) -> (Double, Double) {
        exp2Table.withUnsafeBufferPointer {
            let (t, d) = tanhAndDerivative(Lanes(repeating: x), $0.baseAddress!)
            return (t.x, d.x)
        }
    }
}
