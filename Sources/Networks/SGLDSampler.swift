import Dispatch
import Foundation
import LinearAlgebra

/// Langevin / stochastic-gradient Langevin sampling of a two-layer network's posterior with many
/// independent chains.
///
/// Each chain `c` is self-contained: it initialises as `initialization` says (by default the prior draw
/// `network.samplePrior(seed: seed, stream: [purpose("sgld-init"), c])`), takes its noise from
/// `GaussianNoiseStream(seed: seed, stream: [purpose("sgld-noise"), c])` and its minibatches from
/// `RandomStream(seed: seed, stream: [purpose("sgld-batch"), c])`, and runs in one thread with
/// preallocated buffers. Results are combined in chain order, so they are bit-identical for every
/// `threads` value and chain-to-thread assignment (BLAS must run single-threaded:
/// `BLASThreads.set(1)`, which the pipeline does).
///
/// Per update, for every layer ℓ: `θ_ℓ ← θ_ℓ − η_ℓ ∇_ℓ U + √(2η_ℓ) ξ` with
/// `U = c·L/T + ½Σθ²/σ²`, `η_ℓ = η_t · m_ℓ` (see `NetworkEngine` for the gradient and
/// `LangevinUpdate` for the step). Cost per update for a general `φ`: two `B×N×D` dgemms
/// (`4BND` flops), `O(BN)` elementwise work, and `ND + 2N` Gaussians; for identity `φ` `O(ND + BD)`.
public struct SGLDSampler: Sendable {
    /// The network.
    public let network: TwoLayerNetwork
    /// The run settings.
    public let configuration: SGLDConfiguration
    /// `P × D` training inputs.
    public let trainInputs: Matrix
    /// `P` training labels.
    public let trainLabels: [Double]
    /// `P* × D` test inputs (may have 0 rows).
    public let testInputs: Matrix
    /// Optional teacher direction `u` (`D`) for the `teacher_overlap` trace.
    public let teacherDirection: [Double]?
    /// How every chain starts (default: a prior draw per chain).
    public let initialization: SGLDInitialization

    /// The common start of every chain, if `initialization` is `.fixed`.
    public var initialParameters: NetworkParameters? {
        if case .fixed(let p) = initialization { return p }
        return nil
    }

    /// A sampler (inputs are checked by `run`).
    /// - Parameters:
    ///   - network: the network and its posterior.
    ///   - configuration: steps, step size, chains, seed, ….
    ///   - trainInputs: `P × D`.
    ///   - trainLabels: `P` labels.
    ///   - testInputs: `P* × D` (0 rows for none).
    ///   - teacherDirection: `u ∈ R^D` for the overlap trace, or `nil`.
    ///   - initialization: how every chain starts.
    public init(network: TwoLayerNetwork, configuration: SGLDConfiguration, trainInputs: Matrix, trainLabels: [Double],
                testInputs: Matrix, teacherDirection: [Double]? = nil, initialization: SGLDInitialization = .prior) {
        self.network = network
        self.configuration = configuration
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.teacherDirection = teacherDirection
        self.initialization = initialization
    }

    /// A sampler whose chains all start from `initialParameters` (`nil`: prior draws).
    /// - Parameters:
    ///   - initialParameters: the start of every chain, or `nil` for prior draws.
    ///   - others: as in the main initialiser.
    public init(network: TwoLayerNetwork, configuration: SGLDConfiguration, trainInputs: Matrix, trainLabels: [Double],
                testInputs: Matrix, teacherDirection: [Double]? = nil, initialParameters: NetworkParameters?) {
        self.init(network: network, configuration: configuration, trainInputs: trainInputs, trainLabels: trainLabels,
                  testInputs: testInputs, teacherDirection: teacherDirection,
                  initialization: initialParameters.map { .fixed($0) } ?? .prior)
    }

    /// Most doubles `snapshots` may hold in total (8 GB would be unreasonable for one task).
    public static let snapshotBudget = 100_000_000

