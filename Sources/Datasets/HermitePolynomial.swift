/// Hermite polynomials.
public enum HermitePolynomial {
    /// The probabilists' Hermite polynomial `He_k(x)`, orthogonal under the standard normal:
    /// `E[He_j(Z) He_k(Z)] = k! δ_jk`.
    ///
    /// Evaluated by the three-term recurrence `He_{n+1}(x) = x He_n(x) − n He_{n−1}(x)`,
    /// `He_0 = 1`, `He_1 = x`.
    /// - Parameters:
    ///   - k: the degree (≥ 0).
    ///   - x: the point.
    /// - Returns: `He_k(x)`.
    public static func probabilists(_ k: Int, _ x: Double) -> Double {
        precondition(k >= 0, "Hermite degree must be non-negative, got \(k)")
        if k == 0 { return 1 }
        var previous = 1.0
        var current = x
        if k > 1 {
            for n in 1..<k {
                let next = x * current - Double(n) * previous
                previous = current
                current = next
            }
        }
        return current
    }

    /// The normalised probabilists' Hermite polynomial `He_k(x)/√k!`, with unit variance under
    /// the standard normal (`E[h_k(Z)²] = 1` for every k).
    ///
    /// Evaluated by the normalised recurrence `h_{n+1} = (x h_n − √n h_{n−1}) / √(n+1)`, which
    /// never forms `k!` and so does not overflow for large `k`.
    /// - Parameters:
    ///   - k: the degree (≥ 0).
    ///   - x: the point.
    /// - Returns: `He_k(x)/√k!`.
    public static func normalized(_ k: Int, _ x: Double) -> Double {
        precondition(k >= 0, "Hermite degree must be non-negative, got \(k)")
        if k == 0 { return 1 }
        var previous = 1.0
        var current = x
        if k > 1 {
            for n in 1..<k {
                let next = (x * current - Double(n).squareRoot() * previous) / Double(n + 1).squareRoot()
                previous = current
                current = next
            }
        }
        return current
    }
}
