import CLapack
import LinearAlgebra

/// The per-chain numerical core: parameters, gradients and preallocated work buffers in raw
/// memory, and the forward and backward passes on them (no heap allocation after `init`).
///
/// Conventions (`ResolvedParameterization`): `f(x) = s_out Σ_i w_i φ(s_in v_i·x + b_i)`,
/// `L = ½ Σ_α (y_α − f(x_α))²`, data gradient = `∇(c·L/T)` with likelihood scale `c`
/// (`P/B` for a minibatch of `B` of the `P` training points, 1 for the full batch).
///
/// General `φ`: `H = s_in X Vᵀ` (one dgemm, `m×N`), then one fused pass `A = φ(H + 1bᵀ)`,
/// `S = φ'(H + 1bᵀ)`, `f = s_out A w`; `r = f − y`; one fused pass `G = r wᵀ ⊙ S`,
/// `∇_w = (c s_out/T) Aᵀ r`, `∇_b = (c s_out/T) Gᵀ1`; `∇_V = (c s_out s_in/T) Gᵀ X` (one dgemm).
/// Identity `φ` (linear, He₁): `u = Vᵀw`, `f = s_out(s_in X u + b·w)`, `z = Xᵀr`, `R = Σr`,
/// `∇_w = (c s_out/T)(s_in V z + R b)`, `∇_V = a zᵀ` with `a = (c s_out s_in/T) w` (kept as factors),
/// `∇_b = (c s_out/T) R w`: O(ND + mD) instead of O(mND).
final class NetworkEngine {
    let spec: NetworkSpec
    let resolved: ResolvedParameterization
    let kernel: ActivationKernel
    let inputDimension: Int
    let width: Int
    let hasBias: Bool
    let isIdentity: Bool
    /// Row capacity of the `H`/`φ'` buffers.
    let rowCapacity: Int
    /// Whether `H` has `rowCapacity × width` entries (always, except for the identity activation without
    /// `needsHiddenLayer`).
    let hiddenIsAllocated: Bool

    /// `V` (N×D), `w` (N), `b` (N; zero and unused without biases).
    let readin: UnsafeMutablePointer<Double>
    let readout: UnsafeMutablePointer<Double>
    let bias: UnsafeMutablePointer<Double>
    /// Data gradients. For the identity path `readinGradient` is not filled; use `readinRowFactors`
    /// and `columnFactors` (`∇_V = a zᵀ`) or `materialiseReadinGradient()`.
    let readinGradient: UnsafeMutablePointer<Double>
    let readoutGradient: UnsafeMutablePointer<Double>
    let biasGradient: UnsafeMutablePointer<Double>
    let readinRowFactors: UnsafeMutablePointer<Double>
    let columnFactors: UnsafeMutablePointer<Double>
    /// Work (rowCapacity×N each): `H`, `A = φ(H)`, `S = φ'(H)` then `G`; outputs, residuals, `u` (D).
    private let hidden: UnsafeMutablePointer<Double>
    private let activations: UnsafeMutablePointer<Double>
    private let slopes: UnsafeMutablePointer<Double>
    let outputs: UnsafeMutablePointer<Double>
    /// Outputs of `evaluate` (test inputs), separate so that a gradient can follow an evaluation.
    let evaluationOutputs: UnsafeMutablePointer<Double>
    private let residuals: UnsafeMutablePointer<Double>
    private let readoutProjection: UnsafeMutablePointer<Double>
    /// `LangevinUpdate.chunk` doubles for noise.
    let noiseScratch: UnsafeMutablePointer<Double>

    /// A workspace for one chain.
    /// - Parameters:
    ///   - spec: the network (valid).
    ///   - rowCapacity: the most input rows passed to `forward` at once (≥ 1).
    ///   - needsHiddenLayer: allocate `H` even for the identity activation (for `accumulateHiddenGram`).
    init(spec: NetworkSpec, rowCapacity: Int, needsHiddenLayer: Bool = false) {
        self.spec = spec
        resolved = spec.resolved
        kernel = ActivationKernel(spec.activation)
        inputDimension = spec.inputDimension
        width = spec.width
        hasBias = spec.bias
        isIdentity = spec.activation.isIdentity
        self.rowCapacity = max(1, rowCapacity)
        hiddenIsAllocated = !isIdentity || needsHiddenLayer
        let n = width, d = inputDimension
        func zeros(_ count: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
            p.initialize(repeating: 0, count: max(1, count))
            return p
        }
        readin = zeros(n * d)
        readout = zeros(n)
        bias = zeros(n)
        readinGradient = zeros(isIdentity ? 1 : n * d)
        readoutGradient = zeros(n)
        biasGradient = zeros(n)
        readinRowFactors = zeros(n)
        columnFactors = zeros(d)
        // Work matrices are always written before they are read: allocated without a zeroing pass.
        hidden = .allocate(capacity: isIdentity && !needsHiddenLayer ? 1 : self.rowCapacity * n)
        activations = .allocate(capacity: isIdentity ? 1 : self.rowCapacity * n)
        slopes = .allocate(capacity: isIdentity ? 1 : self.rowCapacity * n)
        outputs = zeros(self.rowCapacity)
        evaluationOutputs = zeros(self.rowCapacity)
        residuals = zeros(self.rowCapacity)
        readoutProjection = zeros(d)
        noiseScratch = zeros(LangevinUpdate.chunk)
    }

