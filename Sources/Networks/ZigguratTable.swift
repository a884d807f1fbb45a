import Foundation

/// The layer table of a 256-layer ziggurat for the standard normal density
/// (Marsaglia & Tsang 2000, in the layout of Doornik 2005, "An improved ziggurat method to
/// generate normal random samples").
///
/// With `f(x) = exp(−x²/2)`, every layer has the same area `V = R f(R) + ∫_R^∞ f`: layer 0 is the
/// base strip `[0, R] × [0, f(R)]` plus the tail beyond `R`, drawn as a virtual rectangle of width
/// `x[0] = V/f(R)`; layer `i ≥ 1` is `[0, x[i]] × [f(x[i]), f(x[i+1])]`, with `x[1] = R`,
/// `x[i+1] = √(−2 ln(V/x[i] + f(x[i])))` and `x[256] = 0`. `R` is not taken from a paper but solved
/// here (bisection to machine precision) so that the top layer closes exactly:
/// `x[255](1 − f(x[255])) = V`; the result is `R ≈ 3.6541528853610088`.
final class ZigguratTable: @unchecked Sendable {
    /// Number of layers.
    static let layers = 256
    /// The shared table.
    static let shared = ZigguratTable()

    /// `x[0...256]`: layer widths (`x[0] = V/f(R)`, `x[1] = R`, …, `x[256] = 0`). Immutable after `init`
    /// (raw storage of the immortal shared table, so that hot loops need no reference counting).
    let x: UnsafePointer<Double>
    /// `x[i+1]/x[i]` for `i < 256`: `|u| < ratio[i]` accepts `u·x[i]` without evaluating `f`.
    let ratio: UnsafePointer<Double>
    /// The tail start `R`.
    let tailStart: Double

    private init() {
        let c = ZigguratTable.layers
        // Residual of the top-layer closure for a trial R; +∞-like when the recursion overshoots.
        func build(_ r: Double) -> (residual: Double, x: [Double]) {
            let fr = Foundation.exp(-0.5 * r * r)
            let v = r * fr + (Double.pi / 2).squareRoot() * Foundation.erfc(r / 2.0.squareRoot())
            var x = [Double](repeating: 0, count: c + 1)
            x[0] = v / fr
            x[1] = r
            var f = fr
            for i in 2..<c {
                let arg = v / x[i - 1] + f
                if arg >= 1 { return (-1, x) }  // V too large for this R: R must grow
                x[i] = (-2 * Foundation.log(arg)).squareRoot()
                f = Foundation.exp(-0.5 * x[i] * x[i])
            }
            return (x[c - 1] * (1 - f) - v, x)
        }
        var lo = 3.0, hi = 4.5
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if build(mid).residual < 0 { lo = mid } else { hi = mid }
        }
        let table = build(hi).x
        let xs = UnsafeMutablePointer<Double>.allocate(capacity: c + 1)
        xs.initialize(from: table, count: c + 1)
        let ratios = UnsafeMutablePointer<Double>.allocate(capacity: c)
        for i in 0..<c { ratios[i] = table[i + 1] / table[i] }
        x = UnsafePointer(xs)
        ratio = UnsafePointer(ratios)
        tailStart = hi
    }
}
