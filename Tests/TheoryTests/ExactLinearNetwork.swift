import Foundation
import LinearAlgebra

/// The exact finite-N posterior of the LINEAR network `f(x) = (1/√(ND)) vᵀ W x`, `v ~ N(0, I/λ1)`,
/// `W ~ N(0, I/λ0)` (N × D), likelihood `exp(−|f − y|²/2T)`, derived independently of the
/// kernel-renormalisation theory (used to check its Gaussian formulas):
///
/// Write `s = |v|`, `e = v/s` and `η = Wᵀe ∈ R^D`. The likelihood depends on `(s, η)` only
/// (`f = (s/√(ND)) Xη`); under the prior `η ~ N(0, I/λ0)`, `e` is uniform on the sphere and the
/// components `PW` (`P = I − eeᵀ`) are independent of both and keep their prior. So, given `s`:
/// * `η` is Gaussian with precision `Λ = λ0 I + (s²/(NDT)) XᵀX` and mean `Λ⁻¹ (s/(√(ND) T)) Xᵀy`
///   (computed in D-space, with no N × N or P × P kernel algebra);
/// * `⟨v_i w_i⟩ = (s/N)⟨η⟩` (neurons are exchangeable and `Σ_i v_i w_i = sη`);
/// * `⟨WᵀW⟩ = (N − 1)/λ0 I + ⟨ηηᵀ⟩`, so `⟨K̂⟩ = (1/(ND)) X⟨WᵀW⟩Xᵀ` and `⟨w_i w_iᵀ⟩ = ⟨WᵀW⟩/N`;
/// * for `i ≠ j`, `⟨(v_i w_i)·(v_j w_j)⟩ = s²(⟨|η|²⟩ − D/λ0)/(N(N + 2))` (`E[e_i²e_j²] = 1/(N(N+2))`).
///
/// `ρ = λ1 s²/N` has the prior Gamma(N/2, rate N/2) and the likelihood `N(y; 0, (ρ/λ1)C + T I)`,
/// `C = XXᵀ/(λ0 D)`; the unconditional moments are averages over it (trapezoid rule in `ln ρ`).
enum ExactLinearNetwork {
    struct Moments {
        /// `⟨v_i w_i⟩` (D).
        var alignment: [Double]
        /// `⟨K̂⟩` (P × P).
        var featureKernel: Matrix
        /// `⟨w_i w_iᵀ⟩ − I/λ0` (D × D).
        var readinDeviation: Matrix
        /// `⟨(v_i w_i)·(v_j w_j)⟩`, `i ≠ j`.
        var interNeuron: Double
        /// `⟨ρ⟩` (for a conditional moment: ρ itself).
        var rho: Double

        static func zero(p: Int, d: Int) -> Moments {
            Moments(alignment: [Double](repeating: 0, count: d), featureKernel: Matrix(rows: p, cols: p),
                    readinDeviation: Matrix(rows: d, cols: d), interNeuron: 0, rho: 0)
        }

        mutating func add(_ m: Moments, weight w: Double) {
            for i in alignment.indices { alignment[i] += w * m.alignment[i] }
            for i in featureKernel.values.indices { featureKernel.values[i] += w * m.featureKernel.values[i] }
            for i in readinDeviation.values.indices { readinDeviation.values[i] += w * m.readinDeviation.values[i] }
            interNeuron += w * m.interNeuron
            rho += w * m.rho
        }
    }

    /// The moments conditional on `ρ`.
    static func conditional(x: Matrix, y: [Double], width n: Int, temperature t: Double, lambda0: Double, lambda1: Double,
                            rho: Double) throws -> Moments {
        let d = x.cols
        let nd = Double(n), dd = Double(d)
        let s2 = nd * rho / lambda1, s = s2.squareRoot()
        var precision = (s2 / (nd * dd * t)) * matmul(x, x, transposeA: true)
        for i in 0..<d { precision.values[i * d + i] += lambda0 }
        let factor = try CholeskyFactor(precision)
        let covariance = factor.solve(Matrix.identity(d))
        let mean = factor.solve(matvec(x, y, transpose: true).map { $0 * s / ((nd * dd).squareRoot() * t) })
        var second = covariance                                     // ⟨ηηᵀ⟩
        for i in 0..<d { for j in 0..<d { second.values[i * d + j] += mean[i] * mean[j] } }
        var wtw = second                                            // ⟨WᵀW⟩
        for i in 0..<d { wtw.values[i * d + i] += (nd - 1) / lambda0 }
        let kernel = (1 / (nd * dd)) * matmul(matmul(x, wtw), x, transposeB: true)
        var deviation = (1 / nd) * wtw
        for i in 0..<d { deviation.values[i * d + i] -= 1 / lambda0 }
        let eta2 = second.diagonal().reduce(0, +)
        return Moments(alignment: mean.map { s / nd * $0 }, featureKernel: kernel, readinDeviation: deviation,
                       interNeuron: s2 * (eta2 - dd / lambda0) / (nd * (nd + 2)), rho: rho)
    }

    /// The unconditional moments (averaged over the posterior of `ρ`).
    static func moments(x: Matrix, y: [Double], width n: Int, temperature t: Double, lambda0: Double, lambda1: Double,
                        gridPoints: Int = 3000) throws -> Moments {
        let p = x.rows, d = x.cols
        let c = (1 / (lambda0 * Double(d))) * rowGram(x)
        let eigen = try SymmetricEigen(c)
        let yt = matvec(eigen.vectors, y, transpose: true)
        let nd = Double(n)
        func logDensity(_ u: Double) -> Double {
            let rho = exp(u)
            var s = 0.0
            for a in 0..<p {
                let v = t + rho * max(0, eigen.values[a]) / lambda1
                s += log(v) + yt[a] * yt[a] / v
            }
            return nd / 2 * u - nd * rho / 2 - s / 2      // ρ^{N/2−1} e^{−Nρ/2} × likelihood × Jacobian ρ
        }
        // Locate the mass on a coarse grid, then integrate on a fine one.
        let coarse = (0...4000).map { -12 + 24 * Double($0) / 4000 }
        let values = coarse.map(logDensity)
        let top = values.max()!
        let kept = coarse.indices.filter { values[$0] > top - 50 }
        let lower = coarse[max(kept.first! - 1, 0)], upper = coarse[min(kept.last! + 1, coarse.count - 1)]
        let h = (upper - lower) / Double(gridPoints - 1)
        let us = (0..<gridPoints).map { lower + h * Double($0) }
        let logs = us.map(logDensity)
        let best = logs.max()!
        var weights = logs.map { exp($0 - best) }
        weights[0] *= 0.5
        weights[gridPoints - 1] *= 0.5
        let total = weights.reduce(0, +)
        var result = Moments.zero(p: p, d: d)
        for (u, w) in zip(us, weights) where w / total > 1e-18 {
            result.add(try conditional(x: x, y: y, width: n, temperature: t, lambda0: lambda0, lambda1: lambda1, rho: exp(u)),
                       weight: w / total)
        }
        return result
    }
}