    deinit {
        for p in [readin, readout, bias, readinGradient, readoutGradient, biasGradient, readinRowFactors, columnFactors,
                  hidden, activations, slopes, outputs, evaluationOutputs, residuals, readoutProjection, noiseScratch] {
            p.deallocate()
        }
    }

    /// Copies parameters in.
    /// - Parameter p: parameters shaped for `spec` (validated by the caller).
    func load(_ p: NetworkParameters) {
        p.readin.values.withUnsafeBufferPointer { readin.update(from: $0.baseAddress!, count: width * inputDimension) }
        p.readout.withUnsafeBufferPointer { readout.update(from: $0.baseAddress!, count: width) }
        if hasBias { p.bias.withUnsafeBufferPointer { bias.update(from: $0.baseAddress!, count: width) } }
    }

    /// A copy of the current parameters.
    /// - Returns: `(V, w, b)`; `b` is empty without biases.
    func parameters() -> NetworkParameters {
        let n = width, d = inputDimension
        return NetworkParameters(readin: Matrix(rows: n, cols: d, values: Array(UnsafeBufferPointer(start: readin, count: n * d))),
                                 readout: Array(UnsafeBufferPointer(start: readout, count: n)),
                                 bias: hasBias ? Array(UnsafeBufferPointer(start: bias, count: n)) : [])
    }

    /// `f(x_α)` for `rows` inputs into `outputs[0..<rows]`; for a general `φ` and `keepSlopes` it also
    /// leaves `H` (with biases) and `A = φ(H)` in their buffers for `gradient`.
    /// - Parameters:
    ///   - inputs: row-major `rows × D`.
    ///   - rows: number of inputs (≤ `rowCapacity`).
    ///   - keepSlopes: whether a `gradient` call follows.
    func forward(_ inputs: UnsafePointer<Double>, rows: Int, keepSlopes: Bool) {
        forward(inputs, rows: rows, keepSlopes: keepSlopes, into: outputs)
    }

    /// `f(x_α)` for `rows` inputs into `evaluationOutputs[0..<rows]`, leaving `outputs`, `A` and `φ'(H)`
    /// of the last `forward` intact (only the `H` buffer is used as scratch).
    /// - Parameters:
    ///   - inputs: row-major `rows × D`.
    ///   - rows: number of inputs (≤ `rowCapacity`).
    func evaluate(_ inputs: UnsafePointer<Double>, rows: Int) {
        forward(inputs, rows: rows, keepSlopes: false, into: evaluationOutputs)
    }

