import Foundation

/// The annealing path of Algorithm 1 (Rubin et al.): solutions are continued from the NNGP at small
/// `χ` up to the target `χ` through a fixed geometric ladder, so that every task on the same branch
/// passes through the same intermediate points whatever its target.
public enum ChiLadder {
    /// The ladder `10^{k/n}` for `k = 0, 1, …` below `chi`, followed by `chi` itself.
    ///
    /// For `chi ≤ 1` the ladder is `[chi]` (the NNGP starting point is already accurate there: the
    /// adaptive coupling is `∝ χ/N`).
    /// - Parameters:
    ///   - chi: the target `χ > 0`.
    ///   - pointsPerDecade: `n ≥ 1`, rungs per factor 10.
    /// - Returns: increasing values ending exactly at `chi`.
    public static func points(upTo chi: Double, pointsPerDecade: Int) -> [Double] {
        precondition(chi > 0 && chi.isFinite, "ChiLadder: χ must be finite and positive")
        precondition(pointsPerDecade >= 1, "ChiLadder: need at least one point per decade")
        var ladder: [Double] = []
        var k = 0
        while true {
            let rung = Foundation.pow(10, Double(k) / Double(pointsPerDecade))
            // Rungs within a relative 1e-9 of the target are the target itself.
            if rung >= chi * (1 - 1e-9) { break }
            ladder.append(rung)
            k += 1
        }
        ladder.append(chi)
        return ladder
    }
}
