/// The elementwise passes of the sampler over the `rows × width` pre-activation matrix `H`,
/// fused with the readout so that `H` and `A = φ(H)` are each read and written as few times as possible.
///
/// erf and tanh use the multi-lane `FastMath` functions (a row's last, partial group of lanes is padded
/// with zeros, so every element goes through the same code); ReLU and Hermite are exact arithmetic.
/// The forward pass evaluates `φ'` together with `φ` (tanh: `sech²` from the same `expm1`; erf:
/// `(2/√π)e^{−h²}`; both accurate in relative terms) and stores it, so that the backward pass is pure
/// arithmetic.
/// The scalar `NetworkActivation.callAsFunction`/`derivative` use libm and agree to a few ulp.
/// Row sums are accumulated lane-wise, then added in a fixed order (`FastMath.laneSum`).
/// Each activation gets its own specialised loop (`LanePass` is generic over `LaneActivation`).
struct ActivationKernel {
    let activation: NetworkActivation
    /// `√n`, `n = 0…degree`, for the normalised Hermite recurrence (`[0]` otherwise).
    private let roots: [Double]

    /// A kernel for one activation.
    /// - Parameter activation: `φ`.
    init(_ activation: NetworkActivation) {
        self.activation = activation
        if case let .hermite(k) = activation {
            roots = (0...max(k, 1)).map { Double($0).squareRoot() }
        } else {
            roots = [0]
        }
    }

    /// Forward pass: for every row `α`, with `h = H[α, ·] + b`: `A[α, ·] = φ(h)`, optionally
    /// `S[α, ·] = φ'(h)`, and `outputs[α] = sOut · Σ_i A[α, i] w_i`.
    /// - Parameters:
    ///   - hidden: `H` (`rows × width`), read only.
    ///   - activations: `A` (may be `hidden` itself).
    ///   - slopes: `S`, or `nil` when no gradient follows.
    ///   - bias: `b`, or `nil`.
    ///   - readout: `w`.
    ///   - sOut: the output scale.
    ///   - rows: number of rows.
    ///   - width: `N`.
    ///   - outputs: `rows` outputs.
    func forward(hidden: UnsafeMutablePointer<Double>, activations: UnsafeMutablePointer<Double>,
                 slopes: UnsafeMutablePointer<Double>?, bias: UnsafePointer<Double>?, readout: UnsafePointer<Double>,
                 sOut: Double, rows: Int, width: Int, outputs: UnsafeMutablePointer<Double>) {
        dispatch(ForwardPass(hidden: hidden, activations: activations, slopes: slopes, bias: bias, readout: readout,
                             sOut: sOut, rows: rows, width: width, outputs: outputs))
    }

    /// Backward pass after `forward` with slopes: for every row `α`, `G[α, i] = r_α w_i S[α, i]` overwrites
    /// `S`, `readoutGradient_i = Σ_α r_α A[α, i]` and `biasGradient_i = Σ_α G[α, i]` (unscaled).
    /// - Parameters:
    ///   - slopes: `S = φ'(H)` on entry, `G` on return.
    ///   - activations: `A`.
    ///   - residuals: `r` (`rows`).
    ///   - readout: `w`.
    ///   - rows: number of rows.
    ///   - width: `N`.
    ///   - readoutGradient: `Σ_α r_α A[α, ·]` (`width`).
    ///   - biasGradient: `Σ_α G[α, ·]`, or `nil`.
    func backward(slopes: UnsafeMutablePointer<Double>, activations: UnsafePointer<Double>, residuals: UnsafePointer<Double>,
                  readout: UnsafePointer<Double>, rows: Int, width: Int, readoutGradient: UnsafeMutablePointer<Double>,
                  biasGradient: UnsafeMutablePointer<Double>?) {
        readoutGradient.initialize(repeating: 0, count: width)
        biasGradient?.initialize(repeating: 0, count: width)
        for a in 0..<rows {
            let g = slopes + a * width, act = activations + a * width
            let r = residuals[a]
            lanes(width) { i, valid in
                let phi = load(act, i, valid)
                let gradient = (r * load(readout, i, valid)) * load(g, i, valid)
                store(gradient, g, i, valid)
                store(load(readoutGradient, i, valid) + r * phi, readoutGradient, i, valid)
                if let biasGradient { store(load(biasGradient, i, valid) + gradient, biasGradient, i, valid) }
            }
        }
    }

