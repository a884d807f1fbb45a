/// Where a continued MF-ARD branch ends inside the swept range: between the last `B̃` where it was
/// continued and the first where it was not (the solution jumped, became unstable or did not converge),
/// located by step halving in `ln B̃`.
public struct PopulationSpinodal: Sendable, Equatable, Codable {
    /// The last `B̃` on the branch.
    public var lastOnBranch: Double
    /// The nearest `B̃` beyond it where the branch was not found.
    public var firstBeyond: Double
    /// The geometric mean of the two, the spinodal estimate.
    public var estimate: Double { (lastOnBranch * firstBeyond).squareRoot() }
}

/// One MF-ARD branch followed by continuation in `B̃`.
public struct PopulationARDBranch: Sendable, Equatable, Codable {
    /// The solutions at the swept `B̃` where the branch exists, in increasing `B̃`. A start that did not
    /// converge is kept with `converged == false` and ends the branch.
    public var points: [PopulationMeanFieldResult]
    /// The branch end inside the swept range, if any.
    public var spinodal: PopulationSpinodal?
}

/// Both MF-ARD branches over a list of `B̃` values.
public struct PopulationARDSweep: Sendable, Equatable, Codable {
    /// Continued upward from the prior-like state (`ρ = 1`) at the smallest `B̃`: for parity the unselected branch.
    public var lowerBranch: PopulationARDBranch
    /// Continued downward from the feature-selected start at the largest `B̃`: the selected branch.
    public var upperBranch: PopulationARDBranch

    /// The swept `B̃` where both branches exist and their order parameters differ by more than `tolerance`.
    /// - Parameter tolerance: the smallest difference in `m` counted as two branches (default 1e-3).
    /// - Returns: the coexistence values in increasing order.
    public func coexistence(tolerance: Double = 1e-3) -> [Double] {
        var upper: [Double: Double] = [:]
        for point in upperBranch.points where point.converged { upper[point.state.signal] = point.orderParameter }
        return lowerBranch.points.compactMap { point in
            guard point.converged, let other = upper[point.state.signal],
                  abs(other - point.orderParameter) > tolerance else { return nil }
            return point.state.signal
        }
    }
}
