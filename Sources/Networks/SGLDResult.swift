import LinearAlgebra

/// Posterior summaries of an SGLD run: averages of the network **outputs** over chains and kept
/// samples (never of weights: `(V, w) → (−V, −w)` and permutations of hidden units leave `f` unchanged),
/// per-chain means for error bars, traces, optional weight snapshots and convergence diagnostics.
/// Every array is a deterministic function of the inputs and the seed (bit-identical for any thread count).
public struct SGLDResult: Sendable, Equatable {
    /// `⟨f(x_α)⟩` on the training inputs, over all chains and kept samples.
    public var trainMean: [Double]
    /// `⟨f(x_α)²⟩` on the training inputs (posterior variance = second moment − mean²).
    public var trainSecondMoment: [Double]
    /// `⟨f(x*)⟩` on the test inputs.
    public var testMean: [Double]
    /// `⟨f(x*)²⟩` on the test inputs.
    public var testSecondMoment: [Double]
    /// Per-chain means of the train outputs, `C × P` (chain-to-chain spread gives honest error bars:
    /// standard error of `trainMean` ≈ standard deviation of a column / √C).
    public var chainTrainMeans: Matrix
    /// Per-chain means of the test outputs, `C × P*`.
    public var chainTestMeans: Matrix
    /// The states `θ_s` traced (`s = 0, traceEvery, … < steps`, see `SGLDConfiguration`).
    public var traceSteps: [Int]
    /// Traces, each `C × traceSteps.count`: `"loss"` = `L = ½Σ_α (y_α − f(x_α))²` on the full training
    /// set; `"readout_norm2"` = `|w|²`; `"readin_norm2"` = `|V|²_F`; `"bias_norm2"` = `|b|²` (with
    /// biases); `"teacher_overlap"` = `(1/N) Σ_i (v_i·û)²` with `û` the unit teacher direction (given a
    /// teacher; its prior mean is `σ_V²`); `"potential"` = `U = L/T + prior energy`.
    public var traces: [String: Matrix]
    /// Weight snapshots, chain-major (`snapshots` per chain, see `SGLDConfiguration.snapshots`).
    public var snapshots: [NetworkParameters]
    /// Split-R̂, autocorrelation time and ESS of the train outputs.
    public var diagnostics: SamplerDiagnostics
    /// Kept samples per chain.
    public var samplesPerChain: Int
    /// Per-chain means over kept samples of the hidden-layer kernel `C_αβ = (1/N) Σ_i φ(h_iα) φ(h_iβ)` on
    /// the training inputs, `C × P²` (row `c` is chain `c`'s `P × P` matrix, row-major); `nil` unless
    /// `SGLDConfiguration.recordsHiddenKernel`. Unlike weights, `C` is invariant under the sign and
    /// permutation symmetries, so averaging it is meaningful.
    public var chainHiddenKernelMeans: Matrix?
    /// Per-chain `WeightMoments` over kept samples; `nil` unless `SGLDConfiguration.recordsWeightMoments`.
    public var chainWeightMoments: [WeightMoments]? = nil
}
