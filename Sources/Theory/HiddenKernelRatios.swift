import LinearAlgebra

/// How the hidden-layer kernel `C` differs from its prior (NNGP) value `K`, along the label direction
/// and across the directions orthogonal to it: the directional adaptation of Rubin et al. that a pure
/// rescaling `C = u K` cannot show (it would give `task = orthogonal = u`).
///
///     task       = yᵀ C y / yᵀ K y,
///     orthogonal = tr(P⊥ C) / tr(P⊥ K),   P⊥ = I − y yᵀ/|y|².
public struct HiddenKernelRatios: Sendable, Equatable {
    /// `yᵀ C y / yᵀ K y`.
    public var task: Double
    /// `tr(P⊥ C)/tr(P⊥ K)` (NaN for a single training point, which has no orthogonal direction).
    public var orthogonal: Double

    /// The ratios from the projections of both kernels.
    /// - Parameters:
    ///   - taskProjection: `ŷᵀ C ŷ` for the unit label direction `ŷ = y/|y|`.
    ///   - trace: `tr C`.
    ///   - priorTaskProjection: `ŷᵀ K ŷ`.
    ///   - priorTrace: `tr K`.
    public init(taskProjection: Double, trace: Double, priorTaskProjection: Double, priorTrace: Double) {
        task = taskProjection / priorTaskProjection
        let rest = priorTrace - priorTaskProjection
        orthogonal = rest > 0 ? (trace - taskProjection) / rest : .nan
    }

    /// The ratios of two kernel matrices on the training inputs.
    /// - Parameters:
    ///   - kernel: `C`, `P × P`.
    ///   - prior: `K`, `P × P`.
    ///   - labels: `y` (P values, not all zero).
    /// - Throws: `TheoryError.dimensionMismatch` or `.nonFiniteInput`.
    public init(kernel: Matrix, prior: Matrix, labels: [Double]) throws {
        let p = labels.count
        guard kernel.rows == p, kernel.cols == p, prior.rows == p, prior.cols == p else {
            throw TheoryError.dimensionMismatch("kernels \(kernel.rows)×\(kernel.cols) and \(prior.rows)×\(prior.cols) for \(p) labels")
        }
        guard kernel.isFinite, prior.isFinite else { throw TheoryError.nonFiniteInput("the kernel matrices") }
        let norm2 = labels.reduce(0) { $0 + $1 * $1 }
        guard norm2 > 0, norm2.isFinite else { throw TheoryError.nonFiniteInput("the label direction (|y|² = \(norm2))") }
        func projection(_ m: Matrix) -> (Double, Double) {
            let my = matvec(m, labels)
            var trace = 0.0
            for i in 0..<p { trace += m.values[i * p + i] }
            return (dot(labels, my) / norm2, trace)
        }
        let (c, tc) = projection(kernel), (k, tk) = projection(prior)
        self.init(taskProjection: c, trace: tc, priorTaskProjection: k, priorTrace: tk)
    }
}
