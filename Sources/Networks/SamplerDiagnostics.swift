import Foundation

/// Convergence diagnostics of the sampled train outputs `f(x_α)`, one value per training point.
///
/// From the kept samples of the `C` chains (`S` each), split into `2C` half-chains of `h = ⌊S/2⌋`
/// samples (the middle sample of an odd chain is dropped), as in Gelman et al., *Bayesian Data
/// Analysis* (3rd ed., §11.4–11.5) and Stan (non-rank-normalised version):
///
/// * `W` = mean within-half-chain variance, `B/h` = variance of the half-chain means,
///   `var⁺ = (h−1)/h · W + B/h`, **split-R̂** `= √(var⁺/W)` (1 when every half-chain is the same constant).
/// * autocorrelation `ρ_t = 1 − (W − mean_j γ_j(t))/var⁺` from the biased autocovariances `γ_j(t)`;
///   **integrated autocorrelation time** `τ = −1 + 2 Σ_{k ≤ K} (ρ_{2k} + ρ_{2k+1})` with Geyer's initial
///   positive (and monotone) sequence, in units of kept samples, bounded below by `1/log10(2Ch)`;
///   **ESS** `= 2Ch/τ`.
///
/// The diagnostics use at most `maxSamplesPerChain` kept samples per chain: every `stride`-th
/// (`stride = ⌈S/maxSamplesPerChain⌉`, kept samples 0, stride, 2·stride, …), so that their cost stays
/// bounded for long runs. `τ` is then in units of those diagnostic samples, and the ESS is that of the
/// subsample, which for positively autocorrelated chains does not exceed the ESS of all kept samples
/// (a conservative estimate). Fewer than 4 diagnostic samples per chain give NaN everywhere.
public struct SamplerDiagnostics: Sendable, Equatable {
    /// Split-R̂ per train output.
    public var splitRHat: [Double]
    /// Integrated autocorrelation time per train output, in diagnostic samples (kept samples when `stride` = 1).
    public var integratedAutocorrelationTime: [Double]
    /// Effective sample size per train output (over all chains).
    public var effectiveSampleSize: [Double]
    /// The largest split-R̂ (NaN if any is NaN).
    public var maxSplitRHat: Double
    /// The smallest ESS (NaN if any is NaN).
    public var minEffectiveSampleSize: Double
    /// Relative inflation of the prior variance by the Euler–Maruyama discretisation in the stiffest
    /// layer at the initial step size: `max_ℓ a_ℓ/(1 − a_ℓ)` with `a_ℓ = η_ℓ/(2σ_ℓ²)` (the exact bias
    /// for a Gaussian potential, the prior-dominated directions of the posterior).
    public var priorDiscretisationBias: Double
    /// Kept samples between consecutive diagnostic samples.
    public var stride: Int
    /// Diagnostic samples per chain.
    public var samplesPerChain: Int

    /// The most kept samples per chain that enter the diagnostics.
    public static let maxSamplesPerChain = 1024

    /// The subsampling stride for `keptSamples` kept samples per chain.
    /// - Parameter keptSamples: `S`.
    /// - Returns: `⌈S/maxSamplesPerChain⌉` (at least 1).
    public static func stride(forKeptSamples keptSamples: Int) -> Int {
        max(1, (keptSamples + maxSamplesPerChain - 1) / maxSamplesPerChain)
    }

    /// Split-R̂ above which `warnings` reports non-convergence.
    public static let rHatThreshold = 1.05
    /// ESS below which `warnings` reports too few effective samples.
    public static let essThreshold = 100.0
    /// Prior discretisation bias above which `warnings` reports a too large step.
    public static let biasThreshold = 0.05

