/// Facts about sparse parities `χ_S(x) = Π_{j∈S} x_j` on the hypercube `{±1}^d` that do not
/// depend on how a data set is drawn.
public enum SparseParity {
    /// The parity `χ_S(x) = Π_{j∈S} x_j` of one input.
    /// - Parameters:
    ///   - x: an input (its entries are ±1 on the hypercube; any values are multiplied as given).
    ///   - support: the indices `S` (0-based, each `< x.count`).
    /// - Returns: the product of the selected entries (1 for an empty support).
    public static func value(_ x: ArraySlice<Double>, support: [Int]) -> Double {
        var product = 1.0
        for j in support { product *= x[x.startIndex + j] }
        return product
    }

    /// Whether a wide bias-free ReLU network `f(x) = N^{−1/2} Σ_i a_i ReLU(w_i·x)` can represent a
    /// parity of order `k` at all.
    ///
    /// `ReLU(z) = z/2 + |z|/2`: the odd part is linear and the even part `|z|/2` is even in `w`,
    /// so `E_x[ReLU(w·x) χ_S(x)]` vanishes for every `w` when `|S| = k` is odd and `k ≥ 3`
    /// (zero Walsh overlap; the NNGP eigenvalue of such a parity is exactly 0, see
    /// `HypercubeSpectrum`). Even `k`, and `k = 1` through the linear part, are learnable. Model
    /// kinds use this to warn about or reject an odd-order parity target; the data kind itself
    /// does not know the activation.
    /// - Parameter k: the order `|S| ≥ 1`.
    /// - Returns: `true` for even `k` or `k = 1`.
    public static func isLearnableByBiasFreeReLU(k: Int) -> Bool {
        k == 1 || (k > 0 && k % 2 == 0)
    }
}
