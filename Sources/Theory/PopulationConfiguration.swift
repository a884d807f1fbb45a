import Foundation

/// The target of a population mean-field computation (`shared/science/mf2025-symmetry-breaking.md`).
public enum PopulationTask: String, Sendable, Equatable, Codable, CaseIterable {
    /// k-sparse parity `y = Π_{j∈S} x_j` on `x` uniform on `{±1}^d` (k even).
    case sparseParity
    /// Single index `y = He_k(u·x)/√k!` on `x ~ N(0, I_d)` (k even).
    case singleIndexHermite
}

/// The quadrature grid of the reduced variables: the relevant weights (`w_S ∈ R^k` for parity, `t = w·u`
/// for single index) on `[0, relevantMax]` through `w = relevantMax·u²` with Gauss–Legendre nodes in `u`
/// (sign symmetry supplies the negative half), and the irrelevant norm `s = |w_⊥|` on a log-spaced
/// trapezoid grid in `[normMin, normMax]`.
public struct PopulationGridSettings: Sendable, Equatable, Codable {
    /// Nodes per relevant coordinate (`nw`).
    public var relevantNodes: Int
    /// Nodes of the irrelevant norm `s` (`ns`).
    public var normNodes: Int
    /// The largest relevant weight `|w_j|` on the grid (`wmax`).
    public var relevantMax: Double
    /// The smallest irrelevant norm on the grid (`smin`).
    public var normMin: Double
    /// The largest irrelevant norm on the grid (`smax`).
    public var normMax: Double

    /// - Parameters:
    ///   - relevantNodes: `nw` (default 28).
    ///   - normNodes: `ns` (default 64).
    ///   - relevantMax: `wmax` (default 12: the selected ARD branch has `|w_S| ≈ 4`).
    ///   - normMin: `smin` (default 1e-3, room for irrelevant norms shrunk by ARD).
    ///   - normMax: `smax` (default 3).
    public init(relevantNodes: Int = 28, normNodes: Int = 64, relevantMax: Double = 12,
                normMin: Double = 1e-3, normMax: Double = 3) {
        self.relevantNodes = relevantNodes
        self.normNodes = normNodes
        self.relevantMax = relevantMax
        self.normMin = normMin
        self.normMax = normMax
    }
}

/// The network and task of a population (P → ∞ at fixed `B̃ = B·P`) mean-field theory.
///
/// Conventions (arXiv 2510.15174): `f(x) = N^{−1/2} Σ_i a_i ReLU(w_i·x)`, no biases,
/// `w_i ~ N(0, σ_w²/d · I_d)`, `a_i ~ N(0, σ_a²)`, likelihood `exp(−(B/2) Σ_μ (f(x_μ) − y_μ)²)`.
public struct PopulationConfiguration: Sendable, Equatable, Codable {
    /// Parity or single index.
    public var task: PopulationTask
    /// The input dimension `d`.
    public var inputDimension: Int
    /// The degree `k` (parity order or Hermite degree); even, `2 ≤ k < d`.
    public var degree: Int
    /// The number of hidden neurons `N`.
    public var width: Double
    /// `σ_w²` (the prior variance of a first-layer weight is `σ_w²/d`).
    public var weightVariance: Double
    /// `σ_a²`, the prior variance of a readout weight.
    public var readoutVariance: Double
    /// The quadrature grid.
    public var grid: PopulationGridSettings

    /// - Parameters:
    ///   - task: parity or single index.
    ///   - inputDimension: `d`.
    ///   - degree: `k`, even.
    ///   - width: `N` (a real number so that the kernel limit `N = 1e12` can be taken).
    ///   - weightVariance: `σ_w²` (default 1).
    ///   - readoutVariance: `σ_a²` (default 1).
    ///   - grid: the quadrature grid.
    public init(task: PopulationTask = .sparseParity, inputDimension: Int, degree: Int, width: Double,
                weightVariance: Double = 1, readoutVariance: Double = 1, grid: PopulationGridSettings = .init()) {
        self.task = task
        self.inputDimension = inputDimension
        self.degree = degree
        self.width = width
        self.weightVariance = weightVariance
        self.readoutVariance = readoutVariance
        self.grid = grid
    }

    /// The number of relevant coordinates of the reduced problem (`k` for parity, 1 for single index).
    public var relevantDimension: Int { task == .sparseParity ? degree : 1 }
    /// The dimension of the irrelevant subspace whose norm is `s` (`d − k` or `d − 1`).
    public var irrelevantDimension: Int { inputDimension - relevantDimension }

    /// Checks every parameter.
    /// - Throws: `TheoryError.invalidParameter` naming the first bad parameter.
    public func validate() throws {
        func bad(_ name: String, _ value: Any, _ requirement: String) -> TheoryError {
            TheoryError.invalidParameter(name: name, value: "\(value)", requirement: requirement)
        }
        guard degree >= 2 else { throw bad("degree", degree, "must be an even integer ≥ 2") }
        guard degree % 2 == 0 else {
            throw bad("degree", degree, "must be even: a bias-free ReLU has zero overlap with odd targets of degree ≥ 3 "
                      + "(odd parities, odd Hermite polynomials), so the order parameter vanishes identically")
        }
        guard degree <= 8 else { throw bad("degree", degree, "must be at most 8 (the reduced grid has nw^k points)") }
        guard inputDimension >= relevantDimension + 2 else {
            throw bad("inputDimension", inputDimension, "must exceed the relevant dimension \(relevantDimension) by at least 2")
        }
        guard width.isFinite && width > 0 else { throw bad("width", width, "must be finite and positive") }
        guard weightVariance.isFinite && weightVariance > 0 else { throw bad("weightVariance", weightVariance, "must be finite and positive") }
        guard readoutVariance.isFinite && readoutVariance > 0 else { throw bad("readoutVariance", readoutVariance, "must be finite and positive") }
        guard grid.relevantNodes >= 4 && grid.relevantNodes <= 400 else {
            throw bad("grid.relevantNodes", grid.relevantNodes, "must be in 4...400")
        }
        guard grid.normNodes >= 8 && grid.normNodes <= 4000 else { throw bad("grid.normNodes", grid.normNodes, "must be in 8...4000") }
        guard grid.relevantMax.isFinite && grid.relevantMax > 0 else { throw bad("grid.relevantMax", grid.relevantMax, "must be finite and positive") }
        guard grid.normMin.isFinite && grid.normMin > 0 else { throw bad("grid.normMin", grid.normMin, "must be finite and positive") }
        guard grid.normMax.isFinite && grid.normMax > grid.normMin else {
            throw bad("grid.normMax", grid.normMax, "must be finite and larger than grid.normMin = \(grid.normMin)")
        }
        // The prior of ln s has width ≈ 1/√(2(d − k)); the trapezoid rule in ln s needs a finer spacing.
        let spacing = Foundation.log(grid.normMax / grid.normMin) / Double(grid.normNodes - 1)
        let width = 1 / (2 * Double(irrelevantDimension)).squareRoot()
        guard spacing <= 1.5 * width else {
            throw bad("grid.normNodes", grid.normNodes, "is too coarse: the ln s spacing \(spacing) must not exceed 1.5× the prior's "
                      + "ln s width \(width) at d = \(inputDimension); raise grid.normNodes or narrow [normMin, normMax]")
        }
    }
}