    /// `value[i] = φ(h[i])` and, if requested, `derivative[i] = φ'(h[i])` (used by tests and tools).
    /// - Parameters:
    ///   - h: pre-activations.
    ///   - value: destination of `φ` (may alias `h`).
    ///   - derivative: destination of `φ'` (may not alias `h`), or `nil`.
    ///   - count: the number of elements.
    func apply(_ h: UnsafePointer<Double>, value: UnsafeMutablePointer<Double>,
               derivative: UnsafeMutablePointer<Double>?, count: Int) {
        dispatch(ElementwisePass(h: h, value: value, derivative: derivative, count: count))
    }

    /// Runs a pass with the four-lane implementation of this kernel's activation.
    @inline(__always)
    private func dispatch<Pass: LanePass>(_ pass: Pass) {
        FastMath.erfTable.withUnsafeBufferPointer { e in
            FastMath.exp2Table.withUnsafeBufferPointer { x in
                roots.withUnsafeBufferPointer { r in
                    let erfTable = e.baseAddress!, expTable = x.baseAddress!
                    switch activation {
                    case .linear: pass.run(LinearLanes())
                    case .relu: pass.run(ReluLanes())
                    case .erf: pass.run(ErfLanes(erfTable: erfTable, expTable: expTable))
                    case .tanh: pass.run(TanhLanes(expTable: expTable))
                    case let .hermite(k): pass.run(HermiteLanes(degree: k, roots: r.baseAddress!))
                    }
                }
            }
        }
    }
}

/// A loop over buffers, generic over the activation.
protocol LanePass {
    func run<Op: LaneActivation>(_ op: Op)
}

/// `φ` and `φ'` on four lanes.
protocol LaneActivation {
    /// `φ(x)`.
    func value(_ x: FastMath.Lanes) -> FastMath.Lanes
    /// `(φ(x), φ'(x))`.
    func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes)
}

/// Calls `body(i, valid)` for `i = 0, L, 2L, … < count` (`L` lanes); `valid` (1…L) lanes are real.
@inline(__always)
private func lanes(_ count: Int, _ body: (Int, Int) -> Void) {
    let width = FastMath.Lanes.scalarCount
    var i = 0
    while i + width <= count {
        body(i, width)
        i += width
    }
    if i < count { body(i, count - i) }
}

/// `L` values from `p + i` (zero-padded beyond `valid`).
@inline(__always)
private func load(_ p: UnsafePointer<Double>, _ i: Int, _ valid: Int) -> FastMath.Lanes {
    if valid == FastMath.Lanes.scalarCount { return UnsafeRawPointer(p + i).loadUnaligned(as: FastMath.Lanes.self) }
    var v = FastMath.Lanes(repeating: 0)
    for l in 0..<valid { v[l] = p[i + l] }
    return v
}

@inline(__always)
private func load(_ p: UnsafeMutablePointer<Double>, _ i: Int, _ valid: Int) -> FastMath.Lanes {
    load(UnsafePointer(p), i, valid)
}

/// Stores the first `valid` lanes at `p + i`.
@inline(__always)
private func store(_ v: FastMath.Lanes, _ p: UnsafeMutablePointer<Double>, _ i: Int, _ valid: Int) {
    if valid == FastMath.Lanes.scalarCount {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: FastMath.Lanes.self)
    } else {
        for l in 0..<valid { p[i + l] = v[l] }
    }
}

private struct ForwardPass: LanePass {
    let hidden: UnsafeMutablePointer<Double>, activations: UnsafeMutablePointer<Double>
    let slopes: UnsafeMutablePointer<Double>?
    let bias: UnsafePointer<Double>?, readout: UnsafePointer<Double>
    let sOut: Double, rows: Int, width: Int
    let outputs: UnsafeMutablePointer<Double>

