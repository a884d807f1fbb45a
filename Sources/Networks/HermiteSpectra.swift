import LinearAlgebra

/// The spectra of the Hermite tensors of a function (`HermiteTensors`) and the function-side atom
/// count: a sparse dictionary `Σ_s c_s He_{k_s}(u_s·x)/√k_s!` with orthonormal `u_s` and degrees
/// `k_s ≤ 3` has one spectral value `|c_s|` per atom and zeros otherwise, whatever parameters
/// realise it (the count is invariant under the network's realisation symmetries).
public struct HermiteSpectra: Sendable, Equatable {
    /// `[‖C1‖]`.
    public var c1: [Double]
    /// `|eigenvalues|` of `C2`, descending (`d`).
    public var c2: [Double]
    /// Singular values of the `d × d²` unfolding of `C3`, descending (`d`): square roots of the
    /// eigenvalues of `U Uᵀ` (negative round-off clamped to 0).
    public var c3: [Double]

    /// - Parameter tensors: the Hermite tensors.
    /// - Throws: `LinearAlgebraError` if an eigen-decomposition fails (non-finite tensors).
    public init(_ tensors: HermiteTensors) throws {
        c1 = [tensors.c1.reduce(0) { $0 + $1 * $1 }.squareRoot()]
        c2 = try SymmetricEigen(tensors.c2).values.map { abs($0) }.sorted(by: >)
        c3 = try SymmetricEigen(rowGram(tensors.c3)).values.map { max($0, 0).squareRoot() }.sorted(by: >)
    }

    /// The number of spectral values above `threshold`, over `c1`, `c2` and `c3`.
    /// - Parameter threshold: `τ ≥ 0`.
    /// - Returns: the atom count `#atoms(τ)`.
    public func atomCount(threshold: Double) -> Int {
        (c1 + c2 + c3).filter { $0 > threshold }.count
    }
}