    /// Checks the inputs against the network and configuration.
    /// - Throws: `NetworkError` naming the first problem.
    public func validate() throws {
        let spec = network.spec
        try spec.validate()
        try configuration.validate()
        let d = spec.inputDimension
        guard trainInputs.rows >= 1 else { throw NetworkError.dimensionMismatch("no training inputs") }
        guard trainInputs.cols == d else {
            throw NetworkError.dimensionMismatch("training inputs have \(trainInputs.cols) columns, the network's input dimension is \(d)")
        }
        guard trainLabels.count == trainInputs.rows else {
            throw NetworkError.dimensionMismatch("\(trainLabels.count) labels for \(trainInputs.rows) training inputs")
        }
        guard trainInputs.isFinite, trainLabels.allSatisfy({ $0.isFinite }), testInputs.isFinite else {
            throw NetworkError.invalidParameter(name: "data", value: "non-finite", requirement: "inputs and labels must be finite")
        }
        guard testInputs.rows == 0 || testInputs.cols == d else {
            throw NetworkError.dimensionMismatch("test inputs have \(testInputs.cols) columns, the network's input dimension is \(d)")
        }
        if let u = teacherDirection {
            guard u.count == d else { throw NetworkError.dimensionMismatch("teacher direction has \(u.count) entries, expected \(d)") }
            let norm = u.reduce(0) { $0 + $1 * $1 }
            guard norm > 0, norm.isFinite else {
                throw NetworkError.invalidParameter(name: "teacher_direction", value: "norm² \(norm)", requirement: "must be finite and non-zero")
            }
        }
        switch initialization {
        case .prior: break
        case .fixed(let p): try p.validate(for: spec)
        case .aligned(let a):
            guard a.relevantSubspace.cols == d else {
                throw NetworkError.dimensionMismatch("the relevant subspace has dimension \(a.relevantSubspace.cols), the network's input dimension is \(d)")
            }
        }
        if configuration.minibatchSize > trainInputs.rows {
            throw NetworkError.invalidParameter(name: "minibatch_size", value: "\(configuration.minibatchSize)",
                                                requirement: "must be ≤ the \(trainInputs.rows) training points (0 = full batch)")
        }
        let r = network.resolved
        for (layer, m, variance) in [("read-in", r.readinStepMultiplier, r.readinPriorVariance),
                                     ("readout", r.readoutStepMultiplier, r.readoutPriorVariance),
                                     ("bias", r.biasStepMultiplier, r.biasPriorVariance)] where layer != "bias" || spec.bias {
            let ratio = configuration.stepSize * m / variance
            if ratio >= 1 {
                throw NetworkError.invalidParameter(
                    name: "step_size", value: "\(configuration.stepSize)",
                    requirement: "must satisfy η·m/σ² < 1 in every layer; the \(layer) layer has η·m/σ² = \(ratio) "
                        + "(σ² = \(variance)): use step_size < \(0.1 * variance / m) for a bias below 5 %")
            }
        }
        let snapshotDoubles = configuration.snapshots * configuration.chains * spec.parameterCount
        if snapshotDoubles > Self.snapshotBudget {
            throw NetworkError.invalidParameter(name: "snapshots", value: "\(configuration.snapshots)",
                                                requirement: "snapshots × chains × parameters = \(snapshotDoubles) exceeds \(Self.snapshotBudget) doubles")
        }
    }

    /// Runs every chain and summarises.
    /// - Parameters:
    ///   - threads: worker threads (chains are distributed over `min(threads, chains)` workers).
    ///   - progress: called from worker threads with (updates done over all chains, total updates).
    /// - Returns: the posterior summaries.
    /// - Throws: `NetworkError` for invalid inputs, or `.diverged` (of the lowest-numbered failing chain).
    public func run(threads: Int = 1, progress: @Sendable (_ stepsDone: Int, _ stepsTotal: Int) -> Void = { _, _ in }) throws -> SGLDResult {
        try validate()
        guard threads >= 1 else {
            throw NetworkError.invalidParameter(name: "threads", value: "\(threads)", requirement: "must be ≥ 1")
        }
        let chains = configuration.chains
        let workers = min(threads, chains)
        let box = ChainResults(count: chains)
        let total = chains * configuration.steps
        let report = max(1, configuration.steps / 200)
        withoutActuallyEscaping(progress) { progress in
            let body: @Sendable (Int) -> Void = { worker in
                var chain = worker
                while chain < chains {
                    do {
                        let output = try ChainRunner(sampler: self, chain: chain).run(reportEvery: report) { done in
                            let overall = box.addProgress(done)
                            if done > 0 { progress(overall, total) }
                        }
                        box.store(chain, .success(output))
                    } catch {
                        box.store(chain, .failure(error))
                    }
                    chain += workers
                }
            }
            if workers == 1 {
                body(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: body)
            }
        }
        return try combine(box.outputs())
    }