    private func forward(_ inputs: UnsafePointer<Double>, rows: Int, keepSlopes: Bool, into outputs: UnsafeMutablePointer<Double>) {
        precondition(rows <= rowCapacity, "NetworkEngine.forward: \(rows) rows exceed capacity \(rowCapacity)")
        let n = width, d = inputDimension
        let m = Int32(rows), ni = Int32(n), di = Int32(d)
        if isIdentity {
            cblas_dgemv(CblasRowMajor, CblasTrans, ni, di, 1, readin, di, readout, 1, 0, readoutProjection, 1)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, m, di, resolved.sOut * resolved.sIn, inputs, di,
                        readoutProjection, 1, 0, outputs, 1)
            if hasBias {
                var bw = 0.0
                for i in 0..<n { bw += bias[i] * readout[i] }
                let shift = resolved.sOut * bw
                for a in 0..<rows { outputs[a] += shift }
            }
            return
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, ni, di, resolved.sIn, inputs, di, readin, di,
                    0, hidden, ni)
        kernel.forward(hidden: hidden, activations: keepSlopes ? activations : hidden, slopes: keepSlopes ? slopes : nil,
                       bias: hasBias ? UnsafePointer(bias) : nil, readout: readout, sOut: resolved.sOut, rows: rows, width: n,
                       outputs: outputs)
    }

    /// Adds `scale · φ(H) φ(H)ᵀ` (upper triangle only) to the row-major `rows × rows` matrix `sum`,
    /// with `H = s_in X Vᵀ (+ b)` for the given inputs; the `H` buffer is scratch (as in `evaluate`).
    /// - Parameters:
    ///   - inputs: row-major `rows × D`.
    ///   - rows: number of inputs (≤ `rowCapacity`).
    ///   - scale: the factor, `1/N` for the hidden kernel.
    ///   - sum: the accumulator, `rows × rows`.
    func accumulateHiddenGram(_ inputs: UnsafePointer<Double>, rows: Int, scale: Double, into sum: UnsafeMutablePointer<Double>) {
        precondition(!isIdentity || hiddenIsAllocated, "NetworkEngine.accumulateHiddenGram: create the engine with needsHiddenLayer")
        precondition(rows <= rowCapacity, "NetworkEngine.accumulateHiddenGram: \(rows) rows exceed capacity \(rowCapacity)")
        let m = Int32(rows), ni = Int32(width), di = Int32(inputDimension)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, ni, di, resolved.sIn, inputs, di, readin, di,
                    0, hidden, ni)
        kernel.forward(hidden: hidden, activations: hidden, slopes: nil, bias: hasBias ? UnsafePointer(bias) : nil,
                       readout: readout, sOut: resolved.sOut, rows: rows, width: width, outputs: evaluationOutputs)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, m, ni, scale, hidden, ni, 1, sum, m)
    }

    /// The data gradient after `forward(inputs, rows:, keepSlopes: true)` on the same inputs.
    /// - Parameters:
    ///   - inputs: the inputs passed to `forward`.
    ///   - labels: `rows` labels.
    ///   - rows: number of inputs.
    ///   - likelihoodScale: `c` (`P/B` for a minibatch).
    /// - Returns: `L = ½ Σ (y − f)²` on these rows (unscaled).
    @discardableResult
    func gradient(_ inputs: UnsafePointer<Double>, labels: UnsafePointer<Double>, rows: Int, likelihoodScale: Double) -> Double {
        var loss = 0.0
        var residualSum = 0.0
        for a in 0..<rows {
            let r = outputs[a] - labels[a]
            residuals[a] = r
            loss += r * r
            residualSum += r
        }
        loss *= 0.5
        let scale = likelihoodScale / resolved.temperature
        let outScale = scale * resolved.sOut
        backward(inputs, rows: rows, residualSum: residualSum, outputScale: outScale)
        return loss
    }

    /// The gradient of `outputScale · Σ_α r_α f(x_α)/s_out` for given residuals `r` (the forward pass's own
    /// outputs are not used), after `forward(inputs, rows:, keepSlopes: true)` on the same inputs: `∇_w = s Aᵀr`,
    /// `∇_b = s Gᵀ1`, `∇_V = s·s_in Gᵀ X` with `s = outputScale` (the same kernels and GEMM as `gradient`).
    /// For residuals that are not `f − y` of this engine alone; the mean-field Langevin kernel
    /// (`LangevinParticleBlock`) is tested against it.
    /// - Parameters:
    ///   - inputs: the inputs passed to `forward`.
    ///   - residuals: `r` (`rows`).
    ///   - rows: number of inputs.
    ///   - outputScale: `s`.
    func gradient(_ inputs: UnsafePointer<Double>, residuals r: UnsafePointer<Double>, rows: Int, outputScale: Double) {
        var residualSum = 0.0
        for a in 0..<rows {
            residuals[a] = r[a]
            residualSum += r[a]
        }
        backward(inputs, rows: rows, residualSum: residualSum, outputScale: outputScale)
    }

    /// The backward pass from `residuals[0..<rows]` (with their sum) and `outScale = c·s_out/T`.
    private func backward(_ inputs: UnsafePointer<Double>, rows: Int, residualSum: Double, outputScale outScale: Double) {
        let n = width, d = inputDimension
        let m = Int32(rows), ni = Int32(n), di = Int32(d)
        if isIdentity {
            // z = Xᵀ r
            cblas_dgemv(CblasRowMajor, CblasTrans, m, di, 1, inputs, di, residuals, 1, 0, columnFactors, 1)
            cblas_dgemv(CblasRowMajor, CblasNoTrans, ni, di, outScale * resolved.sIn, readin, di, columnFactors, 1,
                        0, readoutGradient, 1)
            let readinScale = outScale * resolved.sIn
            for i in 0..<n { readinRowFactors[i] = readinScale * readout[i] }
            if hasBias {
                for i in 0..<n {
                    readoutGradient[i] += outScale * residualSum * bias[i]
                    biasGradient[i] = outScale * residualSum * readout[i]
                }
            }
            return
        }
        // G = r wᵀ ⊙ φ'(H) in place of φ'(H); Σ_α r_α A_α· and Σ_α G_α· (one pass).
        kernel.backward(slopes: slopes, activations: activations, residuals: residuals, readout: readout, rows: rows,
                        width: n, readoutGradient: readoutGradient, biasGradient: hasBias ? biasGradient : nil)
        for i in 0..<n { readoutGradient[i] *= outScale }
        if hasBias { for i in 0..<n { biasGradient[i] *= outScale } }
        // ∇V = (c s_out s_in/T) Gᵀ X
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, ni, di, m, outScale * resolved.sIn, slopes, ni,
                    inputs, di, 0, readinGradient, di)
    }

    /// The read-in data gradient as an `N × D` matrix (for the identity path, `a zᵀ` formed here).
    /// - Returns: `∇_V` of the last `gradient` call.
    func readinGradientMatrix() -> Matrix {
        let n = width, d = inputDimension
        if !isIdentity {
            return Matrix(rows: n, cols: d, values: Array(UnsafeBufferPointer(start: readinGradient, count: n * d)))
        }
        var g = Matrix(rows: n, cols: d)
        for i in 0..<n { for j in 0..<d { g.values[i * d + j] = readinRowFactors[i] * columnFactors[j] } }
        return g
    }

    /// One Langevin step of every layer from the last `gradient` call.
    /// - Parameters:
    ///   - stepSize: `η_t` (before layer multipliers).
    ///   - noise: the chain's noise stream (read-in noise first, then readout, then bias).
    func langevinStep(stepSize: Double, noise: GaussianNoiseStream) {
        let n = width, d = inputDimension
        let v = LangevinUpdate(stepSize: stepSize * resolved.readinStepMultiplier, priorVariance: resolved.readinPriorVariance)
        if isIdentity {
            v.applyRankOne(readin, rows: n, cols: d, rowFactors: readinRowFactors, columnFactors: columnFactors,
                           noise: noise, scratch: noiseScratch)
        } else {
            v.apply(readin, count: n * d, gradient: readinGradient, noise: noise, scratch: noiseScratch)
        }
        LangevinUpdate(stepSize: stepSize * resolved.readoutStepMultiplier, priorVariance: resolved.readoutPriorVariance)
            .apply(readout, count: n, gradient: readoutGradient, noise: noise, scratch: noiseScratch)
        if hasBias {
            LangevinUpdate(stepSize: stepSize * resolved.biasStepMultiplier, priorVariance: resolved.biasPriorVariance)
                .apply(bias, count: n, gradient: biasGradient, noise: noise, scratch: noiseScratch)
        }
    }

    /// `½|V|²/σ_V² + ½|w|²/σ_w² + ½|b|²/σ_b²`.
    func priorEnergy() -> (readinNorm2: Double, readoutNorm2: Double, biasNorm2: Double, energy: Double) {
        let n = width, d = inputDimension
        var sv = 0.0, sw = 0.0, sb = 0.0
        for k in 0..<(n * d) { sv += readin[k] * readin[k] }
        for i in 0..<n { sw += readout[i] * readout[i] }
        if hasBias { for i in 0..<n { sb += bias[i] * bias[i] } }
        let e = 0.5 * sv / resolved.readinPriorVariance + 0.5 * sw / resolved.readoutPriorVariance
            + (hasBias ? 0.5 * sb / resolved.biasPriorVariance : 0)
        return (sv, sw, sb, e)
    }

    /// `(1/N) Σ_i (v_i·û)²` for a unit vector `û` (uses the `D`-sized projection buffer as scratch only
    /// through BLAS; needs `N` doubles of `outputs` capacity, so the caller passes its own buffer).
    /// - Parameters:
    ///   - direction: the unit vector `û` (`D`).
    ///   - scratch: `N` doubles.
    /// - Returns: the mean squared overlap.
    func meanSquaredOverlap(_ direction: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Double {
        let n = width, d = inputDimension
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, readin, Int32(d), direction, 1, 0, scratch, 1)
        var s = 0.0
        for i in 0..<n { s += scratch[i] * scratch[i] }
        return s / Double(n)
    }
}
