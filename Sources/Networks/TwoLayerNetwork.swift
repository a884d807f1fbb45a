import LinearAlgebra

/// A two-layer network `f(x) = s_out Σ_i w_i φ(s_in v_i·x + b_i)` with Gaussian priors, and its
/// Langevin potential.
///
/// Posterior: `p(θ) ∝ exp(−L(θ)/T) · N(V; 0, σ_V²) · N(w; 0, σ_w²) · N(b; 0, σ_b²)` with
/// `L = ½ Σ_α (y_α − f(x_α))²` (**the ½ is part of the convention**: the likelihood is
/// `exp(−Σ(y − f)²/(2T))`, a Gaussian observation noise of variance `T`).
/// The potential sampled by Langevin dynamics is
/// `U(θ) = L/T + ½|V|²/σ_V² + ½|w|²/σ_w² + ½|b|²/σ_b²` (normalisation constants dropped),
/// with the numbers of `spec.resolved`.
public struct TwoLayerNetwork: Sendable {
    /// The architecture, parameterization and priors.
    public let spec: NetworkSpec
    /// The explicit scales, prior variances and temperature.
    public let resolved: ResolvedParameterization

    /// A network for a spec.
    /// - Parameter spec: the spec (validated by its initialiser; an invalid spec traps).
    public init(spec: NetworkSpec) {
        do { try spec.validate() } catch { preconditionFailure("TwoLayerNetwork: \(error)") }
        self.spec = spec
        resolved = spec.resolved
    }

    /// The network outputs `f(x_α)`.
    /// - Parameters:
    ///   - p: the parameters (shaped for `spec`).
    ///   - inputs: `P × D`, one input per row.
    /// - Returns: the `P` outputs.
    public func outputs(_ p: NetworkParameters, inputs: Matrix) -> [Double] {
        checkShapes(p, inputs: inputs)
        if inputs.rows == 0 { return [] }
        let engine = NetworkEngine(spec: spec, rowCapacity: inputs.rows)
        engine.load(p)
        return inputs.values.withUnsafeBufferPointer { x in
            engine.forward(x.baseAddress!, rows: inputs.rows, keepSlopes: false)
            return Array(UnsafeBufferPointer(start: engine.outputs, count: inputs.rows))
        }
    }

    /// The potential `U = L/T + ½|V|²/σ_V² + ½|w|²/σ_w² + ½|b|²/σ_b²`.
    /// - Parameters:
    ///   - p: the parameters.
    ///   - inputs: `P × D` training inputs.
    ///   - labels: the `P` labels.
    /// - Returns: `U(θ)`.
    public func potential(_ p: NetworkParameters, inputs: Matrix, labels: [Double]) -> Double {
        let f = outputs(p, inputs: inputs)
        precondition(labels.count == inputs.rows, "potential: \(labels.count) labels for \(inputs.rows) inputs")
        var loss = 0.0
        for a in f.indices { let r = labels[a] - f[a]; loss += r * r }
        let engine = NetworkEngine(spec: spec, rowCapacity: 1)
        engine.load(p)
        return 0.5 * loss / resolved.temperature + engine.priorEnergy().energy
    }

    /// `U` and its gradient `∇U = ∇L/T + θ/σ²` (full batch), with the sampler's own code.
    /// - Parameters:
    ///   - p: the parameters.
    ///   - inputs: `P × D` training inputs.
    ///   - labels: the `P` labels.
    /// - Returns: `U(θ)` and `∇U` shaped like `p`.
    public func potentialGradient(_ p: NetworkParameters, inputs: Matrix, labels: [Double]) -> (value: Double, gradient: NetworkParameters) {
        checkShapes(p, inputs: inputs)
        precondition(labels.count == inputs.rows, "potentialGradient: \(labels.count) labels for \(inputs.rows) inputs")
        let n = spec.width, d = spec.inputDimension
        var gradient = NetworkParameters.zeros(for: spec)
        let engine = NetworkEngine(spec: spec, rowCapacity: inputs.rows)
        engine.load(p)
        var loss = 0.0
        if inputs.rows > 0 {
            inputs.values.withUnsafeBufferPointer { x in
                labels.withUnsafeBufferPointer { y in
                    engine.forward(x.baseAddress!, rows: inputs.rows, keepSlopes: true)
                    loss = engine.gradient(x.baseAddress!, labels: y.baseAddress!, rows: inputs.rows, likelihoodScale: 1)
                }
            }
            gradient.readin = engine.readinGradientMatrix()
            gradient.readout = Array(UnsafeBufferPointer(start: engine.readoutGradient, count: n))
            if spec.bias { gradient.bias = Array(UnsafeBufferPointer(start: engine.biasGradient, count: n)) }
        }
        let r = resolved
        for k in 0..<(n * d) { gradient.readin.values[k] += p.readin.values[k] / r.readinPriorVariance }
        for i in 0..<n { gradient.readout[i] += p.readout[i] / r.readoutPriorVariance }
        if spec.bias { for i in 0..<n { gradient.bias[i] += p.bias[i] / r.biasPriorVariance } }
        return (loss / r.temperature + engine.priorEnergy().energy, gradient)
    }

