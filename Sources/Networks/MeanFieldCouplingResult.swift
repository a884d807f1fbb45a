import LinearAlgebra

/// The propagation-of-chaos measurement of a `MeanFieldCoupling` run.
public struct MeanFieldCouplingResult: Sendable {
    /// The widths `N` (rows of the matrices).
    public var widths: [Int]
    /// The recorded states `t` (columns of the matrices).
    public var recordSteps: [Int]
    /// `E_fun(N, t) = (1/q) Σ_k (f_N(x*_k) − f_M(x*_k))²` (`widths.count × recordSteps.count`).
    public var functionError: Matrix
    /// `D_par(N, t) = (1/N) Σ_{i<N} |θ_i^N − θ_i^M|²` (`widths.count × recordSteps.count`).
    public var parameterDistance: Matrix
    /// The reference system's test error `(1/q) Σ_k (f_M(x*_k) − y*_k)²` at each recorded state.
    public var referenceTestError: [Double]
    /// The reference system's training loss `(1/2n) Σ_j (f_M(x_j) − y_j)²` at each recorded state.
    public var referenceLoss: [Double]
}
