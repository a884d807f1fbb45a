import LinearAlgebra

/// How every chain of an `SGLDSampler` starts.
///
/// All draws of chain `c` come from its init stream
/// `GaussianNoiseStream(seed: seed, stream: [purpose("sgld-init"), c])`: first the prior draw
/// (`V` row by row, then `w`, then `b`), then — for `.aligned` — the `N·r` relevant components.
public enum SGLDInitialization: Sendable {
    /// The chain's prior draw (`TwoLayerNetwork.samplePrior(seed:stream:)`).
    case prior
    /// The same parameters for every chain.
    case fixed(NetworkParameters)
    /// The chain's prior draw, moved into alignment with the data's relevant subspace.
    case aligned(AlignedInitialization)

    /// The start of one chain.
    /// - Parameters:
    ///   - chain: the chain index.
    ///   - sampler: the sampler (network, seed, training data).
    /// - Returns: the initial parameters.
    func parameters(chain: Int, sampler: SGLDSampler) -> NetworkParameters {
        let stream = [RandomStream.purpose("sgld-init"), UInt64(chain)]
        switch self {
        case .prior:
            return sampler.network.samplePrior(seed: sampler.configuration.seed, stream: stream)
        case .fixed(let p):
            return p
        case .aligned(let a):
            let noise = GaussianNoiseStream(seed: sampler.configuration.seed, stream: stream)
            var p = sampler.network.samplePrior(noise)
            a.align(&p, noise: noise, network: sampler.network, trainInputs: sampler.trainInputs, trainLabels: sampler.trainLabels)
            return p
        }
    }
}

/// A start aligned with the data's relevant subspace `span(U)` (`U`: `r × D`, orthonormal rows):
/// from the prior draw, every read-in vector keeps its component orthogonal to the subspace and
/// gets fresh relevant components of standard deviation `scale`,
/// `v_i ← (I − UᵀU) v_i + Uᵀ z_i · scale`, `z_i ~ N(0, I_r)` (in the units of `v_i` itself, not of
/// its prior standard deviation), and every readout weight gets the sign that makes its neuron
/// agree with the training labels, `w_i ← |w_i| · sign(Σ_μ φ(s_in v_i·x_μ + b_i) y_μ)` (+ for a
/// zero sum). Biases keep their prior draw.
public struct AlignedInitialization: Sendable {
    /// `U`, `r × D` with orthonormal rows.
    public let relevantSubspace: Matrix
    /// The standard deviation of each relevant component `u_k·v_i`.
    public let scale: Double

    /// Largest deviation of `U Uᵀ` from the identity accepted as orthonormal.
    public static let orthonormalityTolerance = 1e-8

    /// - Parameters:
    ///   - relevantSubspace: `U` (`r × D`, `r ≥ 1`, orthonormal rows).
    ///   - scale: `≥ 0`, finite.
    /// - Throws: `NetworkError.invalidParameter` naming `relevant_subspace` or `aligned_scale`.
    public init(relevantSubspace: Matrix, scale: Double) throws {
        guard relevantSubspace.rows >= 1, relevantSubspace.cols >= relevantSubspace.rows, relevantSubspace.isFinite else {
            throw NetworkError.invalidParameter(name: "relevant_subspace", value: "\(relevantSubspace.rows)×\(relevantSubspace.cols)",
                                                requirement: "must be finite, with 1 ≤ r ≤ D rows")
        }
        let r = relevantSubspace.rows, d = relevantSubspace.cols
        var worst = 0.0
        for a in 0..<r {
            for b in a..<r {
                var dot = 0.0
                for j in 0..<d { dot += relevantSubspace.values[a * d + j] * relevantSubspace.values[b * d + j] }
                worst = max(worst, abs(dot - (a == b ? 1 : 0)))
            }
        }
        guard worst <= Self.orthonormalityTolerance else {
            throw NetworkError.invalidParameter(name: "relevant_subspace", value: "max |UUᵀ − I| = \(worst)",
                                                requirement: "rows must be orthonormal")
        }
        guard scale >= 0, scale.isFinite else {
            throw NetworkError.invalidParameter(name: "aligned_scale", value: "\(scale)", requirement: "must be finite and ≥ 0")
        }
        self.relevantSubspace = relevantSubspace
        self.scale = scale
    }

    /// Aligns prior parameters in place.
    /// - Parameters:
    ///   - p: the prior draw (changed).
    ///   - noise: the chain's init stream, positioned after the prior draw (advanced by `N·r`).
    ///   - network: the network (`s_in`, `φ`).
    ///   - trainInputs: `P × D`.
    ///   - trainLabels: the `P` labels.
    func align(_ p: inout NetworkParameters, noise: GaussianNoiseStream, network: TwoLayerNetwork,
               trainInputs: Matrix, trainLabels: [Double]) {
        let n = network.spec.width, d = network.spec.inputDimension, r = relevantSubspace.rows
        var z = [Double](repeating: 0, count: n * r)
        z.withUnsafeMutableBufferPointer { noise.fill($0.baseAddress!, count: n * r) }
        let u = relevantSubspace.values
        for i in 0..<n {
            for k in 0..<r {
                var c = 0.0
                for j in 0..<d { c += u[k * d + j] * p.readin.values[i * d + j] }
                let shift = scale * z[i * r + k] - c
                for j in 0..<d { p.readin.values[i * d + j] += shift * u[k * d + j] }
            }
        }
        let sIn = network.resolved.sIn, phi = network.spec.activation
        for i in 0..<n {
            let b = p.bias.isEmpty ? 0 : p.bias[i]
            var agreement = 0.0
            for mu in 0..<trainInputs.rows {
                var h = 0.0
                for j in 0..<d { h += p.readin.values[i * d + j] * trainInputs.values[mu * d + j] }
                agreement += phi(sIn * h + b) * trainLabels[mu]
            }
            p.readout[i] = agreement < 0 ? -abs(p.readout[i]) : abs(p.readout[i])
        }
    }
}
