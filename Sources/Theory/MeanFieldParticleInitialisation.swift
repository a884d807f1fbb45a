import LinearAlgebra

/// Where the particles of `MeanFieldParticleSolver` start.
public enum MeanFieldParticleInitialisation: Sendable, Equatable {
    /// Independent draws from the plain prior `N(0, σ_w²/d · I)`.
    case prior
    /// Aligned with a relevant subspace: `w = scale · Uᵀz + (I − UᵀU) g`, `z ~ N(0, I_r)`, `g` a prior draw,
    /// so the relevant components have scale `scale` and the irrelevant ones are prior-distributed
    /// (a start on the aligned branch, to detect metastability near the transition).
    /// - `subspace`: `U`, `r × d` with orthonormal rows.
    /// - `scale`: the standard deviation of the relevant components (≥ 0).
    case aligned(subspace: Matrix, scale: Double)

    /// Checks the subspace against the input dimension.
    /// - Parameter inputDimension: `d`.
    /// - Throws: `TheoryError` when `U` has the wrong width, is not orthonormal, or `scale` is invalid.
    func validate(inputDimension d: Int) throws {
        guard case let .aligned(u, scale) = self else { return }
        guard u.cols == d, u.rows >= 1, u.rows <= d else {
            throw TheoryError.dimensionMismatch("aligned initialisation: the subspace is \(u.rows) × \(u.cols), expected r × \(d) with 1 ≤ r ≤ \(d)")
        }
        guard u.isFinite else { throw TheoryError.nonFiniteInput("the aligned-initialisation subspace") }
        guard scale >= 0, scale.isFinite else {
            throw TheoryError.invalidParameter(name: "initialisation.scale", value: "\(scale)", requirement: "must be finite and ≥ 0")
        }
        let gram = rowGram(u)
        for i in 0..<u.rows {
            for j in 0..<u.rows where abs(gram[i, j] - (i == j ? 1 : 0)) > 1e-8 {
                throw TheoryError.invalidParameter(name: "initialisation.subspace", value: "U Uᵀ[\(i), \(j)] = \(gram[i, j])",
                                                   requirement: "the rows must be orthonormal")
            }
        }
    }
}
