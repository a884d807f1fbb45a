import Foundation

/// A pointwise activation function `φ` of a hidden unit.
public enum Activation: String, Codable, Sendable, CaseIterable {
    /// `φ(h) = h`.
    case linear
    /// `φ(h) = max(0, h)`; its derivative at 0 is taken as 0.
    case relu
    /// `φ(h) = erf(h)`.
    case erf
    /// `φ(h) = tanh(h)`.
    case tanh
    /// `φ(h) = h²`.
    case quadratic

    /// `φ(h)`.
    /// - Parameter h: the pre-activation.
    /// - Returns: the activation.
    @inlinable
    public func callAsFunction(_ h: Double) -> Double {
        switch self {
        case .linear: return h
        case .relu: return h > 0 ? h : 0
        case .erf: return Foundation.erf(h)
        case .tanh: return Foundation.tanh(h)
        case .quadratic: return h * h
        }
    }

    /// `φ'(h)`.
    /// - Parameter h: the pre-activation.
    /// - Returns: the derivative (for ReLU, 1 for h > 0 and 0 otherwise).
    @inlinable
    public func derivative(_ h: Double) -> Double {
        switch self {
        case .linear: return 1
        case .relu: return h > 0 ? 1 : 0
        case .erf: return 2 / Double.pi.squareRoot() * Foundation.exp(-h * h)
        case .tanh:
            let t = Foundation.tanh(h)
            return 1 - t * t
        case .quadratic: return 2 * h
        }
    }

    /// Whether `E[φ(U)φ(V)]` over a centred Gaussian pair has a closed form in this module
    /// (linear, ReLU, erf, quadratic; tanh needs quadrature).
    public var hasClosedFormKernel: Bool { self != .tanh }
}
