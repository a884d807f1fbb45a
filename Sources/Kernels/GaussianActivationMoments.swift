import Foundation

/// Closed forms of `E[φ(U)φ(V)]` for a centred Gaussian pair `(U, V)` with covariance
/// `(Σ_uu, Σ_uv, Σ_vv)`.
public enum GaussianActivationMoments {
    /// The closed-form expectation, or `nil` for activations without one (tanh).
    ///
    /// * linear: `Σ_uv`.
    /// * ReLU (Cho & Saul 2009, arc-cosine kernel of order 1):
    ///   `(1/2π) √(Σ_uu Σ_vv) (sin θ + (π − θ) cos θ)`, `cos θ = Σ_uv / √(Σ_uu Σ_vv)`
    ///   (clamped into [−1, 1]); 0 when either variance is 0.
    /// * erf (Williams 1997): `(2/π) asin(2Σ_uv / √((1 + 2Σ_uu)(1 + 2Σ_vv)))`.
    /// * quadratic (Isserlis): `Σ_uu Σ_vv + 2Σ_uv²`.
    /// - Parameters:
    ///   - activation: `φ`.
    ///   - suu: `Var U`.
    ///   - suv: `Cov(U, V)`.
    ///   - svv: `Var V`.
    /// - Returns: `E[φ(U)φ(V)]`, or `nil` when no closed form is implemented.
    @inlinable
    public static func closedForm(_ activation: Activation, _ suu: Double, _ suv: Double, _ svv: Double) -> Double? {
        switch activation {
        case .linear:
            return suv
        case .relu:
            let norms = (suu * svv).squareRoot()
            if norms == 0 { return 0 }
            let cosine = min(1, max(-1, suv / norms))
            let theta = Foundation.acos(cosine)
            let sine = (1 - cosine * cosine).squareRoot()
            return norms / (2 * Double.pi) * (sine + (Double.pi - theta) * cosine)
        case .erf:
            let argument = 2 * suv / ((1 + 2 * suu) * (1 + 2 * svv)).squareRoot()
            return 2 / Double.pi * Foundation.asin(min(1, max(-1, argument)))
        case .quadratic:
            return suu * svv + 2 * suv * suv
        case .tanh:
            return nil
        }
    }
}
