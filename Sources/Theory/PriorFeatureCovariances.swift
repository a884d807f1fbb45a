import Foundation
import Kernels
import LinearAlgebra

/// Prior (single-neuron) covariances of the pre-activations and features of the network
/// `f(x) = (1/√N) Σ_i v_i φ(w_i·x/√D)`, `w ~ N(0, I/λ0)`, on a set of inputs.
///
/// * Pre-activations `h_μ = w·x_μ/√D` are centred Gaussian with covariance
///   `C_μν = x_μ·x_ν/(λ0 D)`.
/// * NNGP kernel `K_μν = E[φ(h_μ)φ(h_ν)]`: erf `(2/π) arcsin(2C_μν/√((1 + 2C_μμ)(1 + 2C_νν)))`
///   (Williams 1997), linear `C_μν`. The GP prior of `f` at infinite width has covariance `K/λ1`.
/// * Slopes `b_μ = E[φ'(h_μ)]`: erf `2/√(π(1 + 2C_μμ))`, linear 1.
/// * Read-in–feature cross-covariance `B = Cov(w, φ(h)) ∈ R^{D×P}`: by Stein's lemma
///   `B_{:μ} = (1/λ0)(x_μ/√D) b_μ`, i.e. erf `B = (1/λ0)(Xᵀ/√D)·diag(2/√(π(1 + 2C_μμ)))`,
///   linear `B = Xᵀ/(λ0√D)`.
public struct PriorFeatureCovariances: Sendable {
    /// The activation `φ`.
    public let activation: Activation
    /// `λ0`.
    public let lambda0: Double
    /// `C` (P × P).
    public let preactivation: Matrix
    /// `K` (P × P), exactly symmetric.
    public let kernel: Matrix
    /// `b_μ = E[φ'(h_μ)]`.
    public let slopes: [Double]
    /// `B = Cov(w, φ(h))` (D × P).
    public let readinCross: Matrix

    /// Builds `C`, `K`, `b` and `B` for the rows of `inputs`.
    /// - Parameters:
    ///   - inputs: `X`, P × D.
    ///   - activation: `.erf` or `.linear`.
    ///   - lambda0: `λ0 > 0`.
    public init(inputs: Matrix, activation: Activation, lambda0: Double) {
        let p = inputs.rows, d = inputs.cols
        let c = (1 / (lambda0 * Double(d))) * rowGram(inputs)
        var k = Matrix(rows: p, cols: p)
        for i in 0..<p {
            for j in i..<p {
                let value = Self.kernel(activation, c.values[i * p + i], c.values[i * p + j], c.values[j * p + j])
                k.values[i * p + j] = value
                k.values[j * p + i] = value
            }
        }
        let b = (0..<p).map { Self.slope(activation, c.values[$0 * p + $0]) }
        var cross = inputs.transposed
        let scale = 1 / (lambda0 * Double(d).squareRoot())
        for r in 0..<d {
            for mu in 0..<p { cross.values[r * p + mu] *= scale * b[mu] }
        }
        self.activation = activation
        self.lambda0 = lambda0
        preactivation = c
        kernel = k
        slopes = b
        readinCross = cross
    }

    /// `E[φ(U)φ(V)]` for a centred Gaussian pair with variances `cuu`, `cvv` and covariance `cuv`
    /// (erf: Williams' arcsine formula; linear: `cuv`).
    public static func kernel(_ activation: Activation, _ cuu: Double, _ cuv: Double, _ cvv: Double) -> Double {
        switch activation {
        case .linear: return cuv
        default:
            precondition(activation == .erf, "PriorFeatureCovariances: only erf and linear are supported")
            let argument = 2 * cuv / ((1 + 2 * cuu) * (1 + 2 * cvv)).squareRoot()
            return 2 / Double.pi * Foundation.asin(min(1, max(-1, argument)))
        }
    }

    /// `E[φ'(U)]` for `U ~ N(0, cuu)` (erf: `2/√(π(1 + 2cuu))`; linear: 1).
    public static func slope(_ activation: Activation, _ cuu: Double) -> Double {
        switch activation {
        case .linear: return 1
        default:
            precondition(activation == .erf, "PriorFeatureCovariances: only erf and linear are supported")
            return 2 / (Double.pi * (1 + 2 * cuu)).squareRoot()
        }
    }

    /// The test–train NNGP kernel `K(x*_j, x_μ)` and the test prior variances `K(x*_j, x*_j)`.
    /// - Parameters:
    ///   - testInputs: `X*`, P* × D.
    ///   - trainInputs: `X`, P × D (the inputs this value was built from).
    /// - Returns: the P* × P cross kernel and the P* diagonal values.
    public func testKernels(testInputs: Matrix, trainInputs: Matrix) -> (cross: Matrix, diagonal: [Double]) {
        let p = trainInputs.rows, m = testInputs.rows, d = trainInputs.cols
        guard m > 0 else { return (Matrix(rows: 0, cols: p), []) }
        let scale = 1 / (lambda0 * Double(d))
        let inner = matmul(testInputs, trainInputs, transposeB: true, alpha: scale)
        let testVariance = (0..<m).map { j in
            var s = 0.0
            for r in 0..<d { let v = testInputs.values[j * d + r]; s += v * v }
            return scale * s
        }
        var cross = Matrix(rows: m, cols: p)
        for j in 0..<m {
            for mu in 0..<p {
                cross.values[j * p + mu] = Self.kernel(activation, testVariance[j], inner.values[j * p + mu],
                                                       preactivation.values[mu * p + mu])
            }
        }
        return (cross, testVariance.map { Self.kernel(activation, $0, $0, $0) })
    }
}
