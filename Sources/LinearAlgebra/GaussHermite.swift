import Foundation

/// Gauss–Hermite quadrature for the *probabilists'* weight: expectations over a standard normal.
///
/// With `n` nodes, `Σ_i w_i f(x_i) = E[f(Z)]`, `Z ~ N(0, 1)`, exactly for every polynomial `f` of
/// degree ≤ 2n − 1, and `Σ_i w_i = 1`.
///
/// Nodes come from the Golub–Welsch method: they are the eigenvalues of the Jacobi matrix of the
/// monic recurrence `He_{k+1}(x) = x He_k(x) − k He_{k−1}(x)` (zero diagonal, off-diagonal √k).
/// Each node is then polished by Newton steps on the orthonormal polynomial `p_n = He_n/√n!`, and
/// the weights are computed from the Christoffel function `w_i = 1 / Σ_{k<n} p_k(x_i)²`, which keeps
/// full relative accuracy even for the tiny weights of the outermost nodes (the squared first
/// eigenvector components of Golub–Welsch only have absolute accuracy ~1e-16).
public struct GaussHermite: Sendable {
    /// The nodes in ascending order, symmetric about 0.
    public let nodes: [Double]
    /// The weights (positive, summing to 1).
    public let weights: [Double]

    /// Builds the rule with `order` nodes.
    /// - Parameter order: the number of nodes (1 ... 1000).
    public init(order: Int) {
        precondition(order >= 1 && order <= 1000, "Gauss–Hermite order must be in 1...1000, got \(order)")
        let n = order
        var jacobi = Matrix(rows: n, cols: n)
        for k in 1..<max(n, 1) {
            let b = Double(k).squareRoot()
            jacobi[k - 1, k] = b
            jacobi[k, k - 1] = b
        }
        guard let eigen = try? SymmetricEigen(jacobi) else {
            preconditionFailure("Golub–Welsch eigenproblem failed for Gauss–Hermite order \(n)")
        }
        var x = eigen.values
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var xi = x[i]
            for _ in 0..<8 {
                let p = GaussHermite.orthonormalHermite(degree: n, at: xi)
                let step = p.value / (Double(n).squareRoot() * p.previous)
                guard step.isFinite else { break }
                xi -= step
                if abs(step) <= 1e-16 * max(1, abs(xi)) { break }
            }
            x[i] = xi
            let p = GaussHermite.orthonormalHermite(degree: n, at: xi)
            w[i] = (1 / p.sumOfSquares) * Foundation.pow(GaussHermite.rescale * GaussHermite.rescale, Double(p.rescalings))
        }
        // Impose the exact symmetry x_i = −x_{n−1−i}, w_i = w_{n−1−i}.
        for i in 0..<(n / 2) {
            let j = n - 1 - i
            let xs = (x[j] - x[i]) / 2
            let ws = (w[i] + w[j]) / 2
            x[i] = -xs; x[j] = xs
            w[i] = ws; w[j] = ws
        }
        if n % 2 == 1 { x[n / 2] = 0 }
        nodes = x
        weights = w
    }

    /// The nodes and weights of the `count`-point rule.
    /// - Parameter count: the number of nodes.
    /// - Returns: nodes (ascending) and weights.
    public static func nodes(count: Int) -> (nodes: [Double], weights: [Double]) {
        let rule = GaussHermite(order: count)
        return (rule.nodes, rule.weights)
    }

    /// `E[f(Z)]` for `Z ~ N(0, 1)`.
    /// - Parameter f: the integrand.
    /// - Returns: the quadrature sum `Σ w_i f(x_i)`.
    public func expectation(_ f: (Double) -> Double) -> Double {
        var s = 0.0
        for i in nodes.indices { s += weights[i] * f(nodes[i]) }
        return s
    }

    /// `E[f(U, V)]` for a centred Gaussian pair with covariance `(c11, c12, c22)`.
    ///
    /// Uses the Cholesky factor of the 2×2 covariance, `U = L11 Z1`, `V = L21 Z1 + L22 Z2`, and the
    /// tensor-product rule over `(Z1, Z2)`. The covariance must be positive semi-definite; a
    /// round-off excess `c12² > c11 c22` is clamped (`L22 = 0`, perfectly correlated pair).
    /// - Parameters:
    ///   - covariance: `(Var U, Cov(U, V), Var V)`.
    ///   - f: the integrand.
    /// - Returns: the quadrature approximation of the expectation.
    public func expectation2D(covariance: (Double, Double, Double), _ f: (Double, Double) -> Double) -> Double {
        let (c11, c12, c22) = covariance
        precondition(c11 >= 0 && c22 >= 0, "expectation2D: variances must be non-negative, got \(c11), \(c22)")
        let l11 = c11.squareRoot()
        let l21 = l11 > 0 ? c12 / l11 : 0
        let l22 = max(0, c22 - l21 * l21).squareRoot()
        var total = 0.0
        for i in nodes.indices {
            let u = l11 * nodes[i]
            let vMean = l21 * nodes[i]
            var inner = 0.0
            if l22 == 0 {
                inner = f(u, vMean)
            } else {
                for j in nodes.indices { inner += weights[j] * f(u, vMean + l22 * nodes[j]) }
            }
            total += weights[i] * inner
        }
        return total
    }

    /// `E[f(U, V)]` for a centred Gaussian pair, building a rule of the given order.
    ///
    /// For many evaluations build one `GaussHermite(order:)` and call its method instead.
    /// - Parameters:
    ///   - covariance: `(Var U, Cov(U, V), Var V)`.
    ///   - order: nodes per dimension.
    ///   - f: the integrand.
    /// - Returns: the quadrature approximation of the expectation.
    public static func expectation2D(covariance: (Double, Double, Double), order: Int,
                                     f: (Double, Double) -> Double) -> Double {
        GaussHermite(order: order).expectation2D(covariance: covariance, f)
    }

    /// Factor by which the recurrence is rescaled to avoid overflow.
    private static let rescale = 1e-100

    /// Evaluates the orthonormal Hermite polynomials `p_k = He_k/√k!` at `x`.
    /// - Parameters:
    ///   - degree: `n ≥ 1`.
    ///   - x: the point.
    /// - Returns: `p_n(x)`, `p_{n−1}(x)` and `Σ_{k<n} p_k(x)²`, the first two multiplied by
    ///   `rescale^rescalings` and the sum by its square.
    private static func orthonormalHermite(degree n: Int, at x: Double)
        -> (value: Double, previous: Double, sumOfSquares: Double, rescalings: Int) {
        var previous = 0.0
        var current = 1.0
        var sum = 1.0
        var rescalings = 0
        if n > 1 {
            for k in 0..<(n - 1) {
                let next = (x * current - Double(k).squareRoot() * previous) / Double(k + 1).squareRoot()
                previous = current
                current = next
                sum += current * current
                if abs(current) > 1e100 {
                    previous *= rescale
                    current *= rescale
                    sum *= rescale * rescale
                    rescalings += 1
                }
            }
        }
        let value = (x * current - Double(n - 1).squareRoot() * previous) / Double(n).squareRoot()
        return (value, current, sum, rescalings)
    }
}
