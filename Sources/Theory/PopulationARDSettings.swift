/// Settings of the MF-ARD solver: the Gamma hyperprior of the coordinate precisions, the Newton
/// solver, the continuation in `B̃` and the aligned start of the down sweep.
public struct PopulationARDSettings: Sendable, Equatable, Codable {
    /// `α0`, the shape of `ρ_j ~ Gamma(α0, β0)` (default 4, the note's parity value).
    public var shape: Double
    /// `β0`, the rate (default: equal to `α0`, so that `E ρ = 1`).
    public var rate: Double
    /// Convergence: `max |residual| ≤ tolerance` in `(ln m − ln(1 − r), ln ρ̄_S − ln ρ_S, ln ρ̄_⊥ − ln ρ_⊥)`.
    public var tolerance: Double
    /// Newton iterations per solve.
    public var maxIterations: Int
    /// The damping of Newton's method: the largest step in `(logit r, ln ρ_S, ln ρ_⊥)` (max-norm); steps are
    /// also halved until the residual decreases.
    public var maxStep: Double
    /// Damping `θ` of the fixed-point iteration `ln ρ ← θ ln ρ + (1 − θ) ln ρ̄` used for starts away from a branch.
    public var damping: Double
    /// Iterations of that fixed-point iteration.
    public var maxFixedPointIterations: Int
    /// The fixed-point iteration hands over to Newton once its step in `ln ρ` is below this.
    public var fixedPointHandover: Double
    /// The continuation rejects a step whose solution moved more than this in `(logit r, ln ρ_S, ln ρ_⊥)`
    /// (max-norm) and halves the step in `ln B̃`: a jump to another branch does not shrink with the step.
    public var jumpThreshold: Double
    /// The branch end (spinodal) is located to this relative accuracy in `B̃` by step halving (bisection).
    public var spinodalRelativeTolerance: Double
    /// `(ρ_S, ρ_⊥)` from which the down sweep starts at the largest `B̃` (a feature-selected state).
    public var alignedStart: [Double]

    /// - Parameters: see the properties; `rate` defaults to `shape`.
    public init(shape: Double = 4, rate: Double? = nil, tolerance: Double = 1e-9, maxIterations: Int = 50, maxStep: Double = 1,
                damping: Double = 0.5, maxFixedPointIterations: Int = 100, fixedPointHandover: Double = 1e-3, jumpThreshold: Double = 0.5,
                spinodalRelativeTolerance: Double = 1e-3, alignedStart: [Double] = [0.02, 20]) {
        self.shape = shape
        self.rate = rate ?? shape
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.maxStep = maxStep
        self.damping = damping
        self.maxFixedPointIterations = maxFixedPointIterations
        self.fixedPointHandover = fixedPointHandover
        self.jumpThreshold = jumpThreshold
        self.spinodalRelativeTolerance = spinodalRelativeTolerance
        self.alignedStart = alignedStart
    }

    /// Checks every setting.
    /// - Throws: `TheoryError.invalidParameter` naming the first bad one.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> TheoryError {
            TheoryError.invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        guard shape.isFinite && shape > 0 else { throw bad("shape", shape, "α0 must be finite and positive") }
        guard rate.isFinite && rate > 0 else { throw bad("rate", rate, "β0 must be finite and positive") }
        guard tolerance.isFinite && tolerance > 0 else { throw bad("tolerance", tolerance, "must be finite and positive") }
        guard maxIterations >= 1 else { throw bad("maxIterations", maxIterations, "must be at least 1") }
        guard maxStep.isFinite && maxStep > 0 else { throw bad("maxStep", maxStep, "must be finite and positive") }
        guard damping >= 0 && damping < 1 else { throw bad("damping", damping, "must lie in [0, 1)") }
        guard maxFixedPointIterations >= 1 else { throw bad("maxFixedPointIterations", maxFixedPointIterations, "must be at least 1") }
        guard fixedPointHandover.isFinite && fixedPointHandover > 0 else {
            throw bad("fixedPointHandover", fixedPointHandover, "must be finite and positive")
        }
        guard jumpThreshold.isFinite && jumpThreshold > 0 else { throw bad("jumpThreshold", jumpThreshold, "must be finite and positive") }
        guard spinodalRelativeTolerance > 0 && spinodalRelativeTolerance < 0.5 else {
            throw bad("spinodalRelativeTolerance", spinodalRelativeTolerance, "must lie in (0, 0.5)")
        }
        guard alignedStart.count == 2 && alignedStart.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw bad("alignedStart", alignedStart, "must be two finite positive precisions (ρ_S, ρ_⊥)")
        }
    }
}
