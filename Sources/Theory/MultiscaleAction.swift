import Foundation

/// The scalar action of the multi-scale adaptive theory of a linear network as a function of
/// `u = ln ρ`, `ρ = χ|w|²/g_w` the kernel rescaling (Rubin et al.; our reconstruction, see
/// `shared/science/rubin2025-multiscale.md`), with its first three derivatives.
///
/// With `s_k = g_w λ_k e^u`, `t_k = s_k/(s_k + κ0)`, `g_k = 1/(s_k + κ0)`:
///
///     tree level:  S(u) = (N/2)(u − e^u + 1) − (χ/2) Σ_k ŷ_k² g_k
///     one loop:    S(u) = (N/2)(u − e^u + 1) − ½ Σ_k ln(1 + s_k/κ0) − (χ/2) Σ_k ŷ_k² g_k
///
/// The tree-level stationarity condition `S′ = 0` is the self-consistency
/// `1/u = 1 − (g_w χ/(N κ0²)) Δ(u)ᵀ C⁰ Δ(u)` of the adaptive kernel (`u ≡ ρ`). The one-loop action
/// keeps the fluctuation determinant of the output given `ρ`; it is the exact log posterior of `ln ρ`
/// (`RhoLogDensity`), whose Laplace expansion gives the one-loop corrections.
struct MultiscaleAction: Sendable {
    /// Which action.
    enum Order: Sendable { case treeLevel, oneLoop }

    let order: Order
    /// `N/2`.
    let halfWidth: Double
    /// `a_k = g_w λ_k` for the modes with `λ_k > 0`.
    let slopes: [Double]
    /// `ŷ_k²` for the same modes.
    let labelWeights: [Double]
    let kappa0: Double
    let chi: Double

    /// An action from its coefficients (tests build actions with chosen spectra this way).
    /// - Parameters:
    ///   - order: tree level or one loop.
    ///   - width: `N`.
    ///   - slopes: `a_k = g_w λ_k > 0`.
    ///   - labelWeights: `ŷ_k²`.
    ///   - kappa0: `κ0`.
    ///   - chi: `χ`.
    init(order: Order, width: Int, slopes: [Double], labelWeights: [Double], kappa0: Double, chi: Double) {
        self.order = order
        halfWidth = Double(width) / 2
        self.slopes = slopes
        self.labelWeights = labelWeights
        self.kappa0 = kappa0
        self.chi = chi
    }

    /// The action of the given order for one data set and setup.
    /// - Parameters:
    ///   - order: tree level or one loop.
    ///   - spectrum: the diagonalised input kernel.
    ///   - setup: the network parameters.
    init(order: Order, spectrum: LinearKernelSpectrum, setup: LinearNetworkSetup) {
        self.order = order
        var slopes: [Double] = [], weights: [Double] = []
        for k in spectrum.eigenvalues.indices where spectrum.eigenvalues[k] > 0 {
            slopes.append(setup.readoutVarianceScale * spectrum.eigenvalues[k])
            weights.append(spectrum.projectedLabels[k] * spectrum.projectedLabels[k])
        }
        self.slopes = slopes
        labelWeights = weights
        halfWidth = Double(setup.width) / 2
        kappa0 = setup.kappa0
        chi = setup.chi
    }

    /// `S(u)`.
    /// - Parameter u: `ln ρ`.
    /// - Returns: the action.
    func value(_ u: Double) -> Double {
        let rho = Foundation.exp(u)
        var logDet = 0.0, quadratic = 0.0
        for k in slopes.indices {
            let s = slopes[k] * rho
            logDet += Foundation.log1p(s / kappa0)
            quadratic += labelWeights[k] / (s + kappa0)
        }
        let fluctuation = order == .oneLoop ? 0.5 * logDet : 0
        return halfWidth * (u - Foundation.expm1(u)) - fluctuation - 0.5 * chi * quadratic
    }

    /// `(S′, S″, S‴)` at `u`.
    /// - Parameter u: `ln ρ`.
    /// - Returns: the derivatives.
    func derivatives(_ u: Double) -> (first: Double, second: Double, third: Double) {
        let rho = Foundation.exp(u)
        var l1 = 0.0, l2 = 0.0, l3 = 0.0   // derivatives of Σ ln(1 + s/κ0)
        var q1 = 0.0, q2 = 0.0, q3 = 0.0   // derivatives of Σ ŷ² g
        for k in slopes.indices {
            let s = slopes[k] * rho
            let g = 1 / (s + kappa0), t = s * g, w = labelWeights[k]
            let tp = t * (1 - t)
            l1 += t
            l2 += tp
            l3 += tp * (1 - 2 * t)
            q1 -= w * t * g
            q2 -= w * t * g * (1 - 2 * t)
            q3 -= w * g * (tp * (1 - 4 * t) - t * t * (1 - 2 * t))
        }
        let fluctuation = order == .oneLoop ? 0.5 : 0
        return (halfWidth * (1 - rho) - fluctuation * l1 - 0.5 * chi * q1,
                -halfWidth * rho - fluctuation * l2 - 0.5 * chi * q2,
                -halfWidth * rho - fluctuation * l3 - 0.5 * chi * q3)
    }

    /// An interval of `u` that contains every stationary point of `S`.
    ///
    /// For `ρ > 1` stationarity needs `(N/2)(ρ − 1) ≤ (χ/2) Σ ŷ_k² s_k g_k² ≤ χ|y|²/(8κ0)`
    /// (`s g² ≤ 1/(4κ0)`). For `ρ < 1` the tree-level `S′` is positive, and the one-loop one vanishes only
    /// if `(N/2)(1 − ρ) ≤ ½ Σ t_k ≤ ρ Σ a_k/(2κ0)`, i.e. `ρ ≥ N/(N + Σ a_k/κ0)`.
    /// - Returns: `(lower, upper)` in `u`, each widened by 0.1.
    func stationaryRange() -> (lower: Double, upper: Double) {
        let labels = labelWeights.reduce(0, +)
        let upper = Foundation.log(1 + chi * labels / (8 * kappa0 * halfWidth))
        let lower: Double
        switch order {
        case .treeLevel: lower = 0
        case .oneLoop: lower = Foundation.log(halfWidth / (halfWidth + slopes.reduce(0, +) / (2 * kappa0)))
        }
        return (lower - 0.1, upper + 0.1)
    }
}
