import LinearAlgebra

/// The NNGP kernel of a wide two-layer network.
///
/// The network is `f(x) = Σ_{i=1}^N a_i φ(w_i·x + b_i)` with `w_i ~ N(0, (weightVariance/d) I_d)`,
/// `b_i ~ N(0, biasVariance)` and `a_i ~ N(0, readoutVariance/N)`. As `N → ∞` the prior over `f`
/// is a Gaussian process with covariance
///
///     K(x, y) = readoutVariance · E[φ(h_x) φ(h_y)],
///     (h_x, h_y) centred Gaussian with Σ_xx = weightVariance·|x|²/d + biasVariance,
///     Σ_xy = weightVariance·x·y/d + biasVariance, Σ_yy = weightVariance·|y|²/d + biasVariance.
///
/// `d` is the input length (`x.count`, or the number of columns of a data matrix).
/// Example: the linear kernel `x·y/d` is `activation: .linear, weightVariance: 1, biasVariance: 0,
/// readoutVariance: 1`; it is the Bayes-optimal prior for the teacher `y = u·x` with `|u| = 1`.
public struct NNGPKernel: Sendable, Equatable {
    /// How `E[φ(h_x)φ(h_y)]` is evaluated.
    public enum Method: Sendable, Equatable, Hashable {
        /// The closed form when the activation has one, otherwise quadrature of order 64.
        case automatic
        /// The closed form (linear, ReLU arc-cosine, erf, quadratic); not available for tanh.
        case closedForm
        /// Tensor-product Gauss–Hermite quadrature with `order` nodes per dimension (any activation).
        ///
        /// Accuracy (measured against order 400): exponential in `order` for smooth activations at
        /// moderate pre-activation variance (tanh with Σ ≤ 1: relative error < 3e-9 at order 64);
        /// slower for saturating activations at large variance (tanh, Σ = 10: ~3e-3 at order 64,
        /// ~1e-4 at order 128); only algebraic for activations with a kink (ReLU: ~1e-2 at order 40),
        /// which is why closed forms are used wherever they exist. Cost: about order² activation
        /// evaluations per kernel entry.
        case quadrature(order: Int)
    }

    /// The hidden-unit activation `φ`.
    public var activation: Activation
    /// `σ_w²`: input weights have variance `σ_w²/d`.
    public var weightVariance: Double
    /// `σ_b²`: the variance of the hidden biases.
    public var biasVariance: Double
    /// `σ_a²`: readout weights have variance `σ_a²/N`; the kernel is scaled by it.
    public var readoutVariance: Double
    /// The evaluation method.
    public var method: Method

    /// Quadrature order used by `.automatic` for activations without a closed form.
    public static let automaticQuadratureOrder = 64

    /// A validated kernel.
    /// - Parameters:
    ///   - activation: `φ`.
    ///   - weightVariance: `σ_w² ≥ 0`.
    ///   - biasVariance: `σ_b² ≥ 0`.
    ///   - readoutVariance: `σ_a² ≥ 0`.
    ///   - method: how expectations are evaluated.
    /// - Throws: `KernelError.invalidParameter` or `.noClosedForm`.
    public init(activation: Activation, weightVariance: Double = 1, biasVariance: Double = 0,
                readoutVariance: Double = 1, method: Method = .automatic) throws {
        self.activation = activation
        self.weightVariance = weightVariance
        self.biasVariance = biasVariance
        self.readoutVariance = readoutVariance
        self.method = method
        try validate()
    }

