import LinearAlgebra

/// Runs one chain of an `SGLDSampler`: initialisation, the update loop, traces, kept samples.
struct ChainRunner {
    let sampler: SGLDSampler
    let chain: Int

    /// Runs the chain.
    /// - Parameters:
    ///   - reportEvery: updates between progress calls.
    ///   - progress: called with the number of updates done since the last call.
    /// - Returns: the chain's sums, series, traces and snapshots.
    /// - Throws: `NetworkError.diverged` when the loss or an output becomes non-finite.
    func run(reportEvery: Int, progress: (Int) -> Void) throws -> ChainOutput {
        let config = sampler.configuration
        let network = sampler.network
        let spec = network.spec
        let resolved = network.resolved
        let seed = config.seed
        let p = sampler.trainInputs.rows, q = sampler.testInputs.rows, d = spec.inputDimension, n = spec.width
        let batch = config.minibatchSize > 0 && config.minibatchSize < p ? config.minibatchSize : p
        let isMinibatch = batch < p
        let engine = NetworkEngine(spec: spec, rowCapacity: max(p, q), needsHiddenLayer: config.recordsHiddenKernel)

        // Initialisation.
        engine.load(sampler.initialization.parameters(chain: chain, sampler: sampler))
        let noise = GaussianNoiseStream(seed: seed, stream: [RandomStream.purpose("sgld-noise"), UInt64(chain)])
        var batchRng = RandomStream(seed: seed, stream: [RandomStream.purpose("sgld-batch"), UInt64(chain)])

        // Buffers (allocated once).
        let s = config.samplesPerChain
        let stride = SamplerDiagnostics.stride(forKeptSamples: s)
        var trainSum = [Double](repeating: 0, count: p), trainSq = trainSum
        var testSum = [Double](repeating: 0, count: q), testSq = testSum
        var kernelSum = [Double](repeating: 0, count: config.recordsHiddenKernel ? p * p : 0)
        var moments = WeightMomentAccumulator(width: n, inputDimension: d, enabled: config.recordsWeightMoments)
        var series = [Double](repeating: 0, count: ((s + stride - 1) / stride) * p)
        let traceSteps = config.traceSteps
        var traceNames = ["loss", "potential", "readin_norm2", "readout_norm2"]
        if spec.bias { traceNames.append("bias_norm2") }
        var unitTeacher: [Double] = []
        if let u = sampler.teacherDirection {
            let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
            unitTeacher = u.map { $0 / norm }
            traceNames.append("teacher_overlap")
        }
        var traces = Dictionary(uniqueKeysWithValues: traceNames.map { ($0, [Double](repeating: 0, count: traceSteps.count)) })
        let snapshotIndices = config.snapshotIndices
        var snapshots: [NetworkParameters] = []
        snapshots.reserveCapacity(snapshotIndices.count)
        var nextSnapshot = 0
        var permutation = Array(0..<p)
        var batchInputs = [Double](repeating: 0, count: isMinibatch ? batch * d : 0)
        var batchLabels = [Double](repeating: 0, count: isMinibatch ? batch : 0)
        var overlapScratch = [Double](repeating: 0, count: n)
        let likelihoodScale = Double(p) / Double(batch)

        var sampleIndex = 0
        var traceIndex = 0
        var sinceReport = 0
        try sampler.trainInputs.values.withUnsafeBufferPointer { trainX in
            try sampler.testInputs.values.withUnsafeBufferPointer { testX in
                try sampler.trainLabels.withUnsafeBufferPointer { trainY in
                    let x = trainX.baseAddress!, y = trainY.baseAddress!
                    for step in 0..<config.steps {
                        let kept = step >= config.burnIn && (step - config.burnIn) % config.thin == 0
                        let traced = traceIndex < traceSteps.count && traceSteps[traceIndex] == step
                        // Forward pass on the full training set: for the update (full batch), which then also
                        // serves a kept sample or a trace at no extra cost, or for those alone (minibatches).
                        if !isMinibatch || kept || traced {
                            engine.forward(x, rows: p, keepSlopes: !isMinibatch)
                        }
                        if kept || traced {
                            var loss = 0.0
                            for a in 0..<p { let r = engine.outputs[a] - y[a]; loss += r * r }
                            loss *= 0.5
                            guard loss.isFinite else {
                                throw NetworkError.diverged(chain: chain, step: step, detail: "training loss is \(loss)")
                            }
                            if kept {
                                for a in 0..<p {
                                    let f = engine.outputs[a]
                                    trainSum[a] += f
                                    trainSq[a] += f * f
                                }
                                if sampleIndex % stride == 0 {
                                    let row = (sampleIndex / stride) * p
                                    series.withUnsafeMutableBufferPointer { out in
                                        for a in 0..<p { out[row + a] = engine.outputs[a] }
                                    }
                                }
                            }
                            if traced {
                                let prior = engine.priorEnergy()
                                traces["loss"]![traceIndex] = loss
                                traces["potential"]![traceIndex] = loss / resolved.temperature + prior.energy
                                traces["readin_norm2"]![traceIndex] = prior.readinNorm2
                                traces["readout_norm2"]![traceIndex] = prior.readoutNorm2
                                if spec.bias { traces["bias_norm2"]![traceIndex] = prior.biasNorm2 }
                                if !unitTeacher.isEmpty {
                                    traces["teacher_overlap"]![traceIndex] = unitTeacher.withUnsafeBufferPointer { u in
                                        overlapScratch.withUnsafeMutableBufferPointer { scratch in
                                            engine.meanSquaredOverlap(u.baseAddress!, scratch: scratch.baseAddress!)
                                        }
                                    }
                                }
                                traceIndex += 1
                            }
                        }
                        if kept {
                            if q > 0 {
                                engine.evaluate(testX.baseAddress!, rows: q)
                                for a in 0..<q {
                                    let f = engine.evaluationOutputs[a]
                                    guard f.isFinite else {
                                        throw NetworkError.diverged(chain: chain, step: step, detail: "test output is \(f)")
                                    }
                                    testSum[a] += f
                                    testSq[a] += f * f
                                }
                            }
                            if config.recordsHiddenKernel {
                                kernelSum.withUnsafeMutableBufferPointer { k in
                                    engine.accumulateHiddenGram(x, rows: p, scale: 1 / Double(n), into: k.baseAddress!)
                                }
                            }
                            if config.recordsWeightMoments { moments.add(readout: engine.readout, readin: engine.readin) }
                            if nextSnapshot < snapshotIndices.count && snapshotIndices[nextSnapshot] == sampleIndex {
                                snapshots.append(engine.parameters())
                                nextSnapshot += 1
                            }
                            sampleIndex += 1
                        }

                        // Gradient of c·L/T at θ_step.
                        let eta = config.schedule.stepSize(base: config.stepSize, step: step)
                        if isMinibatch {
                            // B distinct indices uniformly at random (partial Fisher–Yates).
                            for k in 0..<batch {
                                let j = k + Int(Self.uniformIndex(UInt64(p - k), &batchRng))
                                permutation.swapAt(k, j)
                            }
                            batchInputs.withUnsafeMutableBufferPointer { bx in
                                for k in 0..<batch {
                                    (bx.baseAddress! + k * d).update(from: x + permutation[k] * d, count: d)
                                    batchLabels[k] = y[permutation[k]]
                                }
                            }
                            batchInputs.withUnsafeBufferPointer { bx in
                                batchLabels.withUnsafeBufferPointer { by in
                                    engine.forward(bx.baseAddress!, rows: batch, keepSlopes: true)
                                    engine.gradient(bx.baseAddress!, labels: by.baseAddress!, rows: batch,
                                                    likelihoodScale: likelihoodScale)
                                }
                            }
                        } else {
                            engine.gradient(x, labels: y, rows: p, likelihoodScale: 1)
                        }
                        engine.langevinStep(stepSize: eta, noise: noise)
                        sinceReport += 1
                        if sinceReport == reportEvery {
                            progress(sinceReport)
                            sinceReport = 0
                        }
                    }
                }
            }
        }
        progress(sinceReport)
        let final = engine.priorEnergy().energy
        guard final.isFinite else {
            throw NetworkError.diverged(chain: chain, step: config.steps, detail: "final weights are not finite")
        }
        // Mean kernel over the kept samples, symmetrised from the accumulated upper triangle.
        if config.recordsHiddenKernel {
            let count = Double(max(1, s))
            for a in 0..<p {
                for b in a..<p {
                    let v = kernelSum[a * p + b] / count
                    kernelSum[a * p + b] = v
                    kernelSum[b * p + a] = v
                }
            }
        }
        return ChainOutput(trainSum: trainSum, trainSquareSum: trainSq, testSum: testSum, testSquareSum: testSq,
                           trainSeries: series, traces: traces, snapshots: snapshots, hiddenKernelMean: kernelSum,
                           weightMoments: config.recordsWeightMoments ? moments.means() : nil)
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject method).
    static func uniformIndex(_ bound: UInt64, _ rng: inout RandomStream) -> UInt64 {
        var product = rng.nextUInt64().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = rng.nextUInt64().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}
