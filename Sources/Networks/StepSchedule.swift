import Foundation

/// How the Langevin step size changes with the step index `t = 0, 1, …`.
public enum StepSchedule: Sendable, Equatable {
    /// `η_t = η`. The chain's stationary law is the posterior up to the O(η) discretisation bias.
    case constant
    /// `η_t = η (1 + t/t0)^(−γ)` (Welling & Teh 2011 use `γ ∈ (½, 1]`); the bias vanishes as
    /// `η_t → 0`, but kept samples are averaged with equal weights.
    case polynomialDecay(t0: Double, gamma: Double)

    /// The step size at step `t`.
    /// - Parameters:
    ///   - base: `η`.
    ///   - step: `t ≥ 0`.
    /// - Returns: `η_t`.
    public func stepSize(base: Double, step: Int) -> Double {
        switch self {
        case .constant: return base
        case let .polynomialDecay(t0, gamma):
            return gamma == 0 ? base : base * Foundation.exp(-gamma * Foundation.log1p(Double(step) / t0))
        }
    }

    /// Checks the schedule's parameters.
    /// - Throws: `NetworkError.invalidParameter` for `t0 ≤ 0` or `γ` outside `[0, 1]`.
    public func validate() throws {
        if case let .polynomialDecay(t0, gamma) = self {
            if !(t0 > 0 && t0.isFinite) {
                throw NetworkError.invalidParameter(name: "schedule.t0", value: "\(t0)", requirement: "must be finite and > 0")
            }
            if !(gamma >= 0 && gamma <= 1) {
                throw NetworkError.invalidParameter(name: "schedule.gamma", value: "\(gamma)", requirement: "must be in [0, 1]")
            }
        }
    }

}
