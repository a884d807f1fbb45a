import Kernels
import Pipeline

/// `kernel.hypercube_spectrum`: the exact eigenvalues of the bias-free ReLU NNGP (arc-cosine)
/// kernel on the hypercube `{±1}^d`, one per parity order `k = |S|`, by the Krawtchouk sum and,
/// for small `d`, by enumeration of all `2^d` points as an independent check.
struct HypercubeSpectrumKind: TaskKind {
    let name = "kernel.hypercube_spectrum"
    let version = 1
    let summary = "eigenvalues λ_k (uniform measure, eigenfunctions the Walsh characters χ_S, |S| = k, multiplicity C(d,k)) of the bias-free ReLU NNGP kernel σ_a²(σ_w²/d)|x||x′|(sin θ + (π − θ)cos θ)/(2π) on {±1}^d: Krawtchouk sum, and for d ≤ brute_force_max_dimension a direct Walsh projection of one kernel row over all 2^d points"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: HypercubeSpectrum.maximumDimension), "cube dimension d"),
        ParameterSpec("max_order", .integer(minimum: 0, maximum: HypercubeSpectrum.maximumDimension), "highest parity order k (≤ d)"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_w²: input weights have variance σ_w²/d"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "σ_a²: the kernel is scaled by it"),
        ParameterSpec("brute_force_max_dimension", .integer(minimum: 0, maximum: HypercubeSpectrum.maximumEnumerationDimension),
                      default: .number(12), "also enumerate all 2^d points when d ≤ this"),
    ]

    /// Eigenvalues smaller than this fraction of `K(x, x)` count as numerically zero in
    /// `max_relative_difference` (the odd orders k ≥ 3 of the ReLU kernel are exactly zero and
    /// come out at ~1e-18 of K(x, x)).
    static let zeroThreshold = 1e-12
    /// Largest `d` for which `trace_relative_residual` (`|Σ_k C(d,k) λ_k − K(x,x)| / K(x,x)`, stored when
    /// `max_order = d`) is computed.
    static let traceIdentityMaximumDimension = 40

    func validate(_ p: TaskParameters) throws {
        if p.int("max_order") > p.int("dimension") {
            throw TaskParameterError("max_order", "must not exceed dimension (\(p.int("dimension")))")
        }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        try validate(p)
        let kernel = try NNGPKernel(activation: .relu, weightVariance: p.double("readin_variance"), biasVariance: 0,
                                    readoutVariance: p.double("readout_variance"), method: .closedForm)
        let d = p.int("dimension"), maxOrder = p.int("max_order")
        let spectrum = try HypercubeSpectrum(kernel: kernel, dimension: d)
        let krawtchouk = try spectrum.eigenvalues(maxOrder: maxOrder)
        let diagonal = spectrum.kernelValue(innerProduct: d)
        var arrays: [String: NDArray] = [
            "order": NDArray((0...maxOrder).map(Double.init)),
            "eigenvalue_krawtchouk": NDArray(krawtchouk),
            "multiplicity": NDArray((0...maxOrder).map { spectrum.multiplicity(order: $0) }),
        ]
        var scalars: [String: Double] = ["kernel_diagonal": diagonal, "dimension": Double(d)]
        // Beyond d ≈ 40 the multiplicities C(d, k) amplify the ~1e-17·K(x, x) noise floor of the
        // high-order eigenvalues, so the identity is no longer a meaningful check.
        if maxOrder == d && d <= Self.traceIdentityMaximumDimension {
            let trace = (0...d).reduce(0.0) { $0 + spectrum.multiplicity(order: $1) * krawtchouk[$1] }
            scalars["trace_relative_residual"] = diagonal == 0 ? abs(trace) : abs(trace - diagonal) / diagonal
        }
        if d <= p.int("brute_force_max_dimension") {
            let enumeration = try spectrum.eigenvaluesByEnumeration(maxOrder: maxOrder)
            arrays["eigenvalue_enumeration"] = NDArray(enumeration)
            var relative = 0.0, overTrace = 0.0
            for (a, b) in zip(krawtchouk, enumeration) {
                let difference = abs(a - b)
                overTrace = max(overTrace, diagonal == 0 ? difference : difference / diagonal)
                let size = max(abs(a), abs(b))
                if size > Self.zeroThreshold * diagonal { relative = max(relative, difference / size) }
            }
            scalars["max_relative_difference"] = relative
            scalars["max_difference_over_diagonal"] = overTrace
        }
        return TaskResult(arrays: arrays, scalars: scalars, attributes: [
            "description": "eigenvalue_*[k] is the eigenvalue of every Walsh character of order k (multiplicity C(d,k)) of the kernel operator with the uniform measure on {±1}^d; kernel_diagonal = K(x,x) = Σ_k C(d,k) λ_k; max_relative_difference compares the two methods over eigenvalues above \(Self.zeroThreshold)·K(x,x), max_difference_over_diagonal over all orders",
        ])
    }
}
