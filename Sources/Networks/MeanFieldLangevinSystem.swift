import Dispatch
import Foundation
import LinearAlgebra

/// The state and batched passes of one `MeanFieldLangevin` system: the particles in blocks of
/// `MeanFieldLangevin.blockSize` (fixed by particle index), the data, and `f_N` on the training inputs.
///
/// Every pass runs the blocks on `min(threads, blocks)` workers; block results are combined on the calling
/// thread in block order, so the trajectory does not depend on the thread count (BLAS single-threaded).
final class MeanFieldLangevinSystem: @unchecked Sendable {
    let width: Int
    let inputDimension: Int
    let trainCount: Int
    let testCount: Int
    let blocks: [LangevinParticleBlock]
    private let workers: Int
    /// `X` (`n × d`), `y` (`n`), `X*` (`q × d`), `y*` (`q`), copied once.
    let trainInputs: UnsafeMutablePointer<Double>
    let trainLabels: UnsafeMutablePointer<Double>
    let testInputs: UnsafeMutablePointer<Double>
    let testLabels: UnsafeMutablePointer<Double>
    /// `f_N(x_α)` and `r_α = f_N(x_α) − y_α` after `forward`.
    let outputs: UnsafeMutablePointer<Double>
    let residuals: UnsafeMutablePointer<Double>
    /// `f_N(x*_k)` after `evaluateTest`.
    let testOutputs: UnsafeMutablePointer<Double>

    /// A system (inputs validated by the caller).
    /// - Parameters:
    ///   - particles: `N × (d + 2)`, rows `[a, w, b]`.
    ///   - trainInputs: `n × d`.
    ///   - trainLabels: `n`.
    ///   - testInputs: `q × d` (`q` may be 0).
    ///   - testLabels: `q`.
    ///   - seed: the noise seed.
    ///   - threads: workers (≥ 1).
    init(particles: Matrix, trainInputs: Matrix, trainLabels: [Double], testInputs: Matrix, testLabels: [Double],
         seed: UInt64, threads: Int) {
        let width = particles.rows
        self.width = width
        inputDimension = particles.cols - 2
        trainCount = trainInputs.rows
        testCount = testInputs.rows
        let capacity = max(trainCount, min(testCount, 512), 1)
        let size = MeanFieldLangevin.blockSize
        blocks = stride(from: 0, to: width, by: size).map {
            LangevinParticleBlock(first: $0, count: min(size, width - $0), particles: particles, rowCapacity: capacity, seed: seed)
        }
        workers = max(1, min(threads, blocks.count))
        func copy(_ values: [Double]) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, values.count))
            p.initialize(repeating: 0, count: max(1, values.count))
            values.withUnsafeBufferPointer { if let base = $0.baseAddress { p.update(from: base, count: values.count) } }
            return p
        }
        self.trainInputs = copy(trainInputs.values)
        self.trainLabels = copy(trainLabels)
        self.testInputs = copy(testInputs.values)
        self.testLabels = copy(testLabels)
        outputs = copy([Double](repeating: 0, count: trainCount))
        residuals = copy([Double](repeating: 0, count: trainCount))
        testOutputs = copy([Double](repeating: 0, count: testCount))
    }

    deinit {
        for p in [trainInputs, trainLabels, testInputs, testLabels, outputs, residuals, testOutputs] { p.deallocate() }
    }

    /// `body(block)` for every block, on the workers; each worker takes the next block not yet taken, so a
    /// worker slowed down by other processes takes fewer (which worker runs a block never changes its result).
    private func parallel(_ body: @Sendable (LangevinParticleBlock) -> Void) {
        let blocks = self.blocks, workers = self.workers
        if workers == 1 {
            for block in blocks { body(block) }
            return
        }
        let next = BlockCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let b = next.take(below: blocks.count) { body(blocks[b]) }
        }
    }

    /// `f_N(x_α) = (1/N) Σ_blocks Σ_{i∈block} a_i tanh(w_i·x_α + b_i)` (blocks added in order) and `r = f_N − y`
    /// on the training inputs, keeping each block's activations for `gradient`.
    /// - Returns: whether every output is finite.
    @discardableResult
    func forward() -> Bool {
        let n = trainCount
        parallel { block in block.forward(self.trainInputs, rows: n) }
        let scale = Double(width)
        var finite = true
        for a in 0..<n {
            var s = blocks[0].outputs[a]
            for b in 1..<blocks.count { s += blocks[b].outputs[a] }
            let f = s / scale
            outputs[a] = f
            residuals[a] = f - trainLabels[a]
            finite = finite && f.isFinite
        }
        return finite
    }

    /// `(1/2n) Σ_α r_α²` from the last `forward`.
    func trainingLoss() -> Double {
        var s = 0.0
        for a in 0..<trainCount { s += residuals[a] * residuals[a] }
        return s / (2 * Double(trainCount))
    }

    /// `f_N` on the test inputs into `testOutputs` (in row chunks of the blocks' capacity; the blocks'
    /// training activations stay intact).
    /// - Returns: the test error `(1/q) Σ_k (f_N(x*_k) − y*_k)²` (NaN without test inputs).
    func evaluateTest() -> Double {
        let q = testCount, d = inputDimension
        guard q > 0 else { return .nan }
        let chunk = blocks[0].rowCapacity
        let scale = Double(width)
        var start = 0
        while start < q {
            let rows = min(chunk, q - start)
            let offset = start
            parallel { block in block.evaluate(self.testInputs + offset * d, rows: rows) }
            for k in 0..<rows {
                var s = blocks[0].evaluationOutputs[k]
                for b in 1..<blocks.count { s += blocks[b].evaluationOutputs[k] }
                testOutputs[start + k] = s / scale
            }
            start += rows
        }
        var e = 0.0
        for k in 0..<q {
            let r = testOutputs[k] - testLabels[k]
            e += r * r
        }
        return e / Double(q)
    }

    /// Every particle's gradient `g_i` at the state of the last `forward`.
    func gradient() {
        let n = trainCount
        parallel { block in block.gradient(self.trainInputs, residuals: self.residuals, rows: n) }
    }

    /// The gradient and one Euler–Maruyama step of every particle, at the state of the last `forward`.
    /// - Parameter configuration: `η`, `λ`, `λ′`.
    func step(_ configuration: MeanFieldLangevinConfiguration) {
        let n = trainCount
        parallel { block in
            block.gradient(self.trainInputs, residuals: self.residuals, rows: n)
            block.step(configuration)
        }
    }

    /// A copy of the particles.
    /// - Returns: `N × (d + 2)`, rows `[a, w, b]`.
    func particles() -> Matrix {
        var m = Matrix(rows: width, cols: inputDimension + 2)
        m.values.withUnsafeMutableBufferPointer { out in
            for block in blocks { block.write(into: out.baseAddress!) }
        }
        return m
    }
}

/// The next block index to process, shared by the workers of one pass.
private final class BlockCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// Takes the next index.
    /// - Parameter count: the number of blocks.
    /// - Returns: the index, or `nil` once all `count` are taken.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