    /// Combines chain outputs in chain order.
    private func combine(_ outputs: [ChainOutput]) throws -> SGLDResult {
        let chains = outputs.count
        let p = trainInputs.rows, q = testInputs.rows
        let s = configuration.samplesPerChain
        var trainSum = [Double](repeating: 0, count: p), trainSq = trainSum
        var testSum = [Double](repeating: 0, count: q), testSq = testSum
        var chainTrain = Matrix(rows: chains, cols: p), chainTest = Matrix(rows: chains, cols: q)
        for (c, o) in outputs.enumerated() {
            for a in 0..<p {
                trainSum[a] += o.trainSum[a]
                trainSq[a] += o.trainSquareSum[a]
                chainTrain.values[c * p + a] = o.trainSum[a] / Double(s)
            }
            for a in 0..<q {
                testSum[a] += o.testSum[a]
                testSq[a] += o.testSquareSum[a]
                chainTest.values[c * q + a] = o.testSum[a] / Double(s)
            }
        }
        let n = Double(chains * s)
        let steps = configuration.traceSteps
        var traces: [String: Matrix] = [:]
        for name in outputs[0].traces.keys.sorted() {
            var m = Matrix(rows: chains, cols: steps.count)
            for (c, o) in outputs.enumerated() {
                for (k, v) in o.traces[name]!.enumerated() { m.values[c * steps.count + k] = v }
            }
            traces[name] = m
        }
        let r = network.resolved
        var bias = 0.0
        for (m, variance, used) in [(r.readinStepMultiplier, r.readinPriorVariance, true),
                                    (r.readoutStepMultiplier, r.readoutPriorVariance, true),
                                    (r.biasStepMultiplier, r.biasPriorVariance, network.spec.bias)] where used {
            let a = configuration.stepSize * m / (2 * variance)
            bias = max(bias, a / (1 - a))
        }
        let stride = SamplerDiagnostics.stride(forKeptSamples: s)
        let diagnostics = SamplerDiagnostics.compute(series: outputs.map(\.trainSeries), samples: (s + stride - 1) / stride,
                                                     outputs: p, stride: stride, priorDiscretisationBias: bias)
        return SGLDResult(trainMean: trainSum.map { $0 / n }, trainSecondMoment: trainSq.map { $0 / n },
                          testMean: testSum.map { $0 / n }, testSecondMoment: testSq.map { $0 / n },
                          chainTrainMeans: chainTrain, chainTestMeans: chainTest, traceSteps: steps, traces: traces,
                          snapshots: outputs.flatMap(\.snapshots), diagnostics: diagnostics, samplesPerChain: s,
                          chainHiddenKernelMeans: configuration.recordsHiddenKernel
                              ? Matrix(rows: chains, cols: p * p, values: outputs.flatMap(\.hiddenKernelMean)) : nil,
                          chainWeightMoments: configuration.recordsWeightMoments ? outputs.compactMap(\.weightMoments) : nil)
    }
}

/// What one chain hands back.
struct ChainOutput: Sendable {
    var trainSum: [Double]
    var trainSquareSum: [Double]
    var testSum: [Double]
    var testSquareSum: [Double]
    /// Train outputs of every `stride`-th kept sample, sample-major (see `SamplerDiagnostics`).
    var trainSeries: [Double]
    var traces: [String: [Double]]
    var snapshots: [NetworkParameters]
    /// The chain's mean hidden kernel on the training inputs, row-major `P × P` (empty unless recorded).
    var hiddenKernelMean: [Double]
    /// The chain's weight moments (nil unless recorded).
    var weightMoments: WeightMoments?
}

/// Results of all chains, filled by worker threads.
final class ChainResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<ChainOutput, Error>?]
    private var done = 0

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ chain: Int, _ result: Result<ChainOutput, Error>) {
        lock.withLock { results[chain] = result }
    }

    func addProgress(_ steps: Int) -> Int {
        lock.withLock {
            done += steps
            return done
        }
    }

    /// The outputs in chain order, or the error of the lowest-numbered failed chain (every chain runs,
    /// so which error is reported does not depend on timing).
    func outputs() throws -> [ChainOutput] {
        try lock.withLock {
            try results.map { result in
                guard let result else { preconditionFailure("SGLDSampler: a chain produced no result") }
                return try result.get()
            }
        }
    }
}