    /// A draw from the prior: `V_ij ~ N(0, σ_V²)` row by row, then `w_i ~ N(0, σ_w²)`, then
    /// `b_i ~ N(0, σ_b²)` (with biases), from `rng.nextGaussian()` in that order.
    /// - Parameter rng: the random stream (advanced).
    /// - Returns: the parameters.
    public func samplePrior(_ rng: inout RandomStream) -> NetworkParameters {
        let n = spec.width, d = spec.inputDimension
        let sv = resolved.readinPriorVariance.squareRoot()
        let sw = resolved.readoutPriorVariance.squareRoot()
        let sb = resolved.biasPriorVariance.squareRoot()
        let readin = Matrix(rows: n, cols: d, values: rng.fillGaussian(n * d).map { sv * $0 })
        let readout = rng.fillGaussian(n).map { sw * $0 }
        let bias = spec.bias ? rng.fillGaussian(n).map { sb * $0 } : []
        return NetworkParameters(readin: readin, readout: readout, bias: bias)
    }

    /// A draw from the prior with the fast ziggurat stream `GaussianNoiseStream(seed: seed, stream: stream)`
    /// (exact N(0, 1) variates, ~5× faster than Box–Muller; what `SGLDSampler` uses to initialise chains):
    /// `V` row by row, then `w`, then `b`, each scaled by its prior standard deviation.
    /// - Parameters:
    ///   - seed: the seed.
    ///   - stream: the stream identifiers.
    /// - Returns: the parameters.
    public func samplePrior(seed: UInt64, stream: [UInt64]) -> NetworkParameters {
        samplePrior(GaussianNoiseStream(seed: seed, stream: stream))
    }

    /// A draw from the prior from a ziggurat stream, which is advanced (by `N·D + N` (+ `N`) variates),
    /// so that further draws of the same stream can follow (`SGLDInitialization.aligned`).
    /// - Parameter noise: the stream.
    /// - Returns: the parameters.
    func samplePrior(_ noise: GaussianNoiseStream) -> NetworkParameters {
        let n = spec.width, d = spec.inputDimension
        var p = NetworkParameters.zeros(for: spec)
        for (count, variance, apply) in [(n * d, resolved.readinPriorVariance, 0), (n, resolved.readoutPriorVariance, 1),
                                         (spec.bias ? n : 0, resolved.biasPriorVariance, 2)] where count > 0 {
            var z = [Double](repeating: 0, count: count)
            z.withUnsafeMutableBufferPointer { noise.fill($0.baseAddress!, count: count) }
            let scale = variance.squareRoot()
            switch apply {
            case 0: p.readin = Matrix(rows: n, cols: d, values: z.map { scale * $0 })
            case 1: p.readout = z.map { scale * $0 }
            default: p.bias = z.map { scale * $0 }
            }
        }
        return p
    }

    private func checkShapes(_ p: NetworkParameters, inputs: Matrix) {
        if let message = p.shapeMismatch(for: spec) { preconditionFailure("TwoLayerNetwork: \(message)") }
        precondition(inputs.rows == 0 || inputs.cols == spec.inputDimension,
                     "TwoLayerNetwork: inputs have \(inputs.cols) columns, the network needs \(spec.inputDimension)")
    }
}
