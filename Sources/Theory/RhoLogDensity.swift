import Foundation
import LinearAlgebra

/// The exact posterior density of the kernel scale `ρ = χ|w|²/g_w` of a linear two-layer network,
/// as a function of `u = ln ρ`.
///
/// Derivation. Given `w`, `f(x) = (Vᵀw)·x` with `Vᵀw ~ N(0, |w|² (g_v/D) I)`, so `f` is a GP with
/// kernel `|w|² C⁰`; with the Gaussian likelihood of variance `κ = κ0/χ`,
/// `p(y | w) = N(y; 0, |w|² C⁰ + κ I) = N(y; 0, A(ρ)/χ)` where `A(ρ) = g_w ρ C⁰ + κ0 I`.
/// Under the prior `χN|w|²/g_w ~ χ²_N`, i.e. `ρ ~ Gamma(shape N/2, rate N/2)`. Hence
///
///     log p(ρ, y) = (N/2 − 1) ln ρ − Nρ/2 − ½ ln det A(ρ) − (χ/2) yᵀ A(ρ)⁻¹ y
///                   + (N/2) ln(N/2) − ln Γ(N/2) − (P/2) ln 2π + (P/2) ln χ,
///
/// and in `u = ln ρ` (Jacobian `ρ`) with `A` diagonal in the eigenbasis of `C⁰`:
///
///     log p(u, y) = priorConstant + likelihoodConstant + L(u),
///     L(u) = (N/2)(u − e^u + 1) − ½ Σ_{λ_k>0} ln(1 + g_w λ_k e^u/κ0) − (χ/2) Σ_{λ_k>0} ŷ_k²/(g_w λ_k e^u + κ0),
///     priorConstant = (N/2) ln(N/2) − N/2 − ln Γ(N/2),
///     likelihoodConstant = −(P/2) ln 2π + (P/2) ln χ − (P/2) ln κ0 − (χ/(2κ0)) Σ_{λ_k=0} ŷ_k².
struct RhoLogDensity: Sendable {
    /// `N/2`.
    let halfWidth: Double
    /// `a_k = g_w λ_k` for the modes with `λ_k > 0`.
    let slopes: [Double]
    /// `ŷ_k²` for the same modes.
    let labelWeights: [Double]
    /// `κ0`.
    let kappa0: Double
    /// `χ`.
    let chi: Double
    /// `(N/2) ln(N/2) − N/2 − ln Γ(N/2)`: the Gamma prior's normaliser after taking out `e^{−N/2}`.
    let priorConstant: Double
    /// The part of `log N(y; 0, A(ρ)/χ)` that does not depend on `ρ`.
    let likelihoodConstant: Double

    /// Collects the per-mode coefficients.
    /// - Parameters:
    ///   - spectrum: the diagonalised input kernel and projected labels.
    ///   - setup: the network parameters.
    init(spectrum: LinearKernelSpectrum, setup: LinearNetworkSetup) {
        let gw = setup.readoutVarianceScale
        var slopes: [Double] = [], weights: [Double] = []
        var nullWeight = 0.0
        for k in spectrum.eigenvalues.indices {
            let c = spectrum.projectedLabels[k] * spectrum.projectedLabels[k]
            if spectrum.eigenvalues[k] > 0 {
                slopes.append(gw * spectrum.eigenvalues[k])
                weights.append(c)
            } else {
                nullWeight += c
            }
        }
        let p = Double(spectrum.trainCount)
        self.slopes = slopes
        labelWeights = weights
        halfWidth = Double(setup.width) / 2
        kappa0 = setup.kappa0
        chi = setup.chi
        priorConstant = Self.gammaLogNormaliser(shape: Double(setup.width) / 2)
        likelihoodConstant = -0.5 * p * Foundation.log(2 * Double.pi) + 0.5 * p * Foundation.log(setup.chi)
            - 0.5 * p * Foundation.log(setup.kappa0) - 0.5 * setup.chi * nullWeight / setup.kappa0
    }

