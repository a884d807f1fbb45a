import LinearAlgebra
import Networks
import Pipeline
import Theory

/// `gd.class_manifolds`: the class-manifold geometry of the hidden features along plain gradient descent
/// (T = 0, no prior term, no noise) from prior draws — the dynamical counterpart of the equilibrium
/// class-manifold distance (Corti et al. 2025, issue 9, optional Figure 5; the "inversion" of class
/// manifolds of Ciceri et al. 2024). Per run `r` (its own prior draw) and recorded step `s`: the training
/// loss and, from `K̂ = (1/N) Σ_i φ(h_i)φ(h_i)ᵀ`, `N·(d² − d0²)`, `N·(R² − R0²)` (`R² = R₊² + R₋²`) and the
/// separation `d²/R²`, with the NNGP kernel's `d0²`, `R0²` as reference; means and standard errors over runs.
struct GradientDescentGeometryKind: TaskKind {
    let name = "gd.class_manifolds"
    let version = 1
    let summary = "plain full-batch gradient descent θ ← θ − η∇L, L = ½Σ(f − y)², from prior draws (runs), with the class-manifold geometry of the hidden kernel (N·(d² − d0²), N·(R² − R0²), d²/R²) and the loss at record_steps; means and standard errors over runs"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: ["linear", "relu", "erf", "tanh"]), "activation φ"),
        ParameterSpec("parameterization", .string(allowed: Parameterization.allCases.map(\.rawValue)), default: .string("ntk"), "scaling of the network and its prior (as sgld.two_layer)"),
        ParameterSpec("width", .integer(minimum: 1, maximum: 1_000_000), "hidden width N"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_v: read-in prior variance of the initial draw (1/λ0 with ntk)"),
        ParameterSpec("readout_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_w: readout prior variance of the initial draw (1/λ1 with ntk)"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "use the first train_count training rows; 0 uses all"),
        ParameterSpec("step_size", .number(minimum: 0, maximum: nil), "learning rate η"),
        ParameterSpec("record_steps", .integerArray, "strictly increasing steps ≥ 0 at which the state is recorded"),
        ParameterSpec("runs", .integer(minimum: 1, maximum: 10_000), default: .number(4), "independent prior draws"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "seed of the prior draws (run r uses stream [purpose(\"gd-init\"), r])"),
    ]

    func validate(_ p: TaskParameters) throws {
        for name in ["readin_variance", "readout_variance", "step_size"] where p.double(name) <= 0 {
            throw TaskParameterError(name, "must be positive")
        }
        let steps = p.ints("record_steps")
        guard let first = steps.first, first >= 0, zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw TaskParameterError("record_steps", "must be non-empty, ≥ 0 and strictly increasing")
        }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let (x, y) = try DataInputs.training(p, data)
        let spec = try NetworkSpec(
            inputDimension: x.cols, width: p.int("width"), activation: try NetworkActivation(name: p.string("activation"), hermiteDegree: 1),
            parameterization: Parameterization(rawValue: p.string("parameterization"))!,
            readinVarianceScale: p.double("readin_variance"), readoutVarianceScale: p.double("readout_variance"))
        let classes = try DataInputs.classPartition(y)
        guard let nngp = try spec.nngpKernel() else { throw TaskFailure("no NNGP kernel for \(p.string("activation")) in this parameterization") }
        let reference = classes.geometry(nngp.gram(x))
        let network = TwoLayerNetwork(spec: spec)
        let steps = p.ints("record_steps"), runs = p.int("runs"), n = Double(p.int("width"))
        let radius = { (g: ClassManifoldGeometry) in g.radiusPlus + g.radiusMinus }
        var loss: [[Double]] = [], shift: [[Double]] = [], radiusShift: [[Double]] = [], separation: [[Double]] = []
        for r in 0..<runs {
            let start = network.samplePrior(seed: p.seed(), stream: [RandomStream.purpose("gd-init"), UInt64(r)])
            let records = try GradientDescentTrajectory.run(spec: spec, inputs: x, labels: y, stepSize: p.double("step_size"),
                                                            recordSteps: steps, start: start)
            if let bad = records.first(where: { !$0.loss.isFinite || $0.hiddenKernel.values.contains { !$0.isFinite } }) {
                throw TaskFailure("run \(r) diverged by step \(bad.step) (loss \(bad.loss)): reduce step_size \(p.double("step_size"))")
            }
            let geometry = records.map { classes.geometry($0.hiddenKernel) }
            loss.append(records.map(\.loss))
            shift.append(geometry.map { n * ($0.centroidDistance - reference.centroidDistance) })
            radiusShift.append(geometry.map { n * (radius($0) - radius(reference)) })
            separation.append(geometry.map(\.normalisedSeparation))
        }
        func column(_ rows: [[Double]], _ k: Int) -> [Double] { rows.map { $0[k] } }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        var arrays: [String: NDArray] = ["record_steps": NDArray(steps.map(Double.init))]
        for (name, rows) in [("loss", loss), ("scaled_distance_shift", shift), ("scaled_radius_shift", radiusShift), ("separation", separation)] {
            arrays["run_" + name] = NDArray(shape: [runs, steps.count], values: rows.flatMap { $0 })
            arrays[name] = NDArray(steps.indices.map { mean(column(rows, $0)) })
            arrays[name + "_se"] = NDArray(steps.indices.map { DataInputs.standardError(column(rows, $0)) })
        }
        return TaskResult(arrays: arrays, scalars: [
            "nngp_centroid_distance": reference.centroidDistance, "nngp_separation": reference.normalisedSeparation,
            "final_loss": mean(column(loss, steps.count - 1)), "runs": Double(runs),
        ], attributes: [
            "definitions": "gradient descent θ ← θ − η∇L, L = ½Σ(f − y)² on the first train_count rows, every layer the same η, from run r's prior draw (stream [purpose(\"gd-init\"), r]); at each record step: loss = L, K̂ = (1/N)Σ_i φ(h_i)φ(h_i)ᵀ, scaled_distance_shift = N(mᵀK̂m − mᵀKm), scaled_radius_shift = N((R₊² + R₋²) − NNGP), separation = d²/(R₊² + R₋²) (definitions of stats.feature_geometry); arrays without run_ are means over runs, _se their standard errors",
        ])
    }
}