    /// Checks the parameters.
    /// - Throws: `KernelError.invalidParameter` for a negative or non-finite variance or a quadrature
    ///   order outside 1...1000; `.noClosedForm` for `.closedForm` with tanh.
    public func validate() throws {
        for (name, value) in [("weightVariance", weightVariance), ("biasVariance", biasVariance),
                              ("readoutVariance", readoutVariance)] where !(value >= 0 && value.isFinite) {
            throw KernelError.invalidParameter(name: name, value: "\(value)", requirement: "must be finite and non-negative")
        }
        switch method {
        case .automatic: break
        case .closedForm:
            if !activation.hasClosedFormKernel { throw KernelError.noClosedForm(activation) }
        case let .quadrature(order):
            if order < 1 || order > 1000 {
                throw KernelError.invalidParameter(name: "method.quadrature.order", value: "\(order)", requirement: "must be in 1...1000")
            }
        }
    }

    /// The pre-activation covariance of two inputs.
    /// - Parameters:
    ///   - x: first input.
    ///   - y: second input (same length).
    /// - Returns: `(Σ_xx, Σ_xy, Σ_yy)` with `Σ_xy = weightVariance·x·y/d + biasVariance`.
    public func preactivationCovariance(_ x: [Double], _ y: [Double]) -> (Double, Double, Double) {
        precondition(x.count == y.count && !x.isEmpty, "NNGPKernel: inputs must be non-empty and of equal length")
        let scale = weightVariance / Double(x.count)
        return (scale * dot(x, x) + biasVariance, scale * dot(x, y) + biasVariance, scale * dot(y, y) + biasVariance)
    }

    /// The kernel given the pre-activation covariance: `readoutVariance · E[φ(U)φ(V)]`.
    /// - Parameter covariance: `(Σ_uu, Σ_uv, Σ_vv)`.
    /// - Returns: the kernel value.
    public func value(preactivationCovariance covariance: (Double, Double, Double)) -> Double {
        let evaluator = Evaluator(self)
        return evaluator.kernel(covariance.0, covariance.1, covariance.2)
    }

    /// `K(x, y)`.
    /// - Parameters:
    ///   - x: first input.
    ///   - y: second input (same length).
    /// - Returns: the kernel value.
    public func callAsFunction(_ x: [Double], _ y: [Double]) -> Double {
        value(preactivationCovariance: preactivationCovariance(x, y))
    }

