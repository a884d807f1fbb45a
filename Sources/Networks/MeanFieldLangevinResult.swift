import LinearAlgebra

/// What a `MeanFieldLangevin` run records.
public struct MeanFieldLangevinResult: Sendable {
    /// The recorded states `t` (`configuration.recordSteps`).
    public var recordSteps: [Int]
    /// `(1/2n) Σ_j (f_N(x_j) − y_j)²` at each recorded state (the data term of the free energy).
    public var trainLoss: [Double]
    /// `(1/q) Σ_k (f_N(x*_k) − y*_k)²` at each recorded state (NaN without test inputs).
    public var testError: [Double]
    /// `f_N(x*_k)` at each recorded state (`recordSteps.count × q`).
    public var testOutputs: Matrix
    /// The states whose particles were copied (`configuration.snapshotSteps`).
    public var snapshotSteps: [Int]
    /// The particles at each snapshot state (`N × (d + 2)`, rows `[a, w, b]`).
    public var snapshots: [Matrix]
    /// The particles after the last update (`N × (d + 2)`, rows `[a, w, b]`).
    public var finalParticles: Matrix
}
