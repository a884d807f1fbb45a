import Foundation
import Kernels

/// The hidden-unit activation `φ` of a two-layer network.
///
/// The cases of `Kernels.Activation` used by the papers (linear, ReLU, erf, tanh) plus the
/// normalised probabilists' Hermite polynomials `φ(h) = He_k(h)/√k!` (k ≥ 1), which are
/// orthonormal under the standard Gaussian: `E[φ_k(z) φ_l(z)] = δ_kl`.
/// `He_1(h) = h`, so `.hermite(degree: 1)` is the same function as `.linear`.
public enum NetworkActivation: Sendable, Equatable, CustomStringConvertible {
    /// `φ(h) = h`.
    case linear
    /// `φ(h) = max(0, h)`; `φ'(0)` is taken as 0.
    case relu
    /// `φ(h) = erf(h)`.
    case erf
    /// `φ(h) = tanh(h)`.
    case tanh
    /// `φ(h) = He_k(h)/√k!` (probabilists' Hermite polynomial, `He_{k+1} = h He_k − k He_{k−1}`),
    /// with `φ'(h) = √k · He_{k−1}(h)/√(k−1)!`.
    case hermite(degree: Int)

    /// The activation for a name as written in a manifest.
    /// - Parameters:
    ///   - name: `linear`, `relu`, `erf`, `tanh` or `hermite` (case-insensitive).
    ///   - hermiteDegree: the degree `k ≥ 1`, used only for `hermite`.
    /// - Throws: `NetworkError.unknownActivation` for another name, `.invalidParameter` for `k < 1`.
    public init(name: String, hermiteDegree: Int) throws {
        switch name.lowercased() {
        case "linear": self = .linear
        case "relu": self = .relu
        case "erf": self = .erf
        case "tanh": self = .tanh
        case "hermite":
            guard hermiteDegree >= 1 else {
                throw NetworkError.invalidParameter(name: "hermite_degree", value: "\(hermiteDegree)", requirement: "must be ≥ 1")
            }
            self = .hermite(degree: hermiteDegree)
        default: throw NetworkError.unknownActivation(name)
        }
    }

    /// The activation of a kernel-module `Activation`.
    /// - Parameter activation: linear, relu, erf or tanh (`quadratic` is `√2·He_2 + 1`, not an activation here).
    /// - Throws: `NetworkError.unknownActivation` for `quadratic`.
    public init(_ activation: Activation) throws {
        switch activation {
        case .linear: self = .linear
        case .relu: self = .relu
        case .erf: self = .erf
        case .tanh: self = .tanh
        case .quadratic: throw NetworkError.unknownActivation("quadratic")
        }
    }

    /// The manifest name (`hermite` for every degree).
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .erf: return "erf"
        case .tanh: return "tanh"
        case .hermite: return "hermite"
        }
    }

    /// The name with the Hermite degree, e.g. `hermite(3)`.
    public var description: String {
        if case let .hermite(k) = self { return "hermite(\(k))" }
        return name
    }

    /// The matching `Kernels.Activation` for NNGP kernels (`.hermite(1)` is linear); `nil` for other
    /// Hermite degrees.
    public var kernelActivation: Activation? {
        switch self {
        case .linear, .hermite(degree: 1): return .linear
        case .relu: return .relu
        case .erf: return .erf
        case .tanh: return .tanh
        case .hermite: return nil
        }
    }

    /// Whether `φ` is the identity (linear, or Hermite of degree 1); the sampler then uses the
    /// O(ND + PD) rank-one path instead of matrix–matrix products.
    public var isIdentity: Bool {
        switch self {
        case .linear, .hermite(degree: 1): return true
        default: return false
        }
    }

    /// Whether `φ` is infinitely differentiable (all but ReLU).
    public var isSmooth: Bool { self != .relu }

    /// `φ(h)`.
    /// - Parameter h: the pre-activation.
    /// - Returns: the activation.
    public func callAsFunction(_ h: Double) -> Double {
        if case let .hermite(k) = self { return HermiteFunctions.normalised(k, h).value }
        return kernelActivation!(h)  // the shared definition in Kernels
    }

    /// `φ'(h)`.
    /// - Parameter h: the pre-activation.
    /// - Returns: the derivative (ReLU: 1 for h > 0, else 0).
    public func derivative(_ h: Double) -> Double {
        if case let .hermite(k) = self { return HermiteFunctions.normalised(k, h).derivative }
        return kernelActivation!.derivative(h)
    }
}

/// Normalised probabilists' Hermite functions `He_k/√k!` by the three-term recurrence.
enum HermiteFunctions {
    /// `(He_k(h)/√k!, d/dh of it)`, computed with the normalised recurrence
    /// `ψ_{n+1} = (h ψ_n − √n ψ_{n−1})/√(n+1)`, `ψ_0 = 1`, `ψ_1 = h`; the derivative is `√k ψ_{k−1}`.
    /// - Parameters:
    ///   - k: the degree (≥ 1).
    ///   - h: the argument.
    /// - Returns: value and derivative.
    @inline(__always)
    static func normalised(_ k: Int, _ h: Double) -> (value: Double, derivative: Double) {
        var previous = 1.0   // ψ_0
        var current = h      // ψ_1
        if k == 1 { return (h, 1) }
        var n = 1
        while n < k {
            let next = (h * current - Double(n).squareRoot() * previous) / Double(n + 1).squareRoot()
            previous = current
            current = next
            n += 1
        }
        return (current, Double(k).squareRoot() * previous)
    }
}