    /// Human-readable warnings (empty when every diagnostic is within its threshold).
    public var warnings: [String] {
        var out: [String] = []
        if maxSplitRHat.isNaN {
            out.append("split-R̂ unavailable (fewer than 4 kept samples per chain)")
        } else if maxSplitRHat > Self.rHatThreshold {
            out.append(String(format: "max split-R̂ = %.3f > %.2f: the chains disagree; run longer or increase burn-in", maxSplitRHat, Self.rHatThreshold))
        }
        if !minEffectiveSampleSize.isNaN && minEffectiveSampleSize < Self.essThreshold {
            out.append(String(format: "min ESS = %.1f < %.0f: error bars from these samples are unreliable", minEffectiveSampleSize, Self.essThreshold))
        }
        if priorDiscretisationBias > Self.biasThreshold {
            out.append(String(format: "step size inflates prior variances by %.1f%% (Euler–Maruyama bias); reduce step_size", 100 * priorDiscretisationBias))
        }
        return out
    }

    /// Diagnostics of per-chain sample series.
    /// - Parameters:
    ///   - series: per chain, `samples × outputs` values, row-major (sample-major).
    ///   - samples: diagnostic samples per chain.
    ///   - outputs: the number of outputs.
    ///   - stride: kept samples between diagnostic samples (recorded only).
    ///   - priorDiscretisationBias: see the property.
    /// - Returns: the diagnostics.
    public static func compute(series: [[Double]], samples: Int, outputs: Int, stride: Int = 1,
                        priorDiscretisationBias: Double) -> SamplerDiagnostics {
        var rhat = [Double](repeating: .nan, count: outputs)
        var tau = [Double](repeating: .nan, count: outputs)
        var ess = [Double](repeating: .nan, count: outputs)
        let half = samples / 2
        if half >= 2 && !series.isEmpty {
            var transform = Autocovariance(count: half)
            for alpha in 0..<outputs {
                var halves: [[Double]] = []
                for chain in series {
                    halves.append((0..<half).map { chain[$0 * outputs + alpha] })
                    halves.append(((samples - half)..<samples).map { chain[$0 * outputs + alpha] })
                }
                let r = Self.singleOutput(halves, &transform)
                rhat[alpha] = r.rhat
                tau[alpha] = r.tau
                ess[alpha] = r.ess
            }
        }
        func extreme(_ values: [Double], _ pick: (Double, Double) -> Double) -> Double {
            if values.isEmpty || values.contains(where: { $0.isNaN }) { return .nan }
            return values.dropFirst().reduce(values[0], pick)
        }
        return SamplerDiagnostics(splitRHat: rhat, integratedAutocorrelationTime: tau, effectiveSampleSize: ess,
                                  maxSplitRHat: extreme(rhat, max), minEffectiveSampleSize: extreme(ess, min),
                                  priorDiscretisationBias: priorDiscretisationBias, stride: stride, samplesPerChain: samples)
    }

    /// R̂, τ and ESS of `m` sequences of equal length `h ≥ 2`.
    static func singleOutput(_ sequences: [[Double]], _ transform: inout Autocovariance) -> (rhat: Double, tau: Double, ess: Double) {
        let m = sequences.count, h = sequences[0].count
        let total = Double(m * h)
        let means = sequences.map { $0.reduce(0, +) / Double(h) }
        let acov = sequences.map { transform.biased($0) }
        let variances = acov.map { $0[0] * Double(h) / Double(h - 1) }
        let w = variances.reduce(0, +) / Double(m)
        let grand = means.reduce(0, +) / Double(m)
        let b = m > 1 ? Double(h) * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(m - 1) : 0
        let varPlus = Double(h - 1) / Double(h) * w + b / Double(h)
        if w == 0 {
            return b == 0 ? (1, 1, total) : (.infinity, .infinity, 1)
        }
        let rhat = (varPlus / w).squareRoot()
        // ρ_t from the mean autocovariance across sequences.
        func rho(_ t: Int) -> Double {
            var s = 0.0
            for a in acov { s += a[t] }
            return 1 - (w - s / Double(m)) / varPlus
        }
        var sum = 0.0
        var previousPair = Double.infinity
        var k = 0
        while 2 * k + 1 < h {
            var pair = rho(2 * k) + rho(2 * k + 1)
            if pair <= 0 { break }
            pair = min(pair, previousPair)   // initial monotone sequence
            sum += pair
            previousPair = pair
            k += 1
        }
        var tau = -1 + 2 * sum
        tau = max(tau, 1 / Foundation.log10(max(total, 10)))
        return (rhat, tau, total / tau)
    }
}
