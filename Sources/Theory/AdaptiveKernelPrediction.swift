import LinearAlgebra

/// The tree-level adaptive kernel prediction of a two-layer network, with the NNGP for comparison.
public struct AdaptiveKernelPrediction: Sendable, Equatable {
    /// `⟨f⟩ = g_w C (g_w C + κ0)⁻¹ y = y − Δ` on the training inputs.
    public var trainMean: [Double]
    /// `f_* = g_w C_* (g_w C + κ0)⁻¹ y = (g_w/κ0) C_* Δ` on the test inputs.
    public var testMean: [Double]
    /// The self-consistent discrepancy `Δ = κ0 (g_w C + κ0)⁻¹ y`.
    public var discrepancy: [Double]
    /// The adapted hidden kernel `C = E_p[φφᵀ]` on the training inputs (P × P).
    public var kernel: Matrix
    /// One record per rung of the `χ` ladder, ending at the target `χ`.
    public var rungs: [AdaptiveKernelRung]
    /// The NNGP (a = 0, closed-form kernel) mean on the training inputs.
    public var nngpTrainMean: [Double]
    /// The NNGP mean on the test inputs.
    public var nngpTestMean: [Double]
    /// `yᵀCy / yᵀKy` with `K` the NNGP kernel `E_prior[φφ]`: the growth of the kernel along the labels.
    public var kernelTaskRatio: Double
    /// `tr(P⊥ C P⊥) / tr(P⊥ K P⊥)`, `P⊥ = I − yyᵀ/|y|²`: the change of the kernel orthogonal to the labels.
    public var kernelOrthogonalRatio: Double

    /// A prediction from its parts.
    /// - Parameters:
    ///   - trainMean: `⟨f⟩` on the training inputs.
    ///   - testMean: `⟨f⟩` on the test inputs.
    ///   - discrepancy: `Δ`.
    ///   - kernel: `C`.
    ///   - rungs: the ladder records.
    ///   - nngpTrainMean: the NNGP train mean.
    ///   - nngpTestMean: the NNGP test mean.
    ///   - kernelTaskRatio: `yᵀCy/yᵀKy`.
    ///   - kernelOrthogonalRatio: `tr(P⊥CP⊥)/tr(P⊥KP⊥)`.
    public init(trainMean: [Double], testMean: [Double], discrepancy: [Double], kernel: Matrix, rungs: [AdaptiveKernelRung],
                nngpTrainMean: [Double], nngpTestMean: [Double], kernelTaskRatio: Double, kernelOrthogonalRatio: Double) {
        self.trainMean = trainMean
        self.testMean = testMean
        self.discrepancy = discrepancy
        self.kernel = kernel
        self.rungs = rungs
        self.nngpTrainMean = nngpTrainMean
        self.nngpTestMean = nngpTestMean
        self.kernelTaskRatio = kernelTaskRatio
        self.kernelOrthogonalRatio = kernelOrthogonalRatio
    }

    /// The smallest effective sample fraction over the rungs.
    public var minimumEffectiveSampleFraction: Double {
        rungs.map(\.effectiveSampleFraction).min() ?? .nan
    }

    /// The map evaluations summed over the rungs.
    public var totalIterations: Int { rungs.reduce(0) { $0 + $1.iterations } }

    /// The relative residual at the target `χ`.
    public var finalResidual: Double { rungs.last?.residual ?? .nan }
}