    /// The `ρ`-dependent part of `log N(y; 0, A(ρ)/χ)`:
    /// `−½ Σ ln(1 + a_k ρ/κ0) − (χ/2) Σ ŷ_k²/(a_k ρ + κ0)`.
    /// - Parameter rho: `ρ ≥ 0`.
    /// - Returns: the value.
    func likelihoodVariablePart(rho: Double) -> Double {
        var logDet = 0.0, quadratic = 0.0
        for k in slopes.indices {
            let s = slopes[k] * rho
            logDet += Foundation.log1p(s / kappa0)
            quadratic += labelWeights[k] / (s + kappa0)
        }
        return -0.5 * logDet - 0.5 * chi * quadratic
    }

    /// `log N(y; 0, (g_w ρ C⁰ + κ0 I)/χ)`, the exact log-likelihood of the labels at kernel scale `ρ`.
    /// - Parameter rho: `ρ ≥ 0`.
    /// - Returns: the value with all constants.
    func logLikelihood(rho: Double) -> Double {
        likelihoodConstant + likelihoodVariablePart(rho: rho)
    }

    /// `L(u)`, the log posterior density of `u = ln ρ` up to the constants `priorConstant + likelihoodConstant`.
    /// - Parameter u: `ln ρ`.
    /// - Returns: `L(u)`.
    func callAsFunction(_ u: Double) -> Double {
        halfWidth * (u - Foundation.expm1(u)) + likelihoodVariablePart(rho: Foundation.exp(u))
    }

    /// An interval of `u` outside which `L(u) < L(0) − margin ≤ max L − margin`.
    ///
    /// For `u > 0` the log-determinant term only decreases and the quadratic term gains at most
    /// `Q0 = (χ/2) Σ ŷ_k²/(a_k + κ0)`; for `u < 0` the quadratic term only decreases and the
    /// log-determinant gains at most `D0 = ½ Σ ln(1 + a_k/κ0)`. The prior part changes by
    /// `−(N/2)(e^u − 1 − u)`, so the ends solve `(N/2)(e^u − 1 − u) = Q0 + margin` (u > 0) and
    /// `= D0 + margin` (u < 0).
    /// - Parameter margin: the drop in log-density guaranteed outside the interval.
    /// - Returns: `(lower, upper)` with `lower < 0 < upper`.
    /// - Throws: `TheoryError.numericalFailure` if the ends cannot be found.
    func bracket(margin: Double) throws -> (lower: Double, upper: Double) {
        var q0 = 0.0, d0 = 0.0
        for k in slopes.indices {
            q0 += labelWeights[k] / (slopes[k] + kappa0)
            d0 += Foundation.log1p(slopes[k] / kappa0)
        }
        q0 *= 0.5 * chi
        d0 *= 0.5
        let upper = try priorDropPoint(target: q0 + margin, direction: 1)
        let lower = try priorDropPoint(target: d0 + margin, direction: -1)
        return (lower, upper)
    }

    /// The `u` of the given sign where `(N/2)(e^u − 1 − u)` reaches `target`.
    private func priorDropPoint(target: Double, direction: Double) throws -> Double {
        let h = halfWidth
        let drop: (Double) -> Double = { u in h * (Foundation.expm1(u) - u) - target }
        var far = direction
        var doublings = 0
        while drop(far) < 0 {
            far *= 2
            doublings += 1
            if doublings > 60 {
                throw TheoryError.numericalFailure("no ρ-grid end found for a log-density drop of \(target)")
            }
        }
        do {
            let root = try RootFinder.brent(drop, lower: min(0, far), upper: max(0, far), tolerance: 1e-12)
            return root.x
        } catch {
            throw TheoryError.numericalFailure("locating the ρ-grid end failed: \(error)")
        }
    }

    /// `k ln k − k − ln Γ(k)`, accurate for every `k > 0` (Stirling series for `k ≥ 20`, where the
    /// direct difference would cancel).
    /// - Parameter k: the shape, `N/2`.
    /// - Returns: the value.
    static func gammaLogNormaliser(shape k: Double) -> Double {
        if k < 20 { return k * Foundation.log(k) - k - Foundation.lgamma(k) }
        let r = 1 / k, r2 = r * r
        let series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))))
        return 0.5 * Foundation.log(k) - 0.5 * Foundation.log(2 * Double.pi) - series
    }
}