    /// The Gram matrix `K_ij = K(a_i, a_j)` of the rows of `a`.
    ///
    /// All inner products come from one BLAS `dsyrk`; only the upper triangle is evaluated and it
    /// is mirrored, so the result is exactly symmetric.
    /// - Parameter a: inputs as rows (`n × d`, d ≥ 1).
    /// - Returns: the `n × n` Gram matrix.
    public func gram(_ a: Matrix) -> Matrix {
        precondition(a.cols >= 1, "NNGPKernel.gram: inputs need at least one column")
        let n = a.rows
        let scale = weightVariance / Double(a.cols)
        let inner = rowGram(a)
        let evaluator = Evaluator(self)
        var k = Matrix(rows: n, cols: n)
        inner.values.withUnsafeBufferPointer { g in
            k.values.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    let sii = scale * g[i * n + i] + biasVariance
                    for j in i..<n {
                        let sjj = scale * g[j * n + j] + biasVariance
                        let value = evaluator.kernel(sii, scale * g[i * n + j] + biasVariance, sjj)
                        out[i * n + j] = value
                        out[j * n + i] = value
                    }
                }
            }
        }
        return k
    }

    /// The cross Gram matrix `K_ij = K(a_i, b_j)`, rows of `a` against rows of `b`.
    /// - Parameters:
    ///   - a: first inputs as rows (`m × d`).
    ///   - b: second inputs as rows (`n × d`).
    /// - Returns: the `m × n` matrix (for regression: test rows × train rows).
    public func gram(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.cols == b.cols && a.cols >= 1, "NNGPKernel.gram: inputs need the same, non-zero number of columns")
        let m = a.rows, n = b.rows
        let scale = weightVariance / Double(a.cols)
        let inner = matmul(a, b, transposeB: true)
        let da = Self.squaredNorms(a).map { scale * $0 + biasVariance }
        let db = Self.squaredNorms(b).map { scale * $0 + biasVariance }
        let evaluator = Evaluator(self)
        var k = Matrix(rows: m, cols: n)
        inner.values.withUnsafeBufferPointer { g in
            k.values.withUnsafeMutableBufferPointer { out in
                for i in 0..<m {
                    for j in 0..<n {
                        out[i * n + j] = evaluator.kernel(da[i], scale * g[i * n + j] + biasVariance, db[j])
                    }
                }
            }
        }
        return k
    }

    /// The prior variances `K(a_i, a_i)` of the rows of `a`.
    /// - Parameter a: inputs as rows.
    /// - Returns: one value per row.
    public func diagonal(_ a: Matrix) -> [Double] {
        precondition(a.cols >= 1, "NNGPKernel.diagonal: inputs need at least one column")
        let scale = weightVariance / Double(a.cols)
        let evaluator = Evaluator(self)
        return Self.squaredNorms(a).map {
            let s = scale * $0 + biasVariance
            return evaluator.kernel(s, s, s)
        }
    }

    /// Squared Euclidean norms of the rows.
    private static func squaredNorms(_ a: Matrix) -> [Double] {
        (0..<a.rows).map { i in
            var s = 0.0
            for j in 0..<a.cols { let v = a.values[i * a.cols + j]; s += v * v }
            return s
        }
    }

    /// Evaluates `readoutVariance · E[φ(U)φ(V)]` with the resolved method; the quadrature rule is
    /// built once per Gram matrix.
    private struct Evaluator {
        let activation: Activation
        let readoutVariance: Double
        /// Quadrature nodes and weights (empty for closed forms). Nodes whose weight is below
        /// `1e-22` are dropped: their contribution is below 1e-16 relative for every activation here.
        let nodes: [Double]
        let weights: [Double]
        let usesQuadrature: Bool

        init(_ kernel: NNGPKernel) {
            activation = kernel.activation
            readoutVariance = kernel.readoutVariance
            var order: Int?
            switch kernel.method {
            case .automatic:
                order = activation.hasClosedFormKernel ? nil : NNGPKernel.automaticQuadratureOrder
            case .closedForm:
                precondition(activation.hasClosedFormKernel, KernelError.noClosedForm(activation).description)
            case let .quadrature(n):
                order = n
            }
            if let order {
                let rule = GaussHermite(order: order)
                let kept = rule.weights.indices.filter { rule.weights[$0] >= 1e-22 }
                nodes = kept.map { rule.nodes[$0] }
                weights = kept.map { rule.weights[$0] }
                usesQuadrature = true
            } else {
                nodes = []
                weights = []
                usesQuadrature = false
            }
        }

        func kernel(_ suu: Double, _ suv: Double, _ svv: Double) -> Double {
            guard usesQuadrature else {
                return readoutVariance * GaussianActivationMoments.closedForm(activation, suu, suv, svv)!
            }
            // Put the larger variance first so that K(x, y) and K(y, x) use the same quadrature sum
            // (the rule below is not symmetric in U and V) and Gram matrices stay exactly symmetric.
            if svv > suu { return kernel(svv, suv, suu) }
            // U = l11 Z1, V = l21 Z1 + l22 Z2 (Cholesky factor of the 2×2 covariance).
            let l11 = suu.squareRoot()
            let l21 = l11 > 0 ? suv / l11 : 0
            let l22 = max(0, svv - l21 * l21).squareRoot()
            var total = 0.0
            for a in nodes.indices {
                let fu = activation(l11 * nodes[a])
                if fu == 0 { continue }
                let mean = l21 * nodes[a]
                var inner = 0.0
                if l22 == 0 {
                    inner = activation(mean)
                } else {
                    for b in nodes.indices { inner += weights[b] * activation(mean + l22 * nodes[b]) }
                }
                total += weights[a] * fu * inner
            }
            return readoutVariance * total
        }
    }
}
