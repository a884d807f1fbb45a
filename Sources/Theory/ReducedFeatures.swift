import Foundation

/// Closed forms of the reduced single-neuron features `J(w) = E_x[ReLU(w·x) y(x)]` and
/// `Q(w) = E_x[ReLU(w·x)²]` in the reduced variables (`shared/science/mf2025-symmetry-breaking.md`).
public enum ReducedFeatures {
    /// `g(μ, s) = E[ReLU(μ + Z)]`, `Z ~ N(0, s²)`: `μ Φ(μ/s) + s ϕ(μ/s)` (`ReLU(μ)` at `s = 0`).
    /// - Parameters:
    ///   - mean: `μ`.
    ///   - spread: `s ≥ 0`.
    /// - Returns: `g(μ, s)`.
    public static func gaussianReLUMean(mean mu: Double, spread s: Double) -> Double {
        guard s > 0 else { return max(mu, 0) }
        let z = mu / s
        return mu * normalCDF(z) + s * normalDensity(z)
    }

    /// `g2(μ, s) = E[ReLU(μ + Z)²]`, `Z ~ N(0, s²)`: `(μ² + s²) Φ(μ/s) + μ s ϕ(μ/s)`.
    /// - Parameters:
    ///   - mean: `μ`.
    ///   - spread: `s ≥ 0`.
    /// - Returns: `g2(μ, s)`.
    public static func gaussianReLUSecondMoment(mean mu: Double, spread s: Double) -> Double {
        guard s > 0 else { return mu > 0 ? mu * mu : 0 }
        let z = mu / s
        return (mu * mu + s * s) * normalCDF(z) + mu * s * normalDensity(z)
    }

    /// The parity overlap `J_S(w_S, s) = 2^{−k} Σ_{x_S} χ_S(x_S) g(w_S·x_S, s)` with the irrelevant field
    /// `Z = w_{S^c}·x_{S^c}` replaced by `N(0, s²)` (CLT).
    ///
    /// Pairs `±x_S` are combined with `g(−μ) = g(μ) − μ`, so only the `2^{k−1}` patterns with `x_1 = +1`
    /// are summed: `J_S = 2^{−k} Σ_{x_1 = +1} χ_S(x) (2g(μ) − μ)` (the `μ` term survives only for `k = 2`). `J_S` is odd under a sign flip of one coordinate
    /// of `w_S` and symmetric under permutations; `J_S²` is what enters the theory.
    /// - Parameters:
    ///   - relevant: `w_S` (k ≥ 2 values).
    ///   - spread: `s = |w_{S^c}|`.
    /// - Returns: `J_S`.
    public static func parityOverlap(relevant w: [Double], spread s: Double) -> Double {
        let k = w.count
        precondition(k >= 2, "parityOverlap needs k ≥ 2")
        var total = 0.0
        for pattern in 0..<(1 << (k - 1)) {
            var mu = w[0]
            var sign = 1.0
            for j in 1..<k {
                if pattern & (1 << (j - 1)) != 0 { mu -= w[j]; sign = -sign } else { mu += w[j] }
            }
            total += sign * (2 * gaussianReLUMean(mean: mu, spread: s) - mu)
        }
        return total * Foundation.pow(2, Double(-k))
    }

    /// `Q = E_x[ReLU(w·x)²] = |w|²/2`, exact for any input distribution symmetric under `x → −x`
    /// (parity with or without the CLT, Gaussian inputs).
    /// - Parameters:
    ///   - relevantSquaredNorm: `|w_S|²` (or `t²`).
    ///   - spread: `s`.
    /// - Returns: `Q`.
    public static func secondMoment(relevantSquaredNorm: Double, spread s: Double) -> Double {
        (relevantSquaredNorm + s * s) / 2
    }

    /// `c_k = E[ReLU(z) He_k(z)]/√k!` for `z ~ N(0, 1)`: by Stein's lemma twice, `ϕ(0) He_{k−2}(0)/√k!` for
    /// `k ≥ 2`, with `He_{2j}(0) = (−1)^j (2j − 1)!!` and `He_{odd}(0) = 0`.
    /// - Parameter degree: `k ≥ 0`.
    /// - Returns: the normalised Hermite coefficient of ReLU.
    public static func reluHermiteCoefficient(degree k: Int) -> Double {
        precondition(k >= 0, "degree must be non-negative")
        if k == 0 { return 1 / (2 * Double.pi).squareRoot() }
        if k == 1 { return 0.5 }
        let n = k - 2
        guard n % 2 == 0 else { return 0 }
        var doubleFactorial = 1.0
        var i = n - 1
        while i > 1 { doubleFactorial *= Double(i); i -= 2 }
        let hermiteAtZero = ((n / 2) % 2 == 0 ? 1.0 : -1.0) * doubleFactorial
        return hermiteAtZero / (2 * Double.pi).squareRoot() / Foundation.exp(0.5 * Foundation.lgamma(Double(k + 1)))
    }

