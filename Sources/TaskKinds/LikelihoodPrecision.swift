/// The loss conventions of the mean-field paper's kinds: the likelihood is exp(−L/κ) with
/// L = ½Σ(y − f)² ("sum", the GP convention: κ is the noise variance) or L = (1/2P)Σ(y − f)²
/// ("mean"), i.e. exp(−(B/2)Σ(y − f)²) with B = 1/κ or 1/(κP); B̃ = B·P.
enum LikelihoodPrecision {
    /// B for a loss convention.
    /// - Parameters:
    ///   - kappa: κ > 0.
    ///   - normalization: "sum" or "mean".
    ///   - trainCount: P.
    /// - Returns: B = 1/κ ("sum") or 1/(κP) ("mean").
    static func resolve(kappa: Double, normalization: String, trainCount: Int) -> Double {
        normalization == "mean" ? 1 / (kappa * Double(trainCount)) : 1 / kappa
    }

    /// The convention in words, for the entry's attributes.
    static func describe(normalization: String) -> String {
        normalization == "mean"
            ? "L = (1/2P) Σ_μ (y_μ − f_μ)², likelihood exp(−L/κ): B = 1/(κP), B̃ = B·P = 1/κ"
            : "L = ½ Σ_μ (y_μ − f_μ)², likelihood exp(−L/κ): B = 1/κ, B̃ = B·P = P/κ"
    }
}
