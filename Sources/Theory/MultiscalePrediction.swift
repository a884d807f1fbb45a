/// The multi-scale adaptive theory's predictions for a linear network at one `χ`: tree level and one loop.
public struct MultiscalePrediction: Sendable, Equatable {
    /// One order of the theory.
    public struct Order: Sendable, Equatable {
        /// `⟨f⟩` on the training inputs.
        public var trainMean: [Double]
        /// `⟨f⟩` on the test inputs.
        public var testMean: [Double]
        /// The kernel rescaling: the saddle point `u` (tree level) or `⟨ρ⟩` to one loop.
        public var rescaling: Double
        /// The hidden-kernel ratios along the label direction and orthogonal to it.
        public var hiddenKernelRatios: HiddenKernelRatios
        /// `S′` at the saddle point found (the root's residual).
        public var residual: Double
        /// The number of local maxima of the action on the annealing path's last rung (> 1: several
        /// solutions of the self-consistency).
        public var maximaCount: Int
        /// Whether the annealed saddle point is also the global maximum of the action.
        public var isGlobalMaximum: Bool
        /// The largest number of maxima met on any rung of the annealing path.
        public var maximaCountOnPath: Int
    }

    /// `χ`.
    public var chi: Double
    /// The tree level: the adaptive kernel `C⁰ + c u C⁰ΔΔᵀC⁰` at the annealed saddle point.
    public var treeLevel: Order
    /// One loop: Laplace expansion of the exact `ln ρ` posterior around its annealed saddle point.
    public var oneLoop: Order
    /// The tree-level spike strength `c u ΔᵀC⁰Δ`, `c = g_w χ/(N κ0²)` (equal to `u − 1` at the solution).
    public var spikeStrength: Double
    /// One loop: the standard deviation `σ = (−S″)^{-1/2}` of `ln ρ` at the saddle point.
    public var oneLoopLogRhoSpread: Double
    /// One loop: the tadpole shift `½ S‴ σ⁴` of `⟨ln ρ⟩` from the saddle point.
    public var oneLoopLogRhoShift: Double
    /// The annealing ladder (`ChiLadder`) that led to this `χ`.
    public var ladder: [Double]
}