    @inline(__always)
    func run<Op: LaneActivation>(_ op: Op) {
        for a in 0..<rows {
            let h = hidden + a * width, out = activations + a * width
            var sum = FastMath.Lanes(repeating: 0)
            if let slopes {
                let s = slopes + a * width
                lanes(width) { i, valid in
                    var x = load(h, i, valid)
                    if let bias { x += load(bias, i, valid) }
                    let (v, d) = op.valueAndSlope(x)
                    store(v, out, i, valid)
                    store(d, s, i, valid)
                    sum += v * load(readout, i, valid)
                }
            } else {
                lanes(width) { i, valid in
                    var x = load(h, i, valid)
                    if let bias { x += load(bias, i, valid) }
                    let v = op.value(x)
                    store(v, out, i, valid)
                    sum += v * load(readout, i, valid)
                }
            }
            outputs[a] = sOut * FastMath.laneSum(sum)
        }
    }
}

private struct ElementwisePass: LanePass {
    let h: UnsafePointer<Double>, value: UnsafeMutablePointer<Double>, derivative: UnsafeMutablePointer<Double>?
    let count: Int

    @inline(__always)
    func run<Op: LaneActivation>(_ op: Op) {
        lanes(count) { i, valid in
            let x = load(h, i, valid)
            if let derivative {
                let (v, d) = op.valueAndSlope(x)
                store(d, derivative, i, valid)
                store(v, value, i, valid)
            } else {
                store(op.value(x), value, i, valid)
            }
        }
    }
}

private struct LinearLanes: LaneActivation {
    @inline(__always) func value(_ x: FastMath.Lanes) -> FastMath.Lanes { x }
    @inline(__always) func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) { (x, FastMath.Lanes(repeating: 1)) }
}

private struct ReluLanes: LaneActivation {
    @inline(__always) func value(_ x: FastMath.Lanes) -> FastMath.Lanes { x.replacing(with: 0, where: .!(x .> 0)) }
    @inline(__always) func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) {
        (value(x), FastMath.Lanes(repeating: 0).replacing(with: 1, where: x .> 0))
    }
}

private struct ErfLanes: LaneActivation {
    let erfTable: UnsafePointer<Double>
    let expTable: UnsafePointer<Double>
    @inline(__always) func value(_ x: FastMath.Lanes) -> FastMath.Lanes { FastMath.erf(x, erfTable) }
    /// `(erf x, (2/√π) e^{−x²})`, both accurate in relative terms.
    @inline(__always) func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) {
        (FastMath.erf(x, erfTable), 1.1283791670955126 * FastMath.exp(-(x * x), expTable))
    }
}

private struct TanhLanes: LaneActivation {
    let expTable: UnsafePointer<Double>
    @inline(__always) func value(_ x: FastMath.Lanes) -> FastMath.Lanes { FastMath.tanhAndDerivative(x, expTable).0 }
    /// `(tanh x, sech² x)`, both accurate in relative terms.
    @inline(__always) func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) {
        FastMath.tanhAndDerivative(x, expTable)
    }
}

/// `ψ_k = He_k/√k!` and `ψ_k' = √k ψ_{k−1}` by `ψ_{n+1} = (x ψ_n − √n ψ_{n−1})/√(n+1)`.
private struct HermiteLanes: LaneActivation {
    let degree: Int
    /// `√n`, `n = 0…degree`.
    let roots: UnsafePointer<Double>
    @inline(__always) func both(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) {
        if degree == 1 { return (x, FastMath.Lanes(repeating: 1)) }
        var previous = FastMath.Lanes(repeating: 1), current = x
        var n = 1
        while n < degree {
            let next = (x * current - roots[n] * previous) / roots[n + 1]
            previous = current
            current = next
            n += 1
        }
        return (current, roots[degree] * previous)
    }
    @inline(__always) func value(_ x: FastMath.Lanes) -> FastMath.Lanes { both(x).0 }
    @inline(__always) func valueAndSlope(_ x: FastMath.Lanes) -> (FastMath.Lanes, FastMath.Lanes) { both(x) }
}
