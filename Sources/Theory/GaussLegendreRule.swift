import Foundation

/// Gauss–Legendre quadrature on `[0, 1]`, used by the reduced-variable population grids.
///
/// Nodes are the roots of the Legendre polynomial `P_n` (Newton iteration from the Tricomi
/// starting values), mapped from `[−1, 1]` to `[0, 1]`; the rule integrates polynomials of degree
/// ≤ 2n − 1 exactly and its weights sum to 1.
struct GaussLegendreRule: Sendable {
    /// The nodes in `(0, 1)`, ascending.
    let nodes: [Double]
    /// The positive weights, summing to 1.
    let weights: [Double]

    /// Builds the `order`-point rule.
    /// - Parameter order: the number of nodes, at least 1.
    init(order n: Int) {
        precondition(n >= 1, "Gauss–Legendre order must be positive")
        var x = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var z = Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 1.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = z
                if n == 1 { p1 = z; p0 = 1 } else {
                    for j in 2...n {
                        let p2 = ((2 * Double(j) - 1) * z * p1 - (Double(j) - 1) * p0) / Double(j)
                        p0 = p1; p1 = p2
                    }
                }
                // p1 = P_n(z), p0 = P_{n−1}(z).
                derivative = Double(n) * (z * p1 - p0) / (z * z - 1)
                let step = p1 / derivative
                z -= step
                if abs(step) < 1e-15 { break }
            }
            x[i] = (1 - z) / 2
            w[i] = 1 / ((1 - z * z) * derivative * derivative)
        }
        nodes = x
        weights = w
    }
}
