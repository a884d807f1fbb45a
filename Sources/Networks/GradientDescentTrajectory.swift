import LinearAlgebra

/// Plain full-batch gradient descent `θ ← θ − η∇L`, `L = ½ Σ_α (f(x_α) − y_α)²` — no prior term and no
/// noise, the T = 0 dynamics whose equilibrium counterpart the Langevin sampler samples — from a prior draw,
/// with the hidden-layer kernel `K̂ = (1/N) Σ_i φ(h_i)φ(h_i)ᵀ` on the training inputs recorded along the way.
/// It uses the sampler's `NetworkEngine` (the same forward pass, gradient and hidden Gram), every layer with
/// the same step (no per-layer multipliers).
public enum GradientDescentTrajectory {
    /// The state after `step` updates.
    public struct Record: Sendable, Equatable {
        /// Updates done.
        public var step: Int
        /// `L = ½ Σ (f − y)²` on the training inputs.
        public var loss: Double
        /// `K̂` (`P × P`, symmetric).
        public var hiddenKernel: Matrix
    }

    /// Runs one trajectory.
    /// - Parameters:
    ///   - spec: the network; its temperature is irrelevant (the gradient is that of `L` itself).
    ///   - inputs: `P × D` training inputs.
    ///   - labels: the `P` labels.
    ///   - stepSize: `η > 0`.
    ///   - recordSteps: strictly increasing steps `≥ 0` at which the state is recorded.
    ///   - start: the initial parameters (e.g. `TwoLayerNetwork.samplePrior(seed:stream:)`).
    /// - Returns: one record per entry of `recordSteps`.
    public static func run(spec: NetworkSpec, inputs: Matrix, labels: [Double], stepSize: Double, recordSteps: [Int],
                           start: NetworkParameters) throws -> [Record] {
        guard stepSize > 0, stepSize.isFinite else {
            throw NetworkError.invalidParameter(name: "step_size", value: "\(stepSize)", requirement: "must be positive and finite")
        }
        guard let last = recordSteps.last, recordSteps.first! >= 0, zip(recordSteps, recordSteps.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw NetworkError.invalidParameter(name: "record_steps", value: "\(recordSteps)", requirement: "must be non-empty, ≥ 0 and strictly increasing")
        }
        guard labels.count == inputs.rows, inputs.cols == spec.inputDimension, inputs.rows >= 1 else {
            throw NetworkError.dimensionMismatch("\(inputs.rows) × \(inputs.cols) inputs and \(labels.count) labels for D = \(spec.inputDimension)")
        }
        try start.validate(for: spec)
        let engine = NetworkEngine(spec: spec, rowCapacity: inputs.rows, needsHiddenLayer: true)
        engine.load(start)
        let n = spec.width, d = spec.inputDimension, p = inputs.rows
        // ∇(c·L/T) with c = T is ∇L.
        let scale = engine.resolved.temperature
        var records: [Record] = []
        var next = 0
        var gram = [Double](repeating: 0, count: p * p)
        inputs.values.withUnsafeBufferPointer { xb in
            labels.withUnsafeBufferPointer { yb in
                let x = xb.baseAddress!, y = yb.baseAddress!
                for step in 0...last {
                    engine.forward(x, rows: p, keepSlopes: true)
                    let loss = engine.gradient(x, labels: y, rows: p, likelihoodScale: scale)
                    if step == recordSteps[next] {
                        for k in gram.indices { gram[k] = 0 }
                        gram.withUnsafeMutableBufferPointer { engine.accumulateHiddenGram(x, rows: p, scale: 1 / Double(n), into: $0.baseAddress!) }
                        for a in 0..<p { for b in 0..<a { gram[a * p + b] = gram[b * p + a] } }
                        records.append(Record(step: step, loss: loss, hiddenKernel: Matrix(rows: p, cols: p, values: gram)))
                        next += 1
                    }
                    if step == last { break }
                    if engine.isIdentity {
                        let g = engine.readinGradientMatrix().values
                        for k in 0..<(n * d) { engine.readin[k] -= stepSize * g[k] }
                    } else {
                        for k in 0..<(n * d) { engine.readin[k] -= stepSize * engine.readinGradient[k] }
                    }
                    for i in 0..<n { engine.readout[i] -= stepSize * engine.readoutGradient[i] }
                    if spec.bias { for i in 0..<n { engine.bias[i] -= stepSize * engine.biasGradient[i] } }
                }
            }
        }
        return records
    }
}
