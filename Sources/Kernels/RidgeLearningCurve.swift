/// Closed-form learning curves of kernel ridge regression, independent of the numerical code.
public enum RidgeLearningCurve {
    /// The Bayes-optimal generalisation error of linear regression in the proportional limit
    /// `P, d → ∞`, `α = P/d` fixed (Krogh & Hertz 1992; Sollich 1999).
    ///
    /// **Setting.** Inputs `x ~ N(0, I_d)`; teacher `y = w*·x + σ ξ` with `w*` drawn from the prior
    /// `N(0, (s/d) I)` or, equivalently for this average, `w* = √s·u` with `u` uniform on the unit
    /// sphere, so `E[t(x)²] = s` (`signalVariance`). The student is the GP posterior mean with the
    /// matching prior, i.e. kernel `K(x, x') = s·x·x'/d` (NNGP linear kernel with
    /// `weightVariance·readoutVariance = s`, no bias) and ridge `λ = σ²`. The error is measured
    /// against the noiseless target, `ε = E_x[(f̂(x) − t(x))²]`.
    ///
    /// **Derivation.** Bayes-optimally `ε = tr Σ_post` with
    /// `Σ_post = (XᵀX/σ² + (d/s) I)⁻¹`, so `ε = σ² g(−σ²/s)` where `g(z)` is the Stieltjes
    /// transform of `W = XᵀX/d` (Marchenko–Pastur, ratio α), which obeys `g = 1/(−z + α/(1 + g))`.
    /// Substituting gives `1/ε = 1/s + α/(σ² + ε)`, i.e. the quadratic
    ///
    ///     ε² + (σ² + s(α − 1)) ε − sσ² = 0,
    ///
    /// whose positive root is returned. For `s = 1` this is `ε² + (σ² + α − 1)ε − σ² = 0`; as
    /// `σ² → 0` it tends to `s·max(0, 1 − α)`.
    /// - Parameters:
    ///   - alpha: samples per dimension `α = P/d ≥ 0`.
    ///   - noiseVariance: `σ² ≥ 0` (= the ridge).
    ///   - signalVariance: `s > 0`, the teacher's output variance (= prior scale).
    /// - Returns: the generalisation error `ε(α)`.
    public static func bayesOptimalLinear(alpha: Double, noiseVariance: Double, signalVariance: Double) -> Double {
        precondition(alpha >= 0 && noiseVariance >= 0 && signalVariance > 0,
                     "bayesOptimalLinear needs α ≥ 0, σ² ≥ 0, s > 0 (got \(alpha), \(noiseVariance), \(signalVariance))")
        let b = noiseVariance + signalVariance * (alpha - 1)
        let c = signalVariance * noiseVariance
        let root = (b * b + 4 * c).squareRoot()
        // Positive root of ε² + bε − c = 0, in the form without cancellation.
        return b > 0 ? 2 * c / (b + root) : (root - b) / 2
    }
}
