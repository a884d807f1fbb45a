import Foundation

/// The target function `t(x) = g(u·x)` of a single-index teacher, as a function of the projection `z = u·x`.
public enum TeacherKind: String, Codable, Sendable, CaseIterable {
    /// `g(z) = z` (unit variance for `z ~ N(0, 1)`).
    case linear
    /// `g(z) = erf(z)` (variance `(2/π) asin(2/3) ≈ 0.4646` for `z ~ N(0, 1)`).
    case erf
    /// `g(z) = He_k(z)/√k!`, the normalised probabilists' Hermite polynomial of degree `k` (unit variance).
    case hermite

    /// The teacher's link function at a projection `z = u·x`.
    /// - Parameters:
    ///   - z: the projection of the input on the teacher direction.
    ///   - hermiteDegree: the degree `k`, used only by `.hermite`.
    /// - Returns: `g(z)`.
    public func value(at z: Double, hermiteDegree: Int) -> Double {
        switch self {
        case .linear: return z
        case .erf: return Foundation.erf(z)
        case .hermite: return HermitePolynomial.normalized(hermiteDegree, z)
        }
    }
}