    /// The single-index overlap `J(w) = E_x[ReLU(w·x) He_k(u·x)/√k!] = |w| c_k (t/|w|)^k` for Gaussian `x`
    /// (Mehler: `w·x` and `u·x` are standard-normal multiples with correlation `t/|w|`).
    /// - Parameters:
    ///   - along: `t = w·u`.
    ///   - spread: `s = |w_⊥|`.
    ///   - degree: `k`.
    /// - Returns: `J`.
    public static func singleIndexOverlap(along t: Double, spread s: Double, degree k: Int) -> Double {
        let norm = (t * t + s * s).squareRoot()
        guard norm > 0 else { return 0 }
        return norm * reluHermiteCoefficient(degree: k) * Foundation.pow(t / norm, Double(k))
    }

    /// The exact NNGP eigenvalue of degree `k` of the ReLU arc-cosine kernel on `{±1}^d` (Krawtchouk sum):
    /// `λ_k = 2^{−d} Σ_j C(d, j) κ(d − 2j) Kr_k(j) / C(d, k)` with
    /// `κ(x·x′) = σ_a² σ_w² (sin θ + (π − θ) cos θ)/(2π)`, `cos θ = x·x′/d`.
    /// - Parameters:
    ///   - inputDimension: `d`.
    ///   - degree: `k`.
    ///   - weightVariance: `σ_w²`.
    ///   - readoutVariance: `σ_a²`.
    /// - Returns: `λ_k` (no CLT approximation).
    public static func exactParityEigenvalue(inputDimension d: Int, degree k: Int, weightVariance: Double,
                                             readoutVariance: Double) -> Double {
        func logBinomial(_ n: Int, _ r: Int) -> Double {
            Foundation.lgamma(Double(n + 1)) - Foundation.lgamma(Double(r + 1)) - Foundation.lgamma(Double(n - r + 1))
        }
        var total = 0.0
        for j in 0...d {
            let cosine = Double(d - 2 * j) / Double(d)
            let theta = Foundation.acos(max(-1, min(1, cosine)))
            let kappa = readoutVariance * weightVariance * (Foundation.sin(theta) + (Double.pi - theta) * cosine) / (2 * Double.pi)
            var krawtchouk = 0.0
            for i in 0...min(j, k) where k - i <= d - j {
                let term = Foundation.exp(logBinomial(j, i) + logBinomial(d - j, k - i))
                krawtchouk += i % 2 == 0 ? term : -term
            }
            total += Foundation.exp(logBinomial(d, j) - Double(d) * Foundation.log(2.0)) * kappa * krawtchouk
        }
        return total / Foundation.exp(logBinomial(d, k))
    }

    /// `⟨y, K y⟩` for the single-index target and the ReLU NNGP kernel on Gaussian inputs:
    /// `σ_a² σ_w² c_k² (2k − 1)!! / Π_{i<k}(d + 2i)` (`|w|` and `w/|w|` are independent under the prior).
    /// - Parameters:
    ///   - inputDimension: `d`.
    ///   - degree: `k`.
    ///   - weightVariance: `σ_w²`.
    ///   - readoutVariance: `σ_a²`.
    /// - Returns: the target's kernel projection.
    public static func exactSingleIndexProjection(inputDimension d: Int, degree k: Int, weightVariance: Double,
                                                  readoutVariance: Double) -> Double {
        var moment = 1.0   // E[cos^{2k}] of a uniform direction in d dimensions
        for i in 0..<k { moment *= Double(2 * i + 1) / Double(d + 2 * i) }
        let c = reluHermiteCoefficient(degree: k)
        return readoutVariance * weightVariance * c * c * moment
    }

    /// `Φ(z)`.
    static func normalCDF(_ z: Double) -> Double { 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) }
    /// `ϕ(z)`.
    static func normalDensity(_ z: Double) -> Double { Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }
}
